"""The command line: ``xref COMMAND ...``; ``main(argv)`` returns the exit code.

Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage,
configuration or input error.  User errors are one line on stderr, never a
traceback.  Each command lives in ``xref/commands/NAME.py`` with
``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from xref import __version__
from xref.errors import XrefError

#: command name -> one-line help; the module is xref.commands.<name>
COMMANDS: dict[str, str] = {
    "report": "cross-reference a corpus: clusters of quotes and passages, verdicts, findings",
    "check": "verify the quotes and numbers of curated notes against their sources (a CI gate)",
    "verify": "where a quote appears in the sources, the verdict and speaker in each, word by word",
    "rules": "list the consistency rules, or explain one (xref rules NAME)",
}


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"xref.commands.{name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xref",
        description="Cross-reference sources and check quotes.",
    )
    parser.add_argument("--version", action="version", version=f"xref {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        _module(name).add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = _module(args.command).run(args)
        return code
    except XrefError as e:
        print(f"xref: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("xref: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:  # pragma: no cover - thin wrapper for the console script
    sys.exit(main())
