"""The question profile: which words count, how much, and which specifics a clause must hold."""

from __future__ import annotations

import re

import pytest

from assistant.question import QueryProfile, asked_rate


def profile_of(assistant, question: str) -> QueryProfile:
    """The profile the answer stage builds for a question, with the expansion its search makes."""
    search = assistant.search
    _, expansion = search.search(question, top_k=5)
    return QueryProfile.build(question, expansion, search.snapshot.lexical)


def test_question_words_do_not_count_against_a_clause(assistant):
    search = assistant.search
    question = "标准化搅拌站绿化面积最少要多大？"
    hits, expansion = search.search(question, top_k=5)
    profile = QueryProfile.build(question, expansion, search.snapshot.lexical)
    assert not {"最少", "多大", "要"} & set(profile.weights)
    assert profile.decisive == []
    assert profile.coverage(search.snapshot.clause_terms(hits[0].clause)) == pytest.approx(1.0)


def test_a_unit_is_not_a_grade_code(assistant):
    """1 m³ of mixer: m3 is the 立方米 the Hangzhou plan computes capacity in, not a code only one clause names."""
    question = "What yearly design capacity does the Hangzhou plan assume for each 1 m³ of mixer?"
    profile = profile_of(assistant, question)
    assert "m3" not in profile.decisive
    result = assistant.ask(question).to_dict()
    assert result["abstained"] is False and result["citations"][0]["clause"] == "二（二）3"


def test_a_count_of_cubic_metres_is_not_just_now():
    """多少方才够: 方 after a count is the unit; jieba reads 方才 (just now), a word no clause says."""
    from assistant.question import content_words

    assert "方才" not in list(content_words("一年要卖多少方才够得上标杆示范站？"))
    assert "方才" in list(content_words("他方才到站"))


def test_everyday_words_for_a_problem_are_the_documents_word(assistant):
    """主要毛病在哪几方面: 毛病 is the plans' 问题 (存在的问题), not a topic they never address."""
    profile = profile_of(assistant, "嘉兴规划里说行业主要毛病在哪几方面？")
    assert "毛病" not in profile.decisive
    assert assistant.ask("嘉兴规划里说行业主要毛病在哪几方面？").abstained is False


def test_money_named_in_english_asks_a_sum_only_when_no_rules_are_asked():
    from assistant.question import asked_unit

    assert asked_unit("How much subsidy does a plant get?") == "元"
    assert asked_unit("What is the price of C30 concrete?") == "元"
    assert asked_unit("What subsidy rules did Hangzhou plan to issue?") == ""  # the rules, in words
    assert asked_unit("Which fee policy applies?") == ""


def test_a_compound_counts_when_all_its_parts_are_in_the_clause(assistant):
    question = "试验员月工资是多少？"
    profile = profile_of(assistant, question)
    assert "月工资" in profile.decisive  # a dictionary noun the corpus only has parts of
    assert profile.parts["月工资"] == ["工资"]
    assert assistant.ask(question).abstained is True


def test_a_grade_code_is_a_specific_even_when_the_corpus_names_other_grades(assistant):
    question = "What is the required 28-day compressive strength of C50 concrete?"
    _, expansion = assistant.search.search(question, top_k=5)
    profile = QueryProfile.build(question, expansion, assistant.search.snapshot.lexical)
    assert "c50" in profile.decisive
    assert assistant.ask(question).abstained is True


def test_the_unit_a_figure_question_asks_in():
    from assistant.question import asked_unit, figure_in

    assert figure_in(asked_unit("楼板浇筑后多少天可以拆模？")).search("养护7天")
    assert not figure_in(asked_unit("楼板浇筑后多少天可以拆模？")).search("产能为300万立方米")
    assert figure_in(asked_unit("最少拿到几星？")).search("达到绿色生产一星级及以上水平")
    assert figure_in(asked_unit("罚多少钱？")).search("罚款5万元")
    assert not figure_in(asked_unit("满分多少分？")).search("每5分钟记录一次")
    assert asked_unit("试验室面积最少多大？") == ""
    assert asked_unit("连续开车几个小时要歇一次？") == asked_unit("连续开车多少小时要歇一次？") != ""  # 个, a measure word
    assert asked_unit("包括哪几个方面？") == ""
    assert asked_unit("前几名企业的集中度要到多少？") == ""  # 前几名 is a rank, not a head count
    assert asked_unit("企业总数压在多少家以内？产出跟产能的比例要到多少？") == ""  # each part its own unit


