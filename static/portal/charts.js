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

  /* Charts declared in the markup (no inline script under the Content-Security-Policy):
     <canvas data-chart="line|bar|compare" data-chart-source="ID of a json_script">;
     "compare" draws a school's values beside the municipality's, the school named by
     data-chart-label. */
  function drawDeclared() {
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chartSource);
      if (!source || canvas.dataset.drawn) return;
      var data = JSON.parse(source.textContent);
      var kind = canvas.dataset.chart;
      if (kind === "compare") {
        window.portalCharts.bar(canvas.id, {
          labels: data.labels, horizontal: true,
          series: [{ label: canvas.dataset.chartLabel || "", data: data.school },
                   { label: "Муниципалитет", data: data.municipal }],
        });
      } else if (kind === "line" || kind === "bar") {
        window.portalCharts[kind](canvas.id, data);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawDeclared);
  } else {
    drawDeclared();
  }
})();
