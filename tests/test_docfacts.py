"""Questions about a document itself: its number, date, issuer, status and plan period, from the catalog."""

from __future__ import annotations

from assistant.docfacts import _date_forms, asked_facets, named_document


def test_number_and_date_come_from_the_catalog_and_are_shown_by_the_header(assistant):
    result = assistant.ask("嘉兴那个十三五规划的文号是多少，哪天发的？").to_dict()
    assert result["abstained"] is False
    assert "嘉发改〔2017〕196号" in result["answer"] and "2017年6月15日" in result["answer"]
    [citation] = result["citations"]
    assert citation["doc_id"] == "jiaxing-13th-plan"
    assert "嘉发改〔2017〕196号" in citation["highlight"] and "2017年6月15日" in citation["highlight"]
    assert citation["highlight"].split(" … ")[0] in citation["text"]  # the shown line is corpus text
    assert result["retrieved"][0]["clause_id"] == citation["clause_id"]


def test_pointing_at_the_document_and_its_issuing_is_no_question_about_its_content(assistant):
    result = assistant.ask("北京这份散装水泥、预拌制品和预制构件规划的发文文号是什么？哪天发布的？").to_dict()
    assert result["abstained"] is False  # 这份, 发文, 发布 had counted as three topical words
    assert "京建发〔2011〕535号" in result["answer"]
    assert {c["doc_id"] for c in result["citations"]} == {"beijing-12th-plan"}
    # the date a notice is signed (落款) is its issue date; 通知 is the notice that issues the plan
    result = assistant.ask("住建委印发北京散装水泥十二五规划的通知，落款日期是哪天，文号多少？").to_dict()
    assert result["abstained"] is False and "2011年11月22日" in result["answer"] and "535号" in result["answer"]


def test_a_chinese_numeral_date_is_found_in_the_text():
    assert _date_forms("2011-11-22") == ["2011年11月22日", "二〇一一年十一月二十二日"]
    assert _date_forms("2017-06-05")[1] == "二〇一七年六月五日"


def test_a_draft_is_said_to_be_a_draft(assistant):
    result = assistant.ask("省住建厅那个《湖北省预拌混凝土行业高质量发展指导意见》是正式发布的吗？").to_dict()
    assert "征求意见稿" in result["answer"].split("\n")[0]
    assert result["citations"][0]["clause"] == "导语"
    assert "征求意见稿" in result["citations"][0]["highlight"]
    assert any("draft for comment" in w for w in result["warnings"])


def test_the_plan_period_is_shown_by_the_sentence_that_states_it(assistant):
    result = assistant.ask("嘉兴这个规划管到哪一年为止，从哪年开始？").to_dict()
    assert "2016–2020" in result["answer"]
    assert "规划期为2016-2020年" in result["citations"][0]["highlight"]


def test_the_issuer_of_the_association_guidance(assistant):
    result = assistant.ask("湖北预拌混凝土行业协会的《关于行业绿色发展的指导意见》是政府部门的规定，还是协会自己提的？").to_dict()
    assert "湖北省预拌混凝土行业协会" in result["answer"]
    assert "本协会" in result["citations"][0]["highlight"]


def test_a_question_about_what_a_document_says_is_not_a_document_question(assistant):
    """征求意见稿 names the opinion here; the question asks about its content."""
    result = assistant.ask("征求意见稿里产能利用率目标是多少？").to_dict()
    assert result["citations"][0]["clause"] == "三、1"
    assert asked_facets("征求意见稿里产能利用率目标是多少？") == []
    assert asked_facets("附件1要求多久检验一次？") == []


def test_the_named_document_must_be_unambiguous(catalog):
    assert named_document("湖北的文件是哪天发的？", catalog) is None  # four Hubei documents
    assert named_document("北京那个十二五规划是哪天发的？", catalog).doc_id == "beijing-12th-plan"
    assert named_document("附件2是正式的吗？", catalog).doc_id == "hubei-benchmark-plant"


def test_a_document_without_a_number_says_so_and_cites_nothing(assistant):
    """The draft opinion has no 文号: no line of it shows one, so none is cited. Asked beside a fact the catalog
    has (the issuer), the answer gives that fact and still says the number is not there."""
    result = assistant.ask("湖北高质量发展指导意见的文号是多少？").to_dict()
    assert result["abstained"] is True and result["citations"] == []
    assert "没有文号" in result["answer"]
    both = assistant.ask("湖北高质量发展指导意见的文号和发文单位是什么？").to_dict()
    assert both["abstained"] is False and "没有文号" in both["answer"] and "湖北省住房和城乡建设厅" in both["answer"]
    assert both["citations"][0]["doc_id"] == "hubei-hq-opinion"
    numbered = assistant.ask("嘉兴那个规划的文号是多少？").to_dict()
    assert numbered["abstained"] is False and "嘉发改〔2017〕196号" in numbered["answer"]


def test_an_english_question_about_content_that_says_status_is_no_document_question(assistant):
    """English words are told from the document's names whole: counts, qualifying … share letters with plant."""
    about_content = assistant.ask("What counts as a qualifying technical achievement for benchmark plant status in Hubei?")
    assert [c["clause"] for c in about_content.to_dict()["citations"]] == ["附件2 8【技术成果】"]
    about_document = assistant.ask("What is the status of the Hubei benchmark plant annex?").to_dict()
    assert "征求意见稿" in about_document["answer"] or "draft" in about_document["answer"]


def test_english_words_that_describe_the_document_leave_it_a_document_question(assistant):
    """ready-mixed concrete industry, a government department or an industry body, 12th Five-Year: they say which
    document and what kind of issuer, not a topic inside it."""
    asked = {
        "Who issued the green development guidance for Hubei's ready-mixed concrete industry - a government "
        "department or an industry body?": "湖北省预拌混凝土行业协会",
        "Who issued the Hangzhou 12th Five-Year plan?": "杭州市建设委员会",
        "When was the Jiaxing 13th Five-Year plan issued?": "2017年6月15日",
    }
    for question, fact in asked.items():
        assert fact in assistant.ask(question).to_dict()["answer"].split("\n")[0], question
