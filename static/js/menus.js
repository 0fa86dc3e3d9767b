// Header menus ("New", the account menu): each is a <details data-menu>, which
// opens and closes without this script. The script makes them behave like menus:
// one open at a time, closed by Escape (focus back on its summary), by a click
// outside, or when focus leaves it.
(function () {
  "use strict";

  const menus = () => document.querySelectorAll("details[data-menu]");

  function close(menu, focusSummary) {
    if (!menu.open) return;
    menu.open = false;
    if (focusSummary) menu.querySelector("summary").focus();
  }

  document.addEventListener("toggle", (event) => {
    const opened = event.target;
    if (!opened.matches || !opened.matches("details[data-menu]") || !opened.open) return;
    menus().forEach((menu) => { if (menu !== opened) close(menu, false); });
  }, true);

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const menu = document.activeElement && document.activeElement.closest("details[data-menu][open]");
    const open = menu || document.querySelector("details[data-menu][open]");
    if (!open) return;
    event.preventDefault();
    close(open, true);
  });

  document.addEventListener("click", (event) => {
    menus().forEach((menu) => { if (!menu.contains(event.target)) close(menu, false); });
  });

  document.addEventListener("focusout", (event) => {
    const menu = event.target.closest && event.target.closest("details[data-menu][open]");
    // Focus moving to nothing (a click on the page) is handled by the click above.
    if (menu && event.relatedTarget && !menu.contains(event.relatedTarget)) close(menu, false);
  });
}());
