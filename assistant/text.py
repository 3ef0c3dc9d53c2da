"""Chinese-aware tokenization shared by the lexical index, the fitted embedding and the answer stage."""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Iterable

STOPWORDS = set(
    """的 了 和 与 及 或 是 在 有 为 对 把 被 要 应 将 就 都 也 而 并 等 其 该 这 那 那么 这个 那个 哪 哪些 哪个 哪里 什么 怎么 怎样
    如何 多少 几 吗 呢 吧 啊 呀 么 请问 请 一下 我们 我 你 他 它 她 们 里 中 上 下 方面 问题 一个 一些 需要 能 可以 还 又 再 之
    没有 不 所 以 于 从 到 由 给 让 使 向 时 后 前 内 外 个 些 每 各 啥 咋 么样 规定 要求 文件 条款 原文 关于 方面 内容 是否 是不是
    a an the of to in on for and or is are was were be what which who how many much does do did should must with by at as from
    that this these those it its about there their any can under""".split()
)
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_LATIN = re.compile(r"[a-z][a-z0-9\-]*|\d+(?:\.\d+)?%?")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")

_jieba_lock = threading.Lock()
_jieba = None
_extra_words: set[str] = set()


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter domain terms (from the glossary) so they stay whole."""
    new = {w for w in words if w and len(w) >= 2}
    with _jieba_lock:
        pending = new - _extra_words
        _extra_words.update(pending)
        if _jieba is not None:
            for word in pending:
                _jieba.add_word(normalize(word), freq=20000)


def _segmenter():
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for word in _extra_words:
                tokenizer.add_word(normalize(word), freq=20000)
            _jieba = tokenizer
        return _jieba


def tokens(text: str, keep_stopwords: bool = False) -> list[str]:
    """Words for search: jieba's fine-grained cut for Chinese, plus whole Latin words and numbers."""
    text = normalize(text)
    segmenter = _segmenter()
    out: list[str] = []
    for word in segmenter.cut_for_search(text):
        word = word.strip()
        if not word or _PUNCT.match(word):
            continue
        if _CJK_RUN.fullmatch(word):
            if keep_stopwords or word not in STOPWORDS:
                out.append(word)
            continue
        for latin in _LATIN.findall(word):
            if keep_stopwords or latin not in STOPWORDS:
                out.append(latin)
    return out


def words(text: str) -> list[str]:
    """Whole words (jieba's default cut, new words found by its HMM), as a reader would split a question."""
    text = normalize(text)
    out: list[str] = []
    for word in _segmenter().cut(text):
        word = word.strip()
        if not word or _PUNCT.match(word):
            continue
        if _CJK_RUN.fullmatch(word):
            out.append(word)
        else:
            out.extend(_LATIN.findall(word))
    return out


def in_dictionary(word: str) -> bool:
    """Whether jieba's dictionary knows the word, rather than its HMM having guessed it (期是, 车能)."""
    return bool(_segmenter().FREQ.get(normalize(word)))


def sub_words(word: str) -> list[str]:
    """The shorter dictionary words inside a compound (监测数据 → 监测, 数据)."""
    return [part for part in _segmenter().cut_for_search(normalize(word)) if part != word and len(part) >= 2]


_nouns: frozenset[str] | None = None
NOUN_TAGS = frozenset({"n", "nz", "nt", "j"})  # common, special, organisation nouns and abbreviations
MIN_NOUN_FREQ = 10  # rarer entries are mostly segmentation fragments (会用, 往里面)


def dictionary_nouns() -> frozenset[str]:
    """Nouns of jieba's dictionary (not names or places), cached on disk after the first read.

    A question noun the corpus never uses (罚款, 工资, 分贝) names a topic the documents do not address, while an
    unknown verb or adverb (耽误, 偷偷) is usually only everyday phrasing; the answer stage weighs them so.
    """
    global _nouns
    if _nouns is None:
        import jieba

        source = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
        stamp = f"{os.path.getsize(source)}-{int(os.path.getmtime(source))}"
        cache = os.path.join(tempfile.gettempdir(), f"assistant-nouns-{MIN_NOUN_FREQ}-{stamp}.txt")
        try:
            with open(cache, encoding="utf-8") as handle:
                _nouns = frozenset(handle.read().split("\n"))
        except (OSError, UnicodeDecodeError):
            found: list[str] = []
            with open(source, encoding="utf-8") as handle:
                for line in handle:
                    parts = line.split()
                    if len(parts) == 3 and parts[2] in NOUN_TAGS and int(parts[1]) >= MIN_NOUN_FREQ:
                        found.append(parts[0])
            _nouns = frozenset(found)
            partial = f"{cache}.{os.getpid()}"
            try:
                with open(partial, "w", encoding="utf-8") as handle:
                    handle.write("\n".join(found))
                os.replace(partial, cache)
            except OSError:
                pass
    return _nouns


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs of Chinese runs: robust to segmentation differences."""
    out: list[str] = []
    for run in _CJK_RUN.findall(normalize(text)):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def compact(text: str) -> str:
    """The form evidence is matched in: NFKC and no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
