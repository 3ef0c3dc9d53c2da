"""The role-tool subcommands end to end, as a user runs them (real console script, real index)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import xml.etree.ElementTree as ET

import pytest


@pytest.fixture(scope="module")
def run(cli_command, settings, build_report):
    env = {
        **os.environ,
        "ASSISTANT_HOME": str(settings.root),
        "ASSISTANT_CORPUS": str(settings.corpus_dir),
        "ASSISTANT_INDEX_DIR": str(settings.index_dir),
    }

    def invoke(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*cli_command, *args], capture_output=True, text=True, env=env, timeout=120)

    return invoke


def test_clause_found_ambiguous_and_bad_doc(run):
    found = run("clause", "附件1 九、8", "--json")
    assert found.returncode == 0
    data = json.loads(found.stdout)
    assert data["outcome"] == "found" and data["matches"][0]["label"] == "附件1 九、8【绿化】"
    ambiguous = run("clause", "【管理子系统】")
    assert ambiguous.returncode == 1 and "ambiguous" in ambiguous.stdout
    bad = run("clause", "一、", "--doc", "no-such-doc")
    assert bad.returncode == 2 and "unknown document" in bad.stderr and "Traceback" not in bad.stderr


def test_compare_json(run):
    result = run("compare", "产能利用率", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["topic"] == "产能利用率" and "hubei-standard-plant" in data["silent"]


def test_checklist_then_self_assessment(run, tmp_path):
    sheet = tmp_path / "checklist.csv"
    made = run("checklist", "标杆示范搅拌站", "--format", "csv", "--output", str(sheet))
    assert made.returncode == 0
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8"))))
    assert any(r["inherited"] == "yes" for r in rows) and any(r["inherited"] == "" for r in rows)
    unmet = next(r for r in rows if r["strength"] == "must")
    unmet["status"] = "not met"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    sheet.write_text(out.getvalue(), encoding="utf-8")
    report = run("checklist", "标杆示范搅拌站", "--assess", str(sheet))
    assert report.returncode == 0
    assert "未满足的必须项" in report.stdout and unmet["text"] in report.stdout and "不在语料中" in report.stdout
    gaps_csv = run("checklist", "标杆示范搅拌站", "--assess", str(sheet), "--format", "csv")
    assert next(iter(csv.DictReader(io.StringIO(gaps_csv.stdout))))["item_id"] == unmet["item_id"]


def test_bad_assessment_file_is_a_clear_error(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("item_id,status\nabc:0,perhaps\n", encoding="utf-8")
    result = run("checklist", "标准化搅拌站", "--assess", str(bad))
    assert result.returncode == 2 and "perhaps" in result.stderr and "Traceback" not in result.stderr
    missing = run("checklist", "标准化搅拌站", "--assess", str(tmp_path / "none.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_quiz_formats_and_seed(run):
    first = run("quiz", "--n", "5", "--seed", "4", "--format", "json")
    second = run("quiz", "--n", "5", "--seed", "4", "--format", "json")
    assert first.returncode == 0 and first.stdout == second.stdout
    assert len(json.loads(first.stdout)["items"]) == 5
    xml = run("quiz", "--n", "4", "--type", "mc", "--format", "moodle-xml")
    assert len(ET.fromstring(xml.stdout).findall("question[@type='multichoice']")) == 4
    gift = run("quiz", "--n", "3", "--type", "tf", "--format", "gift")
    assert gift.stdout.count("::Q") == 3


def test_glossary(run):
    result = run("glossary", "两场", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)[0]["term"] == "两场"
    missing = run("glossary", "完全无关的词语")
    assert missing.returncode == 1
