/* Forms that save: one click saves once. After the first submit the buttons are
   disabled and say so; the server refuses a second save anyway (a unique rule in the
   database), this only spares the user the message. «Весь класс» ticks every student. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
          button.dataset.label = button.innerHTML;
          button.textContent = "Сохраняется…";
        });
      }, 0);
    });
  });
  document.querySelectorAll("input[data-check-all]").forEach(function (master) {
    master.addEventListener("change", function () {
      document.querySelectorAll("input[name='" + master.dataset.checkAll + "']").forEach(function (box) {
        box.checked = master.checked;
      });
    });
  });
  // Back from the browser's history with the buttons still disabled: enable them.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submit-once] button[disabled]").forEach(function (button) {
      button.disabled = false;
      if (button.dataset.label) {
        button.innerHTML = button.dataset.label;
      }
    });
  });
})();
