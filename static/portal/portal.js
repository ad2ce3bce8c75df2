/* Small behaviours of every page, kept out of the HTML (the Content-Security-Policy allows
   no inline script and no on* attributes):
   - <select data-autosubmit> sends its form when changed (year pickers);
   - <input type="checkbox" data-check-all="NAME"> ticks or clears every box named NAME
     (mass entry: «Весь класс»);
   - a[data-print] opens the browser's print dialog (the print stylesheet does the rest). */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
    if (target.matches("input[data-check-all]")) {
      var name = target.dataset.checkAll;
      document.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-print]");
    if (link) {
      event.preventDefault();
      window.print();
    }
  });
})();
