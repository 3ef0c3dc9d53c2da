"""Compliance checklists for plant managers: every requirement sentence of a named set or a topic, cited.

A named set is an annex of requirements (附件1 标准化搅拌站, 附件2 标杆示范搅拌站). 附件2 never repeats 附件1, but
附件1 binds every plant in the province (its 一、1【目的】 says every new or rebuilt plant shall meet it, and the
opinion tells every 搅拌站 to be built and run by it), so a benchmark plant's checklist holds 附件2's own items
plus 附件1's, marked inherited, with the sentences that make them binding quoted as the basis.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .compare import Topic, compact, figures, make_topic, sentences
from .glossary import Glossary
from .lookup import ClauseBook, ToolError
from .models import Clause
from .text import tokens

MUST_NOT = re.compile(r"严禁|不得|禁止|杜绝|不应|不准|不允许")
MUST = re.compile(r"必须|应当|(?<![相适供响对效反回])应(?![用急对收付])|(?<![必所])须|需(?![要求的])")
SHOULD = re.compile(r"宜(?!昌)|鼓励|倡导|提倡|优先|力争|争取")
SHOULD_NOT = re.compile(r"不宜")
STRENGTH_ORDER = ("must", "must_not", "should")
STRENGTH_LABELS = {"must": "必须（must）", "must_not": "禁止（must not）", "should": "宜/鼓励（should）"}
SCOPE = re.compile(r"应满足(?:本要点|以下)要求")
NAMED_SETS = {
    "标准化搅拌站": ("hubei-standard-plant", None),
    "标杆示范搅拌站": ("hubei-benchmark-plant", "hubei-standard-plant"),
}
SET_ALIASES = {
    "标准化": "标准化搅拌站",
    "standard": "标准化搅拌站",
    "standardized": "标准化搅拌站",
    "附件1": "标准化搅拌站",
    "标杆": "标杆示范搅拌站",
    "标杆示范站": "标杆示范搅拌站",
    "benchmark": "标杆示范搅拌站",
    "附件2": "标杆示范搅拌站",
}
# what the requirements lean on but the corpus does not hold: (pattern in an item, what is missing)
EXTERNAL = [
    (re.compile(r"星级"), "绿色生产星级标识的评价标准与评分细则（星级怎样评定）不在语料中；文件只规定要达到哪一星级。"),
    (re.compile(r"安全生产标准化"), "“安全生产标准化”的评定标准不在语料中。"),
    (re.compile(r"专业承包资质|资质标准"), "预拌混凝土专业承包资质标准的具体条件不在语料中。"),
    (re.compile(r"绿色建材"), "绿色建材标识（认证）的评价标准不在语料中。"),
    (re.compile(r"技术标准|标准和规定|现行标准"), "条文引用的国家、湖北省技术标准和规定本身不在语料中。"),
]
BOOK_TITLE = re.compile(r"《([^》]{2,60})》(（见(附件\d)）)?")
GENERIC_WORDS = set("企业 预拌 混凝土 预拌混凝土 管理 系统 要求 建立 有效 实现 满足 应有 设施 设备 相关 进行 包括 不限".split())


@dataclass
class ChecklistItem:
    item_id: str
    doc_id: str
    doc_title: str
    section: str
    clause: str
    clause_id: str
    text: str  # the requirement sentence, verbatim
    strength: str  # must | must_not | should
    markers: list[str]
    implied: bool = False  # no marker in the sentence: binding through the document's scope sentence
    inherited: bool = False
    related: list[str] = field(default_factory=list)  # own-set clauses on the same subject (for inherited items)
    clause_text: str = ""

    def title_and_text(self) -> str:
        title = re.search(r"【([^】]+)】", self.clause)
        return (title.group(1) if title else "") + " " + self.text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Checklist:
    target: str
    title: str
    items: list[ChecklistItem]
    basis: list[dict[str, str]] = field(default_factory=list)  # why inherited items bind (verbatim, cited)
    not_in_corpus: list[str] = field(default_factory=list)

    def sections(self) -> list[tuple[str, list[ChecklistItem]]]:
        grouped: dict[str, list[ChecklistItem]] = {}
        for item in self.items:
            grouped.setdefault(_group_name(item), []).append(item)
        return list(grouped.items())

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "title": self.title,
            "items": [item.to_dict() for item in self.items],
            "basis": self.basis,
            "not_in_corpus": self.not_in_corpus,
        }


def _group_name(item: ChecklistItem) -> str:
    prefix = "（继承自附件1）" if item.inherited else ""
    return f"{prefix}{item.doc_title} › {item.section}" if item.section != item.doc_title else prefix + item.doc_title


def obligation(sentence: str) -> tuple[str | None, list[str]]:
    """The strength a sentence imposes (first marker wins when it has several) and all its markers."""
    found: list[tuple[int, str, str]] = []
    for strength, pattern in (("must_not", MUST_NOT), ("must", MUST), ("should", SHOULD), ("should", SHOULD_NOT)):
        for match in pattern.finditer(sentence):
            if strength == "must" and MUST_NOT.search(sentence, match.start(), match.start() + 2):
                continue
            if any(start <= match.start() < start + len(word) for start, _, word in found):
                continue
            found.append((match.start(), strength, match.group(0)))
    if not found:
        return None, []
    found.sort()
    return found[0][1], [word for _, _, word in found]


def scope_clause(book: ClauseBook, doc_id: str) -> Clause | None:
    """The clause by which a requirements annex binds its readers (``应满足本要点要求`` / ``应满足以下要求``)."""
    for clause in book.in_doc(doc_id):
        if SCOPE.search(clause.text):
            return clause
    return None


def _section(clause: Clause) -> str:
    middle = [part for part in clause.path[1:-1]]
    return " › ".join(middle) if middle else clause.path[0] if clause.path else clause.doc_id


def items_from_clause(book: ClauseBook, clause: Clause, implied_ok: bool, topic: Topic | None = None) -> list[ChecklistItem]:
    """One item per requirement sentence; with a topic, only sentences on it (unless the clause's heading is)."""
    if clause.kind in ("heading", "preamble"):
        return []
    meta = book.meta(clause.doc_id)
    whole_clause = topic is None or topic.occurs_in(" ".join(clause.path[1:]) + clause.title)
    items: list[ChecklistItem] = []
    for number, sentence in enumerate(sentences(clause.text)):
        if not whole_clause and topic is not None and not topic.occurs_in(sentence):
            continue
        strength, markers = obligation(sentence)
        implied = False
        if strength is None:
            if not implied_ok or len(compact(sentence)) < 8 or sentence.rstrip("。").endswith("】"):
                continue
            strength, implied = "must", True
        items.append(
            ChecklistItem(
                item_id=f"{clause.clause_id}:{number}",
                doc_id=clause.doc_id,
                doc_title=meta.title,
                section=_section(clause),
                clause=clause.label,
                clause_id=clause.clause_id,
                text=sentence,
                strength=strength,
                markers=markers,
                implied=implied,
                clause_text=clause.text,
            )
        )
    return items


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in tokens(text) if len(w) >= 2 and w not in GENERIC_WORDS)


