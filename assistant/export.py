"""A conversation as Markdown: each question, its answer with [n] markers, and the cited clauses' full texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .catalog import STATUS_LABELS

FILTER_NAMES = {"doc": "文件", "region": "地区", "status": "状态", "top_k": "来源数"}


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def filters_line(filters: dict[str, Any] | None) -> str:
    """The filters an answer was given with, e.g. ``地区=湖北省；来源数=5``; empty when none were set."""
    parts = []
    for key, name in FILTER_NAMES.items():
        value = (filters or {}).get(key)
        if value in (None, "", []):
            continue
        shown = "、".join(value) if isinstance(value, list) else str(value)
        parts.append(f"{name}={shown}")
    return "；".join(parts)


def turn_markdown(number: int, answer: dict[str, Any]) -> str:
    lines = [f"## {number}. {answer.get('question', '').strip()}", ""]
    standalone = answer.get("standalone_query", "")
    if standalone and standalone != answer.get("question"):
        lines += [f"*理解为 (read as)：{standalone}*", ""]
    shown_filters = filters_line(answer.get("filters"))
    if shown_filters:
        lines += [f"*筛选 (filters)：{shown_filters}*", ""]
    lines += [answer.get("answer", "").strip(), ""]
    for warning in answer.get("warnings", []):
        lines.append(f"> ⚠ {warning}")
    if answer.get("warnings"):
        lines.append("")
    citations = answer.get("citations", [])
    if citations:
        lines += ["### 引用条款 Cited clauses", ""]
    for citation in citations:
        status = STATUS_LABELS.get(citation.get("status", ""), citation.get("status", ""))
        lines.append(f"**[{citation['n']}] {citation['clause']}** —《{citation['doc_title']}》（{status}）")
        lines.append("")
        lines.append(" › ".join(citation.get("path", [])))
        lines.append("")
        lines.append(_quote(citation.get("text", "")))
        lines.append("")
    return "\n".join(lines)


def conversation_markdown(answers: Iterable[dict[str, Any]], title: str = "预拌混凝土政策助手 · 对话记录") -> str:
    """The whole conversation, oldest first; clause texts are the corpus texts the answers cited."""
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    parts = [f"# {title}", "", f"*导出时间 exported：{stamp}*", ""]
    parts += [turn_markdown(n, answer) for n, answer in enumerate(answers, start=1)]
    return "\n".join(parts).rstrip() + "\n"
