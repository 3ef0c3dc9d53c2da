"""The glossary view resolves every entry's quote to a clause, or says it is not corpus text."""

from __future__ import annotations

import json

from assistant.compare import compact
from assistant.glossary_view import glossary_entries, render_json, render_text, unresolved


def test_term_resolves_to_its_clause(book, glossary, indexed_clauses):
    entries = glossary_entries(book, glossary, "门前三包")
    assert entries[0].term == "门前三包"
    assert entries[0].clause == "附件1 九、9【门前三包】" and entries[0].quote_found
    assert compact(entries[0].quote) in compact(indexed_clauses[entries[0].clause_id].text)
    assert "附件1 九、9【门前三包】" in render_text(entries)


def test_alias_and_english_lookups(book, glossary):
    assert glossary_entries(book, glossary, "禁止现场搅拌")[0].term == "禁现"
    english = glossary_entries(book, glossary, "two sites")
    assert english and english[0].term == "两场"
    assert glossary_entries(book, glossary, "完全无关的词语") == []


def test_every_entry_is_resolved_or_reported(book, glossary, indexed_clauses):
    entries = glossary_entries(book, glossary)
    assert len(entries) == len(glossary.entries)
    corpus = [compact(c.text) for c in indexed_clauses.values()]
    for entry in entries:
        if entry.quote_found:
            assert compact(entry.quote) in compact(indexed_clauses[entry.clause_id].text)
        elif entry.quote:
            assert not any(compact(entry.quote) in text for text in corpus)
    assert len(unresolved(entries)) < len(entries) / 10
    assert len(json.loads(render_json(entries))) == len(entries)
