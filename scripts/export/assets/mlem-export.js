// Renders the Plotly outputs of an exported course page or slide deck, and fits them to the width
// available (a narrow window, a printed page) without ever enlarging them beyond the notebook's size.
// Each output is a <div class="mlem-plot"> followed by <script type="application/vnd.plotly.v1+json">
// holding {data, layout, config, frames} exactly as the kernel sent it.
(function () {
  "use strict";
  var MIME = "application/vnd.plotly.v1+json";
  var figures = [];

  function available(div) {
    var box = div.parentElement;
    return box ? box.clientWidth : 0;
  }

  function widthFor(entry) {
    var avail = available(entry.div);
    var wanted = entry.width;
    if (!wanted) return avail > 0 ? avail : undefined;
    // Hidden containers (a closed <details>, a slide not shown) measure 0: keep the notebook's size.
    return avail > 0 && avail < wanted ? avail : wanted;
  }

  function render(script) {
    return plot(script.previousElementSibling, JSON.parse(script.textContent));
  }

  // Draws figure `fig` ({data, layout, config, frames}) into `div` and keeps it fitted; also used by
  // the live cells (assets/mlem-live.js) for the figures a cell run in the page shows.
  function plot(div, fig) {
    var config = Object.assign({ displaylogo: false }, fig.config || {});
    var entry = { div: div, fig: fig, config: config, width: fig.layout && typeof fig.layout.width === "number" ? fig.layout.width : 0 };
    // Outputs replaced by a live run leave the page: forget their charts.
    figures = figures.filter(function (e) { return e.div.isConnected; });
    figures.push(entry);
    return draw(entry);
  }

  function visible(div) {
    return div.getClientRects().length > 0;
  }

  function draw(entry) {
    var fig = entry.fig;
    var layout = Object.assign({}, fig.layout || {});
    var w = widthFor(entry);
    if (w) layout.width = w;
    // A chart drawn inside something hidden (a closed <details>, a slide not shown yet) cannot measure
    // its text; it is drawn again the first time it is shown (see mlemFitPlots).
    entry.drawnHidden = !visible(entry.div);
    return Plotly.newPlot(entry.div, fig.data || [], layout, entry.config).then(function (gd) {
      if (fig.frames && fig.frames.length) return Plotly.addFrames(gd, fig.frames);
      return gd;
    });
  }

  // Re-fits every chart inside `root` (default: the whole page) to its container, and draws again the
  // charts first drawn while hidden that are now shown; returns a promise.
  window.mlemPlot = plot;

  window.mlemFitPlots = function (root) {
    var jobs = [];
    figures.forEach(function (entry) {
      if (root && root !== document && !root.contains(entry.div)) return;
      if (entry.drawnHidden) {
        if (visible(entry.div)) jobs.push(draw(entry));
        return;
      }
      var w = widthFor(entry);
      if (w && Math.abs((entry.div._fullLayout || {}).width - w) > 1) jobs.push(Plotly.relayout(entry.div, { width: w }));
    });
    return Promise.all(jobs);
  };

  // The printed contents (course.html's cover): a page number per chapter, filled in by the export
  // after a first printing (scripts/export/export.mjs). reserve() marks the entries and returns the
  // chapters' ids; fill({id: page}) writes the numbers. The numbers sit in the right margin of each
  // entry (absolutely positioned), so they cannot change where anything else falls.
  window.mlemTocPages = {
    entries: function () {
      return Array.prototype.slice.call(document.querySelectorAll('.celltag_mlem-cover li > a[href^="#cell-id=chapter-"]'));
    },
    reserve: function () {
      return this.entries().map(function (a) {
        var li = a.parentElement;
        li.classList.add("mlem-toc-entry");
        if (!li.querySelector(".mlem-toc-page")) {
          var span = document.createElement("span");
          span.className = "mlem-toc-page";
          li.appendChild(span);
        }
        return decodeURIComponent(a.getAttribute("href").slice(1));
      });
    },
    fill: function (pages) {
      this.entries().forEach(function (a) {
        var page = pages[decodeURIComponent(a.getAttribute("href").slice(1))];
        var span = a.parentElement.querySelector(".mlem-toc-page");
        if (span && page) span.textContent = String(page);
      });
    },
  };

  var plots = Promise.resolve();
  var scripts = document.querySelectorAll('script[type="' + MIME + '"]');
  if (scripts.length) {
    if (typeof Plotly === "undefined") {
      console.error("mlem export: plotly.min.js did not load; " + scripts.length + " chart(s) cannot be shown.");
    } else {
      plots = Promise.all(Array.prototype.map.call(scripts, render));
    }
  }
  var math = window.MathJax && MathJax.startup && MathJax.startup.promise ? MathJax.startup.promise : Promise.resolve();
  window.mlemReady = Promise.all([plots, math]).then(function () {
    document.documentElement.dataset.mlemReady = "1";
  });

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { window.mlemFitPlots(); }, 150);
  });
  window.addEventListener("beforeprint", function () { window.mlemFitPlots(); });
  document.addEventListener(
    "toggle",
    function (event) {
      if (event.target.open) window.mlemFitPlots(event.target);
    },
    true,
  );
})();
