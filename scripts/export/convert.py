"""Turn executed course notebooks into the static course site (run by scripts/export/export.mjs).

Reads executed notebooks (with outputs) from --executed and writes into --out:

* ``<name>.html``       one page per notebook (template ``mlem-lab``: JupyterLab look, Plotly charts,
                        MathJax, highlighted code, previous / next / contents navigation);
* ``slides/<name>.slides.html``  reveal.js slides (template ``mlem-reveal``) from the cells'
                        ``metadata.slideshow.slide_type``;
* ``course.html``       the whole course on one page, one chapter per printed page (printed to
                        ``course.pdf`` by the Node driver);
* ``index.html``        the table of contents with each notebook's "What you will learn" line;
* ``manifest.json``     what was exported: titles, files, Plotly outputs and formulas per notebook
                        (read by scripts/export/check.mjs);
* ``assets/highlight.css`` the code-highlighting style (the rest of assets/ is copied by the driver).

With ``--api DIR`` (the API reference the driver built into the site's ``api/``, with its
``symbols.json``), every page links to the reference, and in each notebook page the names a
notebook imports from ``mlem`` (or ``mlem/...``) link, in its code cells, to their reference pages.

Usage: .venv/bin/python scripts/export/convert.py --executed DIR --out DIR [--api DIR] NAME.ipynb...
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter, SlidesExporter
from nbconvert.filters.markdown import markdown2html
from traitlets.config import Config

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TEMPLATES = HERE / "templates"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
COURSE_TITLE = "mlem: maximum likelihood and EM in TypeScript"
GUIDE = "guide"  # notebooks/README.md, exported as guide.html: the path, prerequisites and times
LEARN_RE = re.compile(r"\*\*What you will learn:?\*\*:?\s*(.+?)(?:\n\s*\n|\Z)", re.S)
MATH_RE = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$|\\\(.+?\\\)|\\\[.+?\\\]", re.S)

# nbconvert's priorities with Plotly first: its figures become interactive charts, not alt text.
DISPLAY_PRIORITY = [
    PLOTLY_MIME,
    "application/vnd.jupyter.widget-view+json",
    "application/javascript",
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/vnd.mermaid",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
]


def exporter_config() -> Config:
    c = Config()
    c.NbConvertBase.display_data_priority = DISPLAY_PRIORITY
    c.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.TemplateExporter.extra_template_paths = [str(TEMPLATES / "mlem-common")]
    # Nothing may point at a CDN: our templates never use these, and the check blocks the network.
    for key in ("require_js_url", "mathjax_url", "jquery_url", "mermaid_js_url", "mermaid_layout_elk_js_url"):
        setattr(c.HTMLExporter, key, "")
    c.HTMLExporter.jupyter_widgets_base_url = ""
    c.HTMLExporter.widget_renderer_url = ""
    c.SlidesExporter.reveal_url_prefix = "../assets/reveal"
    c.SlidesExporter.reveal_theme = "white"
    c.SlidesExporter.reveal_transition = "slide"
    c.SlidesExporter.reveal_number = "c/t"
    # A 1280 x 720 screen (16:9); assets/mlem-slides.js makes every slide fit this height.
    c.SlidesExporter.reveal_width = "1280"
    c.SlidesExporter.reveal_height = "720"
    return c


def source_of(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def number_cells(nb) -> None:
    """Give the prompts In [1], In [2], ... when the kernel reported no execution counts.

    tslab does not send the execution count that JupyterLab shows, so executed copies have none and
    nbconvert would print `In [ ]:` as if the cells had never run. Numbered in order, as Run All would.
    """
    code = [c for c in nb.cells if c.cell_type == "code"]
    if code and all(c.get("execution_count") is None for c in code):
        for i, cell in enumerate(code, start=1):
            cell.execution_count = i
            for out in cell.get("outputs", []):
                if out.get("output_type") == "execute_result":
                    out["execution_count"] = i


def title_of(nb, stem: str) -> str:
    title = nb.metadata.get("title")
    if title:
        return str(title)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", source_of(cell), re.M)
            if m:
                return re.sub(r"^\d+\s*[·.:-]\s*", "", m.group(1)).strip()
    return stem


def learn_line(nb) -> str:
    """The markdown after **What you will learn:** in the first markdown cells ('' if none)."""
    for cell in nb.cells[:4]:
        if cell.cell_type == "markdown":
            m = LEARN_RE.search(source_of(cell))
            if m:
                return " ".join(m.group(1).split())
    return ""


def inline_markdown(text: str) -> str:
    out = markdown2html(text).strip()
    m = re.fullmatch(r"<p>(.*)</p>", out, re.S)
    return m.group(1) if m else out


def count_plotly(nb) -> int:
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") in ("display_data", "execute_result") and PLOTLY_MIME in out.get("data", {})
    )


def count_math(nb) -> int:
    """Markdown cells and text/markdown|latex outputs that hold LaTeX (each must typeset)."""
    n = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown" and MATH_RE.search(source_of(cell)):
            n += 1
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            text = data.get("text/markdown") or data.get("text/latex") or ""
            if PLOTLY_MIME not in data and MATH_RE.search("".join(text) if isinstance(text, list) else text):
                n += 1
    return n


def rewrite_links(page: str, stems: set[str], target, data: str = "data") -> str:
    """Links between notebooks (`01-x.ipynb#anchor`) point at the exported pages, links to the course
    guide (notebooks/README.md) at its page, and `../data/` at dist/data (`data`: its URL from the page)."""

    def repl(m):
        quote, url = m.group(1), m.group(2)
        nm = re.fullmatch(r"(?:\./)?([^/#?]+)\.ipynb(#.*)?", url)
        if nm and nm.group(1) in stems:
            return f"href={quote}{target(nm.group(1), nm.group(2) or '')}{quote}"
        # notebooks/README.md is the course guide (path, prerequisites, times): its own page.
        gm = re.fullmatch(r"(?:\./)?README\.md(#.*)?", url)
        if gm:
            return f"href={quote}{target(GUIDE, gm.group(1) or '')}{quote}"
        return m.group(0)

    page = re.sub(r'href=(["\'])([^"\']+)\1', repl, page)
    return re.sub(r'href=(["\'])\.\./data(/|\1)', lambda m: f"href={m.group(1)}{data}{m.group(2)}", page)


# Self-check verdicts (mlem's checkAnswer) start with these emoji, which many systems have no font
# for (an empty box instead); the export draws them as inline SVG marks, which need no font.
MARKS = {
    "✅": ("mlem-mark-right", "right", '<path d="M4.5 10.5l3.5 3.5 7.5-8" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>', "#1a7f37"),
    "❌": ("mlem-mark-wrong", "not yet", '<path d="M6 6l8 8M14 6l-8 8" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/>', "#cf222e"),
}


def mark_svg(char: str) -> str:
    cls, label, path, colour = MARKS[char]
    return (
        f'<svg class="mlem-mark {cls}" role="img" aria-label="{label}" viewBox="0 0 20 20" width="1.1em" height="1.1em">'
        f'<rect width="20" height="20" rx="4" fill="{colour}"/>{path}</svg>'
    )


def draw_marks(page: str) -> str:
    """Replace the self-check emoji by SVG marks everywhere but inside <script> and <style>."""
    parts = re.split(r"(<script\b.*?</script>|<style\b.*?</style>)", page, flags=re.S | re.I)
    for i in range(0, len(parts), 2):
        for char in MARKS:
            parts[i] = parts[i].replace(char + "\ufe0f", mark_svg(char)).replace(char, mark_svg(char))
    return "".join(parts)


# The EM playground (assets/mlem-playground.js) on the Gaussian-mixture page, placed before the heading
# with this id (the section after the two-dimensional fit it lets the reader redo).
PLAYGROUNDS = {"05-em-for-gaussian-mixtures": "Convergence:-the-log-likelihood-path"}

CSV_RE = re.compile(r"[\w.-]+\.csv\b")

# `import { a, b as c, type T } from "mlem"` (or "mlem/mixture"), and `const { a } = require("mlem")`.
MLEM_IMPORT_RE = re.compile(r"""import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*["']mlem(?:/[\w-]+)?["']|\{([^}]*)\}\s*=\s*require\(\s*["']mlem(?:/[\w-]+)?["']\s*\)""")


