"""The glossary for everyone: each term with its aliases, English, definition and the clause it comes from.

The entry's ``doc_id`` + ``quote`` is resolved to a clause label through the index; a quote that is not corpus
text is reported as such (``clause`` empty, ``quote_found`` false) rather than pinned to a guessed clause.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .compare import compact
from .glossary import Glossary, Term
from .lookup import ClauseBook, ToolError


@dataclass
class GlossaryEntry:
    term: str
    kind: str
    aliases: list[str]
    english: list[str]
    definition: str
    doc_id: str
    quote: str
    quote_found: bool
    clause: str = ""
    clause_id: str = ""
    doc_title: str = ""
    also_in: list[str] = field(default_factory=list)  # other documents that use the term as written

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolve(book: ClauseBook, term: Term) -> GlossaryEntry:
    """Find the clause holding the entry's quote (in its document first, then anywhere)."""
    quote = compact(term.quote)
    holder = None
    if quote:
        in_doc = [c for c in book.clauses if c.doc_id == term.doc_id]
        holder = next((c for c in in_doc if quote in compact(c.text)), None)
        if holder is None:
            holder = next((c for c in book.clauses if quote in compact(c.text)), None)
    word = compact(term.term)
    also = sorted({c.doc_id for c in book.clauses if word and word in compact(c.text)} - {term.doc_id})
    return GlossaryEntry(
        term=term.term,
        kind=term.kind,
        aliases=list(term.aliases),
        english=list(term.en),
        definition=term.definition,
        doc_id=term.doc_id,
        quote=term.quote,
        quote_found=holder is not None,
        clause=holder.label if holder else "",
        clause_id=holder.clause_id if holder else "",
        doc_title=book.meta(holder.doc_id).title if holder else "",
        also_in=also,
    )


def matches(term: Term, query: str) -> int:
    """0 = no match; lower is better: exact term, exact alias/English, then partial."""
    q = compact(query)
    if not q:
        return 3
    if compact(term.term) == q:
        return 1
    if any(compact(a) == q for a in term.aliases) or any(compact(e) == q for e in term.en):
        return 2
    words = set(q.split()) if " " in query else {q}
    english_words = {w for phrase in term.en for w in phrase.lower().split()}
    if q in compact(term.term) or any(q in compact(a) for a in term.aliases) or words <= english_words:
        return 3
    if any(q in compact(e) for e in term.en):
        return 3
    return 0


def glossary_entries(book: ClauseBook, glossary: Glossary, query: str | None = None) -> list[GlossaryEntry]:
    """All entries, or those matching the query by term, alias or English word (best matches first)."""
    if not glossary.entries:
        raise ToolError("the glossary (corpus/glossary.json) is missing or empty")
    if not query:
        return [resolve(book, term) for term in glossary.entries]
    ranked = sorted(
        ((rank, position, term) for position, term in enumerate(glossary.entries) if (rank := matches(term, query))),
        key=lambda item: (item[0], item[1]),
    )
    return [resolve(book, term) for _, _, term in ranked]


def unresolved(entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
    """Entries whose quote is not corpus text: data problems for whoever maintains the glossary."""
    return [entry for entry in entries if entry.quote and not entry.quote_found]


def render_text(entries: list[GlossaryEntry], query: str | None = None) -> str:
    if not entries:
        return f"术语表中没有 “{query}”（no glossary entry matches）。"
    blocks = []
    for entry in entries:
        lines = [f"{entry.term}  [{entry.kind}]  {' / '.join(entry.english)}"]
        if entry.aliases:
            lines.append(f"  别称 aliases: {'、'.join(entry.aliases)}")
        lines.append(f"  释义: {entry.definition}")
        if entry.quote_found:
            lines.append(f"  出处: {entry.clause}（{entry.doc_id}）“{entry.quote}”")
        elif entry.quote:
            lines.append(f"  出处: {entry.doc_id}（引文未在语料中找到 quote not found in the corpus）")
        if entry.also_in:
            lines.append(f"  也见于: {', '.join(entry.also_in)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def render_json(entries: list[GlossaryEntry]) -> str:
    return json.dumps([entry.to_dict() for entry in entries], ensure_ascii=False, indent=1)
