"""``xref check [PATHS...]``: verify the quotes and numbers of curated notes.

Exit codes: 0 when no result reaches ``--fail-on``; 1 when one does (or a
note could not be read); 2 for a usage, configuration or input error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from xref.baseline import BaselineEntry, read_baseline, write_baseline
from xref.cache import add_scale_arguments, corpus_loader, default_jobs
from xref.checker import CheckRun, apply_baseline, check
from xref.commands import emit
from xref.config import FAIL_ON, Config, load_config, load_config_file
from xref.errors import XrefError

#: --format -> module in xref.output with ``render(run, show_all=...)``
FORMATS: dict[str, str] = {
    "text": "text",
    "concise": "concise",
    "json": "json_out",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
    "markdown": "check_markdown",
    "html": "check_html",
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="notes: Markdown or text files, or folders (default: the configuration's notes globs)",
    )
    p.add_argument("--sources", metavar="DIR", help="folder of source documents")
    p.add_argument(
        "--manifest", metavar="FILE", help="sources manifest (TOML: [[source]] key, path, url …)"
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file (default: xref.toml, or [tool.xref] in pyproject.toml, "
        "found by walking up)",
    )
    p.add_argument("--format", choices=sorted(FORMATS), help="output format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE")
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        help="exit 1 when a result of this severity or worse exists (default: error)",
    )
    p.add_argument("--baseline", metavar="FILE", help="accept the results recorded in FILE")
    p.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every current problem in FILE (later runs fail only on new ones)",
    )
    p.add_argument(
        "--all",
        action="store_true",
        dest="show_all",
        help="list passing and suppressed results too (text, concise, sarif)",
    )
    add_scale_arguments(p)


def _config(args: argparse.Namespace) -> Config:
    cfg = load_config_file(Path(args.config)) if args.config else load_config()
    if args.fail_on:
        cfg = cfg.__class__(**{**_fields(cfg), "fail_on": args.fail_on})
    return cfg


def _fields(cfg: Config) -> dict[str, object]:
    import attrs

    return attrs.asdict(cfg, recurse=False)


def render(run: CheckRun, fmt: str, *, show_all: bool = False) -> str:
    module = importlib.import_module(f"xref.output.{FORMATS[fmt]}")
    out: str = module.render(run, show_all=show_all)
    return out


def run(args: argparse.Namespace) -> int:
    cfg = _config(args)
    fmt = args.format or cfg.format or "text"
    if fmt not in FORMATS:
        raise XrefError(
            f"format: unknown output format {fmt!r} (known: {', '.join(sorted(FORMATS))})",
            path=str(cfg.path) if cfg.path else None,
        )
    result = check(
        args.paths,
        config=cfg,
        sources=Path(args.sources) if args.sources else None,
        manifest=Path(args.manifest) if args.manifest else None,
        loader=corpus_loader(args, cfg.root),
        jobs=args.jobs or default_jobs(),
    )
    baseline = args.baseline or (
        str(cfg.baseline) if cfg.baseline and not args.write_baseline else None
    )
    if baseline:
        accepted = read_baseline(Path(baseline))
        result = CheckRun(
            tuple(apply_baseline(result.results, accepted)),
            result.files,
            result.documents,
            result.root,
            result.fail_on,
        )
    if args.write_baseline:
        entries = [
            BaselineEntry(r.fingerprint, r.file, r.verdict, r.quote, r.cited)
            for r in result.results
            if r.severity != "pass" and not r.suppressed and r.verdict != "input-error"
        ]
        emit(write_baseline(entries), args.write_baseline)
        result = CheckRun(
            tuple(apply_baseline(result.results, read_baseline(Path(args.write_baseline)))),
            result.files,
            result.documents,
            result.root,
            result.fail_on,
        )
        print(
            f"xref: wrote {len(entries)} baseline entries to {args.write_baseline}", file=sys.stderr
        )
    text = render(result, fmt, show_all=args.show_all)
    emit(text, args.output)
    return result.exit_code()
