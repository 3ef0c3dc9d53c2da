"""Chinese-aware tokenization shared by the lexical index, the fitted embedding and the answer stage."""

from __future__ import annotations

import contextlib
import logging
import math
import mmap
import os
import re
import struct
import tempfile
import threading
import unicodedata
import zlib
from array import array
from collections.abc import Iterable
from difflib import SequenceMatcher
from math import log
from typing import Any

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


VARIANTS = str.maketrans({"帐": "账"})  # 台帐 and 台账 are one word; the documents write both


def normalize(text: str) -> str:
    """The form text is matched in: NFKC, lower case, one spelling of a character written two ways."""
    return unicodedata.normalize("NFKC", text).lower().translate(VARIANTS)


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter domain terms (from the glossary) so they stay whole."""
    new = {w for w in words if w and len(w) >= 2}
    with _jieba_lock:
        pending = new - _extra_words
        _extra_words.update(pending)
        if _jieba is not None:
            for word in pending:
                _jieba.add_word(normalize(word), freq=20000)


DICT_CACHE_FORMAT = 1  # bump when the cache layout changes
_HEADER = struct.Struct("<8sIQQQI")  # magic, format, keys, total, trie bytes, trie crc32
_MAGIC = b"ASJIEBA\0"


class TrieFreq:
    """jieba's FREQ (word or word prefix -> frequency) backed by a memory-mapped marisa-trie.

    The trie holds every dictionary word and every prefix of one (frequency 0), exactly as jieba's
    ``gen_pfdict`` builds its dict, so ``in``/``get``/``[]`` answer as jieba's dict would. A trie lookup costs
    a microsecond against a dict's 50 ns, so the words starting with a character are copied into a plain dict
    the first time that character is met (a question meets ~20 characters, the whole corpus ~1300 of 7000);
    the segmentation loops then run at dict speed, while single lookups (``add_word``) go to the trie. Words
    added later (the glossary's) live in ``overlay`` and take precedence over the dictionary's.
    """

    __slots__ = ("dictionary_total", "freqs", "loaded", "overlay", "overlay_by_char", "trie", "words")

    def __init__(self, trie: Any, freqs: memoryview) -> None:
        self.trie = trie
        self.freqs = freqs  # frequency of each trie key id
        self.words: dict[str, int] = {}  # the loaded part of the dictionary, overlay applied
        self.loaded: set[str] = set()  # first characters whose words are in ``words``
        self.overlay: dict[str, int] = {}
        self.overlay_by_char: dict[str, dict[str, int]] = {}  # the overlay by first character, for ``load``
        self.dictionary_total = 0  # the dictionary's total count, before any word was added

    def load(self, text: str) -> dict[str, int]:
        """Make ``words`` hold every entry that starts with a character of ``text``; returns ``words``."""
        missing = set(text).difference(self.loaded)
        if missing:
            freqs = self.freqs
            for char in missing:
                shard = {word: freqs[key_id] for word, key_id in self.trie.iteritems(char)}
                shard.update(self.overlay_by_char.get(char, {}))
                self.words.update(shard)
            self.loaded.update(missing)
        return self.words

    def dictionary_count(self, word: str) -> int:
        """The word's count in the dictionary itself, whatever was added over it (0 when it has none)."""
        key_id = self.trie.get(word)
        return 0 if key_id is None else self.freqs[key_id]

    def __contains__(self, word: object) -> bool:
        return self.get(word) is not None if isinstance(word, str) else False

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def get(self, word: str, default: int | None = None) -> int | None:
        found = self.words.get(word)
        if found is None and word and word[0] not in self.loaded:  # a single lookup needs no whole shard
            found = self.overlay.get(word)
            if found is None:
                key_id = self.trie.get(word)
                found = None if key_id is None else self.freqs[key_id]
        return default if found is None else found

    def __setitem__(self, word: str, freq: int) -> None:
        self.overlay[word] = freq
        self.overlay_by_char.setdefault(word[:1], {})[word] = freq
        if word[:1] in self.loaded:
            self.words[word] = freq

    def __len__(self) -> int:
        return len(self.trie) + sum(1 for word in self.overlay if word not in self.trie)


def _parse_dictionary(path: str) -> tuple[dict[str, int], int]:
    """The prefix dict and total exactly as jieba's ``Tokenizer.gen_pfdict`` computes them."""
    import jieba

    with open(path, "rb") as handle:
        return jieba.Tokenizer.gen_pfdict(handle)


def _write_dict_cache(source: str, trie_path: str, freq_path: str) -> None:
    """Build the trie and frequency array from jieba's dict.txt; each file is replaced atomically."""
    import marisa_trie

    lfreq, total = _parse_dictionary(source)
    trie = marisa_trie.Trie(lfreq.keys())
    freqs = array("I", bytes(4 * len(trie)))
    for word, freq in lfreq.items():
        freqs[trie[word]] = freq
    directory = os.path.dirname(trie_path)
    fd, partial = tempfile.mkstemp(dir=directory, prefix=".assistant-jieba-")
    os.close(fd)
    try:
        trie.save(partial)
        with open(partial, "rb") as handle:
            trie_bytes = handle.read()
        os.replace(partial, trie_path)
        header = _HEADER.pack(
            _MAGIC, DICT_CACHE_FORMAT, len(trie), total, len(trie_bytes), zlib.crc32(trie_bytes)
        )
        fd, partial = tempfile.mkstemp(dir=directory, prefix=".assistant-jieba-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(header)
            handle.write(freqs.tobytes())
        os.replace(partial, freq_path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(partial)


def _read_dict_cache(trie_path: str, freq_path: str) -> tuple[TrieFreq, int]:
    """Map the cached trie and frequencies; ValueError/OSError when they are missing, partial or corrupt."""
    import marisa_trie

    with open(freq_path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if len(mapped) < _HEADER.size:
        raise ValueError("short header")
    magic, version, keys, total, trie_size, crc = _HEADER.unpack_from(mapped)
    if magic != _MAGIC or version != DICT_CACHE_FORMAT or len(mapped) != _HEADER.size + 4 * keys:
        raise ValueError("bad header or size")
    with open(trie_path, "rb") as handle:
        trie_bytes = handle.read()
    if len(trie_bytes) != trie_size or zlib.crc32(trie_bytes) != crc:
        raise ValueError("trie does not match its header")
    trie = marisa_trie.Trie()
    trie.mmap(trie_path)
    if len(trie) != keys:
        raise ValueError("trie size does not match its header")
    freqs = memoryview(mapped)[_HEADER.size :].cast("I")
    return TrieFreq(trie, freqs), total


def dictionary_cache_paths(source: str, directory: str | None = None) -> tuple[str, str]:
    """Cache files for one dict.txt, keyed by its size and mtime so an edited dictionary is rebuilt."""
    stamp = f"{os.path.getsize(source)}-{os.stat(source).st_mtime_ns}"
    base = os.path.join(directory or tempfile.gettempdir(), f"assistant-jieba-{DICT_CACHE_FORMAT}-{stamp}")
    return base + ".trie", base + ".freq"


def load_prefix_dict(source: str, directory: str | None = None) -> tuple[TrieFreq, int]:
    """jieba's FREQ and total for ``source``, from the cache; a missing or broken cache is rebuilt."""
    trie_path, freq_path = dictionary_cache_paths(source, directory)
    try:
        return _read_dict_cache(trie_path, freq_path)
    except (OSError, ValueError, RuntimeError, struct.error):
        pass
    try:
        _write_dict_cache(source, trie_path, freq_path)
        return _read_dict_cache(trie_path, freq_path)
    except (OSError, ValueError, RuntimeError, struct.error):
        # an unwritable cache directory: build in memory and use it as it is
        import marisa_trie

        lfreq, total = _parse_dictionary(source)
        trie = marisa_trie.Trie(lfreq.keys())
        freqs = array("I", bytes(4 * len(trie)))
        for word, freq in lfreq.items():
            freqs[trie[word]] = freq
        return TrieFreq(trie, memoryview(freqs)), total


def _tokenizer_class() -> type:
    import jieba

    class TrieTokenizer(jieba.Tokenizer):
        """jieba's Tokenizer with FREQ in a memory-mapped trie: same cuts, no 2.5 s dictionary load."""

        def initialize(self, dictionary: str | None = None) -> None:
            with self.lock:
                if self.initialized:
                    return
                self.FREQ, self.total = load_prefix_dict(self.get_dict_file_path())
                self.FREQ.dictionary_total = self.total
                self.initialized = True

        def get_dict_file_path(self) -> str:
            return self.dictionary or os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)

        def get_DAG(self, sentence: str) -> dict[int, list[int]]:
            """jieba's DAG loop, on the plain dict of the sentence's characters."""
            self.check_initialized()
            freq = self.FREQ.load(sentence)
            dag: dict[int, list[int]] = {}
            size = len(sentence)
            for start in range(size):
                ends = []
                i = start
                frag = sentence[start]
                while i < size and frag in freq:
                    if freq[frag]:
                        ends.append(i)
                    i += 1
                    frag = sentence[start : i + 1]
                if not ends:
                    ends.append(start)
                dag[start] = ends
            return dag

        def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict[int, tuple[float, int]]) -> None:
            """jieba's route search, on the plain dict of the sentence's characters."""
            freq = self.FREQ.load(sentence)
            size = len(sentence)
            route[size] = (0, 0)
            logtotal = log(self.total)
            for idx in range(size - 1, -1, -1):
                route[idx] = max((log(freq.get(sentence[idx : x + 1]) or 1) - logtotal + route[x + 1][0], x) for x in DAG[idx])

    return TrieTokenizer


def _segmenter():
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = _tokenizer_class()()
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


def general_rarity(word: str) -> float | None:
    """How rare the word is in general Chinese: -ln of its share of jieba's dictionary counts.

    None for a word the dictionary lacks or the glossary taught (its domain terms are never everyday words).
    """
    dictionary = _segmenter().FREQ
    key = normalize(word)
    if not key or word in _extra_words or key in _extra_words:
        return None
    freq = dictionary.dictionary_count(key)
    return math.log(dictionary.dictionary_total / freq) if freq else None


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


# a clause's own number and 【title】 at its start (5.【绿化】, （三）, 二、): not part of what it says
LABEL = re.compile(r"^\s*(?:\d+[.、．]|（\d+）|\(\d+\)|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?\s*(?:【[^】]*】)?")


def longest_run(part: str, text: str) -> int:
    """Length of the longest run of ``part`` found verbatim in ``text``."""
    return SequenceMatcher(None, part, text, autojunk=False).find_longest_match(0, len(part), 0, len(text)).size


CN_DIGITS = "零一二三四五六七八九十"


def cn_to_int(numeral: str) -> int:
    """一 … 九十九 (or digits) as a number: heading numbers, counts said in words."""
    if numeral.isdigit():
        return int(numeral)
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + CN_DIGITS.index(numeral[1])
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return CN_DIGITS.index(tens) * 10 + (CN_DIGITS.index(ones) if ones else 0)
    return CN_DIGITS.index(numeral)


def int_to_cn(number: int) -> str:
    if number <= 10:
        return CN_DIGITS[number]
    if number < 20:
        return "十" + CN_DIGITS[number - 10]
    tens, ones = divmod(number, 10)
    return CN_DIGITS[tens] + "十" + (CN_DIGITS[ones] if ones else "")
