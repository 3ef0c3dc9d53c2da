"""Folding follow-up questions into standalone queries."""

from __future__ import annotations

import pytest

from assistant.conversation import fold_follow_up, is_follow_up, standalone_query, user_turns

ONE_STAR = "到2025年底全省获得绿色生产一星级及以上标识的搅拌站要达到多少？"


def test_star_level_follow_up():
    query = standalone_query("那二星级呢？", [ONE_STAR])
    assert "二星级" in query and "2025" in query
    assert "一星级" not in query
    assert query == "到2025年底全省获得绿色生产二星级及以上标识的搅拌站要达到多少？"


def test_follow_up_of_a_follow_up_folds_recursively():
    query = standalone_query("三星级呢？", [ONE_STAR, "那二星级呢？"])
    assert query == "到2025年底全省获得绿色生产三星级及以上标识的搅拌站要达到多少？"


def test_place_swap():
    assert standalone_query("北京呢？", ["杭州的规划期是哪几年？"]) == "北京的规划期是哪几年？"
    assert standalone_query("北京和杭州呢？", ["嘉兴的规划期是哪几年？"]) == "北京和杭州的规划期是哪几年？"
    assert standalone_query("What about Beijing?", ["What is the planning period of Hangzhou?"]) == (
        "What is the planning period of Beijing?"
    )


def test_year_and_annex_swaps():
    assert (
        standalone_query("那2020年呢？", ["嘉兴2015年预拌混凝土供应量是多少？"]) == "嘉兴2020年预拌混凝土供应量是多少？"
    )
    assert standalone_query("附件2呢？", ["附件1 里对试验室面积有什么要求？"]) == "附件2 里对试验室面积有什么要求？"


def test_follow_up_without_a_swappable_kind_is_appended():
    assert standalone_query("那质检员呢？", ["质量负责人需要什么资格？"]) == "质量负责人需要什么资格？ 质检员"


def test_role_content_history_uses_only_user_turns():
    history = [
        {"role": "user", "content": "杭州的规划期是哪几年？"},
        {"role": "assistant", "content": "上海的规划期是2011–2015年。"},
    ]
    assert standalone_query("北京呢？", history) == "北京的规划期是哪几年？"
    # an assistant turn alone gives nothing to lean on
    assert standalone_query("北京呢？", [{"role": "assistant", "content": "杭州的规划期是哪几年？"}]) == "北京呢？"


def test_user_turns_accepts_strings_and_dicts():
    history = [
        "a",
        {"role": "assistant", "content": "b"},
        {"content": "c"},
        {"role": "user", "content": "   "},
        5,
        {"role": "system", "content": "x"},
        " d ",
    ]
    assert user_turns(history) == ["a", "c", "d"]
    assert user_turns(None) == []


@pytest.mark.parametrize(
    "question",
    [
        "标准化搅拌站整体绿化面积要求是多少？",
        "嘉兴市十三五规划里预拌砂浆的发展方向是什么？",
        "湖北省标杆示范搅拌站对企业年产量有什么要求？",
    ],
)
def test_non_follow_up_questions_are_unchanged(question):
    assert not is_follow_up(question)
    assert standalone_query(question, ["杭州的规划期是哪几年？", ONE_STAR]) == question


@pytest.mark.parametrize("question", ["北京呢？", "那二星级呢？", "还有预拌砂浆呢？", "年生产能力是多少？"])
def test_follow_ups_are_recognised(question):
    assert is_follow_up(question)


def test_no_history_leaves_question_alone_but_trimmed():
    assert standalone_query("那二星级呢？", []) == "那二星级呢？"
    assert standalone_query("  那二星级呢？  ", None) == "那二星级呢？"


def test_bare_filler_returns_previous_question():
    assert standalone_query("那么呢？", ["杭州的规划期是哪几年？"]) == "杭州的规划期是哪几年？"


def test_place_swap_drops_the_previous_places_plan():
    """嘉兴's 十三五 plan is not 杭州's: "杭州的呢？" asks about Hangzhou's own plan."""
    swapped = standalone_query("杭州的呢？", ["嘉兴十三五规划的规划期是哪几年？"])
    assert "杭州" in swapped and "十三五" not in swapped and "嘉兴" not in swapped


def test_place_swap_keeps_a_plan_the_user_restated():
    swapped = standalone_query("杭州十二五呢？", ["嘉兴十三五规划的规划期是哪几年？"])
    assert "十二五" in swapped and "十三五" not in swapped


def test_words_said_beside_the_new_subject_are_kept():
    question = standalone_query("预拌砂浆产能呢？", ["北京十二五规划里，预拌混凝土生产能力要控制在多少以下？"])
    assert question.startswith("北京十二五规划里，预拌砂浆生产能力")
    assert question.endswith(" 产能")
    assert standalone_query("那二星级呢？", ["一星级要什么条件？"]) == "二星级要什么条件？"


