"""Benchmarks: quality against the alternatives, speed and memory, scale, and concurrent load.

Every part writes a JSON file under the output directory; ``write_report`` turns whichever JSON files exist
into ``README.md`` tables and the latency-vs-size plot, so the parts can be run (and re-run) separately.
Wall time is measured here and only here: tests check that these functions run, never how fast.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Settings

QUALITY_METRICS = ("recall@k", "recall@1000chars", "mrr", "abstention", "false_abstention")


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile, the same rule as the eval harness's latency figures."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))], 1)


@dataclass
class ChildRun:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stderr: str


def run_child(command: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> ChildRun:
    """Run a command in a child process; its wall time and peak resident memory come from ``wait4``."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    stderr_chunks: list[str] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(process.stderr.read() if process.stderr else ""))
    reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in kilobytes
    return ChildRun(seconds, usage.ru_maxrss / 1024, process.returncode, "".join(stderr_chunks)[-2000:])


def assistant_command() -> list[str]:
    return [sys.executable, "-m", "assistant.cli"]


def child_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        ASSISTANT_CORPUS=str(settings.corpus_dir),
        ASSISTANT_INDEX_DIR=str(settings.index_dir),
        ASSISTANT_EMBED_MODEL=settings.embed_model,
        ASSISTANT_HOME=str(settings.root),
    )
    env.update(extra)
    return env


def load_questions(paths: Sequence[Path]) -> list[dict[str, Any]]:
    from .evaluate import load_eval

    return load_eval(paths)


def plain_questions(items: Sequence[dict[str, Any]]) -> list[str]:
    """Stand-alone questions (no history) for latency runs."""
    return [item["question"] for item in items if not item.get("history")]


# ---------------------------------------------------------------- load (one Assistant, or any callable)


