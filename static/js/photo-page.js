// A photo's page: Left and Right (or a swipe across the picture on a touch screen)
// open the previous and next photo, as its links rel="prev" and rel="next" do.
// Without this script the links work alone.
(function () {
  "use strict";

  const SWIPE = 50; // pixels a finger must travel sideways to count as a swipe

  function go(rel) {
    const link = document.querySelector(`.photo-steps a[rel="${rel}"]`);
    if (link) window.location.assign(link.href);
  }

  // Keys typed into a field, or with a modifier, are someone else's.
  function typing(event) {
    const target = event.target;
    return (
      event.altKey ||
      event.ctrlKey ||
      event.metaKey ||
      event.shiftKey ||
      target.isContentEditable ||
      target.closest("input, textarea, select, dialog")
    );
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || typing(event)) return;
    if (event.key === "ArrowLeft") go("prev");
    else if (event.key === "ArrowRight") go("next");
  });

  const stage = document.querySelector("[data-photo-stage]");
  if (!stage) return;
  let start = null;
  stage.addEventListener("pointerdown", (event) => {
    start = event.pointerType === "mouse" ? null : { x: event.clientX, y: event.clientY };
  });
  stage.addEventListener("pointercancel", () => {
    start = null;
  });
  stage.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    start = null;
    if (Math.abs(dx) < SWIPE || Math.abs(dx) < Math.abs(dy)) return;
    // A finger moving left pulls in the next photo, as in the lightbox.
    go(dx < 0 ? "next" : "prev");
  });
})();
