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

  function draw(canvas) {
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
  }

  // Each chart is drawn as it nears the screen, in a task of its own: drawing every chart
  // at once held a phone's main thread for a third of a second (Lighthouse, total blocking time).
  const nearScreen =
    "IntersectionObserver" in window &&
    new IntersectionObserver(
      (entries) => {
        for (const entry of entries.filter((item) => item.isIntersecting)) {
          nearScreen.unobserve(entry.target);
          setTimeout(() => draw(entry.target));
        }
      },
      { rootMargin: "200px" },
    );

  function drawAll() {
    if (!window.Chart) {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      if (nearScreen) {
        nearScreen.observe(canvas);
      } else {
        draw(canvas);
      }
    });
  }

  // Paper gets every chart, seen or not.
  window.addEventListener("beforeprint", () => {
    if (window.Chart) {
      document.querySelectorAll("canvas[data-chart]").forEach(draw);
    }
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
  document.addEventListener("htmx:afterSettle", drawAll);
  drawAll();
})();
