"""Retrieve stage over the session index: known questions find their clause; filters restrict every hit."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from assistant.glossary import EXPANSION_WEIGHT, Glossary
from assistant.index import INDEXABLE
from assistant.retrieve import LEXICAL_WEIGHT, ClauseSearch, cosines, fuse, rank_dense
from assistant.text import compact

DRAFTS = {"hubei-hq-opinion", "hubei-standard-plant", "hubei-benchmark-plant"}


@pytest.fixture(scope="module")
def search(assistant) -> ClauseSearch:
    return assistant.search


def _labels(hits) -> list[str]:
    return [hit.clause.label for hit in hits]


@pytest.mark.parametrize(
    ("question", "doc_id", "label"),
    [
        ("标准化搅拌站整体绿化面积要求", "hubei-standard-plant", "附件1 九、8【绿化】"),
        ("质量负责人需要什么资格？", "hubei-standard-plant", "附件1 五、1【人员资格】"),
        ("搅拌车出门要洗吗？", "hubei-standard-plant", "附件1 九、10【车容车貌】"),
        ("标杆示范搅拌站试验室面积要求", "hubei-benchmark-plant", "附件2 10【试验设备设施】"),
        ("全省前10家企业市场集中度提高到多少", "hubei-assoc-green", "三（二）"),
        ("北京市十二五末散装水泥供应率目标", "beijing-12th-plan", "三（三）"),
    ],
)
def test_known_questions_find_their_clause(search, question, doc_id, label):
    hits, _ = search.search(question, top_k=5)
    assert len(hits) == 5
    found = [hit for hit in hits if hit.clause.label == label]
    assert found and found[0].clause.doc_id == doc_id, _labels(hits)


def test_capacity_question_finds_jiaxing_table(search):
    hits, _ = search.search("嘉善县2020年混凝土产能规划", top_k=5)
    tables = [h for h in hits if h.clause.doc_id == "jiaxing-13th-plan" and h.clause.kind == "table"]
    assert tables, _labels(hits)
    assert any("表" in h.clause.label for h in tables)
    assert any("嘉善县\t107.8\t440\t150\t400" in h.clause.text for h in tables)


def test_hits_are_ranked_indexable_and_scored(search):
    hits, expansion = search.search("标准化搅拌站整体绿化面积要求", top_k=8)
    assert len(hits) == 8
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 + 1e-9 for s in scores)
    assert hits[0].score == pytest.approx(max(scores))
    assert all(hit.clause.kind in INDEXABLE for hit in hits)
    assert len({hit.clause.clause_id for hit in hits}) == 8
    assert hits[0].lexical > 0 and hits[0].dense > 0
    assert isinstance(expansion.terms, dict)


@pytest.mark.parametrize("mode", ["lexical", "dense"])
def test_single_modes_return_results(search, mode):
    hits, _ = search.search("标准化搅拌站整体绿化面积要求", top_k=5, mode=mode)
    assert hits
    assert "附件1 九、8【绿化】" in _labels(hits)
    if mode == "lexical":
        assert all(hit.lexical > 0 for hit in hits)
    else:
        assert all(hit.dense != 0 for hit in hits)


def test_unknown_mode_is_rejected(search):
    with pytest.raises(ValueError, match="mode"):
        search.search("绿化", mode="semantic")


# --- filters --------------------------------------------------------------------------------------


def test_filter_resolution(search):
    assert search.doc_ids_for() is None
    assert search.doc_ids_for(region="北京市") == {"beijing-12th-plan"}
    assert search.doc_ids_for(region="浙江省") == {"jiaxing-13th-plan", "hangzhou-12th-plan"}
    assert search.doc_ids_for(status="draft") == DRAFTS
    assert search.doc_ids_for(status="trial") == {"hubei-standard-plant", "hubei-benchmark-plant"}
    assert search.doc_ids_for(status="guidance") == {"hubei-assoc-green"}
    assert search.doc_ids_for(doc="jiaxing-13th-plan") == {"jiaxing-13th-plan"}
    assert search.doc_ids_for(doc=["jiaxing-13th-plan", "beijing-12th-plan"], region="北京市") == {"beijing-12th-plan"}
    assert search.doc_ids_for(region="上海市") == set()


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "dense"])
@pytest.mark.parametrize(
    ("filters", "allowed"),
    [
        ({"region": "北京市"}, {"beijing-12th-plan"}),
        ({"status": "draft"}, DRAFTS),
        ({"doc": "jiaxing-13th-plan"}, {"jiaxing-13th-plan"}),
        ({"region": "湖北省", "status": "guidance"}, {"hubei-assoc-green"}),
    ],
)
def test_filters_restrict_every_hit(search, filters, allowed, mode):
    doc_ids = search.doc_ids_for(**filters)
    hits, _ = search.search("预拌混凝土企业质量管理和绿色生产", top_k=20, doc_ids=doc_ids, mode=mode)
    assert len(hits) >= 5
    assert {hit.clause.doc_id for hit in hits} <= allowed


def test_status_draft_reaches_all_three_drafts(search):
    hits, _ = search.search("搅拌站 试验室 绿色生产", top_k=30, doc_ids=search.doc_ids_for(status="draft"))
    assert {hit.clause.doc_id for hit in hits} == DRAFTS


def test_filter_that_admits_nothing_returns_nothing(search):
    hits, _ = search.search("预拌砂浆发展目标", top_k=5, doc_ids=search.doc_ids_for(region="上海市"))
    assert hits == []


def test_dense_only_search_honours_filters(search):
    hits, _ = search.search("预拌混凝土企业质量管理", top_k=5, doc_ids={"beijing-12th-plan"}, mode="dense")
    assert hits
    assert {hit.clause.doc_id for hit in hits} == {"beijing-12th-plan"}


# --- glossary ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def glossary_entries(corpus_dir) -> list[dict]:
    path = corpus_dir / "glossary.json"
    if not path.exists():
        pytest.skip("corpus/glossary.json is absent")
    raw = json.loads(path.read_text(encoding="utf-8"))
    entries = raw["terms"] if isinstance(raw, dict) else raw
    if not entries:
        pytest.skip("corpus/glossary.json has no entries")
    return entries


def test_glossary_loaded_by_the_assistant(search, glossary_entries):
    assert len(search.glossary.entries) == len(glossary_entries)


def test_english_question_expands_to_chinese_terms(search, glossary_entries):
    question = "How large must the laboratory area be for a Hubei benchmark demonstration plant?"
    expansion = search.glossary.expand(question)
    assert any("\u4e00" <= ch <= "\u9fff" for term in expansion.terms for ch in term)
    assert "标杆示范搅拌站" in expansion.terms or "试验室" in expansion.terms
    assert expansion.english_words

    without = ClauseSearch(search.snapshot, Glossary([]))
    plain, _ = without.search(question, top_k=5, mode="lexical")
    expanded, _ = search.search(question, top_k=5, mode="lexical")
    assert "附件2 10【试验设备设施】" not in _labels(plain)
    assert "附件2 10【试验设备设施】" in _labels(expanded)
    hybrid, _ = search.search(question, top_k=5)
    assert "附件2 10【试验设备设施】" in _labels(hybrid)


def test_glossary_aliases_expand_at_reduced_weight(glossary_entries):
    from assistant.glossary import Term

    entry, alias = next(
        (e, a) for e in glossary_entries for a in e.get("aliases", []) if len(a) >= 2 and e["term"] not in a
    )
    glossary = Glossary([Term(term=entry["term"], aliases=[alias])])
    expansion = glossary.expand(f"关于{alias}有什么规定？")
    assert expansion.terms == {entry["term"]: EXPANSION_WEIGHT}
    assert list(expansion.aliases.values()) == [[entry["term"]]]
    # a question that already uses the document's term needs no expansion
    assert glossary.expand(f"关于{entry['term']}和{alias}有什么规定？").terms == {}


def test_glossary_english_phrases_match_whole_words():
    from assistant.glossary import Term

    glossary = Glossary([Term(term="散装水泥", en=["bulk cement"]), Term(term="水泥", en=["cement"])])
    expansion = glossary.expand("What is the bulk-cement supply rate?")
    assert "散装水泥" in expansion.terms
    assert "水泥" not in expansion.terms  # the longer phrase claims the span
    assert glossary.expand("cementation").terms == {}
    assert glossary.expand("Bulk cements").terms == {"散装水泥": 1.0}


def test_missing_glossary_file_is_empty(tmp_path):
    glossary = Glossary.load(tmp_path / "glossary.json")
    assert glossary.terms == [] and glossary.expand("绿化").terms == {}


# --- fusion -------------------------------------------------------------------------------------------


def test_fusion_normalises_and_weights():
    lexical = [("a", 10.0), ("b", 5.0)]
    dense = [("c", 1.0), ("a", 0.5)]  # cosines
    fused = {item.clause_id: item for item in fuse(lexical, dense)}
    w = 1 - (1 - LEXICAL_WEIGHT) * 1 / 2  # the two sides share one of their first two
    assert fused["a"].score == pytest.approx(w * 1.0 + (1 - w) * 0.5)
    assert fused["b"].score == pytest.approx(w * 0.5)
    assert fused["c"].score == pytest.approx((1 - w) * 1.0)
    assert (fused["a"].lexical, fused["a"].dense) == (10.0, 0.5)
    ranked = [item.clause_id for item in fuse(lexical, dense)]
    assert ranked == sorted(fused, key=lambda k: -fused[k].score)
    assert {i.clause_id: i.score for i in fuse(lexical, dense, mode="lexical")} == {"a": 1.0, "b": 0.5, "c": 0.0}
    assert {i.clause_id: i.score for i in fuse(lexical, dense, mode="dense")} == {"a": 0.5, "b": 0.0, "c": 1.0}


def test_the_dense_side_weighs_as_much_as_it_agrees_with_the_lexical_side():
    """LSA that ranks what the words rank gets its full share; one that sees another question reorders nothing."""
    lexical = [("a", 10.0), ("b", 9.0), ("c", 1.0)]
    agreeing = [("b", 0.9), ("a", 0.5), ("c", 0.4)]
    scores = {item.clause_id: item.score for item in fuse(lexical, agreeing)}
    assert scores["b"] == pytest.approx(LEXICAL_WEIGHT * 0.9 + (1 - LEXICAL_WEIGHT) * 1.0)
    assert [item.clause_id for item in fuse(lexical, agreeing)] == ["b", "a", "c"]
    disagreeing = [("x", 0.9), ("y", 0.8), ("z", 0.7)]
    assert [item.clause_id for item in fuse(lexical, disagreeing)][:3] == ["a", "b", "c"]
    assert {item.clause_id: item.score for item in fuse([], disagreeing)}["x"] == pytest.approx(1 - LEXICAL_WEIGHT)


def test_fusion_keeps_dense_then_lexical_order_among_equal_scores():
    fused = fuse([("x", 2.0), ("y", 2.0)], [("z", 0.0), ("w", 0.0)], mode="lexical")
    assert [item.clause_id for item in fused] == ["x", "y", "z", "w"]


def test_cosines_are_exact_rounded_and_zero_for_zero_vectors():
    vectors = np.array([[3.0, 4.0], [0.0, 0.0], [-1.0, 0.0], [1.0, 1e-9]], dtype=np.float32)
    scores = cosines(vectors, np.array([1.0, 0.0]))
    assert scores.tolist() == [0.6, 0.0, -1.0, 1.0]
    assert cosines(vectors, np.zeros(2)).tolist() == [0.0] * 4
    # a subset of rows scores exactly as the rows do in the whole matrix (how the Chroma path re-scores)
    assert cosines(vectors[[3, 0]], np.array([1.0, 0.0])).tolist() == [1.0, 0.6]


def test_dense_ranking_breaks_ties_by_lexical_row():
    ids = ["d", "c", "b", "a"]
    ranked = rank_dense(ids, np.array([0.5, 0.9, 0.5, 0.5]), np.array([7, 1, 3, 5]), depth=3)
    assert ranked == [("c", 0.9), ("b", 0.5), ("a", 0.5)]


def test_retrieve_and_the_answer_stage_import_no_llama_index_or_chroma():
    code = (
        "import sys, assistant.retrieve, assistant.answer, assistant.api, assistant.cli; "
        "heavy = sorted({m.split('.')[0] for m in sys.modules if m.startswith(('llama_index', 'chromadb'))}); "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_a_named_place_scopes_the_search_to_its_documents(search):
    hits, _ = search.search("嘉兴对搅拌车安全管理有什么要求？", top_k=5)
    assert hits and {hit.clause.doc_id for hit in hits} == {"jiaxing-13th-plan"}


def test_a_place_no_document_covers_does_not_scope(search):
    assert search.place_scope("云南省搅拌站有什么要求？") is None
    assert search.place_scope("昆明的搅拌站") is None


def test_a_city_without_a_document_is_scoped_to_its_provinces_documents(search):
    hubei = {"hubei-assoc-green", "hubei-benchmark-plant", "hubei-hq-opinion", "hubei-standard-plant"}
    assert search.place_scope("武汉的搅拌站") == hubei
    assert search.place_scope("嘉善县的搅拌站") == {"jiaxing-13th-plan"}  # a county: its city's plan


def test_place_scope_meets_an_explicit_filter(search):
    hits, _ = search.search("杭州搅拌站布局", top_k=5, doc_ids={"hangzhou-12th-plan", "beijing-12th-plan"})
    assert {hit.clause.doc_id for hit in hits} == {"hangzhou-12th-plan"}


def test_english_lexicon_terms_are_document_words(corpus_dir, cleaned):
    from assistant.glossary import LEXICON_FILE

    lexicon = json.loads((corpus_dir / LEXICON_FILE).read_text(encoding="utf-8"))["terms"]
    corpus_text = "".join(compact(doc.text) for doc in cleaned.values())
    assert lexicon and all(compact(entry["term"]) in corpus_text for entry in lexicon)
    terms_of: dict[str, set[str]] = {}
    for entry in lexicon:
        for phrase in entry["en"]:
            terms_of.setdefault(phrase.lower(), set()).add(entry["term"])
    # a phrase means one document word, or two where the documents say one thing two ways (试验区域面积/试验室区域面积)
    assert max(len(terms) for terms in terms_of.values()) <= 2
    assert sum(len(entry["en"]) for entry in lexicon) == sum(len({p.lower() for p in entry["en"]}) for entry in lexicon)


def test_english_lexicon_expands_plain_vocabulary(search):
    expansion = search.glossary.expand("What floor area must the laboratory have?")
    assert "面积" in expansion.terms  # plain vocabulary from the lexicon, beside the glossary's 试验室
    assert "试验室" in expansion.terms
    assert "面积" not in search.glossary.words()  # lexicon words never change the segmenter


def test_a_named_document_competes_even_when_others_say_more(search):
    """协会: the association's clauses join the candidates, though the Hangzhou plan says 协会 more often."""
    hits, _ = search.search("按协会的意思，新招的工人是不是得先培训、考核过了才能干活？", top_k=30)
    assert "hubei-assoc-green" in {hit.clause.doc_id for hit in hits[:30]}


def test_merged_keeps_each_clause_once_best_first():
    from assistant.retrieve import merged

    assert merged([("a", 3.0), ("b", 1.0)], [("b", 2.0), ("c", 1.5)]) == [("a", 3.0), ("c", 1.5), ("b", 1.0)]