def _related(item: ChecklistItem, own: list[ChecklistItem], spread: dict[str, int]) -> list[str]:
    """Own-set clauses on the same subject: shared distinctive words (in at most two own clauses), or one such
    word plus a figure of the same kind and unit (e.g. 试验室 240㎡ vs 300㎡). At most the best two."""
    mine = {w for w in _words(item.title_and_text()) if spread.get(w, 0) <= 2}
    my_units = {(f.kind, f.unit) for f in figures(item.text)}
    scored: dict[str, int] = {}
    for other in own:
        shared = mine & _words(other.title_and_text())
        same_figure = bool(my_units & {(f.kind, f.unit) for f in figures(other.text)})
        if len(shared) >= 2 or (same_figure and shared):
            scored[other.clause] = max(scored.get(other.clause, 0), len(shared) + 2 * same_figure)
    return sorted(scored, key=lambda label: -scored[label])[:2]


def _word_spread(own: list[ChecklistItem]) -> dict[str, int]:
    """In how many own clauses each word occurs."""
    clauses: dict[str, set[str]] = {}
    for item in own:
        for word in _words(item.title_and_text()):
            clauses.setdefault(word, set()).add(item.clause_id)
    return {word: len(ids) for word, ids in clauses.items()}


def _binding_basis(book: ClauseBook, inherited_doc: str) -> list[dict[str, str]]:
    """Sentences that make the inherited annex binding on every plant, quoted with their clause."""
    basis: list[dict[str, str]] = []
    scope = scope_clause(book, inherited_doc)
    if scope is not None:
        sentence = next(s for s in sentences(scope.text) if SCOPE.search(s))
        basis.append({"doc_id": scope.doc_id, "clause": scope.label, "text": sentence})
    annex = book.meta(inherited_doc).annex
    if annex:
        for clause in book.clauses:
            if clause.doc_id == inherited_doc or book.meta(clause.doc_id).source != book.meta(inherited_doc).source:
                continue
            for sentence in sentences(clause.text):
                if f"见{annex}" in sentence and "搅拌站" in sentence and obligation(sentence)[0] == "must":
                    basis.append({"doc_id": clause.doc_id, "clause": clause.label, "text": sentence})
    return basis