def test_a_share_is_asked_as_a_percentage():
    """比例提到多少 asks for a percentage: 20年 (二十一世纪头20年) or a count does not answer it."""
    from assistant.question import asked_unit, figure_in

    share = figure_in(asked_unit("村镇建设用预拌混凝土的比例要提到多少？"))
    assert share.search("使用量提高到50%") and not share.search("二十一世纪头20年") and not share.search("企业87家")
    assert figure_in(asked_unit("散装水泥使用率要达到多少？")).search("使用率达85%")
    assert asked_unit("What percentage of plants must hold two stars?") == asked_unit("产能利用率是多少？") != ""
    assert asked_unit("产能用上了百分之几？") == asked_unit("有多大比例的站改造完了？") == "%|％"
    assert asked_unit("效率多少？") == ""  # 效率 is no share


def test_a_figure_in_another_unit_does_not_answer(assistant):
    """The clauses on mixer trucks give no revolutions per minute: abstain rather than cite a tonnage."""
    result = assistant.ask("搅拌运输车罐体在运输途中转速应控制在每分钟几转？").to_dict()
    assert result["abstained"] is True and result["citations"] == []
    table = assistant.ask("杭州表1里萧山2010年有几家混凝土企业？").to_dict()  # 家 heads the table's column
    assert table["abstained"] is False and table["citations"][0]["clause"] == "二（二）1 表1"


def test_a_message_that_asks_two_things_is_two_asks_framed_alike():
    from assistant.question import asks

    assert asks("嘉兴规划里混凝土产能要砍掉多少？清洁化改造最迟哪年底得搞完？") == [
        "嘉兴规划里混凝土产能要砍掉多少？",
        "嘉兴 清洁化改造最迟哪年底得搞完？",
    ]
    assert asks("意见稿里到2025年底产能利用率要到多少？武汉标杆站要占多大比例？", ["意见稿"])[1] == (
        "2025 意见稿 武汉标杆站要占多大比例？"
    )
    assert asks("进来的砂子要不要留样封存？省里意见稿怎么说的") == ["进来的砂子要不要留样封存？省里意见稿怎么说的"]
    assert asks("绿化面积要求是多少？") == ["绿化面积要求是多少？"]
    assert asks("GB/T 14902 里坍落度允许偏差是第几条？允许偏差是多少？")[1] == "GB/T 14902 允许偏差是多少？"
    assert asks("是吗？好的？绿化面积要求是多少？") == ["是吗？好的？绿化面积要求是多少？"]  # one real ask
    # a later ask with its own year and topic is not held to the first's years; one with no topic of its own is
    assert asks("意见里产能利用率2023年底和2025年底的目标各是多少？到2025年各星级绿色生产标识的比例呢？")[1] == (
        "到2025年各星级绿色生产标识的比例呢？"
    )
    assert asks("嘉兴的省级企业技术科研中心2015年有几个？2020年目标是几个？")[1] == "嘉兴 2015 2020年目标是几个？"


def test_a_price_or_a_fee_is_asked_in_money_in_either_language():
    from assistant.question import asked_unit

    assert asked_unit("What is the current market price of P.O 42.5 cement in Wuhan?") == "元"
    assert asked_unit("湖北省搅拌站质检员的月工资一般是多少？") == "元"
    # a grant, a subsidy, a fee: sums of money however the sentence runs
    assert asked_unit("拿到三星级标识的站，政府给多少补助？") == "元"
    assert asked_unit("创建标杆站有专项资金吗，能给多少？") == "元"
    assert asked_unit("特种作业人员的报名费是多少？") == "元"
    assert asked_unit("散装以后少浪费了多少水泥？") == ""  # 浪费 is waste, no fee
    # English names a price without asking one: a stance on undercutting each other on price asks no sum
    assert asked_unit("Where does the association stand on firms undercutting each other on price?") == ""
    assert asked_unit("Which ERP would you suggest, and roughly what does it cost?") == "元"
    assert asked_unit("How many points is dust control worth?").startswith("分")
    assert asked_unit("What share of plants must be rated?") == "%|％"  # a share, not a sum of money


def test_aspects_are_not_cubic_metres():
    from assistant.question import asked_unit

    assert asked_unit("发展目标包括哪几方面？") == ""
    assert asked_unit("一年打多少方？").startswith("方")


