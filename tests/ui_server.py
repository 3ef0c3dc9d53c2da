"""The real UI server for browser and client tests: `assistant serve` in a subprocess over a private corpus copy.

One server per test session (started by whichever UI test module needs it first): copying the session's
already-built index keeps start-up to the server's own import time. Everything it writes (uploads, index
builds, feedback, Gradio's temporary files) stays under a pytest tmp directory.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 180


@dataclass
class UIServer:
    url: str
    root: Path
    corpus: Path
    index_dir: Path
    feedback: Path
    log: Path
    process: subprocess.Popen
    started_in_s: float

    def current_build(self) -> str:
        return (self.index_dir / "CURRENT").read_text(encoding="utf-8").strip()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


_shared: dict[str, UIServer] = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(root: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        {
            "ASSISTANT_HOME": str(root),
            "ASSISTANT_CORPUS": str(root / "corpus"),
            "ASSISTANT_INDEX_DIR": str(root / "indexes"),
            "ASSISTANT_FEEDBACK": str(root / "feedback" / "feedback.jsonl"),
            "GRADIO_ANALYTICS_ENABLED": "False",
            "GRADIO_TEMP_DIR": str(root / "gradio-tmp"),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
    )
    env.update(extra or {})
    return env


def start_server(command: list[str], root: Path, extra_env: dict[str, str] | None = None) -> UIServer:
    port = free_port()
    log = root / "server.log"
    started = time.perf_counter()
    with log.open("w") as handle:
        process = subprocess.Popen(
            [*command, "serve", "--port", str(port)],
            cwd=root,
            env=server_env(root, extra_env),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    server = UIServer(url, root, root / "corpus", root / "indexes", root / "feedback" / "feedback.jsonl", log,
                      process, 0.0)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "config", timeout=5) as response:
                if response.status == 200:
                    server.started_in_s = time.perf_counter() - started
                    return server
        except OSError:
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"the server did not answer within {START_TIMEOUT_S}s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def ui_server(corpus_dir, settings, build_report, cli_command, tmp_path_factory):
    """`assistant serve` over a copy of the session corpus and its index; shared by the UI test modules."""
    del build_report  # the session index must exist before it is copied
    if "main" not in _shared:
        root = tmp_path_factory.mktemp("ui-server")
        shutil.copytree(corpus_dir, root / "corpus")
        shutil.copytree(settings.index_dir, root / "indexes")
        _shared["main"] = start_server(cli_command, root)
    server = _shared["main"]
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """Debian's chromium through Playwright, with a fresh profile; Playwright never downloads a browser."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
            accept_downloads=True,
        )
        yield context
        context.close()
