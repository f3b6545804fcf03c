"""Knobs: what a learner is invited to change in a notebook, and the alternates the tests try.

Every course notebook declares its knobs in ONE code cell tagged `knobs` (cell metadata
`"tags": ["knobs"]`). The cell holds only lines of the form

    const name = value; // what changing it shows

(blank lines are allowed). `value` is one of three kinds:

    number     2, -1.5, 1e-3              (a JavaScript number literal, finite)
    string     "full"                     (a double-quoted JSON string, or '...' without escapes)
    number[]   [0.5, 0.5], []             (an array of number literals)

An optional type annotation of the same kind, `const K: number = 2; // ...`, keeps TypeScript from
giving the constant a literal type (`2`), which matters when later code compares it with other
values (`K === 3` is a type error for a `const K = 2`). The comment after `//` is required and
says what a learner sees change.

The knobs cell's metadata also lists ALTERNATES, other sensible settings that change the story:

    "mlem": {"alternates": [{"K": 3}, {"seed": 7, "nPoints": 120}]}

Each alternate is a partial assignment (JSON object) of knob names to values of the knob's kind;
there are at least two, each differs from the defaults in at least one knob, and no two are the
same. `npm test` runs the notebook once more per alternate with the knobs cell's values rewritten
(scripts/run_perturbations.py), under the same rules as the main run.

A knob that no later code cell mentions is an error: everything after the knobs cell derives from
the knob names.

Usage (.venv/bin/python scripts/knobs.py ...):
    check [NB...]            validate the knobs cell of each notebook (default notebooks/*.ipynb)
    show NB                  list the knobs and alternates of a notebook
    apply NB I -o OUT.ipynb  write a copy of NB with alternate I (1-based) applied, e.g. to open it
                             in JupyterLab; put OUT next to the notebook, which reads ../data/
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parent.parent
TAG = "knobs"

_NUMBER = r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(rf"^{_NUMBER}$")
_ARRAY_RE = re.compile(rf"^\[\s*(?:{_NUMBER}(?:\s*,\s*{_NUMBER})*\s*,?)?\s*\]$")
_LINE_RE = re.compile(
    r"^const\s+(?P<name>[A-Za-z_$][\w$]*)\s*"
    r"(?::\s*(?P<annotation>number\s*\[\s*\]|number|string)\s*)?"
    r"=\s*(?P<value>.*?)\s*;\s*//\s*(?P<doc>.*?)\s*$"
)
KINDS = ("number", "string", "number[]")


class KnobsError(Exception):
    """A malformed knobs cell or alternate; the message names the notebook and what to fix."""


@dataclass
class Knob:
    name: str
    kind: str  # "number" | "string" | "number[]"
    value: Any
    doc: str
    line: int  # 0-based line of the knobs cell
    value_span: tuple[int, int]  # the value's characters in that line


def _number(text: str) -> int | float:
    v = float(text)
    if not math.isfinite(v):
        raise ValueError(text)
    return int(text) if re.fullmatch(r"-?\d+", text) else v


def parse_value(text: str) -> tuple[str, Any]:
    """(kind, value) of a knob's value as written in TypeScript; ValueError when not a knob value."""
    if _NUMBER_RE.match(text):
        return "number", _number(text)
    if text.startswith('"'):
        v = json.loads(text)  # ValueError (JSONDecodeError) when malformed
        if not isinstance(v, str):
            raise ValueError(text)
        return "string", v
    if len(text) >= 2 and text[0] == text[-1] == "'" and "\\" not in text and "'" not in text[1:-1]:
        return "string", text[1:-1]
    if _ARRAY_RE.match(text):
        inner = text.strip()[1:-1].strip().rstrip(",")
        return "number[]", [_number(t.strip()) for t in inner.split(",")] if inner else []
    raise ValueError(text)


