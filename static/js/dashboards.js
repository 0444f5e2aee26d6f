// Draws the dashboards' charts from the JSON blocks beside them (Django's json_script),
// again after htmx swaps in a filtered body. The tables next to each chart hold the same
// numbers, so without Chart.js (or JavaScript) nothing is lost.
//
// Numbers follow the page's language (<html lang>): Chart.js formats them with Intl in
// that locale. Level colours are CSS custom properties (static/css/portal.css), the same
// ones the badges use, so a level has one colour everywhere.
(() => {
  const drawn = new Map();
  const BAR_HEIGHT_REM = 1.6; // a bar per place, each with a readable label
  const locale = () => document.documentElement.lang || "id";

  function cssColour(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function colours(set) {
    if (set.colourVars) {
      return set.colourVars.map(cssColour);
    }
    return set.colour;
  }

  function format(value, spec) {
    const text = new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value);
    return spec.percent ? `${text}%` : text;
  }

  function config(spec) {
    const datasets = spec.datasets.map((set) => ({
      label: set.label,
      data: set.data,
      backgroundColor: colours(set),
      borderColor: colours(set),
      spanGaps: true,
    }));
    const valueAxis = {
      beginAtZero: true,
      ticks: { callback: (value) => format(value, spec) },
      title: { display: Boolean(spec.valueTitle), text: spec.valueTitle },
    };
    if (spec.percent) {
      valueAxis.max = 100;
    }
    const labelAxis = { ticks: { autoSkip: false } };
    const horizontal = Boolean(spec.horizontal);
    const options = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      locale: locale(),
      indexAxis: horizontal ? "y" : "x",
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: { display: spec.type === "line" },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${format(item.parsed[horizontal ? "x" : "y"], spec)}`,
          },
        },
      },
    };
    return { type: spec.type, data: { labels: spec.labels, datasets }, options };
  }

  function size(canvas, spec) {
    // A bar chart by place grows with its places, so every label can be read.
    if (spec.horizontal) {
      const figure = canvas.closest(".dashboard-chart");
      figure.classList.add("by-place");
      figure.style.height = `${Math.max(8, spec.labels.length * BAR_HEIGHT_REM + 4)}rem`;
    }
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
    const spec = JSON.parse(source.textContent);
    size(canvas, spec);
    new window.Chart(canvas, config(spec));
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

  function stampPrint() {
    const place = document.querySelector("[data-printed-from]");
    if (place) {
      place.textContent = window.location.href; // htmx may have changed the filters since the page came
    }
    const stamp = document.querySelector("[data-printed-at]");
    if (stamp) {
      stamp.textContent = new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeStyle: "short" }).format(
        new Date(),
      );
    }
  }

  // The map of provinces: every shape carries its class and value for each measure; the
  // selector switches which one is shown, with its legend.
  function showMeasure(figure, key) {
    figure.querySelectorAll("use[data-code]").forEach((shape) => {
      const index = shape.getAttribute(`data-${key}-class`);
      const text = shape.getAttribute(`data-${key}-text`);
      shape.setAttribute("class", index === "" ? "" : `map-class-${index}`);
      const label = `${shape.dataset.name}: ${text}`;
      shape.querySelector("title").textContent = label;
      const link = shape.closest("a");
      if (link) {
        link.setAttribute("aria-label", label);
      }
    });
    figure.querySelectorAll("[data-map-legend]").forEach((legend) => {
      legend.hidden = legend.dataset.mapLegend !== key;
    });
    const select = figure.querySelector("[data-map-measure]");
    figure.querySelector("[data-map-title]").textContent = select.options[select.selectedIndex].text;
  }

  document.addEventListener("change", (event) => {
    const select = event.target.closest("[data-map-measure]");
    if (select) {
      showMeasure(select.closest("[data-province-map]"), select.value);
    }
  });

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
  // On paper the charts keep their drawing, scaled to the page by the print stylesheet.
  window.addEventListener("beforeprint", stampPrint);
  document.addEventListener("htmx:afterSettle", drawAll);
  drawAll();
})();
