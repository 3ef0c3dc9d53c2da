"""Faults: `assistant index` SIGKILLed at several points, a disk that fills up, a read-only index directory."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
from pathlib import Path

import pytest

from assistant.index import IndexError_, build_index, current_build, read_clauses

NEW_TEXT = "一、总则\n1.搅拌站应当建设封闭式骨料堆场，骨料堆场喷淋降尘装置每日检查一次。\n"
NEW_QUESTION = "骨料堆场喷淋降尘装置多久检查一次？"
OLD_QUESTION = "标杆示范搅拌站试验室面积要多大？"


def _ids(settings, question: str) -> list[str]:
    from assistant import Assistant

    retrieved = Assistant.open(settings).ask(question).to_dict()["retrieved"]
    return [r.get("clause_id", r["clause"]) for r in retrieved]


def _docs(settings, question: str) -> set[str]:
    from assistant import Assistant

    return {r["doc_id"] for r in Assistant.open(settings).ask(question).to_dict()["retrieved"]}


@pytest.fixture()
def small(tmp_path, make_corpus, settings_for):
    corpus = make_corpus(tmp_path, ["hubei-benchmark-plant"])
    settings = settings_for(corpus, tmp_path / "indexes")
    assert build_index(settings, progress=False).build_id
    return settings


def _index(cli_command, settings, kill_at: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, ASSISTANT_CORPUS=str(settings.corpus_dir), ASSISTANT_INDEX_DIR=str(settings.index_dir),
               ASSISTANT_EMBED_MODEL=settings.embed_model)
    env.pop("ASSISTANT_KILL_AT", None)
    if kill_at:
        env["ASSISTANT_KILL_AT"] = kill_at
    return subprocess.run([*cli_command, "index", "--quiet"], env=env, capture_output=True, text=True, timeout=600)


def test_killed_builds_leave_the_previous_index_serving_and_the_next_build_completes(small, cli_command):
    before_build = current_build(small.index_dir)
    before = _ids(small, OLD_QUESTION)
    before_clauses = {c.clause_id for c in read_clauses(before_build)}
    (small.corpus_dir / "documents" / "extra.txt").write_text(NEW_TEXT, encoding="utf-8")
    for stage in ("embedded", "renamed"):  # vectors half-written; a finished build not yet published
        run = _index(cli_command, small, kill_at=stage)
        assert run.returncode == -signal.SIGKILL, (stage, run.stderr)
        assert current_build(small.index_dir) == before_build, stage
        assert _ids(small, OLD_QUESTION) == before, stage
        assert "extra" not in _docs(small, NEW_QUESTION), stage
    run = _index(cli_command, small, kill_at="published")  # dies after publishing, before pruning old builds
    assert run.returncode == -signal.SIGKILL
    assert current_build(small.index_dir) != before_build
    assert "extra" in _docs(small, NEW_QUESTION)
    (small.corpus_dir / "documents" / "extra.txt").write_text(NEW_TEXT + "2.搅拌站应当设置车辆冲洗设施。\n", encoding="utf-8")
    finished = _index(cli_command, small)
    assert finished.returncode == 0, finished.stderr
    assert "indexed 1 changed, kept 1 unchanged" in finished.stdout
    builds = small.index_dir / "builds"
    assert not list(builds.glob("*.partial"))
    assert len([p for p in builds.iterdir() if p.is_dir()]) == 2  # the new build and the one before it
    assert before_clauses <= {c.clause_id for c in read_clauses(current_build(small.index_dir))}
    assert "extra" in _docs(small, NEW_QUESTION)


def _fail_writes_under(monkeypatch, root: Path, code: int) -> None:
    """Make every write below ``root`` fail the way the OS does on a full disk or a read-only mount."""
    real_open, real_mkdir = Path.open, Path.mkdir

    def guarded_open(self, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+") and str(self).startswith(str(root)):
            raise OSError(code, os.strerror(code), str(self))
        return real_open(self, mode, *args, **kwargs)

    def guarded_mkdir(self, *args, **kwargs):
        if str(self).startswith(str(root)) and not self.exists():
            raise OSError(code, os.strerror(code), str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    monkeypatch.setattr(Path, "mkdir", guarded_mkdir)


def test_a_full_disk_mid_build_is_a_clear_error_and_the_previous_index_serves(small, monkeypatch):
    before_build = current_build(small.index_dir)
    before = _ids(small, OLD_QUESTION)
    (small.corpus_dir / "documents" / "extra.txt").write_text(NEW_TEXT, encoding="utf-8")
    _fail_writes_under(monkeypatch, small.index_dir / "builds", errno.ENOSPC)
    with pytest.raises(IndexError_, match=r"disk is full.*previous index is still published"):
        build_index(small, progress=False)
    monkeypatch.undo()
    assert current_build(small.index_dir) == before_build
    assert not list((small.index_dir / "builds").glob("*.partial"))
    assert _ids(small, OLD_QUESTION) == before


def test_a_read_only_index_directory_is_a_clear_error(tmp_path, make_corpus, settings_for, monkeypatch):
    corpus = make_corpus(tmp_path, ["hubei-benchmark-plant"])
    settings = settings_for(corpus, tmp_path / "ro" / "indexes")
    _fail_writes_under(monkeypatch, tmp_path / "ro", errno.EROFS)
    with pytest.raises(IndexError_, match=r"cannot write the index directory .*read-only"):
        build_index(settings, progress=False)


def test_an_index_directory_that_cannot_be_created_is_one_clear_cli_line(tmp_path, make_corpus, settings_for, cli_command):
    """A real OS error, even as root: the index path runs through a regular file."""
    corpus = make_corpus(tmp_path, ["hubei-benchmark-plant"])
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the index directory should be", encoding="utf-8")
    settings = settings_for(corpus, blocker / "indexes")
    run = _index(cli_command, settings)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert f"cannot write the index directory {blocker / 'indexes'}" in run.stderr
