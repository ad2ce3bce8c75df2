/* Behaviour every page may use, declared in the markup (the Content-Security-Policy
   allows no inline script): <select data-autosubmit> sends its form when changed;
   <input type="checkbox" data-check-all="NAME"> ticks or clears every box named NAME. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
    if (target.matches("input[data-check-all]")) {
      var name = target.getAttribute("data-check-all");
      document.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
        if (box.name === name) {
          box.checked = target.checked;
        }
      });
    }
  });
})();
