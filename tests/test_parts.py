"""A question that names several parts of one ask, asked part by part (parts.part_asks)."""

from __future__ import annotations

import pytest

from assistant.parts import part_asks


def _asks(question: str) -> list[str]:
    return [ask for ask, _ in part_asks(question)]


def _parts(question: str) -> list[str]:
    return [part for _, part in part_asks(question)]


@pytest.mark.parametrize(
    "question, parts",
    [
        ("想评标杆站，防灰、脏水、雨水这几块分别要做到什么？", ["防灰", "脏水", "雨水"]),
        ("搅拌站厂界噪声白天和夜间分别不能超过多少分贝？", ["白天", "夜间"]),  # as many words as the other part
        ("高质量发展意见在人才培养和自主创新方面分别提了什么？", ["人才培养", "自主创新"]),  # after 在
        ("标准化站和标杆站，试验室面积各要多少平方？", ["标准化站", "标杆站"]),  # the list before the phrase asked
        ("省厅意见对出厂、路上运输和交货验收这几块各有啥要求？", ["出厂", "路上运输", "交货验收"]),
        ("配合比分别由谁设计确认、谁出具生产配合比、谁复核调整？", ["由谁设计确认", "谁出具生产配合比", "谁复核调整"]),
    ],
)
def test_the_parts_are_the_things_the_list_names(question, parts):
    assert _parts(question) == parts


def test_each_ask_keeps_the_words_around_the_list():
    assert _asks("高质量发展意见在人才培养和自主创新方面分别提了什么？") == [
        "高质量发展意见在人才培养方面提了什么?",
        "高质量发展意见在自主创新方面提了什么?",
    ]
    assert _asks("想评标杆示范站，规模、星级、化验室这些门槛分别是啥？") == [
        "想评标杆示范站,规模门槛是啥?",  # 这些门槛: each part's 门槛
        "想评标杆示范站,星级门槛是啥?",
        "想评标杆示范站,化验室门槛是啥?",
    ]


@pytest.mark.parametrize(
    "question",
    [
        "嘉兴对罐车、散装车这些专用车的交通事故要降多少？",  # examples of one thing, not parts asked apart
        "标准化搅拌站对粉尘、噪声有什么要求？",  # no word that asks part by part
        "质量负责人需要什么资格？",
        "协会意见里关于提高行业准入门槛优化产业布局的内容和加强结构调整化解过剩产能分别怎么说",  # not short parts
    ],
)
def test_a_question_that_does_not_ask_part_by_part_is_one_ask(question):
    assert part_asks(question) == [(question, "")]


REGIONS = ["湖北省", "浙江省嘉兴市", "浙江省杭州市", "北京市"]


def test_places_that_different_documents_speak_for_are_asked_one_at_a_time():
    assert part_asks("How do the Hangzhou and Beijing 12th Five-Year Plans differ on the minimum plant size?", REGIONS) == [
        ("How do the Hangzhou 12th Five-Year Plans differ on the minimum plant size?", "杭州"),
        ("How do the Beijing 12th Five-Year Plans differ on the minimum plant size?", "北京"),
    ]
    assert [ask for ask, _ in part_asks("北京跟杭州的规划对散装水泥供应率定了什么目标？", REGIONS)] == [
        "北京的规划对散装水泥供应率定了什么目标？",
        "杭州的规划对散装水泥供应率定了什么目标？",
    ]


def test_places_one_document_speaks_for_stay_together():
    for question in ("嘉兴市桐乡和海宁的产能是多少？", "湖北和武汉的目标是什么？"):  # a city's plan speaks for its counties
        assert part_asks(question, REGIONS) == [(question, "")]
    assert part_asks("杭州和北京的规划有什么不同？") == [("杭州和北京的规划有什么不同？", "")]  # no regions given


