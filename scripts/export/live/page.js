// Live cells on an exported course page: every code cell can be edited and run in the page, with
// Run (the cell's ▶ or Shift+Enter), Run all, Restart and Stop, and outputs shown as JupyterLab shows
// them. The cells run in a Web Worker (scripts/export/live/kernel-worker.js), loaded on the first run
// from assets/mlem-kernel.js (its source as a string: a worker made from a blob works from file://,
// where a worker script file may not load), with the declarations its type check reads from
// assets/mlem-types.js and the course data the notebook reads from assets/data/NAME.js. Bundled with marked by scripts/export/live/build.mjs into assets/mlem-live.js.
//
// The page's <script type="application/json" id="mlem-live"> (written by convert.py) holds the code
// cells ({id, source}) in order, the data files they read, and the self-check marks' SVG.
// window.mlemLive is the page's API, used by the live-cell test (scripts/export/live-check.mjs).
import { marked } from "marked";

const PLOTLY = "application/vnd.plotly.v1+json";
const PRIORITY = [PLOTLY, "text/html", "text/markdown", "image/svg+xml", "text/latex", "image/png", "image/jpeg", "text/plain"];
const SERVE_HINT = "This browser does not run live cells from a file: serve the folder (python3 -m http.server -d dist) and open http://localhost:8000/.";

const configEl = document.getElementById("mlem-live");
if (configEl) start(JSON.parse(configEl.textContent));

