"""Thumbs up/down on answers, kept in a local JSONL file, and turned into eval-set candidates for review.

A liked answer becomes a candidate whose evidence is the quoted corpus sentences it cited (or an
``expect_abstain`` item when the liked answer was an abstention); a disliked one becomes a candidate tagged
``needs-review`` with the user's comment, for a person to complete before it joins an eval set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .config import Settings

RATINGS = ("up", "down")
MAX_COMMENT_CHARS = 2000
SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
_write_lock = threading.Lock()


class FeedbackError(ValueError):
    """A feedback record that cannot be stored or read."""


def feedback_path(settings: Settings) -> Path:
    """``ASSISTANT_FEEDBACK`` when set, else ``feedback/feedback.jsonl`` under the project root (git-ignored)."""
    configured = os.environ.get("ASSISTANT_FEEDBACK")
    return Path(configured) if configured else settings.root / "feedback" / "feedback.jsonl"


def _history_questions(history: Iterable[Any] | None) -> list[str]:
    out = []
    for item in history or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and item.get("role", "user") == "user":
            out.append(str(item.get("content", "")))
    return [q for q in out if q.strip()]


def make_record(answer: dict[str, Any], rating: str, comment: str = "", history: Iterable[Any] | None = None) -> dict:
    """One feedback line: the question, what was answered and cited, and the user's judgement."""
    if rating not in RATINGS:
        raise FeedbackError(f"rating must be one of {RATINGS}, not {rating!r}")
    return {
        "time": dt.datetime.now().isoformat(timespec="seconds"),
        "rating": rating,
        "comment": (comment or "").strip()[:MAX_COMMENT_CHARS],
        "question": answer.get("question", ""),
        "standalone_query": answer.get("standalone_query", ""),
        "history": _history_questions(history),
        "abstained": bool(answer.get("abstained")),
        "filters": answer.get("filters", {}),
        "citations": [
            {
                "n": c.get("n"),
                "doc_id": c.get("doc_id"),
                "clause_id": c.get("clause_id"),
                "clause": c.get("clause"),
                "highlight": c.get("highlight") or c.get("text", ""),
            }
            for c in answer.get("citations", [])
        ],
    }


def append_feedback(path: Path, record: dict[str, Any]) -> None:
    """Append one record; a line is written whole or not at all, also from several threads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _write_lock, path.open("a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def read_feedback(path: Path) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise FeedbackError(f"{path}:{number}: not JSON ({err.msg})") from None
        if not isinstance(record, dict) or record.get("rating") not in RATINGS or not record.get("question"):
            raise FeedbackError(f"{path}:{number}: not a feedback record (needs 'rating' and 'question')")
        records.append(record)
    return records


def _evidence(highlight: str) -> str | list[str]:
    """An eval alternative from a cited highlight: its sentences, which must all appear in one passage."""
    sentences = [s.strip() for s in SENTENCE.findall(highlight) if s.strip()]
    if len(sentences) <= 1:
        return highlight.strip()
    return sentences


def eval_candidates(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Eval-set lines (the contract's format) from feedback; the latest judgement of a question wins."""
    latest: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}
    for record in records:
        key = (record["question"].strip(), tuple(record.get("history") or []))
        latest[key] = record
    out = []
    for (question, history), record in latest.items():
        digest = hashlib.sha256(json.dumps([question, history], ensure_ascii=False).encode("utf-8")).hexdigest()
        item: dict[str, Any] = {"id": f"feedback-{digest[:10]}", "question": question}
        if history:
            item["history"] = list(history)
        tags = ["feedback", f"rated-{record['rating']}"]
        if history:
            tags.append("follow-up")
        if record["rating"] == "up" and record.get("abstained"):
            item["evidence"] = []
            item["expect_abstain"] = True
        elif record["rating"] == "up":
            item["evidence"] = [_evidence(c["highlight"]) for c in record.get("citations", []) if c.get("highlight")]
        else:
            item["evidence"] = []
            tags.append("needs-review")
            item["review"] = {
                "comment": record.get("comment", ""),
                "abstained": bool(record.get("abstained")),
                "cited": [c.get("clause") for c in record.get("citations", [])],
            }
        if record.get("comment") and "review" not in item:
            item["comment"] = record["comment"]
        item["tags"] = tags
        out.append(item)
    return out
