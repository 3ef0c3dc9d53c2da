"""Clause look-up for inspectors: find a clause by its label, its 【title】 or its id, never by guessing.

``ClauseBook`` is the read-only view of the published clauses and the document catalog that every role tool
(look-up, comparison, checklist, quiz, glossary) works from; it needs no vector index, so the tools start fast.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .catalog import Catalog, DocumentMeta, load_catalog
from .config import Settings
from .models import Clause

PART_SUFFIX = re.compile(r"[（(]\d+/\d+[）)]$")
TITLE = re.compile(r"【([^】]+)】")
MAX_CANDIDATES = 8


class ToolError(ValueError):
    """A user-facing problem with a tool's input (unknown document, bad file, unknown target)."""


def normalize_ref(text: str) -> str:
    """Compare references the way a reader does: full/half-width alike, no spaces, no 、 or . separators."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s、.]+", "", text)


def base_label(label: str) -> str:
    """The label without the ``（1/2）`` suffix that marks a piece of an over-long clause."""
    return PART_SUFFIX.sub("", label)


@dataclass
class ClauseView:
    """One clause (all its pieces joined) as a user sees it: verbatim text, place, document and status."""

    clause_id: str
    doc_id: str
    doc_title: str
    label: str
    path: list[str]
    text: str
    title: str
    kind: str
    status: str
    status_label: str
    piece_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ClauseBook:
    """Clauses in document order with the catalog beside them."""

    def __init__(self, clauses: Iterable[Clause], catalog: Catalog) -> None:
        self.catalog = catalog
        doc_rank = {meta.doc_id: rank for rank, meta in enumerate(catalog.documents)}
        self.clauses: list[Clause] = sorted(clauses, key=lambda c: (doc_rank.get(c.doc_id, len(doc_rank)), c.order))
        self.by_id = {clause.clause_id: clause for clause in self.clauses}
        self._groups: dict[tuple[str, str], list[Clause]] = {}
        for clause in self.clauses:
            self._groups.setdefault((clause.doc_id, base_label(clause.label)), []).append(clause)

    @classmethod
    def open(cls, settings: Settings | None = None, build_if_missing: bool = True) -> ClauseBook:
        """The published index's clauses; builds the index first when there is none (as ``assistant ask`` does)."""
        from .index import build_index, current_build, read_clauses

        settings = settings or Settings.from_env()
        build = current_build(settings.index_dir)
        if build is None and build_if_missing:
            build_index(settings, progress=False)
            build = current_build(settings.index_dir)
        if build is None:
            raise ToolError(f"no index under {settings.index_dir}; run `assistant index` first")
        return cls(read_clauses(build), load_catalog(settings.corpus_dir))

    @classmethod
    def from_assistant(cls, assistant: Any) -> ClauseBook:
        snapshot = assistant.search.snapshot
        return cls(snapshot.clauses.values(), snapshot.catalog)

    def meta(self, doc_id: str) -> DocumentMeta:
        try:
            return self.catalog.get(doc_id)
        except KeyError:
            return DocumentMeta(doc_id=doc_id, title=doc_id, source="")

    def doc_ids(self) -> list[str]:
        present = {clause.doc_id for clause in self.clauses}
        return [meta.doc_id for meta in self.catalog.documents if meta.doc_id in present]

    def check_doc(self, doc_id: str | None) -> None:
        if doc_id is not None and doc_id not in self.doc_ids():
            raise ToolError(f"unknown document {doc_id!r}; known: {', '.join(self.doc_ids())}")

    def in_doc(self, doc_id: str) -> list[Clause]:
        return [clause for clause in self.clauses if clause.doc_id == doc_id]

    def group_of(self, clause: Clause) -> list[Clause]:
        """All pieces of the clause this one belongs to (one element unless the clause was split)."""
        return self._groups[(clause.doc_id, base_label(clause.label))]

    def view(self, clause: Clause) -> ClauseView:
        """The whole clause (pieces joined in order) with its document's metadata."""
        pieces = self.group_of(clause)
        meta = self.meta(clause.doc_id)
        first = pieces[0]
        return ClauseView(
            clause_id=first.clause_id,
            doc_id=first.doc_id,
            doc_title=meta.title,
            label=base_label(first.label),
            path=list(first.path),
            text="".join(piece.text for piece in pieces) if len(pieces) > 1 else first.text,
            title=first.title,
            kind=first.kind,
            status=meta.status(),
            status_label=meta.status_label(),
            piece_ids=[piece.clause_id for piece in pieces],
        )

    def citation(self, clause: Clause) -> dict[str, Any]:
        """What every tool item carries to say where its text comes from."""
        meta = self.meta(clause.doc_id)
        return {
            "doc_id": clause.doc_id,
            "doc_title": meta.title,
            "clause": clause.label,
            "clause_id": clause.clause_id,
            "path": list(clause.path),
            "status": meta.status(),
        }