def test_a_follow_up_swaps_the_material_even_when_it_was_said_plainly():
    """混凝土 (not only 预拌混凝土) is the material a 砂浆 follow-up replaces; English too."""
    from assistant.conversation import standalone_query

    assert standalone_query("那预拌砂浆呢？", ["桐乡市2020年混凝土产能规划是多少？"]) == "桐乡市2020年预拌砂浆产能规划是多少？"
    assert standalone_query("And for mortar?", ["What was Jiaxing's ready-mixed concrete supply in 2015?"]) == (
        "What was Jiaxing's mortar supply in 2015?"
    )


def test_a_follow_up_naming_a_new_place_and_year_swaps_both():
    from assistant.conversation import standalone_query

    history = ["What bulk cement rate does the Jiaxing plan target for 2020?"]
    assert standalone_query("And Hangzhou's actual bulk cement rate in 2009?", history) == (
        "What bulk cement rate does the 杭州 plan target for 2009?"
    )
    assert standalone_query("那杭州2009年呢？", ["嘉兴2015年散装水泥供应量是多少？"]) == "杭州2009年散装水泥供应量是多少？"


def test_a_material_swap_drops_the_earlier_unit_and_knows_everyday_words():
    """Mortar is counted in 吨, concrete in 立方米: 多少万方 asked of concrete is 多少 asked of mortar; 商混 is concrete."""
    assert standalone_query("那砂浆呢？", ["嘉善县2020年商混产能规划多少万方？"]) == "嘉善县2020年砂浆产能规划多少？"
    assert standalone_query("那砂浆呢？", ["海盐县2015年混凝土供应量是多少万立方米？"]) == "海盐县2015年砂浆供应量是多少？"
    assert standalone_query("那二星级呢？", ["一星级要多少万方？"]) == "二星级要多少万方？"


def follow_up_focus(question, history):
    return fold_follow_up(question, history)[1]


def test_follow_up_focus_is_what_an_appended_follow_up_adds():
    assert follow_up_focus("那噪声方面呢？", ["标杆站对废水有什么要求？"]) == "噪声方面"
    assert follow_up_focus("那二星级呢？", ["一星级要多少万方？"]) == ""  # swapped in, not added
    assert follow_up_focus("标杆站对废水有什么要求？", []) == ""


REGIONS = ["湖北省", "湖北省", "浙江省嘉兴市", "浙江省杭州市", "北京市"]


def test_a_place_of_another_document_drops_the_earlier_year():
    """2010 dated 北京's figures; 嘉兴's plan states its own (2015), so 嘉兴呢 does not ask for 2010."""
    swapped = standalone_query("嘉兴呢？", ["北京2010年预拌混凝土产能利用率是多少？"], REGIONS)
    assert swapped == "嘉兴预拌混凝土产能利用率是多少？"
    assert standalone_query("杭州呢？", ["嘉兴2015年底共有多少家企业？"], REGIONS) == "杭州共有多少家企业？"


def test_a_place_of_the_same_document_or_a_restated_year_keeps_it():
    """宜昌 after 武汉: the provincial opinion speaks for both, in the same year; 杭州2009年呢 says its own year."""
    history = ["到2025年武汉的搅拌站要达到什么星级？"]
    assert "2025年" in standalone_query("宜昌呢？", history, REGIONS)
    assert standalone_query("那杭州2009年呢？", ["嘉兴2015年散装水泥供应量是多少？"], REGIONS) == "杭州2009年散装水泥供应量是多少？"
    assert "2010年" in standalone_query("嘉兴呢？", ["北京2010年预拌混凝土产能利用率是多少？"])  # no regions given


def test_an_item_pointed_at_leans_on_the_earlier_question():
    """坚持绿色发展那一条: that item of the association's principles, not the provincial opinion's of the same name."""
    history = ["协会那份绿色发展指导意见提了哪几条发展原则？"]
    standalone, _ = fold_follow_up("坚持绿色发展那一条，以什么为重点？", history)
    assert "协会" in standalone and "坚持绿色发展" in standalone
    assert not is_follow_up("这条件要怎么满足才能评上标杆示范站？")  # 这条件 is no item pointed at


def test_an_item_pointed_at_is_answered_from_the_document_asked_about(assistant):
    result = assistant.ask("坚持绿色发展那一条，以什么为重点？", history=["协会那份绿色发展指导意见提了哪几条发展原则？"])
    assert {c["doc_id"] for c in result.to_dict()["citations"]} == {"hubei-assoc-green"}


def test_a_short_ask_of_a_place_leans_on_the_turn_before():
    """宜昌的要达到多少 names a place and no topic: it asks the last turn's question of 宜昌, so a third turn
    (产能利用率呢) still asks about the benchmark title the first turn named."""
    from assistant.conversation import fold_follow_up, is_follow_up

    assert is_follow_up("宜昌的要达到多少？")
    assert not is_follow_up("宜昌市2015年有多少家搅拌站？")  # a topic of its own
    history = ["评标杆示范搅拌站对年产量有啥要求？", "宜昌的要达到多少？"]
    standalone, _ = fold_follow_up("那产能利用率呢？", history)
    assert "标杆示范搅拌站" in standalone and "产能利用率" in standalone
