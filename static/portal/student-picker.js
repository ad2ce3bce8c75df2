/* Long lists one can type into: students grouped by class («7а обр» finds Образцову
   of 7А), admissions by name. Tom Select is vendored in static/vendor/tom-select;
   without it (or without JavaScript) the plain list still works. */
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") {
    return;
  }
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    new TomSelect(select, {
      maxOptions: null,
      allowEmptyOption: false,
      lockOptgroupOrder: true,
      searchField: ["text", "klass", "optgroup"],
      placeholder: select.dataset.placeholder || "",
      render: {
        no_results: function () {
          return '<div class="no-results">Никого не нашлось: проверьте класс и фамилию</div>';
        },
        optgroup_header: function (data, escape) {
          return '<div class="optgroup-header">' + escape(data.label) + "</div>";
        }
      }
    });
  });
})();
