"""Server mode: a real `chroma run` on loopback; index into it, ask through it, same answers as embedded."""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from contract import assert_matrix_matches_chroma

from assistant.index import IndexError_, build_index, current_build, open_collection, read_manifest, server_client

CHROMA = Path(sys.executable).with_name("chroma")
QUESTIONS = ["标杆示范搅拌站试验室面积要多大？", "搅拌站的废水怎么处理？", "嘉兴市预拌混凝土企业数量"]
DOCS = ["hubei-benchmark-plant", "jiaxing-13th-plan"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_heartbeat(url: str, process: subprocess.Popen, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chroma run exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"no heartbeat from {url} within {seconds}s")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_heartbeat(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def two_modes(tmp_path_factory, corpus_dir, chroma_url):
    """The same two-document corpus indexed embedded and into the server."""
    import shutil

    from assistant.config import Settings

    base = tmp_path_factory.mktemp("server-mode")
    corpus = base / "corpus"
    (corpus / "documents").mkdir(parents=True)
    entries = json.loads((corpus_dir / "documents.json").read_text(encoding="utf-8"))["documents"]
    chosen = [e for e in entries if e["doc_id"] in DOCS]
    for entry in chosen:
        shutil.copy2(corpus_dir / entry["source"], corpus / entry["source"])
    (corpus / "documents.json").write_text(json.dumps({"documents": chosen}, ensure_ascii=False), encoding="utf-8")
    shutil.copy2(corpus_dir / "glossary.json", corpus / "glossary.json")
    embedded = Settings.from_env(root=base, corpus_dir=corpus, index_dir=base / "embedded", embed_model="lsa")
    server = dataclasses.replace(embedded, index_dir=base / "server", chroma_url=chroma_url)
    assert build_index(embedded, progress=False).build_id
    assert build_index(server, progress=False).build_id
    return embedded, server


def test_server_build_keeps_vectors_on_the_server_not_on_disk(two_modes, chroma_url):
    _, server = two_modes
    build = current_build(server.index_dir)
    manifest = read_manifest(build)
    assert manifest["chroma_server"]["url"] == chroma_url
    assert not (build / "chroma").exists()
    collection = open_collection(server, build)
    assert collection.name == manifest["chroma_server"]["collection"]
    assert collection.count() == len(manifest["lexical_order"])


def test_answers_through_the_server_equal_the_embedded_ones(two_modes):
    from assistant import Assistant

    embedded, server = two_modes
    local, remote = Assistant.open(embedded), Assistant.open(server)
    for question in QUESTIONS:
        for mode in ("hybrid", "dense"):
            a = local.ask(question, mode=mode).to_dict()
            b = remote.ask(question, mode=mode).to_dict()
            assert [r["clause"] for r in b["retrieved"]] == [r["clause"] for r in a["retrieved"]]
            assert b["answer"] == a["answer"]
            assert [round(r["score"], 4) for r in b["retrieved"]] == [round(r["score"], 4) for r in a["retrieved"]]


def test_server_rebuild_publishes_a_new_collection_and_prunes_older_ones(two_modes, chroma_url):
    from assistant.index import server_prefix

    _, server = two_modes
    first = current_build(server.index_dir).name
    second = build_index(server, rebuild=True, progress=False).build_id
    third = build_index(server, rebuild=True, progress=False).build_id
    prefix = server_prefix(server.index_dir)
    names = {c if isinstance(c, str) else c.name for c in server_client(chroma_url).list_collections()}
    mine = {n for n in names if n.startswith(prefix)}
    assert mine == {prefix + second, prefix + third}
    assert prefix + first not in names
    from assistant import Assistant

    assert Assistant.open(server).ask(QUESTIONS[0]).to_dict()["citations"]


def test_incremental_server_build_copies_unchanged_vectors(two_modes, chroma_url, tmp_path):
    _, server = two_modes
    before = open_collection(server, current_build(server.index_dir)).count()
    note = server.corpus_dir / "documents" / "extra.txt"
    note.write_text("一、总则\n1.搅拌站应当配备洗车平台和沉淀池，废水经处理后循环使用。\n", encoding="utf-8")
    try:
        report = build_index(server, progress=False)
        assert report.changed == ["extra"]
        collection = open_collection(server, current_build(server.index_dir))
        assert collection.count() > before
        assert len(collection.get(where={"doc_id": {"$in": DOCS}})["ids"]) == before
        assert_matrix_matches_chroma(current_build(server.index_dir), collection)
    finally:
        note.unlink()
        build_index(server, progress=False)


def test_unreachable_server_is_a_clear_error(two_modes, tmp_path):
    embedded, _ = two_modes
    dead = dataclasses.replace(embedded, index_dir=tmp_path / "idx", chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(IndexError_, match="cannot reach the Chroma server"):
        build_index(dead, progress=False)
    assert current_build(dead.index_dir) is None


def test_the_server_url_comes_from_the_environment_for_index_and_cli_ask(two_modes, chroma_url, cli_command, tmp_path,
                                                                           monkeypatch):
    from assistant.config import Settings

    embedded, _ = two_modes
    env = {"ASSISTANT_CORPUS": str(embedded.corpus_dir), "ASSISTANT_INDEX_DIR": str(tmp_path / "env-idx"),
           "ASSISTANT_CHROMA_URL": chroma_url, "ASSISTANT_EMBED_MODEL": "lsa"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env(root=embedded.root)
    assert settings.chroma_url == chroma_url
    build_index(settings, progress=False)
    assert read_manifest(current_build(tmp_path / "env-idx"))["chroma_server"]["url"] == chroma_url
    out = subprocess.run([*cli_command, "ask", QUESTIONS[0], "--json"], env=dict(os.environ, **env), check=True,
                         capture_output=True, text=True, timeout=300)
    assert json.loads(out.stdout)["citations"]
