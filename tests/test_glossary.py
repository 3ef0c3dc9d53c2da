"""The glossary and its lexicons: expansions into the documents' own words."""

from __future__ import annotations

import json

from assistant.text import compact


def test_everyday_lexicon_maps_plain_words_to_document_words(glossary, corpus_dir, cleaned):
    from assistant.glossary import EVERYDAY_FILE

    lexicon = json.loads((corpus_dir / EVERYDAY_FILE).read_text(encoding="utf-8"))["terms"]
    corpus_text = "".join(compact(doc.text) for doc in cleaned.values())
    assert lexicon and all(compact(entry["term"]) in corpus_text for entry in lexicon)
    assert not [a for entry in lexicon for a in entry["aliases"] if compact(a) in corpus_text]
    expansion = glossary.expand("厂区车道旁边的房子要做防撞吗？")
    assert {"建筑物", "车辆通道"} <= set(expansion.terms)
    assert "房子" not in glossary.words()  # lexicon aliases never change the segmenter


def test_outside_lexicon_names_only_topics_the_documents_never_address(glossary, corpus_dir, cleaned):
    from assistant.glossary import LEXICON_FILE, OUTSIDE_FILE

    outside = json.loads((corpus_dir / OUTSIDE_FILE).read_text(encoding="utf-8"))["terms"]
    corpus_text = "".join(compact(doc.text) for doc in cleaned.values())
    assert outside and not [entry["term"] for entry in outside if compact(entry["term"]) in corpus_text]
    assert not [word for entry in outside for word in entry.get("zh", []) if compact(word) in corpus_text]
    inside = json.loads((corpus_dir / LEXICON_FILE).read_text(encoding="utf-8"))["terms"]
    known = {phrase.lower() for entry in inside for phrase in entry["en"]}
    known |= {phrase.lower() for entry in glossary.entries for phrase in entry.en}
    assert not [p for entry in outside for p in entry["en"] if p.lower() in known]  # never shadows a document word
    expansion = glossary.expand("What is the fine for operating an unlicensed batching plant?")
    assert expansion.outside == {"罚款"}
    assert "罚款" not in glossary.words() and all(entry.kind != "outside" for entry in glossary.entries)


def test_an_english_question_about_an_outside_topic_abstains(assistant):
    result = assistant.ask("What is the fine for operating an unlicensed black batching plant in Hubei?").to_dict()
    assert result["abstained"] is True and result["citations"] == []
    assert "罚款" in result["answer"]


def test_a_count_said_one_way_is_searched_as_the_documents_write_it():
    from assistant.glossary import numeral_variants

    assert ("前十", "前10") in numeral_variants("省里排前十的企业占多少")
    assert ("2家", "两家") in numeral_variants("一个县能开2家吗")
    assert ("三星", "3星") in numeral_variants("评上三星级")
    assert numeral_variants("十三五期间") == [] and numeral_variants("十二五规划") == []
    assert numeral_variants("2020年底") == [] and numeral_variants("一个县") == []


def test_a_count_alias_lets_the_clause_that_writes_it_in_digits_answer(assistant):
    """排前十 asked, 前10家企业 written: the clause holding the figure is among the first retrieved."""
    result = assistant.ask("协会的意见说5年内全省排前十的企业市场集中度要到多少？").to_dict()
    assert "三（二）" in [r["clause"] for r in result["retrieved"][:2]]
    assert "30%" in result["answer"]


def test_english_phrases_match_by_words_with_hyphens_plurals_and_the_longest_first(glossary):
    """Phrases are looked up by their words (thousands of them; one pass over the question, not a regex each)."""
    terms = glossary.expand("How many ready-mix plants must install dust monitoring systems?").terms
    also = glossary.expand("How many ready mix plant must install dust monitoring system?").terms
    assert terms == also and terms
    assert set(glossary.expand("monitoring systems").terms) == {"监测系统"}
    assert set(glossary.expand("dust monitoring system").terms) == {"粉尘、噪声监测系统"}  # not also 监测系统, 粉尘


def test_an_outside_topic_said_in_chinese_is_named_as_outside():
    """驾龄 (years of driving) is no topic of the documents: its entry's term is required, and no clause holds it."""
    from assistant.glossary import OUTSIDE_KIND, Glossary, Term

    glossary = Glossary([Term(term="驾驶年限", kind=OUTSIDE_KIND, en=["driving experience"], zh=["驾龄", "开车年限"])])
    expansion = glossary.expand("搅拌车司机的驾龄有什么要求？")
    assert expansion.terms == {"驾驶年限": 1.0} and expansion.outside == {"驾驶年限"}
    assert glossary.expand("搅拌车司机要培训吗？").outside == set()