def test_a_standard_number_must_be_named_by_the_clause(assistant):
    from assistant.question import STANDARD

    assert [m.replace(" ", "") for m in STANDARD.findall("GB/T 14902 和 JGJ 55 有什么区别")] == ["GB/T14902", "JGJ55"]
    result = assistant.ask("GB/T 50081 里试件尺寸是多少毫米？").to_dict()
    assert result["abstained"] is True and result["citations"] == []


def test_a_trailing_ask_for_the_source_is_not_a_second_question():
    """哪条规定的？ asks where the first ask is answered: one ask, framed by what the tail names (省里)."""
    from assistant.question import asks

    assert asks("进场的水泥砂石要不要留样封存？哪条规定的？") == ["进场的水泥砂石要不要留样封存？"]
    assert asks("罐车运输途中能不能加水？省里文件怎么说的？", ["省里"]) == ["省里 罐车运输途中能不能加水？"]
    assert asks("嘉兴那个十三五规划文号是多少？规划期是哪几年？") == ["嘉兴那个十三五规划文号是多少？规划期是哪几年？"]
    assert len(asks("嘉兴规划里产能要砍掉多少？清洁化改造最迟哪年底得搞完？")) == 2


def test_asks_joined_in_one_sentence_are_asked_one_by_one():
    """要上哪些设备、做哪些监测: two things asked, each answered by its own clause, with the words before them."""
    from assistant.question import asks

    assert asks("站里防灰降噪这块，要上哪些设备、做哪些监测？") == [
        "站里防灰降噪这块，要上哪些设备？",
        "站里防灰降噪这块，做哪些监测？",
    ]
    assert asks("配合比谁来定、谁来出单、谁来复核？") == ["配合比谁来定？", "配合比谁来出单？", "配合比谁来复核？"]
    assert asks("按要求，安全这块得设哪些部门、配哪些人？")[1] == "按要求，安全这块配哪些人？"
    # a later ask that says 这些 leans on what the first asked for
    assert asks("安全生产方面要配哪些人、这些人要持什么证？")[1] == "安全生产方面要配人 这些人要持什么证？"
    # a list of things asked about together, and figures read from one table row, stay one ask
    assert asks("罐车、泵车要不要装定位和摄像头？") == ["罐车、泵车要不要装定位和摄像头？"]
    assert asks("省级企业技术科研中心2015年有几个、2020年目标是几个？") == [
        "省级企业技术科研中心2015年有几个、2020年目标是几个？"
    ]


def test_this_part_is_how_a_question_asks():
    from assistant.question import QUESTION_WORDS

    assert {"这块", "这一块"} <= QUESTION_WORDS  # 安全这块: the topic is 安全


def test_all_that_is_required_asks_for_a_list():
    from assistant.question import ASKS_LIST

    assert ASKS_LIST.search("诚信这块都要干啥？") and ASKS_LIST.search("配套保障都有哪些招？")
    assert not ASKS_LIST.search("试验室面积要多大？")


def test_a_plan_said_inside_a_word_is_a_specific_and_the_rest_is_weighed(assistant):
    """十一五期间 / 十三五规划: documents write “十一五”期间, so the plan is checked on its own (gaps)."""
    _hits, expansion = assistant.search.search("嘉兴十三五规划的发展目标是什么？", top_k=5)
    profile = QueryProfile.build("嘉兴十三五规划的发展目标是什么？", expansion, assistant.search.snapshot.lexical)
    assert profile.plans == ["十三五"]
    assert "十三五规划" not in profile.weights and "规划" in profile.weights


def test_how_a_question_is_asked_is_not_a_missing_topic(assistant):
    """原话 (the wording), 硬性要求 (a hard requirement), 十大 (a count): none makes the documents silent."""
    for question, word in (
        ("【资质使用】这一条原话怎么写的", "原话"),
        ("附件1对厂里扬尘有哪些硬性要求？", "硬性"),
        ("协会意见里全省前十大企业市场集中度要到多少？", "十大"),
    ):
        _hits, expansion = assistant.search.search(question, top_k=5)
        profile = QueryProfile.build(question, expansion, assistant.search.snapshot.lexical)
        assert word not in profile.decisive
    assert assistant.ask("【资质使用】这一条原话怎么写的").to_dict()["citations"][0]["clause"] == "附件1 三、1【资质使用】"


def test_a_wage_asked_later_in_the_sentence_still_asks_for_money():
    from assistant.question import asked_unit

    assert asked_unit("质检员一个月工资文件有规定吗，大概多少？") == "元"
    assert asked_unit("因拖欠工资出事的有多少人？") == "人|名"


