"""Command line: ``assistant index|ask|eval|chat`` and the subcommands of ``COMMAND_MODULES``. Thin: every command calls the package's stages."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

# Further subcommands live in their own modules, each with ``register(commands)``: the UI (serve),
# the role tools (clause, compare, checklist, quiz, glossary) and the benchmark (bench).
COMMAND_MODULES = ("cli_serve", "cli_tools", "cli_bench")


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False))


def _open(args: argparse.Namespace, backend: str = "chroma"):
    from .api import Assistant
    from .config import Settings

    return Assistant.open(Settings.from_env(), build_if_missing=True, backend=backend)


def cmd_index(args: argparse.Namespace) -> int:
    from .config import Settings
    from .index import build_index

    report = build_index(Settings.from_env(), rebuild=args.rebuild, progress=not args.quiet)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    for doc_id, warnings in report.warnings.items():
        for warning in warnings:
            print(f"warning: {doc_id}: {warning}", file=sys.stderr)
    if report.up_to_date:
        print(f"index is up to date ({report.clause_count} clauses)")
    else:
        print(
            f"indexed {len(report.changed)} changed, kept {len(report.unchanged)} unchanged, "
            f"removed {len(report.removed)} document(s): {report.clause_count} clauses in {report.seconds:.1f}s"
        )
    return 1 if report.errors and report.build_id is None and not report.unchanged else 0


def _print_answer(result: dict[str, Any]) -> None:
    print(result["answer"])
    for warning in result["warnings"]:
        print(f"⚠ {warning}")


def cmd_ask(args: argparse.Namespace) -> int:
    # one process, one question (or one batch): exact search over the embedding matrix, no LlamaIndex/Chroma import
    assistant = _open(args, backend="matrix")
    if assistant.search.snapshot.dense.name != "matrix":
        print("note: this index predates the embedding matrix; `assistant index` rebuilds it for a faster ask",
              file=sys.stderr)
    options = {"top_k": args.top_k, "doc": args.doc, "region": args.region, "status": args.status}
    if args.jsonl:
        lines = sys.stdin if args.jsonl == "-" else Path(args.jsonl).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            item: Any = None
            try:
                item = json.loads(line)
                if not isinstance(item.get("question"), str):
                    raise TypeError("'question' must be a string")
                result = assistant.ask(item["question"], history=item.get("history"), **options).to_dict()
                result["id"] = item.get("id")
            except (json.JSONDecodeError, AttributeError, TypeError) as err:
                item_id = item.get("id") if isinstance(item, dict) else None
                result = {"id": item_id, "line": number, "error": f"bad input line: {err}"}
            _print_json(result)
        return 0
    if not args.question:
        print("error: give a question, or --jsonl FILE", file=sys.stderr)
        return 2
    result = assistant.ask(args.question, **options).to_dict()
    if args.json:
        _print_json(result)
    else:
        _print_answer(result)
    return 0


def cmd_feedback_candidates(feedback_file: str, out: str | None) -> int:
    """Turn the UI's feedback JSONL into eval-set candidate lines (for review before they join an eval set)."""
    from .feedback import eval_candidates, read_feedback

    candidates = eval_candidates(read_feedback(Path(feedback_file)))
    lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in candidates)
    if out:
        Path(out).write_text(lines, encoding="utf-8")
        print(f"wrote {len(candidates)} eval candidate(s) to {out}", file=sys.stderr)
    else:
        sys.stdout.write(lines)
    return 0


NO_GLOSSARY = "hybrid, no glossary"


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import by_tag, compare_items, format_table, item_record, load_eval, run_eval, summarize

    if args.feedback:
        return cmd_feedback_candidates(args.feedback, args.out)
    assistant = _open(args)
    paths = [Path(p) for p in args.files] or sorted(Path(assistant.settings.root, "evals").glob("*.jsonl"))
    items = load_eval(paths)
    modes = ["hybrid", "lexical", "dense", NO_GLOSSARY] if not args.no_ablation else ["hybrid"]
    report: dict[str, Any] = {"files": [str(p) for p in paths], "k": args.k, "modes": {}}
    for mode in modes:
        expand = not args.no_glossary and mode != NO_GLOSSARY
        scores = run_eval(assistant, items, k=args.k, mode="hybrid" if mode == NO_GLOSSARY else mode, glossary=expand)
        report["modes"][mode] = {"overall": summarize(scores), "by_tag": by_tag(scores) if mode == "hybrid" else {}}
        if mode == "hybrid":
            records = [item_record(score) for score in scores]
            if args.items:
                Path(args.items).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
            if args.compare:
                report["compared_with"] = {"file": args.compare, **compare_items(_read_items(args.compare), records)}
            report["failures"] = [
                {"id": s.id, "tags": s.tags, "recall": s.recall, "abstained": s.abstained, "top": s.top}
                for s in scores
                if (s.answerable and (s.abstained or (s.recall is not None and s.recall < 1)))
                or (not s.answerable and not s.abstained)
            ]
    if args.json:
        _print_json(report)
        return 0
    expansion = "" if not args.no_glossary else "; without glossary expansion"
    print(f"eval: {len(items)} questions from {', '.join(report['files'])}; k={args.k}{expansion}\n")
    print(format_table({"hybrid (all)": report["modes"]["hybrid"]["overall"], **report["modes"]["hybrid"]["by_tag"]}))
    if len(modes) > 1:
        print("\nablation (same questions):\n")
        print(format_table({m: report["modes"][m]["overall"] for m in modes}, first="mode"))
    if args.compare:
        _print_changes(report["compared_with"], {item["id"]: item["question"] for item in items})
    return 0


