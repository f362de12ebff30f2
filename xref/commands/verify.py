"""``xref verify "QUOTE"``: where do these words appear, and how?

Exit 0 when the quote is found exact, truncated or elided somewhere (in the
``--source`` document when one is named), 1 otherwise, 2 on a usage,
configuration or input error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xref.cache import add_scale_arguments, corpus_loader
from xref.commands import emit
from xref.config import load_config, load_config_file
from xref.manifest import build_corpus, load_manifest
from xref.verify import render_json, render_text, verify


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("quote", metavar="QUOTE", help="the words to look for")
    p.add_argument(
        "--source", metavar="KEY", help="the source you mean to cite (a key or document id)"
    )
    p.add_argument("--sources", metavar="DIR", help="folder of source documents")
    p.add_argument("--manifest", metavar="FILE", help="sources manifest (TOML)")
    p.add_argument("--config", metavar="FILE", help="configuration file")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE")
    add_scale_arguments(p)


def run(args: argparse.Namespace) -> int:
    cfg = load_config_file(Path(args.config)) if args.config else load_config()
    sources = Path(args.sources) if args.sources else cfg.sources
    manifest_path = Path(args.manifest) if args.manifest else cfg.manifest
    manifest = load_manifest(manifest_path) if manifest_path else None
    corpus = build_corpus(
        sources=sources, manifest=manifest, root=cfg.root,
        allow_outside_root=cfg.allow_outside_root, loader=corpus_loader(args, cfg.root),
    )
    report = verify(args.quote, corpus, source=args.source, config=cfg)
    text = render_json(report) if args.format == "json" else render_text(report)
    emit(text, args.output)
    return 0 if report.ok else 1
