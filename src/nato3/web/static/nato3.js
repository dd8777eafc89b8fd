// Draw every chart on the page: each element with data-chart names a <script type="application/json">
// holding a Plotly figure ({data, layout}). Plotly is the copy bundled with the plotly Python package.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var spec = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
    Plotly.newPlot(el, spec.data, spec.layout, config).then(function () {
      el.dataset.drawn = "true";
    });
  });
});
