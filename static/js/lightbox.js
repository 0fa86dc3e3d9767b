// Lightbox: a photo of a feed or a post opens large in a modal <dialog> with its
// caption and a link to the photo's own page (its figure's data-page). Escape or the
// backdrop closes it; Left and Right (or a swipe on a touch screen) go to the
// previous and next photo of the page; focus goes back to the photo shown last.
// A picture that is a link already (a grid's .photo-link opens the photo's page, a
// post card opens the post) is left alone. Without this script photos are plain
// images.
// Strings come from the <template id="lightbox-template"> in base.html; styles are
// classes in site.css (the CSP allows no inline styles). The large <img> is made for
// each photo shown: an <img> without a src would be invalid HTML in the template.
(function () {
  "use strict";

  const template = document.getElementById("lightbox-template");
  if (!template || typeof HTMLDialogElement !== "function") return;

  const PHOTOS = "figure.photo > img";
  const ZOOM = ".photo-zoom";
  const openLabel = template.dataset.textOpen;
  let dialog = null;
  let figure = null;
  let image = null;
  let caption = null;
  let counter = null;
  let pageLink = null; // "Open the photo's page"
  let current = null; // the .photo-zoom button of the photo shown
  let swipeStart = null;
  let swiped = false;

  // Wrap each photo (not one that is already a link) in a button that opens it.
  function enhance(root) {
    root.querySelectorAll(PHOTOS).forEach((img) => {
      if (img.closest("a, button")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "photo-zoom";
      button.setAttribute("aria-label", `${openLabel}: ${img.alt}`);
      img.replaceWith(button);
      button.append(img);
    });
  }

  // The biggest candidate of a srcset ("url 480w, url 1600w"), else the src.
  function biggest(img) {
    let best = { url: img.currentSrc || img.src, width: 0 };
    (img.getAttribute("srcset") || "").split(",").forEach((candidate) => {
      const [url, descriptor = ""] = candidate.trim().split(/\s+/);
      const width = parseInt(descriptor, 10) || 0;
      if (url && width > best.width) best = { url, width };
    });
    return best.url;
  }

  function build() {
    dialog = template.content.firstElementChild.cloneNode(true);
    figure = dialog.querySelector(".lightbox-figure");
    caption = dialog.querySelector(".lightbox-caption");
    counter = dialog.querySelector(".lightbox-count");
    pageLink = dialog.querySelector("[data-lightbox-page]");
    dialog.querySelector("[data-lightbox-close]").addEventListener("click", close);
    dialog.querySelector("[data-lightbox-prev]").addEventListener("click", () => step(-1));
    dialog.querySelector("[data-lightbox-next]").addEventListener("click", () => step(1));
    dialog.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "ArrowLeft") step(-1);
      else if (event.key === "ArrowRight") step(1);
      else return;
      event.preventDefault();
    });
    // A click on the dialog itself, not on its picture or buttons, is the backdrop.
    dialog.addEventListener("click", (event) => {
      if (swiped) swiped = false;
      else if (event.target === dialog || event.target.matches(".lightbox-figure")) close();
    });
    dialog.addEventListener("pointerdown", (event) => {
      swiped = false;
      swipeStart = event.pointerType === "mouse" ? null : event.clientX;
    });
    dialog.addEventListener("pointercancel", () => {
      swipeStart = null;
    });
    dialog.addEventListener("pointerup", (event) => {
      if (swipeStart === null) return;
      const distance = event.clientX - swipeStart;
      swipeStart = null;
      if (Math.abs(distance) < 50) return;
      swiped = true;
      step(distance < 0 ? 1 : -1);
    });
    dialog.addEventListener("close", () => {
      document.documentElement.classList.remove("lightbox-open");
      if (current && current.isConnected) current.focus();
    });
    document.body.append(dialog);
  }

  function zooms() {
    return Array.from(document.querySelectorAll(ZOOM));
  }

  // The photo, large: the same renditions, picked for the whole screen; the biggest
  // without srcset.
  function largeImage(img) {
    const large = document.createElement("img");
    large.className = "lightbox-image";
    large.sizes = "100vw";
    const srcset = img.getAttribute("srcset");
    if (srcset) large.srcset = srcset;
    large.src = biggest(img);
    large.alt = img.alt;
    return large;
  }

  function show(button) {
    const all = zooms();
    const img = button.querySelector("img");
    const figcaption = button.closest("figure").querySelector("figcaption");
    current = button;
    const large = largeImage(img);
    if (image) image.replaceWith(large);
    else figure.prepend(large);
    image = large;
    caption.textContent = figcaption ? figcaption.textContent.trim() : "";
    caption.hidden = !figcaption;
    dialog.setAttribute("aria-label", img.alt);
    counter.textContent = `${all.indexOf(button) + 1} / ${all.length}`;
    showPageLink(button.closest("figure").dataset.page);
    dialog.classList.toggle("lightbox-single", all.length < 2);
  }

  // The link to the photo's page, unless it is the page already open.
  function showPageLink(page) {
    if (!pageLink) return;
    const elsewhere = page && new URL(page, window.location.href).pathname !== window.location.pathname;
    if (elsewhere) pageLink.href = page;
    else pageLink.removeAttribute("href");
    pageLink.hidden = !elsewhere;
  }

  function step(direction) {
    const all = zooms();
    if (all.length < 2) return;
    const index = all.indexOf(current);
    const next = all[(index + direction + all.length) % all.length];
    show(next);
    next.scrollIntoView({ block: "nearest" });
  }

  function open(button) {
    if (!dialog) build();
    show(button);
    document.documentElement.classList.add("lightbox-open");
    dialog.showModal();
    dialog.querySelector("[data-lightbox-close]").focus();
  }

  function close() {
    dialog.close();
  }

  enhance(document);
  // "Load more" adds photos with htmx: enhance them too.
  document.addEventListener("htmx:load", (event) => enhance(event.target));
  document.addEventListener("click", (event) => {
    const button = event.target.closest(ZOOM);
    if (button) open(button);
  });
})();