def load_test(
    ask: Callable[[str], Any],
    questions: Sequence[str],
    workers: int = 20,
    seconds: float = 10.0,
    max_requests: int | None = None,
) -> dict[str, Any]:
    """Call ``ask`` from ``workers`` threads for about ``seconds``; return results per question and latencies.

    ``ask`` is any callable taking a question: ``Assistant.ask`` here, a ``gradio_client`` call for the UI.
    Errors are collected, not raised, so that one failure does not hide the others.
    """
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    results: dict[str, list[Any]] = {}
    issued = [0]

    def worker(offset: int) -> None:
        position = offset
        while time.perf_counter() < deadline:
            with lock:
                if max_requests is not None and issued[0] >= max_requests:
                    return
                issued[0] += 1
            question = questions[position % len(questions)]
            position += 1
            started = time.perf_counter()
            try:
                result = ask(question)
            except Exception as err:  # a load test reports every failure
                with lock:
                    errors.append(f"{question[:30]}: {err.__class__.__name__}: {err}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                results.setdefault(question, []).append(result)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(worker, i) for i in range(workers)]:
            future.result()
    return {
        "workers": workers,
        "requests": len(latencies) + len(errors),
        "errors": errors,
        "results": results,
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
    }


def gradio_asker(url: str) -> Callable[[str], Any]:
    """A thread-safe ``ask`` over a running app's ``api_name="ask"`` endpoint: one client per thread."""
    from gradio_client import Client

    local = threading.local()

    def ask(question: str) -> Any:
        if not hasattr(local, "client"):
            local.client = Client(url, verbose=False)
        return local.client.predict(question, [], {}, api_name="/ask")

    return ask


# ---------------------------------------------------------------- quality


def run_quality(settings: Settings, eval_paths: Sequence[Path], k: int = 5) -> dict[str, Any]:
    """Score this assistant and the alternatives on the same questions with the eval harness's scoring."""
    from .baselines import SYSTEMS, build_systems
    from .evaluate import score_item, summarize

    per_file = {Path(path).name: load_questions([path]) for path in eval_paths}
    systems = build_systems(settings)
    total = sum(len(items) for items in per_file.values())
    out: dict[str, Any] = {"files": [str(p) for p in eval_paths], "k": k, "questions": total, "systems": {}}
    for name in SYSTEMS:
        system = systems[name]
        scores = {file: [score_item(item, system.answer(item, k), k) for item in items] for file, items in per_file.items()}
        out["systems"][name] = {
            "description": system.description,
            "overall": summarize([score for file_scores in scores.values() for score in file_scores]),
            "by_file": {file: summarize(file_scores) for file, file_scores in scores.items()},
        }
    return out


# ---------------------------------------------------------------- speed and memory


def warm_latency(settings: Settings, questions: Sequence[str], rounds: int = 2) -> dict[str, Any]:
    """Warm ``ask`` in this process: one unmeasured pass, then ``rounds`` measured passes."""
    from .api import Assistant

    assistant = Assistant.open(settings)
    for question in questions:
        assistant.ask(question)
    totals: list[float] = []
    retrieval: list[float] = []
    for _ in range(rounds):
        for question in questions:
            timing = assistant.ask(question).timing_ms
            totals.append(timing["total"])
            retrieval.append(timing["retrieve"])
    return {
        "asks": len(totals),
        "ask_p50_ms": percentile(totals, 0.5),
        "ask_p95_ms": percentile(totals, 0.95),
        "retrieve_p50_ms": percentile(retrieval, 0.5),
        "retrieve_p95_ms": percentile(retrieval, 0.95),
    }


def run_speed(settings: Settings, questions: Sequence[str], cold_runs: int = 5, work_dir: Path | None = None) -> dict[str, Any]:
    """Warm ask, ``assistant ask`` in a new process, and a full index build of the corpus in a child."""
    work = work_dir or settings.index_dir.parent / "bench-speed"
    build_settings = Settings(
        root=settings.root, corpus_dir=settings.corpus_dir, index_dir=work / "indexes", embed_model=settings.embed_model
    )
    shutil.rmtree(work / "indexes", ignore_errors=True)
    build = run_child([*assistant_command(), "index", "--quiet"], env=child_env(build_settings))
    if build.returncode != 0:
        raise RuntimeError(f"index build failed: {build.stderr}")
    cold = []
    for run in range(cold_runs):
        question = questions[run % len(questions)]
        child = run_child([*assistant_command(), "ask", question, "--json"], env=child_env(build_settings))
        if child.returncode != 0:
            raise RuntimeError(f"assistant ask failed: {child.stderr}")
        cold.append(child)
    return {
        "questions": len(questions),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "warm": warm_latency(build_settings, questions),
        "cold_ask_s": [round(c.seconds, 2) for c in cold],
        "cold_ask_median_s": round(statistics.median(c.seconds for c in cold), 2),
        "cold_ask_peak_rss_mb": round(max(c.peak_rss_mb for c in cold), 1),
        "build_s": round(build.seconds, 1),
        "build_peak_rss_mb": round(build.peak_rss_mb, 1),
    }


# ---------------------------------------------------------------- scale


def run_scale(
    sizes: Sequence[int],
    source_corpus: Path,
    work_dir: Path,
    questions: Sequence[str],
    log: Callable[[str], None] = print,
) -> list[dict[str, Any]]:
    """For each size: write a synthetic corpus, index it in a child process, then time retrieval on it."""
    from .synth import write_corpus

    rows = []
    for size in sizes:
        base = work_dir / f"scale-{size}"
        corpus = base / "corpus"
        if not (corpus / "documents.json").exists():
            shutil.rmtree(corpus, ignore_errors=True)
            write_corpus(corpus, size, source_corpus)
        settings = Settings(root=base, corpus_dir=corpus, index_dir=base / "indexes", embed_model="lsa")
        shutil.rmtree(settings.index_dir, ignore_errors=True)
        log(f"scale {size}: building the index")
        build = run_child([*assistant_command(), "index", "--quiet"], env=child_env(settings))
        if build.returncode != 0:
            raise RuntimeError(f"index build of {size} items failed: {build.stderr}")
        log(f"scale {size}: built in {build.seconds:.0f}s, peak {build.peak_rss_mb:.0f} MB; timing retrieval")
        row = {"size": size, "build_s": round(build.seconds, 1), "build_peak_rss_mb": round(build.peak_rss_mb, 1),
               "load_average_1min": round(os.getloadavg()[0], 2)}
        row.update(_scale_latency(settings, questions))
        log(f"scale {size}: {row}")
        rows.append(row)
    return rows


def _scale_latency(settings: Settings, questions: Sequence[str]) -> dict[str, Any]:
    from .index import current_build, read_manifest

    build = current_build(settings.index_dir)
    assert build is not None
    clauses = len(read_manifest(build)["lexical_order"])
    return {"clauses": clauses, **warm_latency(settings, questions, rounds=1)}


# ---------------------------------------------------------------- report


def save_json(out_dir: Path, name: str, data: Any) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _read(out_dir: Path, name: str) -> Any:
    path = out_dir / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _cell(value: Any) -> str:
    return "–" if value is None else str(value)


def quality_table(quality: dict[str, Any]) -> str:
    lines = ["| system | set | " + " | ".join(QUALITY_METRICS) + " |", "|---" * (len(QUALITY_METRICS) + 2) + "|"]
    for name, system in quality["systems"].items():
        rows = {"all": system["overall"], **system.get("by_file", {})} if len(system.get("by_file", {})) > 1 else {
            "all": system["overall"]}
        for subset, summary in rows.items():
            cells = " | ".join(_cell(summary.get(m)) for m in QUALITY_METRICS)
            lines.append(f"| {name} | {subset} ({summary['questions']}) | {cells} |")
    return "\n".join(lines)


def scale_table(rows: list[dict[str, Any]]) -> str:
    head = "| items | indexed clauses | build s | build peak MB | retrieve p50 / p95 ms | ask p50 / p95 ms |"
    lines = [head, "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(
            f"| {row['size']} | {row['clauses']} | {row['build_s']} | {row['build_peak_rss_mb']} | "
            f"{row['retrieve_p50_ms']} / {row['retrieve_p95_ms']} | {row['ask_p50_ms']} / {row['ask_p95_ms']} |"
        )
    return "\n".join(lines)


def plot_scale(rows: list[dict[str, Any]], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ordered = sorted(rows, key=lambda r: r["clauses"])
    sizes = [r["clauses"] for r in ordered]
    figure, axes = plt.subplots(figsize=(6, 4))
    for key, label in (("retrieve_p50_ms", "retrieve p50"), ("retrieve_p95_ms", "retrieve p95"),
                       ("ask_p95_ms", "ask p95 (retrieve + answer)")):
        axes.plot(sizes, [r[key] for r in ordered], marker="o", label=label)
    axes.axhline(150, color="grey", linestyle="--", linewidth=1, label="target p95 150 ms")
    axes.set_xscale("log")
    axes.set_xlabel("indexed clauses")
    axes.set_ylabel("ms")
    axes.set_title("Latency vs corpus size (2 cores)")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path


def write_report(out_dir: Path) -> Path:
    """Compose ``README.md`` (and the plot) from the JSON results present in ``out_dir``.

    ``notes.json`` (a list of strings, written by hand) is quoted at the end: conditions of the run, caveats.
    """
    parts = ["# Benchmarks", "", "Produced by `assistant bench`; raw figures in the JSON files beside this one.", ""]
    quality = _read(out_dir, "quality")
    if quality:
        files = ", ".join(Path(name).name for name in quality["files"])
        parts += [f"## Quality ({quality['questions']} questions: {files}; k={quality['k']})", "",
                  quality_table(quality), ""]
        parts += [f"- **{name}**: {s['description']}" for name, s in quality["systems"].items()] + [""]
    speed = _read(out_dir, "speed")
    if speed:
        warm = speed["warm"]
        parts += [
            "## Speed and memory (the real corpus)", "",
            "| measure | value |", "|---|---|",
            f"| warm ask p50 / p95 ({warm['asks']} asks) | {warm['ask_p50_ms']} / {warm['ask_p95_ms']} ms |",
            f"| warm retrieval p50 / p95 | {warm['retrieve_p50_ms']} / {warm['retrieve_p95_ms']} ms |",
            f"| `assistant ask` in a new process, median of {len(speed['cold_ask_s'])} | {speed['cold_ask_median_s']} s "
            f"(runs: {', '.join(map(str, speed['cold_ask_s']))}) |",
            f"| `assistant ask` peak memory | {speed['cold_ask_peak_rss_mb']} MB |",
            f"| `assistant index` full build, five documents | {speed['build_s']} s, peak {speed['build_peak_rss_mb']} MB |",
            f"| machine load average (1 min) when measured, 2 cores | {speed.get('load_average_1min', '–')} |",
            "",
        ]
    load = _read(out_dir, "load")
    if load:
        parts += ["## Concurrent load", "", "| target | workers | requests | errors | p50 / p95 ms |", "|---|---|---|---|---|"]
        parts += [f"| {name} | {r['workers']} | {r['requests']} | {r['errors']} | {r['p50_ms']} / {r['p95_ms']} |"
                  for name, r in load.items()] + [""]
    scale = _read(out_dir, "scale")
    if scale:
        plot_scale(scale, out_dir / "latency_vs_size.png")
        parts += ["## Scale (synthetic corpora recombined from real clauses)", "", scale_table(scale), "",
                  "![retrieval latency against corpus size](latency_vs_size.png)", ""]
    notes = _read(out_dir, "notes")
    if notes:
        parts += ["## Notes", "", *[f"- {note}" for note in notes], ""]
    path = out_dir / "README.md"
    out_dir.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
