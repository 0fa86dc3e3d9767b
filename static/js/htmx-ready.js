// Once htmx has wired up the page (follow buttons, "Load more" links), <body> says
// so with `data-htmx-ready`: a click before that is a plain request that reloads the
// page. Browser tests wait for it, never for time.
document.addEventListener("htmx:load", (event) => {
  if (event.target === document.body) document.body.dataset.htmxReady = "";
});
