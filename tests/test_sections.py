"""Sections a question names by heading: quoted titles, and section headings a 哪些 question says."""

from __future__ import annotations


def test_a_quoted_heading_is_answered_with_the_clauses_under_it(assistant):
    """“规范生产行为”这部分: the section's numbered items, in document order, ranked first."""
    result = assistant.ask("高质量发展意见里“规范生产行为”这部分有哪几项要求？").to_dict()
    cited = [c["clause"] for c in result["citations"]]
    assert cited[:3] == ["四（二）1", "四（二）2", "四（二）3"]
    assert all("（二）规范生产行为" in c["path"] for c in result["citations"])
    assert [r["clause"] for r in result["retrieved"][:3]] == cited[:3]


def test_a_quoted_item_title_is_answered_with_that_item_alone(assistant):
    result = assistant.ask("附件2【碳排放】条款的原文是什么？").to_dict()
    assert [c["clause"] for c in result["citations"]] == ["附件2 7【碳排放】"]


def test_named_section_ignores_quotes_that_name_no_heading(assistant):
    from assistant.sections import named_section

    hits, _ = assistant.search.search("嘉兴“十三五”规划里桐乡市产能是多少？", top_k=10)
    assert named_section("嘉兴“十三五”规划里桐乡市产能是多少？", hits, assistant.search.snapshot) == []
    assert named_section("“这句话不在任何标题里”是什么意思？", hits, assistant.search.snapshot) == []


def test_a_list_question_that_says_a_section_heading_gets_the_section(assistant):
    """嘉兴…发展目标包括哪几方面: the section （三）发展目标 (both pieces and its table), in order."""
    result = assistant.ask("嘉兴十三五规划的发展目标包括哪几方面？").to_dict()
    cited = [c["clause"] for c in result["citations"]]
    assert cited[:2] == ["四（三）（1/2）", "四（三）（2/2）"]
    assert all("（三）发展目标" in c["path"] for c in result["citations"])


def test_a_fenbie_question_is_not_answered_with_its_whole_section(assistant):
    result = assistant.ask("绿色生产管理里对废水废浆、固体废弃物和回收利用记录分别怎么要求？").to_dict()
    assert result["abstained"] is False
    assert "附件1 九、1【组织机构及人员要求】" not in [c["clause"] for c in result["citations"]]


def test_a_list_question_that_says_most_of_a_heading_s_words_gets_the_section(assistant):
    """存在哪些主要问题 says 预拌混凝土, 行业, 主要, 问题 of （四）预拌混凝土行业面临的主要问题, not 面临."""
    cited = [c["clause"] for c in assistant.ask("杭州预拌混凝土行业存在哪些主要问题？").to_dict()["citations"]]
    assert cited[:3] == ["二（四）", "二（四）1", "二（四）2（1/2）"]


def test_a_section_question_asking_for_more_than_the_heading_gets_the_items_about_it(assistant):
    """安全生产方面要配哪些人: of section 八's ten items, the two headed for people (管理人员, 特种作业人员), then
    【应急管理】, which requires 兼职应急管理人员 under a heading that names none; not 【安全教育培训】, which trains
    them. Asked in other words, the same three."""
    for question in ("安全生产方面要配哪些人？", "附件1安全生产这一章，站里得配备哪些人？"):
        cited = [c["clause"] for c in assistant.ask(question).to_dict()["citations"]]
        assert cited == [
            "附件1 八、1【管理人员】",
            "附件1 八、2【特种作业人员、特种设备作业人员】",
            "附件1 八、10【应急管理】",
        ], question


def test_narrowed_keeps_the_whole_section_when_the_question_asks_nothing_beyond_its_heading(assistant):
    from assistant.question import QueryProfile
    from assistant.sections import listed_section, narrowed

    question = "杭州预拌混凝土行业存在哪些主要问题？"
    snapshot = assistant.search.snapshot
    hits, expansion = assistant.search.search(question, top_k=10)
    profile = QueryProfile.build(question, expansion, snapshot.lexical)
    section = listed_section(question, hits, snapshot)
    assert len(section) >= 5
    assert narrowed(section, profile, snapshot) == section


def test_an_item_numbered_inside_a_quoted_section_is_that_item(assistant):
    """“三、发展目标”第3条: the third item of the section alone; without a number, the whole section."""
    one = assistant.ask("高质量发展意见“三、发展目标”第3条原文发我一下").to_dict()
    assert [c["clause"] for c in one["citations"]] == ["三、3"]
    whole = assistant.ask("高质量发展意见“三、发展目标”有哪几条？").to_dict()
    assert [c["clause"] for c in whole["citations"]] == ["三、1", "三、2", "三、3", "三、4"]


def test_an_item_said_by_its_heading_inside_a_quoted_section_is_that_item(assistant):
    """“五、保障措施”中（二）加大监管执法力度…: the item whose heading the question says, unquoted, not the section's
    first five clauses (which hold none of its words: the question was not answered at all)."""
    result = assistant.ask("北京规划“五、保障措施”中（二）加大监管执法力度，规范市场秩序，原文是什么？").to_dict()
    assert [c["clause"] for c in result["citations"]] == ["五（二）"]


def test_an_item_number_no_section_has_is_not_an_error(assistant):
    """第一百条 (no such item, and a numeral the heading parser never writes): the whole section, no exception."""
    result = assistant.ask("高质量发展意见“三、发展目标”第一百条").to_dict()
    assert [c["clause"] for c in result["citations"]] == ["三、1", "三、2", "三、3", "三、4"]


def test_a_quoted_item_inside_a_quoted_section_is_that_item(assistant):
    """“五、保障措施”里“2.加大政策支持”: both headings quoted; the deeper one is asked for, not the whole section."""
    item = assistant.ask("高质量发展意见“五、保障措施”里“2.加大政策支持”这条怎么写的？").to_dict()
    assert [c["clause"] for c in item["citations"]] == ["五、2"]
    part = assistant.ask("湖北意见“四、主要任务”中“（二）规范生产行为”这一部分的原文").to_dict()
    assert part["citations"] and all("（二）规范生产行为" in c["path"] for c in part["citations"])


def test_an_item_numbered_in_brackets_inside_a_named_section(assistant):
    """“三、工作目标”第（二）条: the bracketed number is the item's, as 第2条 is."""
    cited = [c["clause"] for c in assistant.ask("协会绿色发展意见“三、工作目标”第（四）条原文是什么？").to_dict()["citations"]]
    assert cited == ["三（四）"]
