"""Clause look-up on the real corpus: by label, 【title】 and id; ambiguous and unknown references give candidates."""

from __future__ import annotations

import pytest

from assistant.lookup import ToolError, lookup, normalize_ref, render_text


def test_label_lookup_returns_the_verbatim_clause(book, indexed_clauses):
    result = lookup(book, "附件1 九、8")
    assert result.outcome == "found" and result.matched_by == "label"
    view = result.matches[0]
    assert view.label == "附件1 九、8【绿化】" and view.doc_id == "hubei-standard-plant"
    assert view.text == indexed_clauses[view.clause_id].text and "10%" in view.text
    assert view.path[-1].endswith("【绿化】") and view.status == "draft"


@pytest.mark.parametrize("variant", ["附件１　九、８", "附件1九、8", "九、8", "附件1 九、8【绿化】"])
def test_label_variants_find_the_same_clause(book, variant):
    assert [m.label for m in lookup(book, variant).matches] == ["附件1 九、8【绿化】"]


def test_half_and_full_width_brackets_are_the_same(book):
    full, half = lookup(book, "四（三）3"), lookup(book, "四(三)3")
    assert full.outcome == half.outcome == "found"
    assert full.matches[0].clause_id == half.matches[0].clause_id
    assert full.matches[0].doc_id == "hubei-hq-opinion"
    assert normalize_ref("四（三） 3") == normalize_ref("四(三)3")


def test_title_lookup(book):
    result = lookup(book, "【绿化】")
    assert result.outcome == "found" and result.matched_by == "title"
    assert result.matches[0].title == "绿化"


def test_ambiguous_title_lists_every_candidate(book):
    result = lookup(book, "【管理子系统】")
    assert result.outcome == "ambiguous"
    assert len(result.matches) == 3 and all(m.title == "管理子系统" for m in result.matches)
    assert "ambiguous" in render_text(result)


def test_ambiguous_label_across_documents_is_resolved_by_doc(book):
    result = lookup(book, "五（一）")
    assert result.outcome == "ambiguous"
    assert len({m.doc_id for m in result.matches}) >= 2
    narrowed = lookup(book, "五（一）", doc="jiaxing-13th-plan")
    assert narrowed.outcome == "found" and narrowed.matches[0].doc_id == "jiaxing-13th-plan"


def test_id_lookup(book):
    clause_id = lookup(book, "附件2 第二部分1").matches[0].clause_id
    result = lookup(book, clause_id)
    assert result.outcome == "found" and result.matched_by == "id"
    assert result.matches[0].label == "附件2 第二部分1【视频监控系统】"


def test_split_clause_is_shown_whole(book, indexed_clauses):
    pieces = [c for c in indexed_clauses.values() if c.label.endswith("（1/2）")]
    assert pieces, "the corpus has split clauses"
    first = pieces[0]
    base = first.label[: -len("（1/2）")]
    result = lookup(book, base, doc=first.doc_id)
    assert result.outcome == "found"
    second = next(c for c in indexed_clauses.values() if c.doc_id == first.doc_id and c.label == base + "（2/2）")
    assert result.matches[0].text == first.text + second.text


def test_unknown_reference_lists_candidates_without_guessing(book):
    result = lookup(book, "附件1 九、99")
    assert result.outcome == "not_found"
    assert result.matches and all(m.label != "附件1 九、99" for m in result.matches)
    assert "not found" in render_text(result)


def test_bad_input_is_a_clear_error(book):
    with pytest.raises(ToolError, match="unknown document"):
        lookup(book, "一、", doc="no-such-doc")
    with pytest.raises(ToolError):
        lookup(book, "   ")