def kind_of_json(value: Any) -> str | None:
    """The knob kind of a JSON value from an alternate, or None when it is none of them."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return "number" if math.isfinite(value) else None
    if isinstance(value, str):
        return "string"
    if isinstance(value, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value):
        return "number[]"
    return None


def format_value(kind: str, value: Any) -> str:
    """A value as TypeScript source (inverse of parse_value)."""
    if kind == "number":
        return _format_number(value)
    if kind == "string":
        return json.dumps(value, ensure_ascii=False)
    return "[" + ", ".join(_format_number(v) for v in value) + "]"


def _format_number(v: int | float) -> str:
    if isinstance(v, int) or float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


def parse_knobs(source: str, where: str = "knobs cell") -> list[Knob]:
    """The knobs of a knobs cell's source; KnobsError naming the line when a line is not a knob."""
    knobs: list[Knob] = []
    for i, line in enumerate(source.splitlines()):
        if not line.strip():
            continue
        m = _LINE_RE.match(line.strip())
        if not m:
            raise KnobsError(
                f"{where}, line {i + 1}: `{line.strip()}` is not a knob. Every line must read "
                "`const name = value; // what changing it shows` (value: a number, a string or an array of numbers); "
                "put other code in the next cell."
            )
        offset = len(line) - len(line.lstrip())
        name, value_text, doc = m.group("name"), m.group("value"), m.group("doc")
        try:
            kind, value = parse_value(value_text)
        except ValueError:
            raise KnobsError(
                f"{where}, line {i + 1}: the value of `{name}`, `{value_text}`, is not a number, a string or an array of numbers."
            ) from None
        annotation = re.sub(r"\s", "", m.group("annotation") or "")
        if annotation and annotation != kind:
            raise KnobsError(f"{where}, line {i + 1}: `{name}` is annotated `{annotation}` but its value is a {kind}.")
        if not doc:
            raise KnobsError(f"{where}, line {i + 1}: `{name}` needs a comment after `//` saying what changing it shows.")
        if any(k.name == name for k in knobs):
            raise KnobsError(f"{where}, line {i + 1}: `{name}` is declared twice.")
        start = offset + m.start("value")
        knobs.append(Knob(name, kind, value, doc, i, (start, start + len(value_text))))
    if not knobs:
        raise KnobsError(f"{where}: the cell tagged `{TAG}` declares no knob.")
    return knobs


def find_knobs_cell(nb, where: str = "notebook") -> int | None:
    """Index (0-based) of the notebook's knobs cell, None when it has none; KnobsError when ambiguous."""
    found = [i for i, c in enumerate(nb.cells) if TAG in (c.metadata.get("tags") or [])]
    if not found:
        stray = [i for i, c in enumerate(nb.cells) if "alternates" in (c.metadata.get("mlem") or {})]
        if stray:
            raise KnobsError(f"{where}: cell {stray[0] + 1} has mlem.alternates but is not tagged `{TAG}`.")
        return None
    if len(found) > 1:
        raise KnobsError(f"{where}: cells {', '.join(str(i + 1) for i in found)} are all tagged `{TAG}`; a notebook has one knobs cell.")
    if nb.cells[found[0]].cell_type != "code":
        raise KnobsError(f"{where}: cell {found[0] + 1} is tagged `{TAG}` but is not a code cell.")
    return found[0]


def describe_alternate(alternate: dict, index: int) -> str:
    """`alternate 2 (K = 3, seed = 7)`: how failures and logs name an alternate (1-based index)."""
    parts = ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in alternate.items())
    return f"alternate {index} ({parts})"


def validate_alternates(knobs: list[Knob], alternates: Any, where: str) -> list[dict]:
    by_name = {k.name: k for k in knobs}
    if not isinstance(alternates, list) or len(alternates) < 2:
        raise KnobsError(
            f'{where}: the knobs cell needs metadata "mlem": {{"alternates": [{{...}}, {{...}}]}} with at least two '
            "alternate settings that change the story (another K, another seed, less data)."
        )
    seen: list[dict] = []
    for j, alt in enumerate(alternates, start=1):
        if not isinstance(alt, dict) or not alt:
            raise KnobsError(f"{where}: alternate {j} must be a non-empty object of knob names to values, got {json.dumps(alt)}.")
        for name, value in alt.items():
            if name not in by_name:
                raise KnobsError(f"{where}: alternate {j} sets `{name}`, which is not a knob (knobs: {', '.join(by_name)}).")
            kind = kind_of_json(value)
            if kind != by_name[name].kind:
                raise KnobsError(
                    f"{where}: alternate {j} sets `{name}` to {json.dumps(value)}, "
                    f"but `{name}` is a {by_name[name].kind} ({format_value(by_name[name].kind, by_name[name].value)})."
                )
        if all(_same(alt[n], by_name[n].value) for n in alt):
            raise KnobsError(f"{where}: alternate {j} repeats the defaults; change at least one knob.")
        if any(all(n in s and _same(s[n], alt[n]) for n in alt) and len(s) == len(alt) for s in seen):
            raise KnobsError(f"{where}: alternate {j} is the same as an earlier one.")
        seen.append(alt)
    return alternates


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a) == json.dumps(b) if not isinstance(a, (int, float)) else float(a) == float(b)