def test_asks_in_a_row_before_the_marker_are_the_parts():
    """洗车水、废浆怎么处理，雨水怎么收，分别…: two asks, each a part; the 、 list inside the first would have left
    雨水怎么收 in both. With no shared words before them the first ask holds the subject, so they are not split so."""
    asks = part_asks("要创标杆站，车辆冲洗水、浆渣怎么回收，雨水怎么利用，分别有啥标准？")
    assert asks == [
        ("要创标杆站,车辆冲洗水、浆渣怎么回收,有啥标准?", "车辆冲洗水、浆渣怎么回收"),
        ("要创标杆站,雨水怎么利用,有啥标准?", "雨水怎么利用"),
    ]
    assert [part for _, part in part_asks("标杆站的冲洗水怎么回收，雨水怎么利用，分别有啥标准？")] != [
        "标杆站的冲洗水怎么回收",
        "雨水怎么利用",
    ]


def test_a_place_s_plan_number_goes_with_the_place():
    """Jiaxing's 13th is Jiaxing's plan: the Beijing ask keeps its 12th, not 12th 13th Five-Year Plans."""
    from assistant.parts import place_asks

    asks = place_asks("Which mortar goals do Beijing's 12th and Jiaxing's 13th Five-Year Plans give?", ["北京", "嘉兴"])
    assert asks == [
        ("Which mortar goals do Beijing's 12th Five-Year Plans give?", "北京"),
        ("Which mortar goals do Jiaxing's 13th Five-Year Plans give?", "嘉兴"),
    ]


def test_a_comparison_of_two_cities_plans_cites_each(assistant):
    result = assistant.ask("What cement bulk-rate targets do Beijing's 12th and Jiaxing's 13th Five-Year Plans set?").to_dict()
    assert result["abstained"] is False  # asked whole, no clause is of both cities
    assert {c["doc_id"] for c in result["citations"]} == {"beijing-12th-plan", "jiaxing-13th-plan"}


def test_places_are_the_parts_when_分别_distributes_over_them():
    """北京和嘉兴…分别: no list stands by the marker; the two places are what it distributes over."""
    assert part_asks("北京和嘉兴对散装水泥使用率的目标分别是多少？", REGIONS) == [
        ("北京对散装水泥使用率的目标分别是多少？", "北京"),
        ("嘉兴对散装水泥使用率的目标分别是多少？", "嘉兴"),
    ]


def test_each_place_keeps_its_own_phrase():
    """北京…的目标，跟嘉兴…的目标，各是多少: each place's phrase holds its own year and figure; taking the other
    place out of one ask left 2020年 in Beijing's, and no Beijing clause says 2020."""
    assert part_asks("北京十二五末散装水泥供应率的目标，和嘉兴2020年水泥散装率的目标，各是多少？", REGIONS) == [
        ("北京十二五末散装水泥供应率的目标，各是多少？", "北京"),
        ("嘉兴2020年水泥散装率的目标，各是多少？", "嘉兴"),
    ]
    assert part_asks("杭州2015年的供应量目标和嘉兴2015年的实际供应量，各是多少？", REGIONS) == [
        ("杭州2015年的供应量目标，各是多少？", "杭州"),
        ("嘉兴2015年的实际供应量，各是多少？", "嘉兴"),
    ]  # joined in one phrase, each side saying what it asks of its place
    assert part_asks("Beijing's 2010 output, and Jiaxing's 2015 supply: how much?", REGIONS) == [
        ("Beijing's 2010 output, how much?", "北京"),
        ("Jiaxing's 2015 supply, how much?", "嘉兴"),
    ]


def test_documents_named_with_a_long_name_are_asked_one_at_a_time():
    """Each name too long for a list part (湖北协会的绿色发展指导意见): the documents the names call are the parts."""
    from assistant.parts import document_asks, part_asks

    documents = {"assoc": ["协会", "绿色发展指导意见"], "hq": ["住建厅", "高质量发展", "意见稿"], "beijing": ["北京"]}
    question = "湖北协会的绿色发展指导意见和省住建厅的高质量发展征求意见稿，分别给产能利用率定了什么目标？"
    asked = part_asks(question, [], documents)
    assert [part for _, part in asked] == ["绿色发展指导意见", "高质量发展"]
    assoc, hq = (ask for ask, _ in asked)
    assert "住建厅" not in assoc and "协会" in assoc and "产能利用率" in assoc
    assert "协会" not in hq and "住建厅" in hq and "产能利用率" in hq
    assert document_asks("协会对产能利用率分别定了什么目标？", documents) == []  # one document: nothing to part