function start(config) {
  const assets = config.assets;
  const cells = new Map(); // id → {id, source, el, editor, outputs, prompt, count}
  const order = [];
  for (const c of config.cells) {
    const el = document.getElementById(`cell-id=${c.id}`);
    if (!el) continue;
    const cell = { id: c.id, source: c.source, el, editor: null, outputs: null, count: null, prompt: el.querySelector(".jp-InputPrompt"), state: "idle" };
    cells.set(c.id, cell);
    order.push(cell);
  }
  if (!order.length) return;

  // ---- the kernel --------------------------------------------------------------------------
  let worker = null;
  let starting = null;
  let queue = [];
  let current = null;
  let runCount = 0;
  let loaded = null;
  let plotlyLoaded = null;
  const waiters = [];

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error(`${src} did not load`));
      document.head.appendChild(s);
    });
  }

  function loadAssets() {
    loaded ??= Promise.all([loadScript(`${assets}/mlem-kernel.js`), loadScript(`${assets}/mlem-types.js`), ...config.data.map((name) => loadScript(`${assets}/data/${name}.js`))]);
    return loaded;
  }

  function startKernel() {
    if (worker) return Promise.resolve(worker);
    if (starting) return starting;
    setStatus("starting the kernel…", "busy");
    const t0 = performance.now();
    starting = loadAssets()
      .then(
        () =>
          new Promise((resolve, reject) => {
            let w;
            try {
              w = new Worker(URL.createObjectURL(new Blob([window.mlemKernelSource], { type: "text/javascript" })));
            } catch (e) {
              reject(new Error(location.protocol === "file:" ? SERVE_HINT : `the kernel could not start: ${e.message}`));
              return;
            }
            const files = {};
            for (const name of config.data) files[name] = (window.mlemData ?? {})[name];
            w.onerror = (ev) => {
              ev.preventDefault();
              reject(new Error(location.protocol === "file:" ? SERVE_HINT : `the kernel failed: ${ev.message}`));
            };
            w.onmessage = (ev) => {
              if (ev.data.type !== "ready") return;
              w.onmessage = onKernelMessage;
              w.onerror = onKernelError;
              resolve(w);
            };
            w.postMessage({ type: "init", files, base: location.href, types: window.mlemTypes });
          }),
      )
      .then(
        (w) => {
          worker = w;
          starting = null;
          window.mlemLive.kernelStartMs = performance.now() - t0;
          return w;
        },
        (e) => {
          starting = null;
          loaded = null;
          throw e;
        },
      );
    return starting;
  }

  function onKernelMessage(ev) {
    const msg = ev.data;
    const cell = cells.get(msg.id);
    if (!cell) return;
    if (msg.type === "output") addOutput(cell, msg.output);
    else if (msg.type === "done") {
      cell.checkMs = msg.checkMs;
      finish(cell, msg.ok);
    }
  }

  function onKernelError(ev) {
    ev.preventDefault();
    if (current) addOutput(current, { output_type: "stream", name: "stderr", text: `${ev.message}\n` });
  }

  function stopKernel() {
    if (worker) worker.terminate();
    worker = null;
  }

  function enqueue(list) {
    for (const cell of list) {
      if (cell === current || queue.includes(cell)) continue;
      queue.push(cell);
      setPrompt(cell, "*");
    }
    pump();
  }

  function pump() {
    if (current || !queue.length) {
      if (!current && !queue.length) idle();
      return;
    }
    const cell = queue.shift();
    current = cell;
    setStatus(`running cell ${order.indexOf(cell) + 1} of ${order.length}…`, "busy");
    startKernel().then(
      (w) => {
        if (current !== cell) return;
        clearOutputs(cell);
        cell.started = performance.now();
        w.postMessage({ type: "run", id: cell.id, code: sourceOf(cell) });
      },
      (e) => {
        clearOutputs(cell);
        addOutput(cell, { output_type: "stream", name: "stderr", text: `${e.message}\n` });
        current = null;
        setPrompt(cell, "\u00a0");
        for (const c of queue) setPrompt(c, c.count ?? "\u00a0");
        queue = [];
        setStatus(e.message, "error");
        settle(false);
      },
    );
  }

  function finish(cell, ok) {
    if (current !== cell) return;
    cell.ms = performance.now() - cell.started;
    cell.count = ++runCount;
    cell.ok = ok;
    setPrompt(cell, cell.count);
    current = null;
    if (!ok) {
      // As JupyterLab's Run All: an error stops the cells queued after it.
      for (const c of queue) setPrompt(c, c.count ?? "\u00a0");
      queue = [];
      setStatus(`cell ${order.indexOf(cell) + 1} failed: its error is under it`, "error");
      settle(false);
      return;
    }
    pump();
  }

  function idle() {
    setStatus(worker ? "kernel idle: edit a cell and press Shift+Enter, or Run all" : "edit any cell and run it here, in your browser (it is type-checked first, as in JupyterLab)", "idle");
    settle(true);
  }

  function settle(ok) {
    while (waiters.length) waiters.shift()(ok);
  }
  const whenIdle = () => (current || queue.length || starting ? new Promise((r) => waiters.push(r)) : Promise.resolve(true));

  function stop() {
    if (!current && !queue.length && !starting) return;
    const cell = current;
    stopKernel();
    current = null;
    for (const c of queue) setPrompt(c, c.count ?? "\u00a0");
    queue = [];
    if (cell) {
      addOutput(cell, { output_type: "stream", name: "stderr", text: "Stopped: the kernel was restarted, so what earlier cells defined is gone; run them again (Run all).\n" });
      setPrompt(cell, "\u00a0");
    }
    setStatus("stopped: the kernel was restarted", "error");
    settle(false);
  }

  function restart() {
    stop();
    stopKernel();
    runCount = 0;
    for (const c of order) if (c.count !== null) setPrompt(c, "\u00a0");
    for (const c of order) c.count = null;
    setStatus("kernel restarted: nothing is defined yet", "idle");
  }

  // ---- the page --------------------------------------------------------------------------
  const bar = document.createElement("div");
  bar.className = "mlem-live-bar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "Live cells");
  bar.innerHTML =
    '<span class="mlem-live-title">Live cells</span>' +
    '<button type="button" class="mlem-live-runall" title="Run every code cell in order">&#9654;&#9654; Run all</button>' +
    '<button type="button" class="mlem-live-restart" title="Forget everything the cells defined">&#8635; Restart</button>' +
    '<button type="button" class="mlem-live-stop" title="Stop the running cell (restarts the kernel)">&#9632; Stop</button>' +
    '<span class="mlem-live-status" role="status" aria-live="polite"></span>';
  const main = document.querySelector("main") ?? document.body;
  main.insertBefore(bar, main.firstChild);
  const status = bar.querySelector(".mlem-live-status");
  bar.querySelector(".mlem-live-runall").addEventListener("click", () => enqueue(order));
  bar.querySelector(".mlem-live-restart").addEventListener("click", restart);
  bar.querySelector(".mlem-live-stop").addEventListener("click", stop);

  function setStatus(text, state) {
    status.textContent = text;
    bar.dataset.state = state;
    document.documentElement.dataset.mlemLive = state;
  }

  function setPrompt(cell, n) {
    if (cell.prompt) cell.prompt.firstChild.nodeValue = `In\u00a0[${n}]:`;
  }

  for (const cell of order) {
    if (cell.prompt && !cell.prompt.firstChild) cell.prompt.appendChild(document.createTextNode("In\u00a0[\u00a0]:"));
    const run = document.createElement("button");
    run.type = "button";
    run.className = "mlem-live-run";
    run.title = "Run this cell (Shift+Enter)";
    run.setAttribute("aria-label", `Run cell ${order.indexOf(cell) + 1}`);
    run.innerHTML = "&#9654;";
    run.addEventListener("click", () => enqueue([cell]));
    cell.prompt?.appendChild(run);
    const code = cell.el.querySelector(".jp-InputArea-editor");
    if (code) {
      code.classList.add("mlem-live-code");
      code.title = "Click to edit; Shift+Enter runs the cell";
      code.addEventListener("click", () => edit(cell), { once: true });
    }
  }

  function edit(cell) {
    if (cell.editor) return cell.editor;
    const host = cell.el.querySelector(".jp-InputArea-editor .highlight") ?? cell.el.querySelector(".jp-InputArea-editor");
    const ta = document.createElement("textarea");
    ta.className = "mlem-live-editor";
    ta.spellcheck = false;
    ta.setAttribute("aria-label", `Code of cell ${order.indexOf(cell) + 1}`);
    ta.value = cell.source;
    const fit = () => {
      ta.style.height = "auto";
      ta.style.height = `${ta.scrollHeight + 2}px`;
    };
    ta.addEventListener("input", fit);
    ta.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && (ev.shiftKey || ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        enqueue([cell]);
        if (ev.shiftKey) {
          const next = order[order.indexOf(cell) + 1];
          if (next) edit(next).focus();
        }
      } else if (ev.key === "Tab" && !ev.shiftKey) {
        ev.preventDefault();
        ta.setRangeText("  ", ta.selectionStart, ta.selectionEnd, "end");
        fit();
      }
    });
    host.replaceChildren(ta);
    cell.editor = ta;
    fit();
    ta.focus();
    return ta;
  }

  const sourceOf = (cell) => (cell.editor ? cell.editor.value : cell.source);

  function outputArea(cell) {
    let area = cell.el.querySelector(".jp-Cell-outputArea");
    if (!area) {
      const wrapper = document.createElement("div");
      wrapper.className = "jp-Cell-outputWrapper";
      wrapper.innerHTML = '<div class="jp-Collapser jp-OutputCollapser jp-Cell-outputCollapser"></div><div class="jp-OutputArea jp-Cell-outputArea"></div>';
      cell.el.appendChild(wrapper);
      area = wrapper.querySelector(".jp-Cell-outputArea");
    }
    return area;
  }

  function clearOutputs(cell) {
    cell.outputs = [];
    outputArea(cell).replaceChildren();
    cell.el.classList.add("mlem-live-ran");
  }

  // Outputs as nbclient stores them: consecutive stream outputs of one name are one output.
  function addOutput(cell, out) {
    cell.outputs ??= [];
    const last = cell.outputs[cell.outputs.length - 1];
    if (out.output_type === "stream" && last?.output_type === "stream" && last.name === out.name) {
      last.text += out.text;
      last.node.querySelector("pre").textContent = last.text;
      return;
    }
    // Kept as the kernel sent it: Plotly fills in the figure it draws (axis types, ...).
    const entry = structuredClone(out);
    entry.node = render(out);
    cell.outputs.push(entry);
    outputArea(cell).appendChild(entry.node);
  }

  function render(out) {
    const child = document.createElement("div");
    child.className = "jp-OutputArea-child mlem-live-output";
    child.innerHTML = '<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>';
    const box = document.createElement("div");
    box.tabIndex = 0;
    child.appendChild(box);
    if (out.output_type === "stream") {
      box.className = "jp-RenderedText jp-OutputArea-output";
      box.dataset.mimeType = out.name === "stderr" ? "application/vnd.jupyter.stderr" : "text/plain";
      const pre = document.createElement("pre");
      pre.textContent = out.text;
      box.appendChild(pre);
      return child;
    }
    const data = out.data ?? {};
    const type = PRIORITY.find((t) => t in data) ?? Object.keys(data)[0];
    box.dataset.mimeType = type;
    const text = (v) => [].concat(v ?? "").join("");
    if (type === PLOTLY) {
      box.className = "jp-RenderedPlotly jp-OutputArea-output mlem-plotly";
      const plot = document.createElement("div");
      plot.className = "mlem-plot";
      plot.setAttribute("role", "img");
      plot.setAttribute("aria-label", text(data["text/plain"]));
      box.appendChild(plot);
      // Drawn once the output is in the page, so that it can measure its width; a page whose
      // notebook has no chart loads plotly.js only now.
      const fig = data[PLOTLY];
      (window.Plotly ? Promise.resolve() : (plotlyLoaded ??= loadScript(`${assets}/plotly.min.js`)))
        .then(() => new Promise((r) => requestAnimationFrame(r)))
        .then(() => window.mlemPlot(plot, fig))
        .catch((e) => (plot.textContent = `This chart cannot be drawn: ${e.message}`));
    } else if (type === "text/markdown" || type === "text/latex") {
      box.className = `jp-RenderedHTMLCommon ${type === "text/markdown" ? "jp-RenderedMarkdown" : "jp-RenderedLatex"} jp-OutputArea-output`;
      box.innerHTML = drawMarks(type === "text/markdown" ? markdownWithMath(text(data[type])) : escapeHtml(text(data[type])));
      typeset(box);
    } else if (type === "text/html") {
      box.className = "jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output";
      box.innerHTML = text(data[type]);
    } else if (type === "image/png" || type === "image/jpeg") {
      box.className = "jp-RenderedImage jp-OutputArea-output";
      const img = document.createElement("img");
      img.src = `data:${type};base64,${text(data[type])}`;
      box.appendChild(img);
    } else if (type === "image/svg+xml") {
      box.className = "jp-RenderedSVG jp-OutputArea-output";
      box.innerHTML = text(data[type]);
    } else {
      box.className = "jp-RenderedText jp-OutputArea-output";
      const pre = document.createElement("pre");
      pre.innerHTML = drawMarks(escapeHtml(text(data["text/plain"])));
      box.appendChild(pre);
    }
    return child;
  }

  const pendingMath = new Set();
  let mathTimer = null;
  function typeset(el) {
    pendingMath.add(el);
    clearTimeout(mathTimer);
    mathTimer = setTimeout(() => {
      const els = [...pendingMath];
      pendingMath.clear();
      const mj = window.MathJax;
      if (mj?.typesetPromise) (mj.startup?.promise ?? Promise.resolve()).then(() => mj.typesetPromise(els)).catch((e) => console.warn("MathJax:", e));
    }, 30);
  }

  function drawMarks(html) {
    for (const [char, svg] of Object.entries(config.marks ?? {})) html = html.split(`${char}\ufe0f`).join(svg).split(char).join(svg);
    return html;
  }

  window.mlemLive = {
    cells: order,
    runAll: () => (enqueue(order), whenIdle()),
    run: (id) => (enqueue([cells.get(id)]), whenIdle()),
    whenIdle,
    stop,
    restart,
    edit: (id, text) => {
      const ta = edit(cells.get(id));
      ta.value = text;
      ta.dispatchEvent(new Event("input"));
      ta.setSelectionRange(0, 0);
      ta.scrollLeft = 0;
    },
    source: (id) => sourceOf(cells.get(id)),
    outputs: () => order.map((c) => ({ id: c.id, ran: c.outputs !== null, ok: c.ok ?? null, ms: c.ms ?? null, checkMs: c.checkMs ?? null, outputs: (c.outputs ?? []).map(({ node, ...o }) => o) })),
    kernelStartMs: null,
  };
  idle();
}

