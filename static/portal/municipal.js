/* A school's dashboard whose municipal values were not computed yet (after a change of
   the data): the page came with the school's own figures; this asks the same page for the
   municipal column (?part=municipal, JSON) — computed once for every school — and fills
   the cells and the chart. On failure it says so and draws the school's figures alone. */
(function () {
  "use strict";
  var status = document.getElementById("municipal-status");
  if (!status) {
    return;
  }
  var canvas = document.querySelector("canvas[data-wait='municipal']");

  function drawChart(data) {
    if (!canvas) {
      return;
    }
    if (data) {
      document.getElementById(canvas.dataset.source).textContent = JSON.stringify(data);
    }
    delete canvas.dataset.wait;
    if (window.PortalCharts) {
      window.PortalCharts.draw(canvas);
    }
  }

  function fail() {
    status.className = "alert alert-warning small py-2";
    status.textContent = "Не удалось получить значения по муниципалитету. ";
    var again = document.createElement("a");
    again.href = window.location.href;
    again.textContent = "Обновить страницу";
    status.appendChild(again);
    document.querySelectorAll("[data-municipal]").forEach(function (cell) {
      cell.replaceWith(document.createTextNode("?"));
    });
    drawChart(null);
  }

  fetch(status.dataset.municipalUrl, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  }).then(function (response) {
    if (!response.ok) {
      throw new Error(response.status);
    }
    return response.json();
  }).then(function (data) {
    document.querySelectorAll("[data-municipal]").forEach(function (cell) {
      var value = data.cells[cell.dataset.municipal];
      cell.replaceWith(document.createTextNode(value === undefined ? "—" : value));
    });
    status.remove();
    drawChart(data.chart);
  }).catch(fail);
})();