@dataclass
class KnobsCell:
    index: int  # 0-based cell index
    knobs: list[Knob]
    alternates: list[dict]


def read_knobs(nb, where: str = "notebook") -> KnobsCell | None:
    """The validated knobs cell of a notebook (None when it has none); KnobsError when malformed."""
    index = find_knobs_cell(nb, where)
    if index is None:
        return None
    cell = nb.cells[index]
    cell_where = f"{where}: cell {index + 1} (knobs)"
    knobs = parse_knobs(cell.source, cell_where)
    alternates = validate_alternates(knobs, (cell.metadata.get("mlem") or {}).get("alternates"), cell_where)
    later = "\n".join(c.source for c in nb.cells[index + 1 :] if c.cell_type == "code")
    for k in knobs:
        if not re.search(rf"(?<![\w$]){re.escape(k.name)}(?![\w$])", later):
            raise KnobsError(f"{cell_where}: the knob `{k.name}` is never used after the knobs cell; derive from it or remove it.")
    return KnobsCell(index, knobs, alternates)


def rewrite_source(source: str, knobs: list[Knob], alternate: dict) -> str:
    """The knobs cell's source with the alternate's values written in place (comments kept)."""
    lines = source.splitlines()
    for k in knobs:
        if k.name in alternate:
            a, b = k.value_span
            line = lines[k.line]
            lines[k.line] = line[:a] + format_value(k.kind, alternate[k.name]) + line[b:]
    return "\n".join(lines)


def apply_alternate(nb, cell: KnobsCell, alternate: dict):
    """A deep copy of the notebook with the alternate applied to its knobs cell."""
    out = copy.deepcopy(nb)
    out.cells[cell.index].source = rewrite_source(out.cells[cell.index].source, cell.knobs, alternate)
    return out


def _display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="validate knobs cells")
    p_check.add_argument("notebooks", nargs="*", type=Path)
    p_show = sub.add_parser("show", help="list knobs and alternates")
    p_show.add_argument("notebook", type=Path)
    p_apply = sub.add_parser("apply", help="write a copy with one alternate applied")
    p_apply.add_argument("notebook", type=Path)
    p_apply.add_argument("alternate", type=int, help="1-based index of the alternate")
    p_apply.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)

    if args.command == "check":
        paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
        errors = []
        for path in paths:
            try:
                cell = read_knobs(nbformat.read(path, as_version=4), _display(path))
            except KnobsError as exc:
                errors.append(str(exc))
                continue
            if cell is None:
                print(f"[knobs] {path.name}: no knobs cell")
            else:
                print(f"[knobs] {path.name}: {len(cell.knobs)} knobs ({', '.join(k.name for k in cell.knobs)}), {len(cell.alternates)} alternates")
        for e in errors:
            print(f"[knobs] FAIL {e}", file=sys.stderr)
        return 1 if errors else 0

    path = args.notebook.resolve()
    nb = nbformat.read(path, as_version=4)
    try:
        cell = read_knobs(nb, _display(path))
    except KnobsError as exc:
        print(f"[knobs] FAIL {exc}", file=sys.stderr)
        return 1
    if cell is None:
        print(f"[knobs] {path.name} has no knobs cell", file=sys.stderr)
        return 1
    if args.command == "show":
        for k in cell.knobs:
            print(f"{k.name} ({k.kind}) = {format_value(k.kind, k.value)}  // {k.doc}")
        for j, alt in enumerate(cell.alternates, start=1):
            print(describe_alternate(alt, j))
        return 0
    if not 1 <= args.alternate <= len(cell.alternates):
        print(f"[knobs] {path.name} has alternates 1..{len(cell.alternates)}", file=sys.stderr)
        return 1
    nbformat.write(apply_alternate(nb, cell, cell.alternates[args.alternate - 1]), args.output)
    print(f"[knobs] wrote {args.output} with {describe_alternate(cell.alternates[args.alternate - 1], args.alternate)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
