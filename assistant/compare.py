"""Topic comparison for inspectors: what each document says on one topic, verbatim, and which are silent.

A document counts as covering a topic only when the topic's words actually occur in one of its clauses (the
whole phrase, all of its words, or a glossary alias of it); retrieval scores alone never make a document
"cover" something. Sentences and figures found here are shared by the checklist and the quiz.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .glossary import Glossary
from .lookup import ClauseBook, ToolError
from .models import Clause
from .text import compact as compact_text
from .text import normalize, tokens

SENTENCE = re.compile(r"[^。！？\n]+(?:[。！？]|$)", re.MULTILINE)
CN_NUMERAL = "一二两三四五六七八九十百"
# (kind, pattern); the first pattern that matches a span wins, so longer units come first
FIGURE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("percent", re.compile(r"\d+(?:\.\d+)?\s*[%％]")),
    ("year", re.compile(r"(?<!\d)(?:19|20)\d{2}\s*年(?!\d)")),
    ("star", re.compile(r"[一二三]星级")),
    ("area", re.compile(r"\d+(?:\.\d+)?\s*(?:万平方米|平方米|㎡|m²|m2)")),
    ("volume", re.compile(r"\d+(?:\.\d+)?\s*(?:万立方米|立方米|万方|万m³|万m3|m³)")),
    ("mass", re.compile(r"\d+(?:\.\d+)?\s*(?:亿吨|万吨|吨)")),
    ("money", re.compile(r"\d+(?:\.\d+)?\s*(?:亿元|万元|万美元|元)")),
    ("duration", re.compile(rf"(?:\d+|[{CN_NUMERAL}]+)\s*(?:个月|年以上|年内|月内|日内|小时|天)")),
    ("count", re.compile(rf"(?:\d+(?:\.\d+)?|[{CN_NUMERAL}]+)\s*(?:家|名|辆|项|座|台|次|倍|个)(?![月])")),
]
UNIT = re.compile(r"^(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)\s*")


def compact(text: str) -> str:
    """How the tools compare text: the evidence form (NFKC, no whitespace), case-folded."""
    return normalize(compact_text(text))


def sentences(text: str) -> list[str]:
    """Sentences as verbatim substrings of the clause text (split at 。！？ and line ends)."""
    return [s.strip() for s in SENTENCE.findall(text) if s.strip()]


@dataclass(frozen=True)
class Figure:
    """A figure as written in the text (``240㎡``, ``2025年``, ``两名``), its kind and its unit."""

    text: str
    kind: str
    unit: str
    start: int
    end: int


def figures(sentence: str) -> list[Figure]:
    """Figures in a sentence, left to right, never overlapping."""
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in FIGURE_PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(start < b and end > a for a, b in taken):
                continue
            # a digit run inside a longer number ("12" of "2012", "1" of "2.1") is not a figure of its own
            if start > 0 and (sentence[start - 1].isdigit() or sentence[start - 1] == "."):
                continue
            text = match.group(0)
            unit = "星级" if kind == "star" else UNIT.sub("", text)
            taken.append((start, end))
            found.append(Figure(text, kind, unit, start, end))
    return sorted(found, key=lambda f: f.start)


@dataclass
class Topic:
    """A topic and the ways it can occur in a text: each alternative is a set of words that must all occur.

    ``aliases`` (from the glossary) are only used for a document whose text never has the topic's own words,
    and a row found that way says which alias matched.
    """

    text: str
    alternatives: list[list[str]]
    aliases: list[str] = field(default_factory=list)

    def via_alias(self) -> Topic:
        return Topic(self.text, [[alias] for alias in self.aliases])

    def words(self) -> list[str]:
        return sorted({w for alt in self.alternatives for w in alt}, key=len, reverse=True)

    def occurs_in(self, text: str) -> bool:
        haystack = compact(text)
        return any(all(word in haystack for word in alternative) for alternative in self.alternatives)

    def hits(self, text: str) -> int:
        """How often the topic's words occur: ranks clauses that dwell on the topic above passing mentions."""
        haystack = compact(text)
        return sum(haystack.count(word) for word in self.words())


def make_topic(text: str, glossary: Glossary | None = None) -> Topic:
    phrase = compact(text)
    if not phrase:
        raise ToolError("give a topic, e.g. 产能利用率, 绿色生产星级, 试验室")
    alternatives = [[phrase]]
    words = sorted({compact(w) for w in tokens(text) if len(w) >= 2})
    # drop a word that is part of a longer one: cut_for_search yields both 绿色 and 绿色生产
    words = [w for w in words if not any(w != other and w in other for other in words)]
    if words and words != [phrase]:
        alternatives.append(words)
    aliases: list[str] = []
    for term in glossary.lookup(text) if glossary else []:
        for name in [term.term, *term.aliases]:
            key = compact(name)
            if len(key) >= 2 and [key] not in alternatives and key not in aliases:
                aliases.append(key)
    return Topic(text.strip(), alternatives, aliases)


