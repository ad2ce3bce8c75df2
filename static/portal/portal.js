/* Small behaviours of every page, kept out of the HTML (the Content-Security-Policy allows
   no inline script and no on* attributes):
   - <select data-autosubmit> sends its form when changed (year pickers);
   - <select data-navigate> opens the address chosen (its options' values are addresses);
   - <form data-confirm="Вопрос?"> asks before it is sent (irreversible actions);
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
    if (target.matches("select[data-navigate]") && target.value) {
      window.location.assign(target.value);
    }
    if (target.matches("input[data-check-all]")) {
      var name = target.dataset.checkAll;
      document.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
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