def _not_in_corpus(book: ClauseBook, items: list[ChecklistItem]) -> list[str]:
    notes: list[str] = []
    titles = {compact(meta.title) for meta in book.catalog.documents}
    for pattern, note in EXTERNAL:
        citing = sorted({item.clause for item in items if pattern.search(item.text)})
        if citing:
            notes.append(f"{note}（涉及：{'、'.join(citing[:6])}{' 等' if len(citing) > 6 else ''}）")
    referenced: dict[str, list[str]] = {}
    for item in items:
        for match in BOOK_TITLE.finditer(item.text):
            if match.group(3) or any(compact(match.group(1)) in title for title in titles):
                continue
            referenced.setdefault(match.group(1), []).append(item.clause)
    for title, clauses in referenced.items():
        notes.append(f"《{title}》被引用但不在语料中（引用处：{'、'.join(sorted(set(clauses)))}）。")
    return notes


def resolve_target(target: str) -> str | None:
    """The named set a target means, or None for a topic."""
    key = target.strip()
    if key in NAMED_SETS:
        return key
    return SET_ALIASES.get(key.lower())


def build_checklist(
    book: ClauseBook, target: str, glossary: Glossary | None = None, doc: str | None = None
) -> Checklist:
    """A named set (with inherited items) or every requirement sentence on a topic across the documents."""
    book.check_doc(doc)
    named = resolve_target(target)
    if named is not None:
        own_doc, inherited_doc = NAMED_SETS[named]
        book.check_doc(own_doc)
        own = [i for c in book.in_doc(own_doc) for i in items_from_clause(book, c, scope_clause(book, own_doc) is not None)]
        items = list(own)
        basis: list[dict[str, str]] = []
        if inherited_doc:
            implied = scope_clause(book, inherited_doc) is not None
            spread = _word_spread(own)
            for clause in book.in_doc(inherited_doc):
                for item in items_from_clause(book, clause, implied):
                    item.inherited = True
                    item.related = _related(item, own, spread)
                    items.append(item)
            basis = _binding_basis(book, inherited_doc)
        title = f"{named}检查清单（{book.meta(own_doc).title}）"
        return Checklist(named, title, items, basis, _not_in_corpus(book, items))
    topic = make_topic(target, glossary)
    items = []
    for doc_id in book.doc_ids():
        if doc is not None and doc_id != doc:
            continue
        implied = scope_clause(book, doc_id) is not None
        for clause in book.in_doc(doc_id):
            items.extend(items_from_clause(book, clause, implied, topic))
    if not items:
        raise ToolError(
            f"no requirement on {target!r} in the documents; named sets: {', '.join(NAMED_SETS)}"
        )
    return Checklist(topic.text, f"“{topic.text}”相关要求检查清单", items, [], _not_in_corpus(book, items))


