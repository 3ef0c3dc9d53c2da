"""The command line: the real console script in subprocesses, plus error paths through ``main()`` in-process."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from contract import CONTRACT_KEYS

from assistant import cli

TIMEOUT = 300


@pytest.fixture(scope="module")
def cli_env(settings, build_report) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("ASSISTANT_HOME", "ASSISTANT_EMBED_MODEL"):
        env.pop(name, None)
    env["ASSISTANT_CORPUS"] = str(settings.corpus_dir)
    env["ASSISTANT_INDEX_DIR"] = str(settings.index_dir)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_cli(command: list[str], args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )


@pytest.fixture()
def in_process_env(monkeypatch, settings, build_report):
    monkeypatch.setenv("ASSISTANT_CORPUS", str(settings.corpus_dir))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(settings.index_dir))


# --- the real console script ------------------------------------------------------------------------


def test_ask_json(cli_command, cli_env, tmp_path):
    done = run_cli(
        cli_command,
        ["ask", "标准化搅拌站整体绿化面积要求是多少？", "--json", "--top-k", "3", "--doc", "hubei-standard-plant"],
        cli_env,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().split("\n")
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert set(result) >= CONTRACT_KEYS
    assert result["question"] == "标准化搅拌站整体绿化面积要求是多少？"
    assert result["abstained"] is False
    assert result["citations"][0]["clause"] == "附件1 九、8【绿化】"
    assert len(result["retrieved"]) == 3
    assert {r["doc_id"] for r in result["retrieved"]} == {"hubei-standard-plant"}
    assert "[1]" in result["answer"]


def test_ask_jsonl(cli_command, cli_env, tmp_path):
    batch = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "question": "质量负责人需要什么资格？"}, ensure_ascii=False),
        "this is not json",
        json.dumps({"id": "a3"}),
        "",
        json.dumps(
            {"id": "a4", "question": "那质检员呢？", "history": ["质量负责人需要什么资格？"]}, ensure_ascii=False
        ),
        "[1, 2]",
        json.dumps({"id": 7, "question": "今天武汉天气怎么样？"}, ensure_ascii=False),
    ]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_cli(cli_command, ["ask", "--jsonl", str(batch)], cli_env, tmp_path)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.strip().split("\n")]
    assert len(out) == 6  # one per non-blank input line, in order
    good = [o for o in out if "error" not in o]
    bad = [o for o in out if "error" in o]
    assert [o["id"] for o in good] == ["a1", "a4", 7]
    assert [o["line"] for o in bad] == [2, 3, 6]
    assert all(o["error"].startswith("bad input line") for o in bad)
    for result in good:
        assert set(result) >= CONTRACT_KEYS
    assert good[0]["abstained"] is False
    assert good[1]["standalone_query"] == "质量负责人需要什么资格？ 质检员"
    assert good[2]["abstained"] is True and good[2]["citations"] == []


def test_eval_json(cli_command, cli_env, tmp_path):
    items = [
        {
            "id": "t1",
            "question": "标准化搅拌站整体绿化面积要求是多少？",
            "evidence": ["整体绿化面积应不低于10%"],
            "answer_contains": ["10%"],
            "tags": ["fact"],
        },
        {
            "id": "t2",
            "question": "嘉善县2020年混凝土产能规划",
            "evidence": ["嘉善县\t107.8\t440\t150\t400"],
            "tags": ["table"],
        },
        {"id": "t3", "question": "今天武汉天气怎么样？", "evidence": [], "expect_abstain": True, "tags": ["oos"]},
    ]
    eval_file = tmp_path / "tiny_eval.jsonl"
    eval_file.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n", encoding="utf-8")
    done = run_cli(cli_command, ["eval", str(eval_file), "--k", "5", "--json"], cli_env, tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["k"] == 5
    assert report["files"] == [str(eval_file)]
    assert set(report["modes"]) == {"hybrid", "lexical", "dense", "hybrid, no glossary"}
    overall = report["modes"]["hybrid"]["overall"]
    assert overall["questions"] == 3
    for metric in ("recall@k", "recall@1000chars", "mrr", "citation_precision", "abstention", "false_abstention"):
        assert metric in overall
    assert overall["recall@k"] == 1.0
    assert overall["abstention"] == 1.0
    assert overall["false_abstention"] == 0.0
    assert 0 < overall["mrr"] <= 1.0
    assert set(report["modes"]["hybrid"]["by_tag"]) == {"fact", "table", "oos"}
    assert report["modes"]["lexical"]["by_tag"] == {}
    assert report["failures"] == []


def test_index_prints_a_summary(cli_command, make_corpus, tmp_path):
    corpus = make_corpus(tmp_path, ["jiaxing-13th-plan"])
    env = dict(os.environ)
    env.pop("ASSISTANT_HOME", None)
    env.update(
        ASSISTANT_CORPUS=str(corpus),
        ASSISTANT_INDEX_DIR=str(tmp_path / "indexes"),
        ASSISTANT_EMBED_MODEL="lsa",
        PYTHONIOENCODING="utf-8",
    )
    done = run_cli(cli_command, ["index", "--quiet"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    match = re.search(r"indexed 1 changed, kept 0 unchanged, removed 0 document\(s\): (\d+) clauses", done.stdout)
    assert match, done.stdout
    assert int(match.group(1)) >= 50
    assert "warning: jiaxing-13th-plan: dropped page-footer residue: 'PAGE'" in done.stderr
    assert (tmp_path / "indexes" / "CURRENT").exists()


# --- main() in-process: other options and error paths ----------------------------------------------


def test_index_up_to_date_and_rebuild(make_corpus, tmp_path, monkeypatch, capsys):
    corpus = make_corpus(tmp_path, ["hubei-assoc-green"])
    monkeypatch.setenv("ASSISTANT_CORPUS", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "indexes"))
    assert cli.main(["index", "--quiet"]) == 0
    first = capsys.readouterr().out
    assert first.startswith("indexed 1 changed")
    assert cli.main(["index", "--quiet"]) == 0
    assert re.match(r"index is up to date \(\d+ clauses\)", capsys.readouterr().out)
    assert cli.main(["index", "--rebuild", "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("indexed 1 changed, kept 0 unchanged")


def test_index_reports_unreadable_files(make_corpus, tmp_path, monkeypatch, capsys):
    corpus = make_corpus(tmp_path, ["hubei-assoc-green"])
    (corpus / "documents" / "empty.txt").write_bytes(b"")
    monkeypatch.setenv("ASSISTANT_CORPUS", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "indexes"))
    assert cli.main(["index", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "error: empty.txt: empty file" in captured.err
    assert captured.out.startswith("indexed 1 changed")


def test_ask_plain_text(in_process_env, capsys):
    assert cli.main(["ask", "标准化搅拌站整体绿化面积要求是多少？"]) == 0
    out = capsys.readouterr().out
    assert "[1]" in out and "附件1 九、8【绿化】" in out
    assert "⚠" in out and "征求意见稿" in out


def test_ask_region_filter(in_process_env, capsys):
    assert cli.main(["ask", "预拌砂浆发展目标", "--json", "--region", "北京市"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["retrieved"] and {r["doc_id"] for r in result["retrieved"]} == {"beijing-12th-plan"}


def test_ask_jsonl_from_stdin(in_process_env, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "s1", "question": "质量负责人需要什么资格？"}\n'))
    assert cli.main(["ask", "--jsonl", "-"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.strip().split("\n")]
    assert [o["id"] for o in out] == ["s1"]


def test_ask_without_question(in_process_env, capsys):
    assert cli.main(["ask"]) == 2
    assert "give a question" in capsys.readouterr().err


def test_eval_with_malformed_file(in_process_env, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "question": "q"}\n{broken\n', encoding="utf-8")
    assert cli.main(["eval", str(bad), "--no-ablation"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and "bad.jsonl:2" in err


def test_eval_with_missing_file(in_process_env, tmp_path, capsys):
    assert cli.main(["eval", str(tmp_path / "nope.jsonl")]) == 1
    assert "nope.jsonl" in capsys.readouterr().err


def test_eval_table_output(in_process_env, tmp_path, capsys):
    path = tmp_path / "one.jsonl"
    path.write_text(
        json.dumps(
            {"id": "o1", "question": "质量负责人需要什么资格？", "evidence": ["5年以上"], "tags": ["x"]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert cli.main(["eval", str(path), "--no-ablation"]) == 0
    out = capsys.readouterr().out
    assert "eval: 1 questions" in out and "recall@k" in out and "hybrid (all)" in out
    assert "ablation" not in out


def test_eval_items_and_compare_name_the_questions_that_changed(in_process_env, tmp_path, capsys):
    path = tmp_path / "two.jsonl"
    items = [
        {"id": "o1", "question": "质量负责人需要什么资格？", "evidence": ["5年以上"], "tags": ["x"]},
        {"id": "o2", "question": "火星基地的混凝土标准是什么？", "evidence": [], "expect_abstain": True, "tags": ["oos"]},
    ]
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    base = tmp_path / "base.jsonl"
    assert cli.main(["eval", str(path), "--no-ablation", "--items", str(base)]) == 0
    records = [json.loads(line) for line in base.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["o1", "o2"] and records[0]["cited"]
    capsys.readouterr()
    records[0]["recall"] = 0.0  # as if an earlier build had missed it
    base.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert cli.main(["eval", str(path), "--no-ablation", "--compare", str(base)]) == 0
    out = capsys.readouterr().out
    assert "1 better, 0 worse" in out and "o1" in out and "质量负责人" in out


def test_broken_catalogue_is_an_error_not_a_traceback(make_corpus, tmp_path, monkeypatch, capsys):
    corpus = make_corpus(tmp_path, ["hubei-assoc-green"])
    (corpus / "documents.json").write_text("{bad", encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_CORPUS", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "indexes"))
    assert cli.main(["ask", "绿化"]) == 1
    assert capsys.readouterr().err.startswith("error:")


def test_unknown_command_exits_with_usage():
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["frobnicate"])
    assert exit_info.value.code == 2


def test_eval_without_glossary_says_so(in_process_env, tmp_path, capsys):
    path = tmp_path / "english.jsonl"
    item = {"id": "e1", "question": "How large must the laboratory area be?", "evidence": ["240㎡"], "tags": ["english"]}
    path.write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["eval", str(path), "--no-ablation", "--no-glossary"]) == 0
    out = capsys.readouterr().out
    assert "without glossary expansion" in out
    row = next(line for line in out.splitlines() if line.startswith("hybrid (all)"))
    assert row.split(" | ")[2] == "0.0"  # recall@k: nothing Chinese to search for without the glossary
