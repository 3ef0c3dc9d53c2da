"""20 concurrent askers against the running Gradio server: no errors, the same answers as one asker alone."""

from __future__ import annotations

from gradio_client import Client
from ui_server import ui_server  # noqa: F401  (fixture)

from assistant.bench import gradio_asker, load_test

QUESTIONS = [
    "标杆示范站试验室面积要多大？",
    "标准化搅拌站整体绿化面积要求是多少？",
    "嘉兴2020年预拌混凝土供应量目标是多少？",
    "搅拌站试验员的月工资标准是多少？",
]


def _answer_without_timing(result: dict) -> dict:
    return {key: value for key, value in result.items() if key != "timing_ms"}


def test_twenty_concurrent_askers_get_the_single_asker_answers(ui_server):  # noqa: F811
    alone = Client(ui_server.url, verbose=False)
    expected = {q: _answer_without_timing(alone.predict(q, [], {}, api_name="/ask")) for q in QUESTIONS}
    report = load_test(gradio_asker(ui_server.url), QUESTIONS, workers=20, seconds=20, max_requests=80)
    assert report["errors"] == []
    assert report["requests"] >= 20
    for question, answers in report["results"].items():
        assert all(_answer_without_timing(answer) == expected[question] for answer in answers), question
    print(f"gradio /ask under 20 workers: {report['requests']} requests, p50/p95 {report['p50_ms']}/{report['p95_ms']} ms")