@dataclass
class ComparisonRow:
    doc_id: str
    doc_title: str
    region: str
    period: str
    status: str
    silent: bool
    clause: str = ""
    clause_id: str = ""
    sentences: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    matched_alias: str = ""  # set when only a glossary alias of the topic occurs in this document

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Comparison:
    topic: str
    rows: list[ComparisonRow]

    @property
    def silent_docs(self) -> list[str]:
        return [row.doc_id for row in self.rows if row.silent]

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "rows": [row.to_dict() for row in self.rows], "silent": self.silent_docs}


def _period(book: ClauseBook, doc_id: str) -> str:
    meta = book.meta(doc_id)
    if meta.period_start and meta.period_end:
        return f"{meta.period_start}–{meta.period_end}"
    if meta.period_end:
        return f"至{meta.period_end}"
    return "未注明"


def topic_sentences(topic: Topic, clause: Clause, limit: int = 2) -> list[str]:
    """The clause's sentences that carry the topic, those with a figure first."""
    chosen = [s for s in sentences(clause.text) if topic.occurs_in(s)]
    if not chosen:
        words = topic.words()
        chosen = [s for s in sentences(clause.text) if any(w in compact(s) for w in words)]
    chosen.sort(key=lambda s: 0 if figures(s) else 1)
    return chosen[:limit]


def relevance(topic: Topic, clause: Clause) -> int:
    """Topic in the clause's title or heading first, then a sentence giving a figure on it, then frequency."""
    titled = topic.occurs_in(clause.title or (clause.path[-1] if clause.path else ""))
    with_figure = any(figures(s) for s in topic_sentences(topic, clause))
    return 4 * titled + 2 * with_figure + min(topic.hits(clause.text), 3)


def compare(book: ClauseBook, topic_text: str, glossary: Glossary | None = None, per_doc: int = 3) -> Comparison:
    """One row per clause that mentions the topic (at most ``per_doc`` per document); silent documents get one row."""
    topic = make_topic(topic_text, glossary)
    rows: list[ComparisonRow] = []
    for doc_id in book.doc_ids():
        meta = book.meta(doc_id)
        base = {
            "doc_id": doc_id,
            "doc_title": meta.title,
            "region": meta.region or "未注明",
            "period": _period(book, doc_id),
            "status": meta.status_label(),
        }
        clauses = [c for c in book.in_doc(doc_id) if c.kind != "heading"]
        used, alias = topic, ""
        mentioning = [c for c in clauses if topic.occurs_in(c.text)]
        if not mentioning and topic.aliases:
            used = topic.via_alias()
            mentioning = [c for c in clauses if used.occurs_in(c.text)]
        ranked = sorted(mentioning, key=lambda c: (-relevance(used, c), c.order))
        if not ranked:
            rows.append(ComparisonRow(**base, silent=True))
            continue
        for clause in sorted(ranked[:per_doc], key=lambda c: c.order):
            chosen = topic_sentences(used, clause)
            if used is not topic:
                alias = next((a for a in topic.aliases if any(a in compact(s) for s in chosen)), "")
            rows.append(
                ComparisonRow(
                    **base,
                    silent=False,
                    clause=clause.label,
                    clause_id=clause.clause_id,
                    sentences=chosen,
                    figures=[f.text for s in chosen for f in figures(s)],
                    matched_alias=alias,
                )
            )
    return Comparison(topic.text, rows)


def render_markdown(comparison: Comparison) -> str:
    lines = [
        f"## “{comparison.topic}” 各文件对照 · comparison",
        "",
        "| 文件 document | 地区 region | 期限 period | 状态 status | 条款 clause | 原文 requirement (verbatim) | 数值 figures |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in comparison.rows:
        cells = [row.doc_title, row.region, row.period, row.status]
        if row.silent:
            cells += ["—", "未涉及（silent）", ""]
        else:
            via = f"（按同义词“{row.matched_alias}”）" if row.matched_alias else ""
            cells += [row.clause, " ".join(row.sentences) + via, "、".join(row.figures)]
        lines.append("| " + " | ".join(cell.replace("|", "｜").replace("\n", " ") for cell in cells) + " |")
    if comparison.silent_docs:
        lines += ["", f"未涉及该主题的文件（silent）: {', '.join(comparison.silent_docs)}"]
    return "\n".join(lines)


def render_csv(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["doc_id", "document", "region", "period", "status", "clause", "requirement", "figures", "silent"])
    for row in comparison.rows:
        writer.writerow(
            [row.doc_id, row.doc_title, row.region, row.period, row.status, row.clause,
             " ".join(row.sentences), "、".join(row.figures), "yes" if row.silent else ""]
        )
    return out.getvalue()
