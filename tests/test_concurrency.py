"""20 concurrent askers against one Assistant: no errors, and every answer equals the single-threaded one.

Latency under load is measured by `assistant bench --load` (p95 reported there), never asserted here.
"""

from __future__ import annotations

from assistant.bench import load_test

QUESTIONS = [
    "标杆示范搅拌站试验室面积要多大？",
    "搅拌站的废水怎么处理？",
    "嘉兴市预拌混凝土企业数量",
    "绿色生产星级评价有哪些等级？",
    "杭州十二五期间散装水泥的目标是多少？",
    "北京市预拌混凝土的发展目标",
    "What are the requirements for the laboratory of a benchmark plant?",
    "搅拌站工人的月工资是多少？",
]


def _stable(answer) -> dict:
    data = answer.to_dict()
    data.pop("timing_ms")
    return data


def test_twenty_concurrent_askers_get_the_single_threaded_answers(assistant):
    expected = {question: _stable(assistant.ask(question)) for question in QUESTIONS}
    result = load_test(lambda q: _stable(assistant.ask(q)), QUESTIONS, workers=20, seconds=8.0, max_requests=400)
    assert result["errors"] == []
    assert result["requests"] >= 20
    assert set(result["results"]) <= set(QUESTIONS)
    for question, answers in result["results"].items():
        for answer in answers:
            assert answer == expected[question]


def test_concurrent_askers_with_history_and_filters(assistant):
    calls = [
        ("那二星级呢？", ["三星级绿色生产搅拌站要满足什么？"], None),
        ("试验室面积", None, "hubei-benchmark-plant"),
        ("规划目标", None, "jiaxing-13th-plan"),
    ]

    def ask(index: int) -> dict:
        question, history, doc = calls[index % len(calls)]
        return _stable(assistant.ask(question, history=history, doc=doc))

    expected = [ask(i) for i in range(len(calls))]
    result = load_test(lambda i: ask(int(i)), [str(i) for i in range(len(calls))], workers=20, seconds=5.0,
                       max_requests=150)
    assert result["errors"] == []
    for key, answers in result["results"].items():
        assert all(answer == expected[int(key)] for answer in answers)
        if calls[int(key)][2]:
            assert all(r["doc_id"] == calls[int(key)][2] for r in answers[0]["retrieved"])