def test_what_the_asker_will_do_with_the_answer_is_not_asked():
    from assistant.question import asks, without_purpose

    assert without_purpose("试验员日常要建哪几本台账？做培训题要用") == "试验员日常要建哪几本台账？"
    assert without_purpose("出题用：质量负责人要几年质检经历？") == "质量负责人要几年质检经历？"
    assert without_purpose("给新员工出道题：罐车能不能带泥上路？") == "罐车能不能带泥上路？"  # for whom the quiz is
    assert without_purpose("培训题库里有没有这条？") == "培训题库里有没有这条？"
    assert asks("协会意见里“5年内”要做到的目标都有哪些？出几道题用") == ["协会意见里“5年内”要做到的目标都有哪些？"]


def test_a_statement_before_the_ask_leaves_only_what_framed_it():
    """灰太大被周边投诉了。: background, not the topic; 我们在武汉。: the place still frames the ask."""
    from assistant.question import asks

    assert asks("灰太大被周边投诉了。标准化要求里料场和搅拌楼是不是得全封起来？") == ["标准化要求里料场和搅拌楼是不是得全封起来？"]
    assert asks("我们在武汉。标杆站的试验室面积最少要多大？") == ["武汉 标杆站的试验室面积最少要多大？"]
    assert asks("我们站是新建的。要满足哪些条件？") == ["我们站是新建的。要满足哪些条件？"]  # too thin alone


def test_a_last_ask_without_its_question_mark_is_still_an_ask():
    from assistant.question import asks

    assert asks("厂区绿化有没有硬指标？没硬化的空地要种多少") == ["厂区绿化有没有硬指标？", "没硬化的空地要种多少？"]
    assert len(asks("附件1这套要求是只管新建、改扩建的站吗？老站要不要照着来")) == 1  # leans on the first
    assert len(asks("进来的砂子要不要留样封存？省里意见稿怎么说的")) == 1


def test_these_few_parts_do_not_ask_for_a_figure():
    from assistant.question import ASKS_FIGURE

    assert not ASKS_FIGURE.search("省厅意见对出厂、运输和交货验收这几块各有啥要求？")
    assert ASKS_FIGURE.search("一年得打几万方？")


def test_an_article_of_a_document_the_corpus_only_mentions_is_not_answered(assistant):
    """附件1 cites 《湖北省预拌混凝土管理暂行办法》 but does not hold it: its 第十条 is out of the corpus."""
    result = assistant.ask("《湖北省预拌混凝土管理暂行办法》第十条讲的是什么？").to_dict()
    assert result["abstained"] is True and result["citations"] == []
    assert "第十条" in result["answer"]


def test_an_item_number_of_a_document_named_by_its_title_is_answered(assistant):
    result = assistant.ask("《湖北省预拌混凝土标准化搅拌站要求（试行）》绿色生产管理第8条【绿化】的原文").to_dict()
    assert result["abstained"] is False
    assert result["citations"][0]["clause"] == "附件1 九、8【绿化】"
    loose = assistant.ask("《北京十二五规划》对预拌砂浆产能怎么控制？").to_dict()
    assert loose["abstained"] is False and loose["citations"][0]["doc_id"] == "beijing-12th-plan"


def test_these_few_blocks_are_not_a_sum_of_money():
    from assistant.question import asked_unit

    assert asked_unit("省厅意见对出厂、运输和交货验收这几块各有啥要求？") == ""
    assert asked_unit("罚款几块钱？") == "元"


def test_the_noun_asked_for_weighs_more(assistant):
    """要上啥设备: the answer names equipment, so 设备 weighs more than where it is merely said."""
    from assistant.question import ASKED_FOR_WEIGHT

    lexical = assistant.search.snapshot.lexical
    _hits, asked = assistant.search.search("废水要上啥设备？", top_k=5)
    _hits, said = assistant.search.search("设备处理废水要不要上？", top_k=5)
    asking = QueryProfile.build("废水要上啥设备？", asked, lexical).weights["设备"]
    saying = QueryProfile.build("设备处理废水要不要上？", said, lexical).weights["设备"]
    assert asking == pytest.approx(ASKED_FOR_WEIGHT * saying)


def test_a_threshold_asked_for_is_any_requirement(assistant):
    """有什么门槛 asks what is required: 五（四） sets new plants' 70万立方米 without saying 门槛, and answers before
    二（四）2, which tells how the 准入门槛 was dropped in 2002."""
    question = "杭州规划对新建搅拌站的规模和搅拌机有什么门槛？"
    _hits, expansion = assistant.search.search(question, top_k=5)
    assert "门槛" not in QueryProfile.build(question, expansion, assistant.search.snapshot.lexical).weights
    result = assistant.ask(question).to_dict()
    assert result["citations"][0]["clause"] == "五（四）" and "70万立方米" in result["answer"]


