"""Small helpers for writing course notebooks from Python (authoring aid, not used at run time).

    from nbtools import md, code, write
    write("notebooks/01-likelihood.ipynb", [md("# Title"), code("const x = 1;")])

Notebooks are written without outputs and with the tslab kernelspec, as `npm test` requires.
"""

from __future__ import annotations

import nbformat

KERNELSPEC = {"name": "tslab", "display_name": "TypeScript (tslab)", "language": "typescript"}
LANGUAGE_INFO = {
    "name": "typescript",
    "file_extension": ".ts",
    "mimetype": "text/typescript",
    "codemirror_mode": {"name": "typescript", "typescript": True},
}


def md(text: str, slide: str | None = None, **metadata):
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"))
    if slide:
        metadata.setdefault("slideshow", {"slide_type": slide})
    cell.metadata.update(metadata)
    return cell


def code(text: str, slide: str | None = None, hidden: bool = False, **metadata):
    """hidden=True collapses the cell's source in JupyterLab (for solutions)."""
    cell = nbformat.v4.new_code_cell(text.strip("\n"))
    if slide:
        metadata.setdefault("slideshow", {"slide_type": slide})
    if hidden:
        metadata.setdefault("jupyter", {"source_hidden": True})
        metadata.setdefault("tags", []).append("solution")
    cell.metadata.update(metadata)
    return cell


def write(path: str, cells, title: str | None = None) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = LANGUAGE_INFO
    if title:
        nb.metadata["title"] = title
    nb.cells = cells
    # Stable ids keep diffs clean when a notebook is regenerated.
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:03d}"
    nbformat.validate(nb)
    nbformat.write(nb, path)
