"""Eval harness: score eval sets (JSONL, format in DESIGN.md) against the assistant, per tag and per mode."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .text import compact

CONTEXT_CHARS = 1000


class EvalFormatError(ValueError):
    """An eval line that does not follow the format."""


def load_eval(paths: Iterable[Path]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise EvalFormatError(f"{path}:{number}: not JSON ({err.msg})") from None
            if "question" not in item or "id" not in item:
                raise EvalFormatError(f"{path}:{number}: needs 'id' and 'question'")
            item.setdefault("evidence", [])
            item.setdefault("tags", [])
            items.append(item)
    return items


def _alt_found(alternative: str | list[str], text: str) -> bool:
    body = compact(text)
    parts = [alternative] if isinstance(alternative, str) else alternative
    return all(compact(part) in body for part in parts)


def holds(alternatives: list[Any], text: str) -> bool:
    return any(_alt_found(alt, text) for alt in alternatives)


def _groups(item: dict[str, Any]) -> list[list[Any]]:
    return item.get("groups") or ([item["evidence"]] if item.get("evidence") else [])


@dataclass
class ItemScore:
    id: str
    tags: list[str]
    answerable: bool
    recall: float | None = None
    recall_1000: float | None = None
    rr: float | None = None
    citation_precision: float | None = None
    answer_facts: float | None = None
    abstained: bool = False
    latency_ms: float = 0.0
    top: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)


def score_item(item: dict[str, Any], result: dict[str, Any], k: int) -> ItemScore:
    answerable = not item.get("expect_abstain", False)
    score = ItemScore(
        id=item["id"], tags=list(item.get("tags", [])), answerable=answerable,
        abstained=bool(result["abstained"]), latency_ms=float(result["timing_ms"].get("total", 0.0)),
        top=[r["clause"] for r in result["retrieved"][:3]],
        cited=[c.get("clause", "") for c in result["citations"]],
    )
    if not answerable:
        return score
    passages = [r["text"] for r in result["retrieved"][:k]]
    groups = _groups(item)
    if groups:
        score.recall = sum(any(holds(g, p) for p in passages) for g in groups) / len(groups)
        budget, window = CONTEXT_CHARS, []
        for passage in passages:
            if budget <= 0:
                break
            window.append(passage[:budget])
            budget -= len(passage)
        score.recall_1000 = sum(any(holds(g, p) for p in window) for g in groups) / len(groups)
        everything = [alt for g in groups for alt in g]
        rank = next((i for i, p in enumerate(passages, start=1) if holds(everything, p)), None)
        score.rr = 1.0 / rank if rank else 0.0
        cited = [c["text"] for c in result["citations"]]
        if cited:
            score.citation_precision = sum(holds(everything, c) for c in cited) / len(cited)
    facts = item.get("answer_contains") or []
    if facts:
        answer = compact(result["answer"])
        score.answer_facts = sum(compact(f) in answer for f in facts) / len(facts)
    return score


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 3) if values else None


def summarize(scores: list[ItemScore]) -> dict[str, Any]:
    answerable = [s for s in scores if s.answerable]
    oos = [s for s in scores if not s.answerable]
    latencies = sorted(s.latency_ms for s in scores)

    def pct(p: float) -> float | None:
        if not latencies:
            return None
        return round(latencies[min(len(latencies) - 1, round(p * (len(latencies) - 1)))], 1)

    return {
        "questions": len(scores),
        "recall@k": _mean([s.recall for s in answerable if s.recall is not None]),
        "recall@1000chars": _mean([s.recall_1000 for s in answerable if s.recall_1000 is not None]),
        "mrr": _mean([s.rr for s in answerable if s.rr is not None]),
        "citation_precision": _mean([s.citation_precision for s in answerable if s.citation_precision is not None]),
        "answer_facts": _mean([s.answer_facts for s in answerable if s.answer_facts is not None]),
        "abstention": _mean([1.0 if s.abstained else 0.0 for s in oos]),
        "false_abstention": _mean([1.0 if s.abstained else 0.0 for s in answerable]),
        "latency_p50_ms": pct(0.5),
        "latency_p95_ms": pct(0.95),
    }


def by_tag(scores: list[ItemScore]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[ItemScore]] = defaultdict(list)
    for s in scores:
        for tag in s.tags:
            groups[tag].append(s)
    return {tag: summarize(items) for tag, items in sorted(groups.items())}


def run_eval(
    assistant: Any, items: list[dict[str, Any]], k: int = 5, mode: str = "hybrid", glossary: bool = True
) -> list[ItemScore]:
    """Score every item; ``glossary=False`` asks without query expansion, to measure what the glossary adds."""
    scores = []
    with _expansion(assistant, glossary):
        for item in items:
            result = assistant.ask(item["question"], history=item.get("history"), top_k=k, mode=mode).to_dict()
            scores.append(score_item(item, result, k))
    return scores


@contextmanager
def _expansion(assistant: Any, enabled: bool) -> Iterator[None]:
    if enabled:
        yield
        return
    from .glossary import Glossary

    kept = assistant.search.glossary
    assistant.search.glossary = Glossary([])
    try:
        yield
    finally:
        assistant.search.glossary = kept


METRICS = [
    "recall@k", "recall@1000chars", "mrr", "citation_precision", "answer_facts",
    "abstention", "false_abstention", "latency_p50_ms", "latency_p95_ms",
]


def format_table(rows: dict[str, dict[str, Any]], first: str = "tag") -> str:
    header = [first, "n", *METRICS]
    lines = [" | ".join(header), " | ".join("---" for _ in header)]
    for name, summary in rows.items():
        cells = [name, str(summary["questions"])]
        cells += ["–" if summary[m] is None else f"{summary[m]}" for m in METRICS]
        lines.append(" | ".join(cells))
    return "\n".join(lines)


# --- per item: what one run scored on each question, and what changed between two runs ------------------

ITEM_METRICS = ("recall", "recall_1000", "rr", "citation_precision", "answer_facts")


def item_record(score: ItemScore) -> dict[str, Any]:
    """One question's scores as a JSON line, so that a later run can be compared with this one."""
    record = {name: getattr(score, name) for name in ("id", "tags", "answerable", "abstained", *ITEM_METRICS)}
    return {**record, "cited": list(score.cited)}


def _outcome(record: dict[str, Any]) -> tuple[float, ...]:
    right = record["abstained"] != record["answerable"]  # answered what is covered, abstained on what is not
    return (float(right), *(record.get(name) or 0.0 for name in ITEM_METRICS))


def compare_items(base: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Which questions got better, worse or mixed from ``base`` to ``new`` (the same questions, by id).

    Better: no measure fell and one rose (recall, MRR, citation precision, facts, or abstaining rightly);
    worse the reverse; mixed both. Same scores with other citations are listed apart. An aggregate moves
    little for many changes that cancel out; the items show what a change did.
    """
    before = {record["id"]: record for record in base}
    changes: dict[str, list[str]] = {"better": [], "worse": [], "mixed": [], "other citations": [], "not in base": []}
    for record in new:
        earlier = before.get(record["id"])
        if earlier is None:
            changes["not in base"].append(record["id"])
            continue
        steps = [(b > a) - (b < a) for a, b in zip(_outcome(earlier), _outcome(record), strict=True)]
        if any(step > 0 for step in steps) and any(step < 0 for step in steps):
            changes["mixed"].append(record["id"])
        elif any(step > 0 for step in steps):
            changes["better"].append(record["id"])
        elif any(step < 0 for step in steps):
            changes["worse"].append(record["id"])
        elif record.get("cited") != earlier.get("cited"):
            changes["other citations"].append(record["id"])
    return changes