def test_who_and_what_are_how_a_question_asks():
    from assistant.question import content_words

    assert "谁" not in list(content_words("生产配合比由谁来复核？"))
    assert "啥" not in list(content_words("标杆站上料推荐用啥系统？"))


def test_a_later_ask_that_points_back_is_asked_with_the_first():
    """里头要隔出哪几间: 里头 is the lab of the first ask; 车上要装啥 names one thing of its own, it is asked of the
    tankers; 签完合同要不要去哪报备 names two (合同, 报备) and stands alone; a parallel ask keeps its own frame."""
    from assistant.question import asks

    second = asks("新建的拌合站，化验室最少得多大？里头要隔出哪几间？")[1]
    assert "化验室" in second and second.endswith("里头要隔出哪几间？")
    assert "罐车" in asks("罐车在路上能不能往罐里加水？车上要装啥？")[1]
    assert asks("协会有没有统一的合同样本？签完合同要不要去哪报备？")[1] == "签完合同要不要去哪报备？"
    assert asks("按要求，安全这块得设哪些部门、配哪些人？")[1] == "按要求，安全这块配哪些人？"
    # 系统 is an everyday word: 优先用什么系统 names one thing of its own (优先), so it asks of the slurry
    later = asks("标杆站冲洗罐车的泥浆水回收率得多少？优先用什么系统？")[1]
    assert "泥浆水" in later and later.endswith("优先用什么系统？")


def test_a_later_ask_naming_only_documents_asks_where_the_first_is_written():
    """意见稿和附件1分别怎么要求的 names documents and asks how each puts it: it frames the first ask, and is no
    question of its own that a clause listing the annexes would answer."""
    from assistant.question import asks

    names = ["高质量发展", "意见稿", "附件1", "标准化搅拌站"]
    assert asks("运输车要装哪些监控？高质量发展意见稿和附件1分别怎么要求的？", names) == [
        "高质量发展 意见稿 附件1 运输车要装哪些监控？"
    ]
    assert len(asks("绿色星级：标准化搅拌站最低几星？标杆站最低几星？", names)) == 2  # 标杆站 asks of the title


def test_everyday_words_count_for_less_in_the_topical_share(assistant):
    """直接 and 所有 are rare in the corpus but common Chinese: holding them says little about the topic."""
    from assistant.question import EVERYDAY_FLOOR, topicality

    assert topicality("所有") == pytest.approx(EVERYDAY_FLOOR) and topicality("直接") < 0.5
    assert topicality("罐车") == 1.0 and topicality("坍落度") == 1.0
    question = "罐车出厂前一定要洗车吗？直接开出去行不行"
    _hits, expansion = assistant.search.search(question, top_k=5)
    profile = QueryProfile.build(question, expansion, assistant.search.snapshot.lexical)
    assert "直接" in profile.weights
    topic = {word: 1.0 for word in profile.weights if word != "直接"}
    assert profile.topical_share(topic) > profile.share(topic)
    assert profile.topical_share({"直接": 1.0}) < profile.share({"直接": 1.0})


def test_an_ordinal_is_no_figure_a_clause_says(assistant):
    """the 11th (Five-Year period) is read by the lexicon as 十一五; 11 is no number a clause writes, and weighed as
    one it held every clause to a word none says."""
    question = "By how much did Beijing's capacity exceed demand in the 11th Five-Year period, compared with 2010?"
    _hits, expansion = assistant.search.search(question, top_k=5)
    profile = QueryProfile.build(question, expansion, assistant.search.snapshot.lexical)
    assert "11" not in profile.weights and profile.years == ["2010"]


def test_an_english_word_no_lexicon_explains_counts_as_an_unknown_word(assistant):
    """brand and self-compacting name what the documents never address; which, works and best say how it is asked."""
    from assistant.question import ENGLISH_UNEXPLAINED

    question = "Which polycarboxylate superplasticizer brand works best for self-compacting concrete?"
    _hits, expansion = assistant.search.search(question, top_k=5)
    lexical = assistant.search.snapshot.lexical
    profile = QueryProfile.build(question, expansion, lexical)
    assert profile.weights["brand"] == pytest.approx(lexical.max_idf() * ENGLISH_UNEXPLAINED)
    assert not {"which", "works", "best", "for", "concrete"} & set(profile.weights)
    assert assistant.ask(question).abstained is True


