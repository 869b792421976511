// Interactive charts: draws each chart's Plotly figure (components/chart.html)
// in place of its static SVG. The SVG stays for print, and the page works
// without this file: the SVG and the table say everything the chart says.
(function () {
  "use strict";
  if (window.coproduceCharts) {
    return; // the component adds this script once per chart
  }
  window.coproduceCharts = true;

  var graphics = document.querySelectorAll("[data-chart-figure]");
  if (!graphics.length) {
    return;
  }

  // The figures as a table are behind a toggle: open them all for print.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".chart__details").forEach(function (details) {
      details.open = true;
    });
  });

  function restyle(figure, graphic) {
    // Follow the display mode: the page's text colour, font and size, and
    // in high contrast the colours chosen to stand out on black.
    var style = window.getComputedStyle(graphic);
    var size = parseFloat(style.fontSize) || 16;
    var layout = figure.layout;
    var highContrast = document.documentElement.classList.contains("mode-high-contrast");
    var meta = (layout.meta || {}).highContrast || {};
    layout.font.color = style.color;
    layout.font.family = style.fontFamily;
    layout.font.size = size;
    layout.height = Math.round(layout.height * Math.max(1, size / 16));
    layout.margin.r = Math.round(layout.margin.r * Math.max(1, size / 16));
    layout.xaxis.zerolinecolor = style.color;
    if (highContrast) {
      layout.xaxis.gridcolor = "#808080";
    }
    figure.data.forEach(function (trace, index) {
      trace.textfont = { color: style.color, size: size };
      trace.marker.line.color = style.color;
      if (highContrast && meta.colours) {
        trace.marker.color = meta.colours[index];
        trace.marker.pattern.bgcolor = meta.colours[index];
        trace.marker.pattern.fgcolor = meta.background;
      }
    });
    return figure;
  }

  function draw(graphic) {
    var source = document.getElementById(graphic.getAttribute("data-chart-figure"));
    if (!source) {
      return;
    }
    var figure = restyle(JSON.parse(source.textContent), graphic);
    var plot = document.createElement("div");
    plot.className = "chart__plot";
    // One image for assistive technology, named like the SVG it replaces;
    // the summary and the table beside it give the figures.
    plot.setAttribute("role", "img");
    plot.setAttribute("aria-label", graphic.getAttribute("data-chart-label"));
    graphic.appendChild(plot);
    window.Plotly.newPlot(plot, figure.data, figure.layout, {
      displaylogo: false,
      displayModeBar: false,
      responsive: true,
      scrollZoom: false,
      doubleClick: false,
    }).then(function () {
      graphic.closest(".chart").classList.add("chart--interactive");
    });
  }

  function drawAll() {
    graphics.forEach(draw);
  }

  if (window.Plotly) {
    drawAll();
    return;
  }
  var script = document.createElement("script");
  script.src = graphics[0].getAttribute("data-plotly-src");
  script.addEventListener("load", drawAll);
  document.head.appendChild(script);
})();
