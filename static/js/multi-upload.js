// The upload page, enhanced: drop or choose photos, see each as a thumbnail with its
// own caption and alt text, reorder or remove them, then send them all with a
// progress bar, each error shown with its photo. Without this script the form posts
// as a plain multi-file form. Once it listens, the form says so with `data-ready`
// (the page's styles and the browser tests wait for it).
(function () {
  "use strict";

  const form = document.querySelector("form[data-upload]");
  if (!form || !window.FormData || !window.DataTransfer || !window.URL) return;

  const input = form.querySelector('input[type="file"]');
  const zone = form.querySelector("[data-drop-zone]");
  const list = form.querySelector("[data-file-list]");
  const count = form.querySelector("[data-count]");
  const progress = form.querySelector("[data-progress]");
  const bar = progress.querySelector("progress");
  const formErrors = form.querySelector("[data-form-errors]");
  const postFields = form.querySelector("[data-post-fields]");
  const text = form.dataset;
  let entries = []; // { file, row, preview }, in the order the form sends them

  // Rows are added, moved and removed one by one, never rebuilt: typed captions and
  // the errors shown for the other photos stay as they are.
  function addFiles(chosen) {
    const added = Array.from(chosen).map((file) => {
      const preview = URL.createObjectURL(file);
      return { file, preview, row: fileRow(file, preview) };
    });
    entries = entries.concat(added);
    list.append(...added.map((entry) => entry.row));
    changed();
  }

  function entryOf(row) {
    return entries.findIndex((entry) => entry.row === row);
  }

  function remove(row) {
    const index = entryOf(row);
    URL.revokeObjectURL(entries[index].preview);
    entries.splice(index, 1);
    row.remove();
    changed();
    // Keep the keyboard where it was: the next photo's Remove, else the file input.
    const buttons = list.querySelectorAll("[data-remove]");
    (buttons[Math.min(index, buttons.length - 1)] || input).focus();
  }

  function move(row, step) {
    const index = entryOf(row);
    const target = index + step;
    if (target < 0 || target >= entries.length) return;
    const [entry] = entries.splice(index, 1);
    entries.splice(target, 0, entry);
    if (step < 0) row.previousElementSibling.before(row);
    else row.nextElementSibling.after(row);
    changed();
    const button = row.querySelector(step < 0 ? "[data-move-up]" : "[data-move-down]");
    (button.disabled ? row.querySelector("[data-remove]") : button).focus();
  }

  // The input sends the files in the order of the rows, which send their captions.
  function changed() {
    const transfer = new DataTransfer();
    entries.forEach((entry) => transfer.items.add(entry.file));
    input.files = transfer.files;
    entries.forEach((entry, index) => {
      entry.row.dataset.index = String(index);
      entry.row.querySelector("[data-move-up]").disabled = index === 0;
      entry.row.querySelector("[data-move-down]").disabled =
        index === entries.length - 1;
    });
    count.textContent =
      entries.length === 0
        ? ""
        : entries.length === 1
          ? text.textChosenOne
          : text.textChosenMany.replace("COUNT", String(entries.length));
  }

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  function labelled(name, caption, file, maxLength) {
    const label = element("label", "", caption);
    const field = element("input");
    field.type = "text";
    field.name = name;
    field.maxLength = maxLength;
    field.setAttribute("aria-label", `${caption}: ${file.name}`);
    label.append(field);
    return label;
  }

  function button(content, data, onClick) {
    const node = element("button", "link-button", content);
    node.type = "button";
    node.setAttribute(data, "");
    node.addEventListener("click", onClick);
    return node;
  }

  function fileRow(file, preview) {
    const row = element("li", "upload-photo");
    const image = element("img", "upload-preview");
    image.src = preview;
    image.alt = "";
    const fields = element("div", "upload-photo-fields");
    fields.append(
      element("p", "upload-photo-name", file.name),
      element("span", "upload-cover", text.textCover),
      labelled("captions", text.textCaption, file, 128),
      labelled("alts", text.textAlt, file, 250),
    );
    const actions = element("div", "upload-photo-actions");
    const up = button(text.textMoveUp, "data-move-up", () => move(row, -1));
    const down = button(text.textMoveDown, "data-move-down", () => move(row, 1));
    up.setAttribute("aria-label", `${text.textMoveUp}: ${file.name}`);
    down.setAttribute("aria-label", `${text.textMoveDown}: ${file.name}`);
    actions.append(up, down, button(text.textRemove, "data-remove", () => remove(row)));
    const error = element("p", "upload-photo-error");
    error.setAttribute("role", "alert");
    row.append(image, fields, actions, error);
    return row;
  }

  function showErrors(answer) {
    entries.forEach((entry, index) => {
      const messages = answer.files[String(index)] || [];
      entry.row.querySelector(".upload-photo-error").textContent = messages.join(" ");
      entry.row.classList.toggle("is-invalid", messages.length > 0);
    });
    formErrors.textContent = answer.errors.join(" ");
    formErrors.hidden = answer.errors.length === 0;
  }

  // Why an answer that is not the form's own came back, in the member's words.
  function refusal(request) {
    if (request.responseURL.includes(text.loginPath)) return text.textLoggedOut;
    if (request.status === 429) return text.textLimited;
    if (request.status === 403) return text.textForbidden;
    if (request.status === 400) return text.textTooMany; // more files than Django reads
    if (request.status === 413) return text.textTooLarge;
    if (request.status >= 500) return text.textUnavailable;
    return text.textFailed;
  }

  // A post needs a title; photos need none (and the post's fields are not sent).
  function followChoice() {
    const chosen = form.querySelector('input[name="publish_as"]:checked');
    if (!postFields || !chosen) return;
    const makesAPost = chosen.value === "post";
    postFields.disabled = !makesAPost;
    const title = postFields.querySelector('input[name="title"]');
    if (title) title.required = makesAPost;
  }

  // The input now holds only the newly chosen files: add them to the others.
  input.addEventListener("change", () => addFiles(input.files));
  ["dragenter", "dragover"].forEach((type) =>
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("is-dragging");
    }),
  );
  ["dragleave", "drop"].forEach((type) =>
    zone.addEventListener(type, () => zone.classList.remove("is-dragging")),
  );
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    addFiles(event.dataTransfer.files);
  });
  form.querySelectorAll('input[name="publish_as"]').forEach((radio) =>
    radio.addEventListener("change", followChoice),
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (step) => {
      if (step.lengthComputable) bar.value = Math.round((100 * step.loaded) / step.total);
    });
    request.addEventListener("load", () => {
      let answer = null;
      try {
        answer = JSON.parse(request.responseText);
      } catch (error) {
        answer = null;
      }
      if (answer && answer.redirect) {
        window.location.assign(answer.redirect);
        return;
      }
      progress.hidden = true;
      if (answer && answer.files) showErrors(answer);
      else showErrors({ files: {}, errors: [refusal(request)] });
    });
    request.addEventListener("error", () => {
      progress.hidden = true;
      showErrors({ files: {}, errors: [text.textFailed] });
    });
    bar.value = 0;
    progress.hidden = false;
    request.send(new FormData(form));
  });

  // Each photo has its own caption now: the one for all would only compete.
  const commonCaption = form.querySelector("[data-common-caption]");
  if (commonCaption) commonCaption.remove();
  followChoice();
  // Files chosen before this script ran (a slow phone, a form restored after Back)
  // fired no change event that it heard: list them now.
  if (input.files.length) addFiles(input.files);
  form.dataset.ready = "";
})();