function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Markdown with TeX, as JupyterLab renders it: the math is taken out before the markdown is parsed
// (so that `_` and `*` inside formulas stay TeX) and put back, escaped, for MathJax to typeset; code
// spans are left alone, `$` and all.
function markdownWithMath(src) {
  const math = [];
  let out = "";
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === "`") {
      const run = /^`+/.exec(src.slice(i))[0];
      const end = src.indexOf(run, i + run.length);
      const stop = end < 0 ? i + run.length : end + run.length;
      out += src.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === "\\" && (src[i + 1] === "$")) {
      out += src.slice(i, i + 2);
      i += 2;
      continue;
    }
    const open = src.startsWith("$$", i) ? "$$" : ch === "$" ? "$" : src.startsWith("\\(", i) ? "\\(" : src.startsWith("\\[", i) ? "\\[" : null;
    if (open) {
      const close = { $$: "$$", $: "$", "\\(": "\\)", "\\[": "\\]" }[open];
      const end = src.indexOf(close, i + open.length);
      if (end > i + open.length - (open === "$" ? 0 : 1) && !(open === "$" && src.slice(i + 1, end).includes("\n\n"))) {
        math.push(src.slice(i, end + close.length));
        out += `@@MLEMMATH${math.length - 1}@@`;
        i = end + close.length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  const html = marked.parse(out, { gfm: true, async: false });
  return html.replace(/@@MLEMMATH(\d+)@@/g, (_, k) => escapeHtml(math[Number(k)]));
}

export { markdownWithMath };