def _read_items(path: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _print_changes(changes: dict[str, Any], questions: dict[str, str]) -> None:
    kinds = [kind for kind in changes if kind != "file"]
    print(f"\ncompared with {changes['file']}: " + ", ".join(f"{len(changes[kind])} {kind}" for kind in kinds))
    for kind in kinds:
        for item_id in changes[kind]:
            print(f"  {kind:16s} {item_id:8s} {questions.get(item_id, '')[:60]}")


def cmd_chat(args: argparse.Namespace) -> int:
    assistant = _open(args)
    history: list[str] = []
    print("预拌混凝土政策助手 · 输入问题，回车提问；/new 新对话，/quit 退出。")
    while True:
        try:
            question = input("\n问> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question:
            continue
        if question in ("/quit", "/exit", "/q"):
            return 0
        if question == "/new":
            history.clear()
            print("（已开始新对话）")
            continue
        result = assistant.ask(question, history=history).to_dict()
        if result["standalone_query"] and result["standalone_query"] != question:
            print(f"（理解为：{result['standalone_query']}）")
        _print_answer(result)
        for citation in result["citations"]:
            print(f"\n[{citation['n']}] {' › '.join(citation['path'])}\n{citation['text']}")
        history.append(question)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="预拌混凝土政策助手 — clause-cited answers")
    commands = parser.add_subparsers(dest="command", required=True)
    index = commands.add_parser("index", help="build or update indexes/ from corpus/")
    index.add_argument("--rebuild", action="store_true", help="rebuild everything, refitting the embedding")
    index.add_argument("--quiet", action="store_true", help="no progress bar")
    index.set_defaults(func=cmd_index)
    ask = commands.add_parser("ask", help="answer one question (or a JSONL batch)")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--json", action="store_true")
    ask.add_argument("--jsonl", metavar="FILE", help='lines {"id", "question", "history"?}; - for stdin')
    ask.add_argument("--top-k", type=int, default=5)
    ask.add_argument("--doc", help="only this document id")
    ask.add_argument("--region", help="only documents of this region (e.g. 湖北省)")
    ask.add_argument("--status", help="only documents with this status (draft, trial, expired, guidance, in_force)")
    ask.set_defaults(func=cmd_ask)
    evaluate = commands.add_parser("eval", help="score eval sets")
    evaluate.add_argument("files", nargs="*")
    evaluate.add_argument("--k", type=int, default=5)
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument("--no-ablation", action="store_true", help="hybrid only")
    evaluate.add_argument(
        "--no-glossary", action="store_true", help="ask without glossary/lexicon query expansion (to measure it)"
    )
    evaluate.add_argument("--items", metavar="FILE", help="write each question's scores (JSONL), to compare a later run with")
    evaluate.add_argument("--compare", metavar="FILE", help="list the questions that got better or worse since --items FILE")
    evaluate.add_argument("--feedback", metavar="FILE", help="turn UI feedback (JSONL) into eval-set candidates")
    evaluate.add_argument("--out", metavar="FILE", help="with --feedback: write the candidates here (default stdout)")
    evaluate.set_defaults(func=cmd_eval)
    chat = commands.add_parser("chat", help="terminal chat that keeps the conversation")
    chat.set_defaults(func=cmd_chat)
    for module in COMMAND_MODULES:
        importlib.import_module(f".{module}", __package__).register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .catalog import CatalogError
    from .evaluate import EvalFormatError
    from .feedback import FeedbackError
    from .index import IndexError_
    from .load import LoadError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (CatalogError, EvalFormatError, FeedbackError, IndexError_, LoadError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
