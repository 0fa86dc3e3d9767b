// A page that answers what one just did with a message keeps that message in sight.
// A reload would restore the scroll position of the page's last showing, and leave
// the message above the screen or under the sticky header.
(function () {
  "use strict";

  if (!document.querySelector(".messages")) return;
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  // The browser may restore the position until the page has loaded.
  window.scrollTo(0, 0);
  window.addEventListener("load", () => window.scrollTo(0, 0), { once: true });
})();
