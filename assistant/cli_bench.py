"""Subcommand `assistant bench`: quality against the alternatives, speed, memory, load and scale."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--scale takes sizes like 10000,100000, not {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("--scale sizes must be positive")
    return sizes


def cmd_bench(args: argparse.Namespace) -> int:
    from . import bench
    from .api import Assistant
    from .config import Settings

    settings = Settings.from_env()
    out = Path(args.out)
    work = Path(args.work) if args.work else out / "work"
    evals = [Path(p) for p in args.evals] or [settings.root / "evals" / "questions.jsonl", settings.root / "evals" / "holdout.jsonl"]
    chosen = {"quality": args.quality, "speed": args.speed, "load": args.load, "scale": args.scale is not None}
    run_all = not any(chosen.values())
    questions = bench.plain_questions(bench.load_questions(evals))
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    if run_all or chosen["quality"]:
        log("bench: quality")
        bench.save_json(out, "quality", bench.run_quality(settings, evals, k=args.k))
    if run_all or chosen["speed"]:
        log("bench: speed and memory")
        bench.save_json(out, "speed", bench.run_speed(settings, questions, cold_runs=args.cold_runs, work_dir=work / "speed"))
    if run_all or chosen["load"]:
        log("bench: concurrent load")
        assistant = Assistant.open(settings, build_if_missing=True)
        result = bench.load_test(lambda q: assistant.ask(q), questions, workers=20, seconds=args.load_seconds)
        summaries = {"Assistant.ask": _load_summary(result)}
        if args.ui_url:
            log(f"bench: concurrent load on the Gradio server at {args.ui_url}")
            ask = bench.gradio_asker(args.ui_url)
            summaries["gradio /ask"] = _load_summary(bench.load_test(ask, questions, workers=20, seconds=args.load_seconds))
        bench.save_json(out, "load", summaries)
    if run_all or chosen["scale"]:
        sizes = args.scale or [10_000, 100_000]
        log(f"bench: scale {sizes}")
        bench.save_json(out, "scale", bench.run_scale(sizes, settings.corpus_dir, work, questions, log=log))
    report = bench.write_report(out)
    print(report.read_text(encoding="utf-8"))
    return 0


def _load_summary(result: dict[str, Any]) -> dict[str, Any]:
    return {key: (len(value) if key == "errors" else value) for key, value in result.items() if key != "results"}


def register(commands: Any) -> None:
    """Add ``bench`` to the ``assistant`` parser."""
    parser = commands.add_parser("bench", help="benchmarks: quality vs alternatives, speed, memory, load, scale")
    parser.add_argument("--quality", action="store_true", help="eval sets: this assistant vs the alternatives")
    parser.add_argument("--speed", action="store_true", help="warm/cold ask, index build time and memory")
    parser.add_argument("--load", action="store_true", help="20 concurrent askers against one Assistant")
    parser.add_argument("--scale", type=_sizes, nargs="?", const=[10_000, 100_000], metavar="N,N",
                        help="synthetic corpora of these many clauses (default 10000,100000)")
    parser.add_argument("--out", default="bench", help="where the tables, JSON and plot go (default bench/)")
    parser.add_argument("--work", help="where generated corpora and indexes go (default OUT/work, git-ignored)")
    parser.add_argument("--evals", nargs="*", default=[], help="eval sets (default evals/questions + holdout)")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--load-seconds", type=float, default=20.0)
    parser.add_argument("--ui-url", help="with --load: also load a running `assistant serve` (e.g. http://127.0.0.1:7860)")
    parser.set_defaults(func=cmd_bench)
