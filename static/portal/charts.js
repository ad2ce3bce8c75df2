/* The portal's one chart module (Chart.js 4, vendored). Every chart on every page is a
   <canvas data-chart="line|bar|hbar" data-source="ID"> whose data is a
   <script type="application/json" id="ID"> block written by Django's json_script: no
   inline script, and the same conventions everywhere —
   - periods and categories as Russian labels, long ones wrapped onto several lines and
     never skipped, the full name in the tooltip;
   - no smoothing: values of half-years and years are discrete points joined by straight
     lines (or bars);
   - the unit on the value axis, a legend only when there is more than one series, and
     under the chart, so it never eats the plot on a phone;
   - Russian number format (decimal comma).
   - one bar per school up to 25 schools; above, the server sends the 10 highest and the 10
     lowest (monitoring.documents.tables.ChartSpec.readable, the documents' rule too) with
     ``note`` saying so and ``reference`` — the municipal value or the average per school —
     drawn as a dashed line across the bars and named under the chart.
   Data: {labels: [...], full: [...]?, series: [{label, data}], unit, x_title,
          reference: {label, value}?, note?}.
   After drawing, the canvas gets data-drawn="1" (the browser tests wait for it). A canvas
   with data-wait is drawn later by the script that completes its data
   (window.PortalCharts.draw). */
(function () {
  "use strict";
  var PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545"];
  // Room per bar of a horizontal chart, so a long list of categories is never squeezed.
  var ROW_PX = 34;
  var LINE_PX = 14;
  var MAX_LINES = 3;
  var REFERENCE_COLOUR = "#c00000";

  function number(value) {
    return Number(value).toLocaleString("ru-RU", { maximumFractionDigits: 1 });
  }

  // The reference value as a dashed line across the plot (no plugin needed for one line).
  var referenceLine = {
    id: "referenceLine",
    afterDatasetsDraw: function (chart, args, options) {
      if (options.value === null || options.value === undefined) {
        return;
      }
      var horizontal = chart.options.indexAxis === "y";
      var scale = chart.scales[horizontal ? "x" : "y"];
      var at = scale.getPixelForValue(options.value);
      var area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = REFERENCE_COLOUR;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      if (horizontal) {
        ctx.moveTo(at, area.top);
        ctx.lineTo(at, area.bottom);
      } else {
        ctx.moveTo(area.left, at);
        ctx.lineTo(area.right, at);
      }
      ctx.stroke();
      ctx.restore();
    },
  };

  // Under the chart: which schools it shows, and what the dashed line is.
  function caption(canvas, data) {
    var parts = [];
    if (data.reference) {
      parts.push("- - - " + data.reference.label + ": " + number(data.reference.value)
        + (data.unit ? " " + data.unit : ""));
    }
    if (data.note) {
      parts.push("Показаны " + data.note + ".");
    }
    if (!parts.length) {
      return;
    }
    var note = document.createElement("p");
    note.className = "small text-body-secondary mt-1 mb-0 chart-note";
    note.textContent = parts.join(" ");
    canvas.parentElement.after(note);
  }

  // A label on several lines of at most ``width`` characters, three lines at most (the rest
  // is cut with «…»: the tooltip has the full name).
  function wrap(text, width) {
    var words = String(text).split(" ");
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    if (lines.length > MAX_LINES) {
      lines = lines.slice(0, MAX_LINES);
      lines[MAX_LINES - 1] = lines[MAX_LINES - 1].replace(/[ ,.;:]*$/, "") + "…";
    }
    return lines.length > 1 ? lines : lines[0] || "";
  }

  function read(canvas) {
    var source = document.getElementById(canvas.dataset.source || "");
    if (!source) {
      return null;
    }
    var data = JSON.parse(source.textContent);
    if (!data.series) {
      data.series = [{ label: data.title || "", data: data.values || [] }];
    }
    return data;
  }

  function hasValues(data) {
    return data.series.some(function (s) {
      return s.data.some(function (v) { return v !== null && v !== undefined; });
    });
  }

  function showEmpty(canvas) {
    var note = document.createElement("p");
    note.className = "text-body-secondary small mb-0 chart-empty";
    note.textContent = canvas.dataset.empty || "За выбранный период данных нет.";
    canvas.replaceWith(note);
  }

  function axisTitle(text) {
    return { display: !!text, text: text || "" };
  }

  function draw(canvas) {
    // data-wait: the page fetches part of the data first (portal/municipal.js draws it).
    if (typeof Chart === "undefined" || canvas.dataset.drawn === "1" || canvas.dataset.wait) {
      return;
    }
    var data = read(canvas);
    if (!data) {
      return;
    }
    if (!data.labels.length || !hasValues(data)) {
      showEmpty(canvas);
      return;
    }
    var kind = canvas.dataset.chart;
    var horizontal = kind === "hbar";
    var narrow = canvas.parentElement.clientWidth < 560;
    var wrapAt = horizontal ? (narrow ? 18 : 30) : (narrow ? 10 : 16);
    var full = data.full || data.labels;
    if (horizontal) {
      // The box grows with the number of bars and their wrapped lines (CSSOM, which the
      // Content-Security-Policy allows), so a long list is never squeezed or skipped:
      // every category gets the room of its tallest label.
      var tallest = data.labels.reduce(function (n, l) {
        var w = wrap(l, wrapAt);
        return Math.max(n, Array.isArray(w) ? w.length : 1);
      }, 1);
      var perRow = Math.max(ROW_PX, tallest * LINE_PX + 10, data.series.length * 12 + 12);
      canvas.parentElement.style.height = Math.max(160, data.labels.length * perRow + 90) + "px";
    }
    var multi = data.series.length > 1;
    var reference = data.reference ? data.reference.value : null;
    var chart = new Chart(canvas, {
      type: kind === "line" ? "line" : "bar",
      data: {
        labels: data.labels.map(function (l) { return wrap(l, wrapAt); }),
        datasets: data.series.map(function (s, i) {
          var colour = PALETTE[i % PALETTE.length];
          return {
            label: s.label, data: s.data, borderColor: colour, backgroundColor: colour,
            tension: 0, spanGaps: false, pointRadius: 4, pointHoverRadius: 6,
            maxBarThickness: 28,
          };
        }),
      },
      options: {
        locale: "ru-RU",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        layout: { padding: { right: 8 } },
        plugins: {
          referenceLine: { value: reference },
          legend: { display: multi, position: "bottom", labels: { boxWidth: 12, padding: 10 } },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? full[items[0].dataIndex] : ""; },
              label: function (item) {
                var value = item.raw === null ? "нет данных"
                  : item.formattedValue + (data.unit ? " " + data.unit : "");
                return (multi ? item.dataset.label + ": " : "") + value;
              },
            },
          },
        },
        scales: (function () {
          var category = { ticks: { autoSkip: false, maxRotation: 0 }, title: axisTitle(data.x_title) };
          var value = { beginAtZero: true, title: axisTitle(data.unit), ticks: { precision: data.unit === "%" ? undefined : 0 } };
          if (data.unit === "%") {
            value.suggestedMax = 100;
          }
          if (reference !== null) {
            value.suggestedMax = Math.max(value.suggestedMax || 0, reference);
          }
          return horizontal ? { y: category, x: value } : { x: category, y: value };
        })(),
      },
      plugins: [referenceLine],
    });
    caption(canvas, data);
    canvas.dataset.drawn = "1";
    return chart;
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  window.PortalCharts = { draw: draw };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