def mlem_imports(nb) -> dict[str, str]:
    """The names a notebook imports from mlem: {local name: exported name} (`b as c` gives c -> b)."""
    names: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for m in MLEM_IMPORT_RE.finditer(source_of(cell)):
            for part in (m.group(1) or m.group(2) or "").split(","):
                part = re.sub(r"^\s*type\s+", "", part.split("//")[0]).strip()
                sep = " as " if m.group(1) is not None else ":"
                exported, _, local = part.partition(sep)
                exported, local = exported.strip(), (local.strip() or exported.strip())
                if re.fullmatch(r"[A-Za-z_$][\w$]*", exported) and re.fullmatch(r"[A-Za-z_$][\w$]*", local):
                    names[local] = exported
    return names


# An identifier as Pygments' TypeScript lexer marks it (`nx`; `kt` in a type annotation), with what
# comes just before it: a `.` before means a property (`fit.bic`), not the import, even when the
# names match.
CODE_NAME_RE = re.compile(r'(<span class="p">\.</span>|<span class="o">\?\.</span>)?<span class="(nx|kt)">([A-Za-z_$][\w$]*)</span>')
# A code cell's input (nbconvert's lab template: the editor div, CodeMirror's, then Pygments' <pre>).
INPUT_CODE_RE = re.compile(r'(<div class="[^"]*\bjp-InputArea-editor\b[^>]*>(?:(?!</pre>).)*?<div class="highlight[^"]*"><pre>)(.*?)(</pre>)', re.S)