@dataclass
class LookupResult:
    """``found`` holds exactly one clause; ``ambiguous`` and ``not_found`` hold candidates, never a guess."""

    query: str
    outcome: str  # found | ambiguous | not_found
    matched_by: str  # id | label | title | ""
    matches: list[ClauseView]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "outcome": self.outcome,
            "matched_by": self.matched_by,
            "matches": [view.to_dict() for view in self.matches],
        }


def _label_keys(clause: Clause) -> set[str]:
    """Every way a reader may write this clause's label: with/without annex prefix and 【title】."""
    label = base_label(clause.label)
    without_title = TITLE.sub("", label).strip()
    keys = {label, without_title}
    for key in list(keys):
        if key.startswith("附件") and " " in key:
            keys.add(key.split(" ", 1)[1])
    return {normalize_ref(key) for key in keys if key.strip()}


def _unique_views(book: ClauseBook, clauses: Iterable[Clause]) -> list[ClauseView]:
    seen: set[str] = set()
    out: list[ClauseView] = []
    for clause in clauses:
        view = book.view(clause)
        if view.clause_id not in seen:
            seen.add(view.clause_id)
            out.append(view)
    return out


def lookup(book: ClauseBook, ref: str, doc: str | None = None) -> LookupResult:
    """Find one clause by id, label or 【title】; several matches or none give candidates instead."""
    book.check_doc(doc)
    query = ref.strip()
    if not query:
        raise ToolError("give a clause reference, e.g. 附件1 九、8, 四（三）3, 【绿化】 or a clause id")
    pool = [c for c in book.clauses if c.kind != "heading" or c.text.strip()]
    pool = [c for c in pool if doc is None or c.doc_id == doc]
    key = normalize_ref(query)

    by_id = [c for c in pool if c.clause_id == query or (len(query) >= 6 and c.clause_id.startswith(query))]
    if by_id:
        return _result(book, query, "id", by_id)

    by_label = [c for c in pool if key in _label_keys(c)]
    if by_label:
        return _result(book, query, "label", by_label)

    title_key = normalize_ref(TITLE.sub(r"\1", query))
    by_title = [c for c in pool if c.title and normalize_ref(c.title) == title_key]
    if not by_title and query.startswith("【"):
        by_title = [c for c in pool if c.title and title_key in normalize_ref(c.title)]
    if by_title:
        return _result(book, query, "title", by_title)

    return LookupResult(query, "not_found", "", _unique_views(book, closest(pool, key)))


def _result(book: ClauseBook, query: str, how: str, clauses: list[Clause]) -> LookupResult:
    views = _unique_views(book, clauses)
    return LookupResult(query, "found" if len(views) == 1 else "ambiguous", how, views)


def closest(pool: list[Clause], key: str, limit: int = MAX_CANDIDATES) -> list[Clause]:
    """The clauses whose label or title reads most like the reference."""
    scored: list[tuple[float, int, Clause]] = []
    for position, clause in enumerate(pool):
        names = _label_keys(clause) | ({normalize_ref(clause.title)} if clause.title else set())
        score = max(difflib.SequenceMatcher(None, key, name).ratio() for name in names)
        if score >= 0.4:
            scored.append((score, position, clause))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [clause for _, _, clause in scored[:limit]]


def render_text(result: LookupResult) -> str:
    """Terminal form: the verbatim clause with its place, or the list of candidates."""
    if result.outcome == "found":
        view = result.matches[0]
        return "\n".join(
            [
                f"{view.label} · 《{view.doc_title}》 · {view.status_label}",
                " › ".join(view.path),
                "",
                view.text,
                "",
                f"id: {view.clause_id}",
            ]
        )
    if result.outcome == "ambiguous":
        head = f"“{result.query}” 对应多个条款（ambiguous），请用 --doc 或完整编号指定："
    elif result.matches:
        head = f"没有找到 “{result.query}”（not found）。最接近的条款："
    else:
        head = f"没有找到 “{result.query}”（not found），也没有相近的条款编号或标题。"
    lines = [head]
    for view in result.matches:
        snippet = view.text.replace("\n", " ")
        lines.append(f"- {view.label} · {view.doc_id} · {snippet[:40]}{'…' if len(snippet) > 40 else ''}")
    return "\n".join(lines)
