"""Subcommands for the role tools: `assistant clause|compare|checklist|quiz|glossary`. Thin: parse, call, print."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2


def _book():
    from .config import Settings
    from .lookup import ClauseBook

    return ClauseBook.open(Settings.from_env())


def _glossary():
    from .config import Settings
    from .glossary import Glossary
    from .text import add_words

    glossary = Glossary.load(Settings.from_env().corpus_dir / "glossary.json")
    add_words(glossary.words())
    return glossary


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """User errors become one clear line on stderr and exit code 2, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        from .lookup import ToolError

        try:
            return command(args)
        except (ToolError, UnicodeDecodeError) as err:
            print(f"error: {err}", file=sys.stderr)
            return EXIT_BAD_INPUT

    return run


def cmd_clause(args: argparse.Namespace) -> int:
    from .lookup import lookup, render_text

    result = lookup(_book(), args.ref, doc=args.doc)
    print(json.dumps(result.to_dict(), ensure_ascii=False) if args.json else render_text(result))
    return 0 if result.outcome == "found" else EXIT_NOT_FOUND


def cmd_compare(args: argparse.Namespace) -> int:
    from .compare import compare, render_csv, render_markdown

    comparison = compare(_book(), args.topic, _glossary(), per_doc=args.per_doc)
    if args.json:
        print(json.dumps(comparison.to_dict(), ensure_ascii=False))
    else:
        print(render_csv(comparison) if args.csv else render_markdown(comparison), end="\n")
    return 0


def _read_file(path: str) -> str:
    from .lookup import ToolError

    file = Path(path)
    if not file.is_file():
        raise ToolError(f"{path}: no such file")
    return file.read_text(encoding="utf-8-sig")


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        print(f"written: {output}", file=sys.stderr)
    else:
        print(text, end="" if text.endswith("\n") else "\n")


def cmd_checklist(args: argparse.Namespace) -> int:
    from . import checklist as cl

    checklist = cl.build_checklist(_book(), args.target, _glossary(), doc=args.doc)
    if args.assess:
        report = cl.gap_report(checklist, cl.load_assessment(_read_file(args.assess), name=args.assess))
        render = {"md": cl.render_gap_markdown, "csv": cl.render_gap_csv, "json": cl.render_gap_json}[args.format]
        _write(render(report), args.output)
        return 0
    render = {"md": cl.render_markdown, "csv": cl.render_csv, "json": cl.render_json}[args.format]
    _write(render(checklist), args.output)
    return 0


def cmd_quiz(args: argparse.Namespace) -> int:
    from .quiz import build_quiz
    from .quiz_export import render

    quiz = build_quiz(
        _book(), n=args.n, qtype=args.type, seed=args.seed, topic=args.topic, doc=args.doc, glossary=_glossary()
    )
    if len(quiz.items) < args.n:
        print(f"note: only {len(quiz.items)} distinct items could be built for these filters", file=sys.stderr)
    _write(render(quiz, args.format), args.output)
    return 0


def cmd_glossary(args: argparse.Namespace) -> int:
    from .glossary_view import glossary_entries, render_json, render_text

    entries = glossary_entries(_book(), _glossary(), args.term)
    print(render_json(entries) if args.json else render_text(entries, args.term))
    return 0 if entries else EXIT_NOT_FOUND


def register(commands: Any) -> None:
    """Add the role tools' subcommands to the ``assistant`` parser."""
    clause = commands.add_parser("clause", help="look a clause up by label (附件1 九、8), 【title】 or id")
    clause.add_argument("ref")
    clause.add_argument("--doc", help="only this document id")
    clause.add_argument("--json", action="store_true")
    clause.set_defaults(func=_guarded(cmd_clause))

    compare = commands.add_parser("compare", help="what each document says on a topic (silent ones listed)")
    compare.add_argument("topic")
    compare.add_argument("--json", action="store_true")
    compare.add_argument("--csv", action="store_true")
    compare.add_argument("--per-doc", type=int, default=3, help="clauses shown per document (default 3)")
    compare.set_defaults(func=_guarded(cmd_compare))

    checklist = commands.add_parser(
        "checklist", help="requirements checklist (标准化搅拌站, 标杆示范搅拌站, or a topic); --assess for a gap report"
    )
    checklist.add_argument("target")
    checklist.add_argument("--format", choices=("md", "csv", "json"), default="md")
    checklist.add_argument("--assess", metavar="FILE", help="filled checklist (CSV or JSON: item_id, status)")
    checklist.add_argument("--doc", help="topic checklists: only this document id")
    checklist.add_argument("--output", "-o", help="write to this file instead of stdout")
    checklist.set_defaults(func=_guarded(cmd_checklist))

    quiz = commands.add_parser("quiz", help="quiz items from clauses, with answer keys and citations")
    quiz.add_argument("--topic")
    quiz.add_argument("--doc")
    quiz.add_argument("--n", type=int, default=10)
    quiz.add_argument("--type", choices=("mc", "tf", "cloze", "mixed"), default="mixed")
    quiz.add_argument("--seed", type=int, default=0)
    quiz.add_argument("--format", choices=("md", "csv", "json", "gift", "moodle-xml"), default="md")
    quiz.add_argument("--output", "-o")
    quiz.set_defaults(func=_guarded(cmd_quiz))

    glossary = commands.add_parser("glossary", help="terms and abbreviations with definitions and their clause")
    glossary.add_argument("term", nargs="?")
    glossary.add_argument("--json", action="store_true")
    glossary.set_defaults(func=_guarded(cmd_glossary))