def test_a_segmenter_guess_that_holds_an_everyday_word_counts_as_that_word(assistant):
    search = assistant.search
    question = "想评标杆站，防灰要做到什么？"  # jieba cuts 防灰要 as one new word
    _, expansion = search.search(question, top_k=5)
    profile = QueryProfile.build(question, expansion, search.snapshot.lexical)
    assert "防灰" in profile.weights and "防灰要" not in profile.weights
    assert "做到" not in profile.weights  # 要做到什么 is how it asks
    clause = next(c for c in search.snapshot.clauses.values() if c.label == "附件2 3【粉尘和噪声在线监测】")
    assert "防灰" in profile.covered(search.snapshot.clause_terms(clause))  # 粉尘, the glossary's word for 灰
    assert profile.words_within("防灰") == ["防灰"]


def test_a_standard_code_is_one_specific_not_three_words(assistant):
    question = "GB/T 14902 对预拌混凝土坍落度的允许偏差是怎么规定的？"
    profile = profile_of(assistant, question)
    assert "gb/t14902" in profile.decisive and "gb/t14902" in profile.weights
    assert not {"gb", "t", "14902"} & set(profile.weights)  # they had held half the question's weight
    # the plan that cites the standard (on its quality system) does not say the slump tolerance
    assert assistant.ask(question).abstained is True
    answered = assistant.ask("GB/T 14902 对质量管理体系有什么规定？").to_dict()
    assert answered["abstained"] is False and "14902" in answered["citations"][0]["text"]


def test_an_english_phrase_the_documents_say_two_ways_weighs_once(assistant):
    """minimum: 不少于 (附件2 10) or 不小于 — one word of the question, held by a clause that says either."""
    from assistant.glossary import Expansion

    search = assistant.search
    question = "What is the minimum floor area?"
    expansion = Expansion(terms={"不少于": 1.0, "不小于": 1.0}, aliases={"minimum": ["不少于", "不小于"]})
    profile = QueryProfile.build(question, expansion, search.snapshot.lexical)
    assert "minimum" in profile.weights and not {"不少于", "不小于"} & set(profile.weights)
    benchmark_lab = next(c for c in search.snapshot.clauses.values() if c.label == "附件2 10【试验设备设施】")
    assert "minimum" in profile.covered(search.snapshot.clause_terms(benchmark_lab))


def test_asking_for_conditions_does_not_make_conditions_a_word_the_clause_must_say(assistant):
    question = "评上标杆示范搅拌站要满足哪些条件？"
    profile = profile_of(assistant, question)
    assert "条件" not in profile.weights
    assert assistant.ask(question).abstained is False


def test_an_alias_the_segmenter_cut_into_weak_pieces_weighs_as_its_term(assistant):
    """往罐里加点水 is cut 往罐/里/加点/水: without the alias itself nothing of 加水 weighed, and the clause that
    forbids it (运输过程中严禁加水) held too little of the question to answer."""
    search = assistant.search
    question = "拉到半路坍落度不够了，司机能不能往罐里加点水？"
    _, expansion = search.search(question, top_k=5)
    profile = QueryProfile.build(question, expansion, search.snapshot.lexical)
    assert profile.weights["加点水"] == search.snapshot.lexical.term_idf("加水")
    placed = "北京到十二五末预拌砂浆一年要用掉多少？"  # 北京 (alias of 北京市) is a place, checked as one
    assert "北京" not in QueryProfile.build(placed, search.search(placed, top_k=5)[1], search.snapshot.lexical).weights
    answer = assistant.ask(question).to_dict()
    assert answer["abstained"] is False and "严禁加水" in answer["citations"][0]["text"]


def test_quantified_targets_ask_for_figures(assistant):
    """量化目标: a target without a figure (发展思路) does not answer it."""
    search = assistant.search
    for question in ("北京十二五对预拌砂浆定了哪些量化目标？", "What quantified targets does the Beijing plan set for mortar?"):
        profile = QueryProfile.build(question, search.search(question, top_k=5)[1], search.snapshot.lexical)
        assert profile.asks_figure
    assert not QueryProfile.build("目标有哪些？", search.search("目标有哪些？", top_k=5)[1], search.snapshot.lexical).asks_figure
    answer = assistant.ask("北京十二五对预拌砂浆定了哪些量化目标？").to_dict()
    assert answer["citations"] and all(any(ch.isdigit() for ch in c["text"]) for c in answer["citations"])


