"""Where things live and which models to use, from environment variables with sensible defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _project_root() -> Path:
    if "ASSISTANT_HOME" in os.environ:
        return Path(os.environ["ASSISTANT_HOME"]).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "corpus" / "documents.json").exists():
            return candidate
    return Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    root: Path
    corpus_dir: Path
    index_dir: Path
    embed_model: str
    top_k: int = 5
    # a Chroma server (e.g. http://127.0.0.1:8000) instead of the embedded store under index_dir
    chroma_url: str | None = None

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        root = Path(str(overrides.pop("root", None) or _project_root()))
        values: dict[str, object] = {
            "root": root,
            "corpus_dir": Path(os.environ.get("ASSISTANT_CORPUS", root / "corpus")),
            "index_dir": Path(os.environ.get("ASSISTANT_INDEX_DIR", root / "indexes")),
            "embed_model": os.environ.get("ASSISTANT_EMBED_MODEL", "lsa"),
            "chroma_url": os.environ.get("ASSISTANT_CHROMA_URL", "").strip() or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["corpus_dir"] = Path(str(values["corpus_dir"]))
        values["index_dir"] = Path(str(values["index_dir"]))
        return cls(**values)  # type: ignore[arg-type]