def render_markdown(checklist: Checklist) -> str:
    lines = [f"# {checklist.title}", ""]
    counts = {s: sum(1 for i in checklist.items if i.strength == s) for s in STRENGTH_ORDER}
    inherited = sum(1 for i in checklist.items if i.inherited)
    lines.append(
        f"{len(checklist.items)} 项：必须 {counts['must']} · 禁止 {counts['must_not']} · 宜/鼓励 {counts['should']}"
        + (f" · 其中继承自附件1 {inherited} 项" if inherited else "")
    )
    if checklist.basis:
        lines += ["", "继承依据（原文）："]
        lines += [f"> {b['text']} —— {b['clause']}（{b['doc_id']}）" for b in checklist.basis]
    for section, items in checklist.sections():
        lines += ["", f"## {section}", ""]
        for item in items:
            flags = " · 继承" if item.inherited else ""
            flags += " · 无情态词，按本文件适用范围视为必须" if item.implied else ""
            flags += f" · 另见 {'、'.join(item.related)}" if item.related else ""
            lines.append(f"- [ ] **{STRENGTH_LABELS[item.strength]}** {item.text} —— {item.clause}（{item.doc_id}）{flags}")
            lines.append(f"  <sub>id: {item.item_id}</sub>")
    if checklist.not_in_corpus:
        lines += ["", "## 语料未包含 · not in the corpus", ""]
        lines += [f"- {note}" for note in checklist.not_in_corpus]
    return "\n".join(lines)


CSV_FIELDS = ["item_id", "status", "strength", "inherited", "doc_id", "section", "clause", "text", "related"]


def render_csv(checklist: Checklist) -> str:
    """The CSV a plant manager fills in: put met / not met / unknown in the ``status`` column."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for item in checklist.items:
        writer.writerow(
            {
                "item_id": item.item_id,
                "status": "",
                "strength": item.strength,
                "inherited": "yes" if item.inherited else "",
                "doc_id": item.doc_id,
                "section": item.section,
                "clause": item.clause,
                "text": item.text,
                "related": "、".join(item.related),
            }
        )
    return out.getvalue()


def render_json(checklist: Checklist) -> str:
    return json.dumps(checklist.to_dict(), ensure_ascii=False, indent=1)


STATUS_WORDS = {
    "met": {"met", "yes", "y", "true", "1", "ok", "done", "是", "符合", "满足", "已满足", "达到", "已达到", "✓", "√"},
    "not_met": {"not met", "not_met", "notmet", "no", "n", "false", "0", "否", "不符合", "不满足", "未满足", "未达到", "✗", "×"},
    "unknown": {"", "unknown", "?", "？", "n/a", "未知", "不确定", "待查", "不清楚"},
}


def parse_status(value: Any) -> str:
    """met / not_met / unknown from what a user may type in the status column."""
    if isinstance(value, bool):
        return "met" if value else "not_met"
    word = str(value if value is not None else "").strip().lower()
    for status, words in STATUS_WORDS.items():
        if word in words:
            return status
    raise ToolError(f"unknown status {value!r}: use met / not met / unknown (或 符合 / 不符合 / 未知)")


def load_assessment(text: str, name: str = "assessment") -> dict[str, str]:
    """Item id -> status from a filled checklist: the CSV this module writes, or JSON (a list of
    ``{"item_id", "status"}`` or an ``{item_id: status}`` object)."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise ToolError(f"{name}: the file is empty")
    rows: list[tuple[str, Any, str]] = []
    if stripped[0] in "[{":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as err:
            raise ToolError(f"{name}: not valid JSON ({err})") from None
        if isinstance(data, dict) and "items" in data:
            data = data["items"]
        if isinstance(data, dict):
            rows = [(str(k), v, f"key {k}") for k, v in data.items()]
        elif isinstance(data, list):
            for n, entry in enumerate(data, start=1):
                if not isinstance(entry, dict) or not (entry.get("item_id") or entry.get("id")):
                    raise ToolError(f"{name}: entry {n} needs an item_id and a status")
                rows.append((str(entry.get("item_id") or entry.get("id")), entry.get("status"), f"entry {n}"))
        else:
            raise ToolError(f"{name}: expected a list of items or an object of item_id: status")
    else:
        reader = csv.DictReader(io.StringIO(stripped))
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "item_id" not in fields or "status" not in fields:
            raise ToolError(f"{name}: the CSV needs the columns item_id and status (as `assistant checklist --format csv` writes)")
        for line, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): v for k, v in row.items()}
            if row.get("item_id"):
                rows.append((row["item_id"].strip(), row.get("status"), f"line {line}"))
    marks: dict[str, str] = {}
    for item_id, value, where in rows:
        try:
            marks[item_id] = parse_status(value)
        except ToolError as err:
            raise ToolError(f"{name}, {where}: {err}") from None
    return marks


