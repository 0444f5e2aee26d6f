// Draws the dashboards' charts from the JSON blocks beside them (Django's json_script),
// again after htmx swaps in a filtered body. The tables next to each chart hold the same
// numbers, so without Chart.js (or JavaScript) nothing is lost.
(() => {
  const drawn = new Map();

  function config(spec) {
    const datasets = spec.datasets.map((set) => ({
      label: set.label,
      data: set.data,
      backgroundColor: set.colours || set.colour,
      borderColor: set.colours || set.colour,
      spanGaps: true,
    }));
    const options = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: spec.type === "line" } },
    };
    if (spec.horizontal) {
      options.indexAxis = "y";
    }
    return { type: spec.type, data: { labels: spec.labels, datasets }, options };
  }

  function drawAll() {
    if (!window.Chart) {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const source = document.getElementById(canvas.dataset.chart);
      if (!source || drawn.get(canvas.dataset.chart) === canvas) {
        return;
      }
      const previous = window.Chart.getChart(canvas);
      if (previous) {
        previous.destroy();
      }
      new window.Chart(canvas, config(JSON.parse(source.textContent)));
      drawn.set(canvas.dataset.chart, canvas);
    });
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
  document.addEventListener("htmx:afterSettle", drawAll);
  drawAll();
})();
