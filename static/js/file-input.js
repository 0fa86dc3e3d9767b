// File inputs in the page's language: the native button (which speaks the
// browser's language, "Choose Files" on a French page) is laid invisibly over a
// styled one from the page, and the chosen files' names are shown beside it. The
// native input keeps its focus, label and keyboard. Without this script the native
// input shows as it is.
(function () {
  "use strict";

  function showNames(wrapper) {
    const input = wrapper.querySelector('input[type="file"]');
    const names = wrapper.querySelector("[data-file-names]");
    const chosen = Array.from(input.files || []).map((file) => file.name);
    names.textContent = chosen.length ? chosen.join(", ") : wrapper.dataset.textNone;
  }

  function enhance(root) {
    root.querySelectorAll("[data-file-input]:not(.file-input-ready)").forEach((wrapper) => {
      const input = wrapper.querySelector('input[type="file"]');
      if (!input) return;
      wrapper.classList.add("file-input-ready");
      input.addEventListener("change", () => showNames(wrapper));
      // A form reset, or a script that sets the files, leaves names to redo.
      input.form && input.form.addEventListener("reset", () => setTimeout(() => showNames(wrapper)));
      showNames(wrapper);
    });
  }

  enhance(document);
  document.addEventListener("htmx:load", (event) => enhance(event.target));
}());