@dataclass
class GapReport:
    checklist: Checklist
    marks: dict[str, str]
    unknown_ids: list[str]  # ids in the file that are not items of this checklist

    def status_of(self, item: ChecklistItem) -> str:
        return self.marks.get(item.item_id, "unknown")

    def gaps(self) -> list[ChecklistItem]:
        """Unmet items: musts first, then must-nots, then shoulds (document order within each)."""
        unmet = [i for i in self.checklist.items if self.status_of(i) == "not_met"]
        return sorted(unmet, key=lambda i: STRENGTH_ORDER.index(i.strength))

    def unchecked(self) -> list[ChecklistItem]:
        unknown = [i for i in self.checklist.items if self.status_of(i) == "unknown"]
        return sorted(unknown, key=lambda i: STRENGTH_ORDER.index(i.strength))

    def counts(self) -> dict[str, int]:
        out = {"met": 0, "not_met": 0, "unknown": 0}
        for item in self.checklist.items:
            out[self.status_of(item)] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.checklist.target,
            "counts": self.counts(),
            "gaps": [dict(i.to_dict(), status="not_met") for i in self.gaps()],
            "unchecked": [dict(i.to_dict(), status="unknown") for i in self.unchecked()],
            "unknown_item_ids": self.unknown_ids,
            "not_in_corpus": self.checklist.not_in_corpus,
        }


def gap_report(checklist: Checklist, marks: dict[str, str]) -> GapReport:
    known = {item.item_id for item in checklist.items}
    return GapReport(checklist, marks, sorted(set(marks) - known))


GAP_HEADINGS = {
    "must": "未满足的必须项 · unmet musts",
    "must_not": "未遵守的禁止项 · must-nots not kept",
    "should": "未做到的建议项 · shoulds not done",
}


def render_gap_markdown(report: GapReport) -> str:
    counts = report.counts()
    lines = [
        f"# 差距报告 · gap report：{report.checklist.title}",
        "",
        f"共 {len(report.checklist.items)} 项：已满足 {counts['met']} · 未满足 {counts['not_met']} · 未确认 {counts['unknown']}",
    ]
    if report.unknown_ids:
        lines.append(f"（自评文件中有 {len(report.unknown_ids)} 个 id 不属于本清单，已忽略：{', '.join(report.unknown_ids[:5])}）")
    gaps = report.gaps()
    for strength in STRENGTH_ORDER:
        chosen = [i for i in gaps if i.strength == strength]
        if not chosen:
            continue
        lines += ["", f"## {GAP_HEADINGS[strength]}（{len(chosen)}）", ""]
        for item in chosen:
            inherited = " · 继承自附件1" if item.inherited else ""
            lines.append(f"- **{item.text}** —— {item.clause}（{item.doc_id}）{inherited}")
            lines.append(f"  > 条款原文：{item.clause_text.replace(chr(10), ' ')}")
    if not gaps:
        lines += ["", "没有标记为未满足的项。"]
    unchecked = report.unchecked()
    if unchecked:
        lines += ["", f"## 尚未确认 · not yet assessed（{len(unchecked)}）", ""]
        lines += [f"- [{STRENGTH_LABELS[i.strength]}] {i.text} —— {i.clause}" for i in unchecked]
    lines += ["", "## 语料未包含 · what the corpus does not contain", ""]
    notes = report.checklist.not_in_corpus or ["（本清单的条文没有引用语料以外的标准。）"]
    lines += [f"- {note}" for note in notes]
    lines.append("- 本报告只依据语料中的文件条文；自评结果由使用者填写，未经核实。")
    return "\n".join(lines)


GAP_FIELDS = ["priority", "status", "strength", "inherited", "doc_id", "clause", "item_id", "text", "clause_text"]


def render_gap_csv(report: GapReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=GAP_FIELDS)
    writer.writeheader()
    for rank, item in enumerate([*report.gaps(), *report.unchecked()], start=1):
        writer.writerow(
            {
                "priority": rank,
                "status": report.status_of(item),
                "strength": item.strength,
                "inherited": "yes" if item.inherited else "",
                "doc_id": item.doc_id,
                "clause": item.clause,
                "item_id": item.item_id,
                "text": item.text,
                "clause_text": item.clause_text,
            }
        )
    return out.getvalue()


def render_gap_json(report: GapReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1)
