/* Charts of the portal (Chart.js, vendored). Data come from json_script blocks. */
(function () {
  "use strict";
  const palette = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545"];

  function ready(canvas) {
    canvas.dataset.drawn = "1";
  }

  window.portalCharts = {
    line: function (id, data) {
      const canvas = document.getElementById(id);
      if (!canvas || typeof Chart === "undefined") return null;
      const chart = new Chart(canvas, {
        type: "line",
        data: { labels: data.labels, datasets: [{ label: data.title + (data.unit ? ", " + data.unit : ""), data: data.values, borderColor: palette[0], backgroundColor: palette[0], spanGaps: true, tension: 0.2 }] },
        options: { animation: false, plugins: { legend: { display: true } }, scales: { y: { beginAtZero: true } } },
      });
      ready(canvas);
      return chart;
    },
    bar: function (id, data) {
      const canvas = document.getElementById(id);
      if (!canvas || typeof Chart === "undefined") return null;
      const datasets = data.series || [{ label: data.title || "", data: data.values }];
      const chart = new Chart(canvas, {
        type: "bar",
        data: { labels: data.labels, datasets: datasets.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length] }; }) },
        options: { animation: false, indexAxis: data.horizontal ? "y" : "x", plugins: { legend: { display: datasets.length > 1 || !!datasets[0].label } }, scales: { y: { beginAtZero: true } } },
      });
      ready(canvas);
      return chart;
    },
  };
})();
