/* Home dashboard: draws the charts from the JSON embedded in the page (the tables below them hold the same
   numbers and stay the source for readers without JavaScript). Needs Chart.js from /assets/chart.js. */
(function () {
  "use strict";

  var COLOURS = { lead: "#b34700", support: "#5b8fd1", targets: "#0b5cad" };

  function readData(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  // Axis labels are cut to fit (Latin letters are narrower than Chinese characters); tooltips and the table
  // below the chart give the full names.
  function shorten(text, narrow) {
    var max = (narrow ? 9 : 20) * (/^[\x00-\x7f]*$/.test(text) ? 2 : 1);
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  // Marks the canvas once Chart.js has drawn it, so tests and readers can tell the chart is there.
  var drawnFlag = {
    id: "policykgDrawn",
    afterRender: function (chart) { chart.canvas.setAttribute("data-drawn", "true"); }
  };

  function collapseTable(canvas) {
    var section = canvas.closest("section");
    var details = section && section.querySelector("details.chart-table");
    if (details) { details.removeAttribute("open"); }
  }

  function barChart(canvasId, dataId, horizontal) {
    var canvas = document.getElementById(canvasId);
    var data = readData(dataId);
    if (!canvas || !data || !data.labels.length) { return; }
    var narrow = window.matchMedia("(max-width: 48rem)").matches;
    var valueAxis = {
      stacked: horizontal, beginAtZero: true, ticks: { precision: 0 },
      title: { display: true, text: data.axis }
    };
    var labelAxis = {
      stacked: horizontal,
      ticks: {
        autoSkip: false,
        callback: function (value) {
          var label = this.getLabelForValue(value);
          return horizontal ? shorten(label, narrow) : label;
        }
      }
    };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set) {
          return { label: set.label, data: set.data, backgroundColor: COLOURS[set.key] || "#0b5cad" };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { display: data.datasets.length > 1, position: "top" },
          tooltip: { callbacks: { title: function (items) { return items.length ? items[0].label : ""; } } }
        }
      },
      plugins: [drawnFlag]
    });
    collapseTable(canvas);
  }

  if (typeof window.Chart === "undefined") { return; }
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.color = "#1d2733";
  barChart("chart-agencies", "chart-agencies-data", true);
  barChart("chart-years", "chart-years-data", false);
}());
