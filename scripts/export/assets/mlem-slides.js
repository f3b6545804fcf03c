// Makes every slide of an exported deck fit the deck's height (reveal.js `height`, 720 for 1280 × 720),
// by measuring the rendered slides, so that no slide needs hand-placed breaks in the notebook:
//   1. a cell taller than a slide is split into pieces that fit: a code cell into its input and its
//      outputs (and those into halves, a long table between its rows), a markdown cell between its
//      paragraphs (or a long list's items); when lowering its
//      charts by at most a third makes it fit, that is done instead. A piece that still does not fit
//      (one long code block, one long text output, one tall chart) scrolls inside a box of fixed
//      height, or has its chart lowered to fit;
//   2. a slide taller than the deck is split at cell boundaries into sub-slides (↓), filled in order.
// Each continued slide is marked `data-mlem-continued` (the stylesheet labels it). Runs once, after the
// charts and formulas are drawn (window.mlemReady) and reveal.js is initialised; returns a promise.
(function () {
  "use strict";

  function frame() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () {
        requestAnimationFrame(resolve);
      });
    });
  }

  // The height a child takes in its slide, margins included (layout pixels, unaffected by the deck's scale).
  function outerHeight(el) {
    var style = getComputedStyle(el);
    return el.offsetHeight + (parseFloat(style.marginTop) || 0) + (parseFloat(style.marginBottom) || 0);
  }

  function units(slide) {
    return Array.prototype.filter.call(slide.children, function (el) {
      return !(el.tagName === "ASIDE" && el.classList.contains("notes"));
    });
  }

  // Room for content in a slide: the deck height minus what the slide adds around its children.
  function room(slide, height) {
    var used = units(slide).reduce(function (t, u) { return t + outerHeight(u); }, 0);
    return height - Math.max(0, slide.scrollHeight - used);
  }

  function show(slide) {
    var i = Reveal.getIndices(slide);
    Reveal.slide(i.h, i.v === undefined ? 0 : i.v);
    return frame().then(function () {
      return window.mlemFitPlots ? window.mlemFitPlots(slide) : null;
    });
  }

  // Lower the charts of a cell so that the cell fits `limit` pixels, if that keeps each chart at no
  // less than `minShare` of its height (and 220 px). Returns a promise of whether it now fits.
  function shrinkCharts(unit, limit, minShare) {
    var charts = Array.prototype.slice.call(unit.querySelectorAll(".js-plotly-plot"));
    var over = outerHeight(unit) - limit;
    if (over <= 0) return Promise.resolve(true);
    var total = charts.reduce(function (t, c) { return t + c.offsetHeight; }, 0);
    if (!total || over > (1 - minShare) * total) return Promise.resolve(false);
    var factor = (total - over - 8) / total;
    return Promise.all(
      charts.map(function (c) {
        return Plotly.relayout(c, { height: Math.max(220, Math.floor(c.offsetHeight * factor)) });
      }),
    )
      .then(frame)
      .then(function () { return outerHeight(unit) <= limit; });
  }

  // A piece that cannot be split and is still taller than the room: its code and long text outputs
  // scroll inside boxes, and its charts get whatever height is left.
  function squeeze(unit, limit) {
    // The <pre> blocks, not their table-cell containers (max-height does not apply to table cells).
    Array.prototype.forEach.call(unit.querySelectorAll(".jp-InputArea-editor pre, .jp-OutputArea-output pre"), function (box) {
      var cap = Math.floor((box.closest(".jp-InputArea-editor") ? 0.85 : 0.6) * limit);
      if (box.offsetHeight > cap) {
        box.style.maxHeight = cap + "px";
        box.style.overflowY = "auto";
        box.classList.add("mlem-scrollbox");
      }
    });
    return frame().then(function () { return shrinkCharts(unit, limit, 0); });
  }

  // Divide a block of rendered content in two: the block keeps its first half and a copy holding the
  // second half is returned; null when it has no parts to divide (or holds a chart, which is lowered
  // instead). A table divides between its body rows (the header stays on both halves), a list between
  // its items (a numbered list goes on counting), anything else between its children; a wrapper with
  // a single child divides where that child does.
  function halveBlock(block) {
    if (block.querySelector(".js-plotly-plot")) return null;
    var path = [];
    var holder = block;
    for (;;) {
      if (holder.tagName === "TABLE") {
        if (holder.tBodies.length !== 1) return null;
        path.push(Array.prototype.indexOf.call(holder.children, holder.tBodies[0]));
        holder = holder.tBodies[0];
        break;
      }
      if (holder.children.length !== 1) break;
      path.push(0);
      holder = holder.children[0];
    }
    if (holder.children.length < 2) return null;
    var copy = block.cloneNode(true);
    copy.removeAttribute("id");
    var copyHolder = path.reduce(function (el, i) { return el.children[i]; }, copy);
    var keep = Math.ceil(holder.children.length / 2);
    for (var i = holder.children.length - 1; i >= 0; i--) {
      if (i >= keep) holder.children[i].remove();
      else copyHolder.children[i].remove();
    }
    if (copyHolder.tagName === "OL") copyHolder.setAttribute("start", String((parseInt(holder.getAttribute("start") || "1", 10) || 1) + keep));
    return copy;
  }

  // Split one cell into two consecutive pieces (the second a shallow clone holding the moved part);
  // null if it is a single piece. Code: input | outputs, then outputs half | half, then a single
  // output's content (a long table between its rows). Markdown: its blocks (or a single list's
  // items), half | half.
  function halve(unit) {
    var input = unit.querySelector(":scope > .jp-Cell-inputWrapper");
    var output = unit.querySelector(":scope > .jp-Cell-outputWrapper");
    var second;
    if (unit.classList.contains("jp-CodeCell") && output) {
      if (input && output.offsetHeight > 0) {
        second = unit.cloneNode(false);
        second.removeAttribute("id");
        second.appendChild(output);
        return second;
      }
      var area = output.querySelector(".jp-OutputArea");
      var children = area ? area.querySelectorAll(":scope > .jp-OutputArea-child") : [];
      if (children.length > 1) {
        second = unit.cloneNode(false);
        second.removeAttribute("id");
        var wrapper = output.cloneNode(false);
        var areaCopy = area.cloneNode(false);
        for (var k = Math.ceil(children.length / 2); k < children.length; k++) areaCopy.appendChild(children[k]);
        second.appendChild(wrapper);
        // The output wrapper's first child is the collapser; the area sits where it was.
        wrapper.appendChild(areaCopy);
        return second;
      }
      var content = children.length === 1 ? children[0].querySelector(".jp-OutputArea-output") : null;
      var contentRest = content && halveBlock(content);
      if (contentRest) {
        second = unit.cloneNode(false);
        second.removeAttribute("id");
        var outputCopy = output.cloneNode(false);
        var onlyArea = area.cloneNode(false);
        var childCopy = children[0].cloneNode(false);
        // The prompt column comes along, so that both halves line up.
        Array.prototype.forEach.call(children[0].children, function (c) {
          childCopy.appendChild(c === content ? contentRest : c.cloneNode(true));
        });
        onlyArea.appendChild(childCopy);
        outputCopy.appendChild(onlyArea);
        second.appendChild(outputCopy);
        return second;
      }
      return null;
    }
    var md = unit.querySelector(".jp-RenderedMarkdown");
    if (unit.classList.contains("jp-MarkdownCell") && md) {
      var mdRest = halveBlock(md);
      if (!mdRest) return null;
      var copy = unit.cloneNode(true);
      copy.removeAttribute("id");
      var mdCopy = copy.querySelector(".jp-RenderedMarkdown");
      mdCopy.parentNode.replaceChild(mdRest, mdCopy);
      return copy;
    }
    return null;
  }

  // The vertical stack a slide belongs to (wrapping a lone horizontal slide into one).
  function stackOf(slide) {
    var parent = slide.parentElement;
    if (parent.tagName === "SECTION") return parent;
    var stack = document.createElement("section");
    parent.insertBefore(stack, slide);
    stack.appendChild(slide);
    return stack;
  }

  // Split a slide that is taller than `height` at cell boundaries, filling each piece in order;
  // a short lead (a heading, a sentence) stays with the cell after it when lowering that cell's
  // charts a little makes them fit together. Returns a promise of whether it changed anything.
  function split(slide, height) {
    var limit = room(slide, height);
    var list = units(slide);
    var chunks = [];
    var current = [];
    var used = 0;
    var k = 0;
    function place() {
      if (k >= list.length) return Promise.resolve();
      var u = list[k];
      var h = outerHeight(u);
      var lead = current.length > 0 && used < 0.3 * limit && current.every(function (c) { return c.classList.contains("jp-MarkdownCell"); });
      var keep = current.length && used + h > limit && lead ? shrinkCharts(u, limit - used, 0.7) : Promise.resolve(false);
      return keep.then(function () {
        h = outerHeight(u);
        if (current.length && used + h > limit) {
          chunks.push(current);
          current = [];
          used = 0;
        }
        current.push(u);
        used += h;
        k += 1;
        return place();
      });
    }
    return place().then(function () {
      if (current.length) chunks.push(current);
      if (chunks.length < 2) return false;
      var stack = stackOf(slide);
      var after = slide;
      chunks.slice(1).forEach(function (chunk) {
        var section = document.createElement("section");
        section.setAttribute("data-mlem-continued", "");
        chunk.forEach(function (u) { section.appendChild(u); });
        stack.insertBefore(section, after.nextSibling);
        after = section;
      });
      return true;
    });
  }

  // Fit one slide: pieces taller than the room are halved (or, if lowering their charts by at most
  // a third fits them, lowered); pieces that cannot be halved are squeezed; then the slide is split.
  function fitOne(slide, height) {
    var limit = room(slide, height);
    var changed = false;
    var list = units(slide);
    var k = 0;
    function piece() {
      if (k >= list.length) return Promise.resolve();
      var u = list[k++];
      if (outerHeight(u) <= limit) return piece();
      return shrinkCharts(u, limit, 0.67).then(function (fits) {
        if (fits) return piece();
        var rest = halve(u);
        if (rest) {
          u.parentNode.insertBefore(rest, u.nextSibling);
          changed = true;
          return piece();
        }
        return squeeze(u, limit).then(piece);
      });
    }
    return piece()
      .then(frame)
      .then(function () {
        if (slide.scrollHeight <= height) return changed;
        return split(slide, height).then(function (didSplit) { return changed || didSplit; });
      });
  }

  window.mlemFitSlides = function (height) {
    var start = Reveal.getIndices();
    var transition = Reveal.getConfig().transition;
    Reveal.configure({ transition: "none", backgroundTransition: "none" });
    var pass = 0;

    function fitAll() {
      var changed = false;
      var slides = Reveal.getSlides();
      var i = 0;
      function next() {
        if (i >= slides.length) return Promise.resolve(changed);
        var slide = slides[i++];
        return show(slide).then(function () {
          if (slide.scrollHeight <= height) return next();
          return fitOne(slide, height).then(function (c) {
            changed = changed || c;
            return next();
          });
        });
      }
      return next();
    }

    function loop() {
      return fitAll().then(function (changed) {
        pass += 1;
        if (!changed || pass >= 8) return;
        Reveal.sync();
        return loop();
      });
    }

    return loop().then(function () {
      Reveal.sync();
      Reveal.configure({ transition: transition, backgroundTransition: "fade" });
      Reveal.slide(start.h, start.v || 0);
      return frame();
    });
  };
})();
