"""The benchmark code runs end to end on a tiny corpus and writes its tables (timings are reported, not asserted)."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from assistant import bench
from assistant.baselines import SYSTEMS, JiebaBM25
from assistant.synth import REGIONS, write_corpus

EVAL_LINES = [
    {"id": "q1", "question": "标杆示范搅拌站试验室面积要多大？", "evidence": ["试验室区域面积应不少于300"], "tags": ["t"]},
    {"id": "q2", "question": "废水、废浆回收利用率要达到多少？", "evidence": [["废水", "100%"]], "tags": ["t"]},
    {"id": "q3", "question": "试验员的工资是多少？", "expect_abstain": True, "tags": ["oos"]},
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, make_corpus):
    from assistant.config import Settings

    base = tmp_path_factory.mktemp("bench")
    corpus = make_corpus(base, ["hubei-benchmark-plant"])
    evals = base / "tiny.jsonl"
    evals.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in EVAL_LINES), encoding="utf-8")
    return Settings.from_env(root=base, corpus_dir=corpus, index_dir=base / "indexes", embed_model="lsa"), evals


def test_quality_compares_every_system_on_the_same_questions(tiny):
    settings, evals = tiny
    quality = bench.run_quality(settings, [evals], k=5)
    assert list(quality["systems"]) == list(SYSTEMS)
    assistant = quality["systems"]["assistant"]["overall"]
    assert assistant["questions"] == 3
    assert assistant["recall@k"] == 1.0
    assert quality["systems"]["jieba-bm25-1024"]["overall"]["abstention"] == 0.0  # chunk baselines never abstain
    table = bench.quality_table(quality)
    assert all(f"| {name} |" in table for name in SYSTEMS)


def test_jieba_bm25_ranks_the_passage_holding_the_words_first():
    ranker = JiebaBM25(["搅拌站应当设置洗车平台。", "试验室面积不少于三百平方米。", "厂区道路硬化。"])
    assert ranker.rank("试验室面积", 2)[0] == 1
    assert ranker.rank("完全无关的词语", 2) == []


def test_synthetic_corpus_recombines_real_clauses_with_other_places(tmp_path, corpus_dir):
    corpus = write_corpus(tmp_path / "synth", 120, corpus_dir, seed=3, items_per_doc=50)
    assert (corpus.documents, corpus.items) == (3, 120)
    catalog = json.loads((tmp_path / "synth" / "documents.json").read_text(encoding="utf-8"))["documents"]
    texts = [(tmp_path / "synth" / entry["source"]).read_text(encoding="utf-8") for entry in catalog]
    assert {entry["region"] for entry in catalog} <= {province for province, _ in REGIONS}
    numbered = [line for text in texts for line in text.splitlines() if re.match(r"^\d+\.", line)]
    assert len(numbered) == 120
    assert not any(place in line for line in numbered for place in ("嘉兴", "杭州", "北京", "武汉"))
    again = write_corpus(tmp_path / "again", 120, corpus_dir, seed=3, items_per_doc=50)
    assert again.items == 120
    assert (tmp_path / "again" / "documents" / "synthetic-00000.txt").read_text(encoding="utf-8") == texts[0]


def test_scale_and_speed_run_end_to_end_and_write_the_report(tiny, tmp_path, corpus_dir):
    settings, evals = tiny
    questions = bench.plain_questions(bench.load_questions([evals]))
    rows = bench.run_scale([60], corpus_dir, tmp_path / "work", questions, log=lambda _: None)
    assert rows[0]["clauses"] >= 60
    assert rows[0]["build_peak_rss_mb"] > 0
    speed = bench.run_speed(settings, questions, cold_runs=1, work_dir=tmp_path / "speed")
    assert speed["warm"]["asks"] == 2 * len(questions)
    assert len(speed["cold_ask_s"]) == 1
    out = tmp_path / "out"
    bench.save_json(out, "scale", rows)
    bench.save_json(out, "speed", speed)
    bench.save_json(out, "load", {"Assistant.ask": {"workers": 2, "requests": 4, "errors": 0, "p50_ms": 1, "p95_ms": 2}})
    report = bench.write_report(out).read_text(encoding="utf-8")
    assert "## Scale" in report and "## Speed and memory" in report and "## Concurrent load" in report
    assert (out / "latency_vs_size.png").read_bytes()[:4] == b"\x89PNG"


def test_load_test_collects_errors_instead_of_raising():
    def flaky(question: str) -> str:
        if question == "bad":
            raise ValueError("boom")
        return question.upper()

    result = bench.load_test(flaky, ["ok", "bad"], workers=4, seconds=5.0, max_requests=20)
    assert result["requests"] == 20
    assert result["errors"] and all("ValueError: boom" in error for error in result["errors"])
    assert result["results"]["ok"] == ["OK"] * (20 - len(result["errors"]))


def test_bench_cli_writes_tables(tiny, tmp_path, cli_command):
    settings, evals = tiny
    env = dict(os.environ, ASSISTANT_CORPUS=str(settings.corpus_dir), ASSISTANT_INDEX_DIR=str(settings.index_dir),
               ASSISTANT_HOME=str(settings.root))
    out = tmp_path / "cli-out"
    command = [*cli_command, "bench", "--load", "--load-seconds", "2", "--evals", str(evals), "--out", str(out)]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    load = json.loads((out / "load.json").read_text(encoding="utf-8"))["Assistant.ask"]
    assert load["workers"] == 20 and load["errors"] == 0 and load["requests"] > 0
    assert "## Concurrent load" in (out / "README.md").read_text(encoding="utf-8")
