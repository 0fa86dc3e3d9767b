// Justified rows (static/css/grid.css) size each picture by the ratio its item
// carries in data-ratio. Browsers whose CSS cannot read an attribute as a number get
// it here, as a custom property set through the CSSOM, which the Content-Security-
// Policy allows (style attributes it does not). Without this script, pictures are
// still shown whole, in rows that are not justified.
(function () {
  "use strict";

  if (CSS.supports("width", "attr(data-ratio type(<length>), 0px)")) return;
  const ITEMS = ".grid > [data-ratio]";

  function size(root) {
    const items = [...root.querySelectorAll(ITEMS)];
    if (root.matches && root.matches(ITEMS)) items.push(root);
    items.forEach((item) => item.style.setProperty("--ratio", item.dataset.ratio));
  }

  size(document);
  // "Load more" adds items to the grid.
  document.addEventListener("htmx:load", (event) => size(event.target));
})();