def test_asking_which_document_says_it_adds_no_words_the_clause_must_hold(assistant):
    """是哪份文件哪条规定的？ asks where the answer is written: 份文件 and 条 are no topic of the clause."""
    answer = assistant.ask("进场的水泥砂石要不要留样封存？是哪份文件哪条规定的？").to_dict()
    assert answer["abstained"] is False and "留样封存" in answer["citations"][0]["text"]


def test_english_which_asks_for_a_list_only_before_a_plural_noun():
    from assistant.question import asks_which_of_many

    assert asks_which_of_many("Which incidents does the benchmark annex treat as major?")
    assert asks_which_of_many("Which kinds of safety signs must a plant put up?")
    assert not asks_which_of_many("Which inspection approach should be rolled out?")
    assert not asks_which_of_many("Which one of the two documents is a draft?")
    assert not asks_which_of_many("What must a plant record?")


def test_which_one_of_asks_how_not_what(assistant):
    """哪一条, 这一项: the segmenter cuts 一条 off 哪; it names no topic a clause must hold."""
    question = "附件2里【碳排放】这一条是怎么写的？哪一项要求最严？"
    profile = profile_of(assistant, question)
    assert not {"一条", "一项"} & set(profile.weights)


def test_spec_and_each_and_over_there_say_how_a_question_asks(assistant):
    """规格 (how big), 每个 (per county), 那边 (over there): no clause need say them."""
    question = "嘉兴那边每个区县的搅拌机规格有要求吗？"
    profile = profile_of(assistant, question)
    assert not {"规格", "每个", "那边"} & set(profile.weights)
    assert "规格" not in profile.decisive


def test_chat_fillers_say_how_a_question_asks(assistant):
    """人家, 咱们, 这种, 平时 are how a plant manager talks; the corpus's rarity weighed 人家 like a topic."""
    profile = profile_of(assistant, "人家标准化站平时这种绿化咋整？咱们得种多少？")
    assert not {"人家", "咱们", "这种", "平时", "咋整"} & set(profile.weights)
    assert "绿化" in profile.weights
    listed = profile_of(assistant, "附件2【重大诚信事件】这条列了哪些情形？")  # 情形: which cases, like 情况
    assert "情形" not in listed.decisive and "情形" not in listed.weights


@pytest.mark.parametrize(
    ("question", "when"),
    [("嘉兴要求搅拌站什么时候之前把改造搞完？", True), ("By when must plants finish the upgrade?", True),
     ("试验室面积最少多大？", False), ("省里对罐车有哪些要求？", False)],
)
def test_a_question_asking_when_is_told_apart(assistant, question, when):
    assert profile_of(assistant, question).asks_when is when


@pytest.mark.parametrize(
    ("question", "requirement"),
    [("杭州新建拌合站有什么门槛？", True), ("拉货的罐车要不要装定位和摄像头？", True), ("我们站得建哪几本账？", True),
     ("Must mixer trucks carry GPS?", True), ("北京对备案的砂浆厂，一个班至少得出多少吨？", False),
     ("For a benchmark plant, is unmanned operation a hard requirement or just encouraged?", False),
     ("北京2010年有多少个搅拌站？", False), ("杭州规划的发展目标是什么？", False)],
)
def test_a_question_asking_what_is_required_is_told_apart(assistant, question, requirement):
    """A figure question asks a number whatever its verb; one that names encouragement asks which of the two."""
    assert profile_of(assistant, question).asks_requirement is requirement


@pytest.mark.parametrize(
    ("question", "wording"),
    [("“到2018年底前全面完成预拌混凝土企业清洁化生产改造”是嘉兴规划哪一条的？", True),
     ("“加强行业自律，规范市场行为”那条原文是怎么写的？", True),
     ("“一封闭、二循环、三回收、零排放”的样板是嘉兴哪家企业树的？", False), ("绿化面积最少要多大？", False)],
)
def test_a_quoted_sentence_whose_clause_is_asked_for_is_quoted_whole(assistant, question, wording):
    assert profile_of(assistant, question).asks_wording is wording


def test_the_word_for_the_figure_asked_is_no_topic(assistant):
    """基数 (the baseline figure) says what is asked, like 规格: it is neither weighed nor a missing topic."""
    profile = profile_of(assistant, "嘉兴指标表里清洁化生产改造完成率2015年的基数是多少？")
    assert "基数" not in profile.weights and "基数" not in profile.decisive


