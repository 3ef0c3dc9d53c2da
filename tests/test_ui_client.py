"""The named `ask` endpoint through gradio_client against the real server; loopback binding; optional login."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request

import psutil
import pytest
from contract import CONTRACT_KEYS, RECORD_KEYS
from gradio_client import Client
from ui_server import free_port, server_env, ui_server  # noqa: F401  (fixture)

QUESTION = "标杆示范站试验室面积要多大？"
FOLLOW_UP = "那标准化站呢？"


@pytest.fixture(scope="module")
def client(ui_server):  # noqa: F811
    return Client(ui_server.url, verbose=False)


@pytest.fixture(scope="module")
def reference(ui_server, cli_command):  # noqa: F811
    """The same questions answered by `assistant ask --jsonl` in a fresh process over the server's own data.

    A fresh process, like the server, starts with a clean segmenter; the test process has been taught other
    corpora's words by earlier tests, so its rankings may differ in the tail.
    """
    lines = [{"id": "first", "question": QUESTION}, {"id": "follow", "question": FOLLOW_UP, "history": [QUESTION]}]
    batch = ui_server.root / "reference.jsonl"
    batch.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    done = subprocess.run([*cli_command, "ask", "--jsonl", str(batch), "--top-k", "3"], capture_output=True,
                          text=True, env=server_env(ui_server.root), cwd=ui_server.root, timeout=300, check=True)
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return {answer.pop("id"): answer for answer in answers}


def _strip_timing(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "timing_ms"}


def test_ask_is_the_only_public_endpoint(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert list(endpoints) == ["/ask"]


def test_ask_returns_the_contract_answer_json(client, reference):
    answer = client.predict(QUESTION, [], {"top_k": 3}, api_name="/ask")
    assert set(answer) >= CONTRACT_KEYS
    assert not answer["abstained"] and answer["citations"]
    assert len(answer["retrieved"]) >= 3
    retrieved_ids = {r["clause_id"] for r in answer["retrieved"]}
    for citation in answer["citations"]:
        assert set(citation) >= RECORD_KEYS
        assert f"[{citation['n']}]" in answer["answer"]
        assert citation["clause_id"] in retrieved_ids
    assert _strip_timing(answer) == _strip_timing(reference["first"])


def test_ask_takes_history_and_filters(client, reference):
    follow = client.predict(FOLLOW_UP, [QUESTION], {"top_k": 3}, api_name="/ask")
    assert "标准化" in follow["standalone_query"] and "试验室" in follow["standalone_query"]
    assert _strip_timing(follow) == _strip_timing(reference["follow"])
    filtered = client.predict("预拌混凝土的发展目标", [], {"region": "北京", "top_k": 4}, api_name="/ask")
    assert filtered["filters"]["region"] == "北京" and filtered["filters"]["top_k"] == 4
    assert filtered["retrieved"] and {r["doc_id"] for r in filtered["retrieved"]} == {"beijing-12th-plan"}


def test_server_listens_on_loopback_only(ui_server):  # noqa: F811
    port = int(ui_server.url.rstrip("/").rsplit(":", 1)[1])
    listening = [
        c.laddr.ip
        for c in psutil.Process(ui_server.process.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    ]
    assert listening == ["127.0.0.1"]


def test_login_from_the_environment_guards_the_app(assistant):
    from assistant.ui import build_app, offline_theme

    blocks = build_app(assistant)
    port = free_port()
    blocks.launch(server_name="127.0.0.1", server_port=port, auth=[("inspector", "s3cret")], prevent_thread_lock=True,
                  quiet=True, ssr_mode=False, theme=offline_theme())
    url = f"http://127.0.0.1:{port}/"
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + "config", timeout=10)
        assert refused.value.code == 401
        with pytest.raises(ValueError):
            Client(url, verbose=False)
        logged_in = Client(url, auth=("inspector", "s3cret"), verbose=False)
        assert logged_in.predict(QUESTION, [], None, api_name="/ask")["citations"]
    finally:
        blocks.close()


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), ("a:b", [("a", "b")]), ("a:b:c, d:e", [("a", "b:c"), ("d", "e")])],
)
def test_parse_auth(value, expected):
    from assistant.ui import parse_auth

    assert parse_auth(value) == expected


@pytest.mark.parametrize("value", ["nopassword", ":x", "user:"])
def test_malformed_login_setting_is_refused_before_serving(value, monkeypatch, capsys):
    from assistant.cli import main

    monkeypatch.setenv("ASSISTANT_UI_AUTH", value)
    assert main(["serve", "--port", "1"]) == 2
    assert "ASSISTANT_UI_AUTH" in capsys.readouterr().err
