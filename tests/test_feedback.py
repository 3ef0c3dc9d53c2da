"""Feedback: records appended to JSONL (also from many threads), turned into eval-set candidates that score."""

from __future__ import annotations

import json
import threading

import pytest

from assistant.evaluate import holds, load_eval
from assistant.feedback import (
    FeedbackError,
    append_feedback,
    eval_candidates,
    feedback_path,
    make_record,
    read_feedback,
)

QUESTION = "标杆示范站试验室面积要多大？"
OUT_OF_CORPUS = "上海市预拌混凝土行业“十四五”规划对搅拌站数量有什么要求？"


def test_feedback_path_default_and_environment(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("ASSISTANT_FEEDBACK", raising=False)
    assert feedback_path(settings) == settings.root / "feedback" / "feedback.jsonl"
    monkeypatch.setenv("ASSISTANT_FEEDBACK", str(tmp_path / "fb.jsonl"))
    assert feedback_path(settings) == tmp_path / "fb.jsonl"


def test_record_round_trip(assistant, tmp_path):
    answer = assistant.ask(QUESTION).to_dict()
    path = tmp_path / "feedback" / "feedback.jsonl"
    append_feedback(path, make_record(answer, "up", "  清楚  ", history=[{"role": "user", "content": "你好"}]))
    [record] = read_feedback(path)
    assert record["rating"] == "up" and record["comment"] == "清楚"
    assert record["question"] == QUESTION and record["history"] == ["你好"]
    assert [c["clause_id"] for c in record["citations"]] == [c["clause_id"] for c in answer["citations"]]


def test_bad_rating_and_bad_file(assistant, tmp_path):
    answer = assistant.ask(QUESTION).to_dict()
    with pytest.raises(FeedbackError, match="rating"):
        make_record(answer, "meh")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"rating": "up", "question": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(FeedbackError, match=r"broken\.jsonl:2"):
        read_feedback(broken)


def test_concurrent_appends_keep_every_line_whole(assistant, tmp_path):
    answer = assistant.ask(QUESTION).to_dict()
    path = tmp_path / "fb.jsonl"

    def write(n: int) -> None:
        for i in range(20):
            append_feedback(path, make_record(answer, "up" if i % 2 else "down", f"{n}-{i}" * 50))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records = read_feedback(path)
    assert len(records) == 120
    assert len({r["comment"] for r in records}) == 120


def test_candidates_from_liked_answers_hold_their_evidence(assistant, indexed_clauses, tmp_path):
    """A liked answer's candidate has evidence that is found in the clauses it cited, in the eval format."""
    answer = assistant.ask(QUESTION).to_dict()
    follow = assistant.ask("那标准化站呢？", history=[QUESTION]).to_dict()
    records = [make_record(answer, "up"), make_record(follow, "up", history=[QUESTION])]
    candidates = eval_candidates(records)
    assert len(candidates) == 2
    first, second = candidates
    assert first["question"] == QUESTION and "history" not in first
    assert second["history"] == [QUESTION] and "follow-up" in second["tags"]
    for item, source in ((first, answer), (second, follow)):
        assert item["evidence"], "a liked, cited answer gives evidence"
        cited = [indexed_clauses[c["clause_id"]].text for c in source["citations"]]
        for alternative in item["evidence"]:
            assert any(holds([alternative], text) for text in cited)
    path = tmp_path / "candidates.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in candidates), encoding="utf-8")
    assert [i["id"] for i in load_eval([path])] == [c["id"] for c in candidates]


def test_candidates_for_abstentions_and_dislikes(assistant):
    abstained = assistant.ask(OUT_OF_CORPUS).to_dict()
    assert abstained["abstained"]
    wrong = assistant.ask(QUESTION).to_dict()
    liked_abstention, disliked = eval_candidates(
        [make_record(abstained, "up"), make_record(wrong, "up"), make_record(wrong, "down", "应引用附件2")]
    )
    assert liked_abstention["expect_abstain"] is True and liked_abstention["evidence"] == []
    # the later judgement of the same question wins; a dislike needs a person to write the evidence
    assert disliked["question"] == QUESTION and disliked["evidence"] == []
    assert "needs-review" in disliked["tags"] and disliked["review"]["comment"] == "应引用附件2"
    assert disliked["review"]["cited"] == [c["clause"] for c in wrong["citations"]]


def test_eval_command_turns_feedback_into_candidates(assistant, tmp_path, capsys):
    from assistant.cli import main

    path = tmp_path / "fb.jsonl"
    append_feedback(path, make_record(assistant.ask(QUESTION).to_dict(), "up"))
    out = tmp_path / "candidates.jsonl"
    assert main(["eval", "--feedback", str(path), "--out", str(out)]) == 0
    [item] = load_eval([out])
    assert item["question"] == QUESTION and item["evidence"]
    assert main(["eval", "--feedback", str(path)]) == 0
    assert json.loads(capsys.readouterr().out.strip())["id"] == item["id"]
    (tmp_path / "bad.jsonl").write_text("{}\n", encoding="utf-8")
    assert main(["eval", "--feedback", str(tmp_path / "bad.jsonl")]) == 1
    assert "not a feedback record" in capsys.readouterr().err
