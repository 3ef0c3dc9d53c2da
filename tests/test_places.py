"""Places: which document speaks for which place."""

from __future__ import annotations

import pytest

from assistant.places import covers, places_in


@pytest.mark.parametrize(
    ("region", "place", "expected"),
    [
        ("湖北省", "襄阳", True),  # a province's document speaks for its cities
        ("湖北省", "湖北", True),
        ("浙江省嘉兴市", "嘉善", True),  # a city's plan for its counties
        ("浙江省嘉兴市", "杭州", False),  # but never for another city of the province
        ("浙江省杭州市", "杭州", True),
        ("湖北省", "杭州", False),
        ("北京市", "北京", True),
        ("", "北京", False),
    ],
)
def test_covers(region, place, expected):
    assert covers(region, place) is expected


def test_places_in_reads_chinese_and_pinyin_in_order():
    assert places_in("Xiangyang 和 武汉") == ["襄阳", "武汉"]


def test_a_city_without_its_own_document_is_answered_from_its_province(assistant):
    result = assistant.ask("襄阳的标杆示范搅拌站年产量要达到多少？").to_dict()
    assert result["abstained"] is False
    assert {c["doc_id"] for c in result["citations"]} <= {
        "hubei-benchmark-plant", "hubei-hq-opinion", "hubei-standard-plant", "hubei-assoc-green"
    }


def test_a_place_said_with_its_suffix_is_a_specific_not_a_topic_word(assistant):
    """上海市对…备案要求: 上海市 is the place 上海, checked as a specific; weighed as a word too, it let the Jiaxing
    plan's 接轨上海 answer a question about Shanghai's rules. 杭州市 and 海宁市 still find their plans."""
    assert assistant.ask("上海市对预拌砂浆企业的备案要求是什么？").to_dict()["abstained"] is True
    assert assistant.ask("海宁市2015年混凝土供应量是多少？").to_dict()["citations"][0]["clause"] == "五（一）1 表2"


def test_districts_are_known_by_their_pinyin_and_beijing_s_by_name():
    """Pinghu and Haining are the tables' 平湖 and 海宁; 海淀 is a district of Beijing, so the Beijing plan speaks for
    it (and a figure asked for it is no city figure); 朝阳 alone is an everyday word, 朝阳区 the district."""
    assert places_in("How much did Pinghu and Haining supply in 2015?") == ["平湖", "海宁"]
    assert places_in("北京海淀区有多少个搅拌站？") == ["北京", "海淀"] and covers("北京市", "海淀")
    assert places_in("朝阳产业") == [] and places_in("朝阳区的站") == ["朝阳区"]


def test_a_figure_asked_for_a_beijing_district_is_not_the_city_s(assistant):
    result = assistant.ask("北京海淀区有多少个混凝土搅拌站点？").to_dict()
    assert result["abstained"] and result["citations"] == []
    assert not assistant.ask("北京有多少个混凝土搅拌站点？").to_dict()["abstained"]