@pytest.mark.parametrize(
    ("question", "written"),
    [("散装水泥专项资金每吨收多少钱？", "每吨"), ("C30每方多少钱？", "/m3"), ("What is the fee per cubic metre?", "每立方米"),
     ("搅拌车罐体每分钟几转？", "每分钟")],
)
def test_a_rate_asked_per_unit_is_written_per_that_unit(question, written):
    assert re.search(asked_rate(question), written)


@pytest.mark.parametrize("question", ["嘉兴每个县最多让开几家砂浆厂？", "对每家企业有几个高级职称的人有要求吗？", "北京一共征收了多少专项资金？"])
def test_a_count_per_county_or_a_total_asks_no_rate(question):
    assert asked_rate(question) == ""


@pytest.mark.parametrize(
    ("question", "actual"),
    [("杭州2015年实际产量是多少？", True), ("What was Hangzhou's actual output in 2015?", True),
     ("杭州2015年实际产量的目标是多少？", False), ("What share of capacity did Hangzhou want actually used by 2015?", False),
     ("Does the plan actually prohibit bagged cement?", False)],
)
def test_a_question_for_what_actually_happened_is_told_from_one_for_a_target(assistant, question, actual):
    assert profile_of(assistant, question).asks_actual is actual


@pytest.mark.parametrize(
    ("question", "asked"),
    [("出一道判断题：运输途中可以加水，这个说法对吗？请给出正确答案和依据。", "运输途中可以加水，这个说法对吗？"),
     ("出道填空题：试验室面积至少多大？附答案。", "试验室面积至少多大？"),
     ("哪条规定了门前三包？请给出条文和出处。", "哪条规定了门前三包？"),
     ("帮我出一道选择题：标杆站要几星？附答案和出处。", "标杆站要几星？"),
     ("出题用：质量负责人要几年经历？", "质量负责人要几年经历？")],
)
def test_a_quiz_request_is_asked_without_its_framing(question, asked):
    """A trainer's 出一道…题 and 附答案/给出依据 say what to do with the answer: every answer cites its clause."""
    from assistant.question import without_purpose

    assert without_purpose(question) == asked


def test_time_points_are_how_a_question_asks_for_dates(assistant):
    """两个时间节点的目标: 节点 (milestone) says the question wants the dated targets; no clause says it."""
    profile = profile_of(assistant, "意见稿里产能利用率两个时间节点的目标各是多少？")
    assert "节点" not in profile.weights and "节点" not in profile.decisive and "产能利用率" in profile.weights


def test_a_code_the_lexicon_translates_is_its_translation(assistant):
    """CO2 is 二氧化碳, which the lexicon adds: a clause saying 二氧化碳 answers, it need not write CO2. C30 stays a
    code only a clause naming it answers, and PM10 — a kind of dust, not a word for 粉尘 — stays one too."""
    lexical = assistant.search.snapshot.lexical

    def profile(question: str) -> QueryProfile:
        _hits, expansion = assistant.search.search(question, top_k=5)
        return QueryProfile.build(question, expansion, lexical)

    co2 = profile("How much CO2 emission would Beijing's plan cut?")
    assert "co2" not in co2.decisive and "二氧化碳" in co2.weights
    assert "c30" in profile("Which plants may supply C30 concrete?").decisive
    assert "pm10" in profile("What PM10 limit applies at the plant fence?").decisive


def test_a_quiz_label_and_a_fill_in_blank_are_how_a_trainer_asks():
    """培训考题：… is what the asker will do with it; a fill-in statement (…年产量（　）以上…。) asks with no question
    mark, and still loses its request for the answer and source."""
    from assistant.question import asks, without_purpose

    assert without_purpose("培训考题：标杆站的雨水要怎么用？") == "标杆站的雨水要怎么用？"
    assert without_purpose("判断题：罐车在路上可以加水。") == "罐车在路上可以加水。"
    blank = "出道填空题：附件2要求废水、废浆回收利用率达到（　）。请给出答案和出处。"
    assert asks(blank) == ["附件2要求废水、废浆回收利用率达到（　）。"]


def test_the_clause_s_text_and_this_clause_point_back_at_what_was_asked():
    """条文 asks for the wording, like 原文; 这条 of a second ask is the clause the first asked about."""
    from assistant.question import QUESTION_WORDS, asks

    assert "条文" in QUESTION_WORDS
    parts = asks("“砂石分离+浆水回收”出自附件2哪一条？这条的完整条文是什么？")
    assert len(parts) == 2 and "砂石分离" in parts[1]  # asked of the quoted sentence, not of any 完整 thing
