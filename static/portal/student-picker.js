/* Long lists one can type into: students grouped by class («7а обр» finds Образцову
   of 7А), admissions by name. Tom Select is vendored in static/vendor/tom-select;
   without it (or without JavaScript) the plain list still works.

   A large school's list is not in the page: its select has data-load-url, holds only
   the chosen student, and the others are asked of the server as one types (the same
   matching, at most 50 at a time), grouped by class as they come. */
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") {
    return;
  }

  var render = {
    no_results: function () {
      return '<div class="no-results">Никого не нашлось: проверьте класс и фамилию</div>';
    },
    loading: function () {
      return '<div class="no-results">Ищем…</div>';
    },
    optgroup_header: function (data, escape) {
      return '<div class="optgroup-header">' + escape(data.label) + "</div>";
    }
  };

  function remoteSettings(select, url) {
    // The chosen student's group is named by its class, as the loaded ones are.
    select.querySelectorAll("optgroup").forEach(function (group) {
      group.dataset.value = group.label;
    });
    return {
      valueField: "value",
      labelField: "text",
      searchField: ["text", "klass"],
      optgroupField: "klass",
      preload: "focus",
      shouldLoad: function () {
        return true;  // an empty query is the start of the list
      },
      load: function (query, callback) {
        fetch(url + "&q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: {"Accept": "application/json"}
        })
          .then(function (response) {
            if (!response.ok) {
              throw new Error("HTTP " + response.status);
            }
            return response.json();
          })
          .then(function (data) {
            var groups = [];
            var seen = {};
            data.results.forEach(function (item) {
              if (!seen[item.klass]) {
                seen[item.klass] = true;
                groups.push({value: item.klass, label: item.klass});
              }
            });
            callback(data.results, groups);
          })
          .catch(function () {
            callback();
          });
      }
    };
  }

  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var settings = {
      maxOptions: null,
      allowEmptyOption: false,
      lockOptgroupOrder: true,
      searchField: ["text", "klass", "optgroup"],
      placeholder: select.dataset.placeholder || "",
      render: render
    };
    if (select.dataset.loadUrl) {
      Object.assign(settings, remoteSettings(select, select.dataset.loadUrl));
    }
    new TomSelect(select, settings);
  });
})();
