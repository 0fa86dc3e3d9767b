// Under each textarea marked data-counter, how many characters of its maxlength are used.
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-counter][maxlength]").forEach(function (area) {
    var counter = document.createElement("p");
    counter.className = "help char-counter";
    function update() {
      counter.textContent = area.value.length + " / " + area.maxLength;
    }
    area.addEventListener("input", update);
    area.insertAdjacentElement("afterend", counter);
    update();
  });
})();
