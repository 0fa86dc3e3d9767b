// Multi-upload, enhanced: drop zone, a caption per file, a progress bar, and each
// error shown next to its file. Without this script the form posts as a plain form.
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
  let files = [];
  const captions = new WeakMap(); // typed captions survive re-rendering the list

  function setFiles(chosen) {
    files = Array.from(chosen);
    const transfer = new DataTransfer();
    files.forEach((file) => transfer.items.add(file));
    input.files = transfer.files;
    render();
  }

  function render() {
    list.replaceChildren(...files.map(fileRow));
  }

  function fileRow(file, index) {
    const row = document.createElement("li");
    row.className = "upload-item";
    row.dataset.index = String(index);
    const name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name;
    const caption = document.createElement("input");
    caption.type = "text";
    caption.name = "captions";
    caption.maxLength = 128;
    caption.placeholder = text.textCaption;
    caption.setAttribute("aria-label", `${text.textCaption}: ${file.name}`);
    caption.value = captions.get(file) || "";
    caption.addEventListener("input", () => captions.set(file, caption.value));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "link-button";
    remove.textContent = text.textRemove;
    remove.addEventListener("click", () => {
      setFiles(files.filter((_, i) => i !== index));
    });
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

  input.addEventListener("change", () => setFiles(input.files));
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
    setFiles([...files, ...event.dataTransfer.files]);
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
})();
