"""``xref check`` results as JUnit XML: one testsuite per note, one testcase
per quote, number or problem; a failing result (by ``--fail-on``) is a
``failure``, an unreadable note an ``error``, a suppressed one ``skipped``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from xref.checker import CheckResult, CheckRun
from xref.output.text import marked, one_line


def _case(r: CheckResult, fail_on: str) -> ET.Element:
    what = f"“{one_line(r.quote, 80)}”" if r.kind == "quote" else (r.quote or r.verdict)
    cited = f" [{'; '.join(r.cited)}]" if r.cited else ""
    tc = ET.Element(
        "testcase",
        {
            "classname": r.file.replace("/", ".").rsplit(".", 1)[0] if "." in r.file else r.file,
            "name": f"{r.file}:{r.line}:{r.column} {r.kind} {what}{cited}",
            "file": r.file,
            "line": str(r.line),
            "time": "0",
        },
    )
    body = [r.message]
    if r.source is not None:
        body.append(f"source ({r.source.doc}): {one_line(r.source.text, 300)}")
    if r.diffs:
        body.append(f"diff [-source-]{{+note+}}: {marked(r.quote, r.diffs)}")
    body += [f"{e.code}: {e.message}" for e in r.evidence]
    if r.suppressed:
        ET.SubElement(
            tc,
            "skipped",
            {"message": f"suppressed ({r.suppressed}): {r.justification or ''}".strip()},
        )
    elif r.verdict == "input-error":
        el = ET.SubElement(tc, "error", {"message": one_line(r.message), "type": r.verdict})
        el.text = "\n".join(body)
    elif r.fails(fail_on):
        el = ET.SubElement(tc, "failure", {"message": one_line(r.message), "type": r.verdict})
        el.text = "\n".join(body)
    else:
        out = ET.SubElement(tc, "system-out")
        out.text = f"{r.verdict} ({r.severity}): {r.message}"
    return tc


def render(run: CheckRun, *, show_all: bool = True) -> str:
    root = ET.Element("testsuites", {"name": "xref check"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for file, group in groupby(run.results, key=lambda r: r.file):
        cases = [_case(r, run.fail_on) for r in group]
        counts = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        suite = ET.SubElement(
            root, "testsuite", {"name": file, **{k: str(v) for k, v in counts.items()}, "time": "0"}
        )
        suite.extend(cases)
        for k, v in counts.items():
            totals[k] += v
    for k in ("tests", "failures", "errors"):
        root.set(k, str(totals[k]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
