// Multi-upload, enhanced: drop zone, a caption per file, a progress bar, and each
// error shown next to its file. Without this script the form posts as a plain form.
// Once it listens, the form says so with `data-ready` (browser tests wait for it).
(function () {
  "use strict";

  const form = document.querySelector("form[data-multi-upload]");
  if (!form || !window.FormData || !window.DataTransfer) return;

  const input = form.querySelector('input[type="file"]');
  const zone = form.querySelector("[data-drop-zone]");
  const list = form.querySelector("[data-file-list]");
  const progress = form.querySelector("[data-progress]");
  const bar = progress.querySelector("progress");
  const formErrors = form.querySelector("[data-form-errors]");
  const text = form.dataset;
  let files = []; // in the order the form sends them, as the rows show them

  // Rows are added and removed one by one, never rebuilt: typed captions and the
  // errors shown for the other files stay as they are.
  function addFiles(chosen) {
    const added = Array.from(chosen);
    files = files.concat(added);
    sendAll();
    list.append(...added.map(fileRow));
    numberRows();
  }

  function removeFile(file, row) {
    const index = files.indexOf(file);
    files.splice(index, 1);
    sendAll();
    row.remove();
    numberRows();
    // Keep the keyboard where it was: the next file's Remove, else the file input.
    const buttons = list.querySelectorAll(".upload-item button");
    (buttons[Math.min(index, buttons.length - 1)] || input).focus();
  }

  function sendAll() {
    const transfer = new DataTransfer();
    files.forEach((file) => transfer.items.add(file));
    input.files = transfer.files;
  }

  function numberRows() {
    list.querySelectorAll(".upload-item").forEach((row, index) => {
      row.dataset.index = String(index);
    });
  }

  function fileRow(file) {
    const row = document.createElement("li");
    row.className = "upload-item";
    const name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name;
    const caption = document.createElement("input");
    caption.type = "text";
    caption.name = "captions";
    caption.maxLength = 128;
    caption.placeholder = text.textCaption;
    caption.setAttribute("aria-label", `${text.textCaption}: ${file.name}`);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "link-button";
    remove.textContent = text.textRemove;
    remove.addEventListener("click", () => removeFile(file, row));
    const error = document.createElement("p");
    error.className = "upload-error";
    error.setAttribute("role", "alert");
    row.append(name, caption, remove, error);
    return row;
  }

  function showErrors(answer) {
    list.querySelectorAll(".upload-item").forEach((row) => {
      const messages = answer.files[row.dataset.index] || [];
      row.querySelector(".upload-error").textContent = messages.join(" ");
      row.classList.toggle("upload-item-invalid", messages.length > 0);
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

  // Choosing files adds them to the list, as dropping does.
  input.addEventListener("change", () => addFiles(input.files));
  ["dragenter", "dragover"].forEach((type) =>
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("drop-zone-active");
    }),
  );
  ["dragleave", "drop"].forEach((type) =>
    zone.addEventListener(type, () => zone.classList.remove("drop-zone-active")),
  );
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    addFiles(event.dataTransfer.files);
  });

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

  // Files chosen before this script ran (a slow phone, a form restored after Back)
  // fired no change event that it heard: list them now.
  if (input.files.length) addFiles(input.files);
  form.dataset.ready = "";
})();
