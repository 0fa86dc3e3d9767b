// "Copy" buttons: a button with data-copy-from="<input id>" copies that input's
// value to the clipboard and says so in the status beside it. Loaded from a file
// (the Content-Security-Policy allows no inline script).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-from]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copyFrom);
  if (!field) return;
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    // No clipboard API (not a secure context): the text is selected, and the
    // older command copies a selection.
    document.execCommand("copy");
  }
  // The status nearest the button: beside it, or under the row it is in.
  let scope = button.parentElement;
  while (scope && !scope.querySelector(".copy-status")) scope = scope.parentElement;
  const status = scope && scope.querySelector(".copy-status");
  if (status) status.textContent = button.dataset.copiedText;
});
