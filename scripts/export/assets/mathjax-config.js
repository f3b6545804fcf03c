// MathJax 3 configuration for the exported course (loaded before assets/mathjax/tex-svg-full.js).
// SVG output needs no web fonts, so formulas render the same from file://, a static server and print.
window.MathJax = {
  tex: {
    inlineMath: [["$", "$"], ["\\(", "\\)"]],
    displayMath: [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
    tags: "ams",
  },
  svg: { fontCache: "global" },
  options: {
    // Code and text outputs are never math, even when they contain `$` (template strings).
    ignoreHtmlClass: "tex2jax_ignore|jp-RenderedText|highlight",
  },
  startup: {
    pageReady() {
      return MathJax.startup.defaultPageReady().then(() => {
        document.documentElement.dataset.mlemMath = "done";
      });
    },
  },
};