def link_api_names(page: str, imports: dict[str, str], symbols: dict[str, str], api_prefix: str) -> tuple[str, int]:
    """Link the imported mlem names in the page's code cells (the input areas, not the outputs) to
    their reference pages (`symbols`: exported name -> page under api/). Returns the page and the
    number of links made."""
    linkable = {local: symbols[exported] for local, exported in imports.items() if exported in symbols}
    if not linkable:
        return page, 0
    made = 0

    def name(m):
        nonlocal made
        before, cls, ident = m.group(1), m.group(2), m.group(3)
        if before or ident not in linkable:
            return m.group(0)
        made += 1
        href = html.escape(f"{api_prefix}/{linkable[ident]}")
        return f'<a class="mlem-api" href="{href}" title="{html.escape(imports[ident])} in the mlem API reference"><span class="{cls}">{ident}</span></a>'

    def block(m):
        return m.group(1) + CODE_NAME_RE.sub(name, m.group(2)) + m.group(3)

    return INPUT_CODE_RE.sub(block, page), made


def live_config(nb, number: str) -> str:
    """The live cells' configuration of a page (read by assets/mlem-live.js): the code cells in order
    ({id, source}), the data files they read (data_files), and the self-check marks' SVG. As JSON safe
    inside a <script> element."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    config = {
        "assets": "assets",
        "cells": [{"id": c.get("id"), "source": source_of(c)} for c in code],
        "data": data_files(nb, number),
        "marks": {char: mark_svg(char) for char in MARKS},
    }
    return json.dumps(config, ensure_ascii=False).replace("</", "<\\/")


def data_files(nb, number: str) -> list[str]:
    """The files of data/ a notebook reads: the CSV names in its code, and in its answer file
    lib/src/course/answers/NN.ts (its exercises' checks read data with courseTable)."""
    text = "\n".join(source_of(c) for c in nb.cells if c.cell_type == "code")
    answers = ROOT / "lib/src/course/answers" / f"{number}.ts"
    if number and answers.is_file():
        text += "\n" + answers.read_text(encoding="utf-8")
    return sorted({m.group(0) for m in CSV_RE.finditer(text) if (ROOT / "data" / m.group(0)).is_file()})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--executed", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--api", type=Path, help="the site's API reference (api/, with symbols.json): link to it")
    parser.add_argument("names", nargs="+")
    args = parser.parse_args()
    out: Path = args.out
    (out / "slides").mkdir(parents=True, exist_ok=True)
    (out / "assets").mkdir(parents=True, exist_ok=True)
    # The driver passes its start time so that the progress lines share one clock.
    t0 = float(os.environ.get("MLEM_EXPORT_T0", time.time()))

    def log(msg: str) -> None:
        print(f"[export {time.time() - t0:6.1f}s] {msg}", flush=True)

    # The API reference: {exported name: its page under api/}, written by the driver with the reference.
    symbols: dict[str, str] = {}
    api_href = None
    if args.api:
        symbols = json.loads((args.api / "symbols.json").read_text(encoding="utf-8"))
        api_href = os.path.relpath(args.api, out).replace(os.sep, "/")

    config = exporter_config()
    page_exporter = HTMLExporter(config=config, template_name="mlem-lab")
    slides_exporter = SlidesExporter(config=config, template_name="mlem-reveal")

    # The highlight style once, as a shared asset (nbconvert would inline it into every page).
    from jupyterlab_pygments import JupyterStyle
    from pygments.formatters import HtmlFormatter

    (out / "assets/highlight.css").write_text(HtmlFormatter(style=JupyterStyle).get_style_defs(".highlight") + "\n")
    # JupyterLab's stylesheets and nbconvert's reveal tweaks, once, from the installed nbconvert.
    for rel, dest in (("lab/static/index.css", "lab/index.css"), ("lab/static/theme-light.css", "lab/theme-light.css"), ("lab/static/theme-dark.css", "lab/theme-dark.css"), ("reveal/static/custom_reveal.css", "reveal/custom_reveal.css")):
        src = next((Path(p) / rel for p in slides_exporter.template_paths if (Path(p) / rel).is_file()), None)
        if src is None:
            src = next((Path(p).parent / rel for p in slides_exporter.template_paths if (Path(p).parent / rel).is_file()), None)
        if src is None:
            raise SystemExit(f"convert.py: nbconvert's {rel} was not found in {slides_exporter.template_paths}")
        (out / "assets" / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out / "assets" / dest)

    notebooks = []
    for name in args.names:
        path = args.executed / name
        nb = nbformat.read(path, as_version=4)
        number_cells(nb)
        stem = Path(name).stem
        number = re.match(r"(\d+)", stem)
        notebooks.append(
            {
                "name": name,
                "stem": stem,
                "number": number.group(1) if number else "",
                "nb": nb,
                "title": title_of(nb, stem),
                "learn": learn_line(nb),
                "plotly": count_plotly(nb),
                "math": count_math(nb),
                "slides": sum(1 for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")),
            }
        )
    stems = {n["stem"] for n in notebooks}

    def label(n) -> str:
        return f"{n['number']} · {n['title']}" if n["number"] else n["title"]

    search: list[dict] = []
    for i, n in enumerate(notebooks):
        started = time.monotonic()
        prev = notebooks[i - 1] if i > 0 else None
        nxt = notebooks[i + 1] if i + 1 < len(notebooks) else None
        mlem = {
            "kind": "page",
            "assets": "assets",
            "plotly": n["plotly"] > 0,
            # The live cells (assets/mlem-live.js loads plotly.js itself when a cell draws a chart).
            "live": live_config(n["nb"], n["number"]) if any(c.cell_type == "code" for c in n["nb"].cells) else None,
            "title": f"{label(n)} · mlem",
            "contents": "index.html",
            "slides": f"slides/{n['stem']}.slides.html",
            "notebook": f"notebooks/{n['name']}",
            "api": f"{api_href}/index.html" if api_href else None,
            # The "run it locally" box: downloads of the notebook, the PDF and the data it reads.
            "local": {"data": [f"data/{f}" for f in data_files(n["nb"], n["number"])], "pdf": "course.pdf"},
            "prev": {"href": f"{prev['stem']}.html", "label": label(prev)} if prev else None,
            "next": {"href": f"{nxt['stem']}.html", "label": label(nxt)} if nxt else None,
        }
        resources = {"metadata": {"name": n["stem"], "path": str(args.executed)}, "mlem": mlem}
        body, _ = page_exporter.from_notebook_node(copy.deepcopy(n["nb"]), resources=resources)
        body = draw_marks(rewrite_links(body, stems, lambda s, a: f"{s}.html{a}"))
        api_links = 0
        if api_href:
            body, api_links = link_api_names(body, mlem_imports(n["nb"]), symbols, api_href)
        anchor = PLAYGROUNDS.get(n["stem"])
        if anchor:
            if f'id="{anchor}"' not in body:
                raise SystemExit(f"convert.py: {n['name']} has no heading with id {anchor!r}, where the EM playground goes (PLAYGROUNDS)")
            section = (
                f'<section id="mlem-playground" class="mlem-playground" aria-label="EM playground" data-assets="assets" data-before="{html.escape(anchor)}"></section>\n'
                '<script src="assets/mlem-playground.js" defer></script>\n'
            )
            body = body.replace("</main>", section + "</main>", 1)
        (out / f"{n['stem']}.html").write_text(body, encoding="utf-8")
        search.extend(search_sections(f"{n['stem']}.html", body, label(n)))

        mlem_slides = dict(mlem, kind="slides", assets="../assets", prev=None, next=None, live=None, local=None, api=None)
        resources = {"metadata": {"name": n["stem"], "path": str(args.executed)}, "mlem": mlem_slides}
        body, _ = slides_exporter.from_notebook_node(copy.deepcopy(n["nb"]), resources=resources)
        body = draw_marks(rewrite_links(body, stems, lambda s, a: f"../{s}.html{a}" if s == GUIDE else f"{s}.slides.html", data="../data"))
        (out / "slides" / f"{n['stem']}.slides.html").write_text(body, encoding="utf-8")
        log(f"{n['name']}: page + slides ({n['plotly']} charts, {n['math']} formula cells, {api_links} links to the API reference) in {time.monotonic() - started:.1f} s")

    # The course guide (notebooks/README.md: the path, prerequisites and times) as its own page.
    guide_md = (ROOT / "notebooks/README.md").read_text(encoding="utf-8")
    guide_cell = nbformat.v4.new_markdown_cell(guide_md)
    guide_cell.id = GUIDE
    guide_nb = nbformat.v4.new_notebook(cells=[guide_cell], metadata=copy.deepcopy(notebooks[0]["nb"].metadata))
    mlem = {
        "kind": "page",
        "assets": "assets",
        "plotly": False,
        "title": "Course guide · mlem",
        "contents": "index.html",
        "slides": None,
        "notebook": None,
        "api": f"{api_href}/index.html" if api_href else None,
        "prev": None,
        "next": {"href": f"{notebooks[0]['stem']}.html", "label": label(notebooks[0])},
    }
    body, _ = page_exporter.from_notebook_node(guide_nb, resources={"metadata": {"name": GUIDE, "path": str(ROOT / "notebooks")}, "mlem": mlem})
    (out / f"{GUIDE}.html").write_text(draw_marks(rewrite_links(body, stems, lambda s, a: f"{s}.html{a}")), encoding="utf-8")
    log(f"{GUIDE}.html: the course guide (notebooks/README.md)")

    # The whole course on one page: a cover with the contents, the guide, then each notebook from a
    # new page.
    started = time.monotonic()
    course = nbformat.v4.new_notebook()
    course.metadata = copy.deepcopy(notebooks[0]["nb"].metadata)
    course.metadata["title"] = COURSE_TITLE
    toc = f"- [Course guide](#cell-id=chapter-{GUIDE}): the path through the notebooks, prerequisites and times\n" + "\n".join(
        f"- [{label(n)}](#cell-id=chapter-{n['stem']})" + (f": {n['learn']}" if n["learn"] else "") for n in notebooks
    )
    cover = nbformat.v4.new_markdown_cell(
        f"# {COURSE_TITLE}\n\nThe complete course: every notebook with its outputs, as executed by "
        f"`npm run export` on {time.strftime('%Y-%m-%d')}.\n\n## Contents\n\n{toc}\n"
    )
    cover.id = "cover"
    cover.metadata["tags"] = ["mlem-cover"]
    course.cells.append(cover)
    guide_chapter = copy.deepcopy(guide_cell)
    guide_chapter.id = f"chapter-{GUIDE}"
    guide_chapter.metadata["tags"] = ["mlem-chapter"]
    course.cells.append(guide_chapter)
    for n in notebooks:
        for j, cell in enumerate(n["nb"].cells):
            cell = copy.deepcopy(cell)
            cell.id = f"chapter-{n['stem']}" if j == 0 else f"{n['stem']}-{j}"
            if j == 0:
                cell.metadata["tags"] = list(cell.metadata.get("tags", [])) + ["mlem-chapter"]
            course.cells.append(cell)
    mlem = {"kind": "course", "assets": "assets", "plotly": any(n["plotly"] for n in notebooks), "title": COURSE_TITLE}
    body, _ = page_exporter.from_notebook_node(course, resources={"metadata": {"name": "course", "path": str(args.executed)}, "mlem": mlem})
    body = draw_marks(rewrite_links(body, stems, lambda s, a: f"#cell-id=chapter-{s}"))
    (out / "course.html").write_text(body, encoding="utf-8")
    log(f"course.html: all {len(notebooks)} notebooks on one page in {time.monotonic() - started:.1f} s")

    (out / "index.html").write_text(index_page(notebooks, label, f"{api_href}/index.html" if api_href else None), encoding="utf-8")
    # The offline search over every page (assets/mlem-search.js reads it; a script, so file:// works).
    (out / "assets/search-index.js").write_text("window.mlemSearchIndex = " + json.dumps(search, ensure_ascii=False).replace("</", "<\\/") + ";\n", encoding="utf-8")
    log(f"assets/search-index.js: {len(search)} sections of {len(notebooks)} pages for the offline search")
    manifest = {
        "title": COURSE_TITLE,
        "notebooks": [
            {
                "name": n["name"],
                "title": n["title"],
                "learn": n["learn"],
                "page": f"{n['stem']}.html",
                "slides": f"slides/{n['stem']}.slides.html",
                "notebook": f"notebooks/{n['name']}",
                "plotlyOutputs": n["plotly"],
                "mathCells": n["math"],
                "slideCount": n["slides"],
            }
            for n in notebooks
        ],
        "guide": f"{GUIDE}.html",
        "course": {"page": "course.html", "pdf": "course.pdf", "plotlyOutputs": sum(n["plotly"] for n in notebooks)},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    log(f"index.html and manifest.json: {len(notebooks)} notebooks")
    return 0


HEADING_RE = re.compile(r'<h([1-3])\b[^>]*\bid="([^"]*)"[^>]*>(.*?)</h\1>', re.S)


def plain_text(fragment: str) -> str:
    text = re.sub(r"<[^>]+>", " ", fragment)
    return " ".join(html.unescape(text).replace("\u00b6", " ").split())


def search_sections(page: str, body: str, title: str) -> list[dict]:
    """The sections of an exported page for the offline search (assets/search-index.js): one entry
    per heading, with the text under it (prose, tables and text outputs; not code, charts or math
    markup: the TeX source stays, as it is what a reader may type)."""
    main = body.split("<main>", 1)[-1].split("</main>", 1)[0]
    main = re.sub(r"<script\b.*?</script>|<style\b.*?</style>|<svg\b.*?</svg>", " ", main, flags=re.S | re.I)
    main = re.sub(r'<div class="highlight[^"]*"><pre>.*?</pre></div>', " ", main, flags=re.S)
    main = re.sub(r'<nav\b.*?</nav>|<aside class="mlem-local".*?</aside>', " ", main, flags=re.S)
    sections = []
    marks = list(HEADING_RE.finditer(main))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(main)
        text = plain_text(main[m.end():end])
        sections.append({"page": page, "anchor": m.group(2), "title": title, "section": plain_text(m.group(3)), "text": text[:4000]})
    return sections


def index_page(notebooks, label, api: str | None = None) -> str:
    items = []
    for n in notebooks:
        learn = f'<p class="mlem-learn"><strong>What you will learn:</strong> {inline_markdown(n["learn"])}</p>' if n["learn"] else ""
        items.append(
            f"""<li class="mlem-toc-item">
<h2><a href="{html.escape(n['stem'])}.html">{html.escape(label(n))}</a></h2>
{learn}
<p class="mlem-links"><a href="{html.escape(n['stem'])}.html">Read</a> &middot;
<a href="slides/{html.escape(n['stem'])}.slides.html">Slides</a> &middot;
<a href="notebooks/{html.escape(n['name'])}" download>Notebook (.ipynb)</a></p>
</li>"""
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="color-scheme" content="light dark">
<title>{html.escape(COURSE_TITLE)}</title>
<link rel="stylesheet" href="assets/mlem-index.css">
<script src="assets/mathjax-config.js"></script>
<script id="MathJax-script" src="assets/mathjax/tex-svg-full.js" defer></script>
<script src="assets/mlem-export.js" defer></script>
<script src="assets/search-index.js" defer></script>
<script src="assets/mlem-search.js" defer></script>
</head>
<body class="mlem-index">
<main>
<h1>{html.escape(COURSE_TITLE)}</h1>
<p class="mlem-intro">A course on maximum likelihood and the Expectation–Maximization algorithm, taught with
TypeScript notebooks and the <code>mlem</code> library. Each notebook is here as a web page with interactive
charts, as reveal.js slides, and as the executed notebook to download and run in JupyterLab.</p>
<form class="mlem-search" role="search" onsubmit="return false">
<label for="mlem-search-input">Search the course</label>
<input type="search" id="mlem-search-input" placeholder="e.g. responsibilities, Aitken, fitHMM" autocomplete="off">
<ol class="mlem-search-results" aria-live="polite"></ol>
</form>
<p class="mlem-whole"><a href="{GUIDE}.html">Course guide</a>: the path through the notebooks, prerequisites and times.
The whole course: <a href="course.html">on one page</a> &middot; <a href="course.pdf">as a PDF</a></p>
{f'<p class="mlem-api-ref">The library: the <a href="{html.escape(api)}">mlem API reference</a>, every function, class and type with its documentation and examples.</p>' if api else ""}
<ol class="mlem-toc">
{chr(10).join(items)}
</ol>
<footer>Exported with <code>npm run export</code> on {time.strftime('%Y-%m-%d')}. Works offline: every script, style and font is in <code>assets/</code>.</footer>
</main>
</body>
</html>
"""


if __name__ == "__main__":
    sys.exit(main())
