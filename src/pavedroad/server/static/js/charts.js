// Trend charts of the overview and project pages. The data comes from the page's
// <script type="application/json" id="chart-data"> block (never executed, so CSP allows it).
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(block.textContent);
  var builders = {
    findings: function (canvas) {
      return new Chart(canvas, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: [
            { label: "Open at week end", data: data.open, borderColor: "#b91c1c" },
            { label: "New", data: data.new, borderColor: "#d97706" },
            { label: "Fixed", data: data.fixed, borderColor: "#15803d" }
          ]
        },
        options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } } }
      });
    },
    gate: function (canvas) {
      return new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{
            label: "Gate failure rate",
            data: data.gate_failure_rate.map(function (rate) { return rate === null ? null : rate * 100; }),
            backgroundColor: "#6366f1"
          }]
        },
        options: { animation: false, responsive: true, scales: { y: { beginAtZero: true, max: 100 } } }
      });
    }
  };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var build = builders[canvas.getAttribute("data-chart")];
    if (build) {
      build(canvas);
      canvas.setAttribute("data-rendered", "true");
    }
  });
})();