def test_a_two_character_outside_word_counts_only_as_a_word_of_the_question():
    """上牌 (registering a vehicle) is in 以上牌子 only across two words: 一星及以上牌子 asks about star labels."""
    from assistant.glossary import OUTSIDE_KIND, Glossary, Term

    glossary = Glossary([Term(term="车牌", kind=OUTSIDE_KIND, en=["licence plate"], zh=["上牌", "车牌号"])])
    assert glossary.expand("拿到绿色生产一星及以上牌子的站要占多少？").outside == set()
    assert glossary.expand("新买的罐车多久能上牌？").outside == {"车牌"}


def test_an_owner_is_found_through_its_possessive_but_a_place_keeps_its_own(glossary, catalog):
    """the association's opinion says association (the Hubei association's document); Jiaxing's scopes by place,
    and the lexicon's "Jiaxing plan" (the plan's whole title) is not added as a term."""
    assert glossary.expand("the association's opinion on training").terms == glossary.expand(
        "the association opinion on training"
    ).terms
    assert "行业协会" in glossary.expand("the association's opinion").terms
    assert catalog.named_in("What does the association's green development guidance say?") == {"hubei-assoc-green"}
    assert not any("嘉兴" in term for term in glossary.expand("Jiaxing's plan").terms)
    assert "said" not in glossary.expand("the association's opinion").english_words
    assert "association" in glossary.expand("the association's opinion").english_words


def test_an_english_phrase_under_two_terms_implies_both():
    """The documents say lab area two ways (试验区域面积 in 附件1, 试验室区域面积 in 附件2); a longer phrase still
    claims the words inside it."""
    from assistant.glossary import LEXICON_KIND, Glossary, Term

    glossary = Glossary(
        [
            Term(term="试验区域面积", kind=LEXICON_KIND, en=["lab area"]),
            Term(term="试验室区域面积", kind=LEXICON_KIND, en=["lab area"]),
            Term(term="试验室", kind=LEXICON_KIND, en=["lab"]),
        ]
    )
    expansion = glossary.expand("What is the minimum lab area?")
    assert set(expansion.terms) == {"试验区域面积", "试验室区域面积"}
    assert expansion.aliases == {"lab area": ["试验区域面积", "试验室区域面积"]}  # either term says it


def test_a_latin_alias_counts_only_as_a_word_of_its_own():
    from assistant.glossary import Glossary, Term

    glossary = Glossary([Term(term="企业信息化管理系统", aliases=["ERP"])])
    assert glossary.expand("站里的ERP系统要不要接入省平台？").terms == {"企业信息化管理系统": 0.6}
    assert glossary.expand("What output makes an 'intensive enterprise'?").terms == {}


def test_an_alias_said_beside_its_term_is_explained_by_it(assistant):
    """种草 beside 绿化: the question's own 绿化 is searched, and 种草 is no unknown topic the clause must name."""
    question = "厂子里种草，绿化要占多大比例才行？"
    expansion = assistant.search.glossary.expand(question)
    assert expansion.aliases.get("种草") == ["绿化"] and "绿化" not in expansion.terms
    answer = assistant.ask(question).to_dict()
    assert answer["abstained"] is False and answer["citations"][0]["clause"] == "附件1 九、8【绿化】"


def test_a_plan_named_in_english_explains_its_words_and_weighs_nothing(glossary):
    """"the Hangzhou 12th Five-Year plan" names the document: its place scopes the question, and the plan's title (which
    heads its preface) is no topic — "strength pass rate" is."""
    expansion = glossary.expand("Under the Hangzhou 12th Five-Year plan, what strength pass rate must concrete reach?")
    assert "杭州市混凝土十二五规划" not in expansion.terms and "规划" not in expansion.terms
    assert {"hangzhou", "plan"} <= expansion.english_words
    assert "强度合格率" in expansion.terms
    assert all(entry.kind != "name" for entry in glossary.entries)  # not a field term: not in the segmenter or the view


def test_a_kind_of_a_thing_is_not_its_synonym(assistant, glossary):
    """聚羧酸 and 萘系 are kinds of water reducer the documents never name: comparing them is not answered by
    Hangzhou's 高效减水剂已得到广泛应用, which a lexicon listing them as 减水剂 made it."""
    assert "减水剂" not in glossary.expand("聚羧酸减水剂好不好用？").terms
    assert "高效减水剂" not in glossary.expand("Is a polycarboxylate admixture better?").terms
    result = assistant.ask("萘系减水剂和聚羧酸减水剂哪种保坍效果更好？").to_dict()
    assert result["abstained"] is True and result["citations"] == []
