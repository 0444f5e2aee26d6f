// Draws each roadmap score trajectory next to the table that holds the same numbers.
// The BLK-K page loads the progress section through htmx, so this file may run more than
// once and Chart.js may not be loaded yet: it loads Chart.js itself, once, and draws each
// canvas once.
(() => {
  if (window.roadmapCharts) {
    window.roadmapCharts.drawAll();
    return;
  }

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.series);
    if (canvas.dataset.drawn === "yes" || !source) {
      return;
    }
    canvas.dataset.drawn = "yes";
    const series = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: series.labels,
        datasets: [{
          label: canvas.dataset.label,
          data: series.values,
          borderColor: "#0b4f8a",
          backgroundColor: "#0b4f8a",
          spanGaps: true,
        }],
      },
      options: {
        animation: false,
        scales: { y: { min: 0, max: 100 } },
        plugins: { legend: { display: false } },
      },
    });
  }

  let loading = null;

  function drawAll() {
    const canvases = document.querySelectorAll("canvas[data-series]");
    if (!canvases.length) {
      return;
    }
    if (window.Chart) {
      canvases.forEach(draw);
      return;
    }
    if (!loading) {
      loading = document.createElement("script");
      loading.src = canvases[0].dataset.chartSrc;
      loading.addEventListener("load", drawAll);
      document.head.appendChild(loading);
    }
  }

  window.roadmapCharts = { drawAll };
  document.addEventListener("htmx:afterSettle", drawAll);
  drawAll();
})();
