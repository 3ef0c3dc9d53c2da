"""The field's glossary (``corpus/glossary.json``), used to expand questions into the documents' own words."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .places import PINYIN_PLACES
from .text import cn_to_int, int_to_cn, normalize
from .text import words as cut_words

EXPANSION_WEIGHT = 0.6
CHINESE_COUNT = re.compile(r"[一二两三四五六七八九]|[二三四五六七八九]?十[一二三四五六七八九]?")
COUNTED = "家个名人年天项条倍台辆次层星级"
CHINESE_NUMBER = re.compile(rf"(前|第)?([一二两三四五六七八九十]{{1,3}})([{COUNTED}])|(前|第)([一二两三四五六七八九十]{{1,3}})()")
ARABIC_NUMBER = re.compile(rf"(?<![\d.])(前|第)?(\d{{1,2}})([{COUNTED}])|(?<![\d.])(前|第)(\d{{1,2}})()(?![\d.])")
LEXICON_FILE = "lexicon_en.json"  # English words -> the documents' Chinese words, for English questions
EVERYDAY_FILE = "lexicon_zh.json"  # everyday Chinese (房子, 车道) -> the documents' words (建筑物, 车辆通道)
OUTSIDE_FILE = "lexicon_en_outside.json"  # English for topics the documents never address (fine -> 罚款)
OUTSIDE_KIND = "outside"
LEXICON_KIND = "lexicon"
NAME_KIND = "name"  # a document's name (the Hangzhou plan): it scopes the question, no clause is about it
LATIN = re.compile(r"[a-z]")
ENGLISH_TOKEN = re.compile(r"[a-z0-9]+(?:[&'.+/][a-z0-9]+)*")
POSSESSIVE = re.compile(r"([a-z0-9]+)['’]s\b")


@dataclass
class Term:
    term: str
    kind: str = "term"
    aliases: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    zh: list[str] = field(default_factory=list)  # outside topics only: the Chinese a user types for them (驾龄, 理赔)
    definition: str = ""
    doc_id: str = ""
    quote: str = ""


@dataclass
class Expansion:
    """Document words a question implies, with where they came from."""

    terms: dict[str, float] = field(default_factory=dict)
    english_words: set[str] = field(default_factory=set)  # English words explained by the glossary
    aliases: dict[str, list[str]] = field(default_factory=dict)  # alias found in the question -> its document terms
    outside: set[str] = field(default_factory=set)  # topics named (in English or Chinese) that the documents never address

    def text(self) -> str:
        return " ".join(self.terms)


def _read_terms(path: Path) -> list[Term]:
    if not path.exists():
        return []
    raw = json.loads(path.read_text(encoding="utf-8"))
    entries = raw["terms"] if isinstance(raw, dict) else raw
    known = set(Term.__dataclass_fields__)
    return [Term(**{k: v for k, v in entry.items() if k in known}) for entry in entries]


def _said_whole(alias: str, text: str) -> bool:
    """A Latin alias (ERP) is said as a word of its own, not inside another (enterprise)."""
    if not alias.isascii():
        return True
    return re.search(rf"(?<![a-z]){re.escape(alias)}(?![a-z])", text) is not None


class Glossary:
    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self._aliases: list[tuple[str, Term]] = []
        self._outside: list[tuple[str, Term]] = []
        self._english_index: tuple[dict[tuple[str, ...], list[tuple[str, Term]]], int] | None = None
        for entry in terms:
            for alias in entry.aliases:
                if len(alias) >= 2:
                    self._aliases.append((normalize(alias), entry))
            if entry.kind == OUTSIDE_KIND:
                self._outside += [(normalize(word), entry) for word in entry.zh if len(word) >= 2]

    @property
    def _english(self) -> tuple[dict[tuple[str, ...], list[tuple[str, Term]]], int]:
        """English phrases by their words, built on the first English question (there are thousands of them)."""
        if self._english_index is None:
            index: dict[tuple[str, ...], list[tuple[str, Term]]] = {}
            for entry in self.terms:
                for phrase in entry.en:
                    words = normalize(phrase).strip()
                    key = tuple(ENGLISH_TOKEN.findall(words))
                    if key:
                        index.setdefault(key, []).append((words, entry))
            self._english_index = (index, max((len(key) for key in index), default=0))
        return self._english_index

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """The glossary, plus the English and everyday-Chinese lexicons beside it when they are there."""
        terms = _read_terms(path)
        for name in (LEXICON_FILE, EVERYDAY_FILE):
            terms += [
                replace(term, kind=NAME_KIND if term.kind == NAME_KIND else LEXICON_KIND)
                for term in _read_terms(path.with_name(name))
            ]
        terms += [replace(term, kind=OUTSIDE_KIND) for term in _read_terms(path.with_name(OUTSIDE_FILE))]
        return cls(terms)

    @property
    def entries(self) -> list[Term]:
        """The field's terms, without the lexicons' plain vocabulary."""
        return [entry for entry in self.terms if entry.kind not in (LEXICON_KIND, OUTSIDE_KIND, NAME_KIND)]

    def words(self) -> list[str]:
        """Terms and aliases, for the segmenter's dictionary (lexicon words are the documents' own already)."""
        out: list[str] = []
        for entry in self.entries:
            out.append(entry.term)
            out.extend(entry.aliases)
        return out

    def expand(self, question: str) -> Expansion:
        text = normalize(question)
        expansion = Expansion()
        for alias, entry in self._aliases:
            if alias not in text or not _said_whole(alias, text):
                continue
            term = normalize(entry.term)
            if term not in text:
                expansion.terms.setdefault(entry.term, EXPANSION_WEIGHT)
            elif alias in term:
                continue
            expansion.aliases.setdefault(alias, []).append(entry.term)  # 账本: 台账 and 台帐; 种草 beside 绿化 is 绿化
        cut: list[str] | None = None
        for word, entry in self._outside:  # 驾龄, 理赔: a topic the documents never address, said in Chinese
            if word not in text:
                continue
            if len(word) == 2:  # 上牌 is no word of 以上牌子: a two-character word must be one the question says
                cut = cut_words(text) if cut is None else cut
                if not any(word in said for said in cut):
                    continue
            expansion.terms[entry.term] = 1.0
            expansion.outside.add(entry.term)
        for said, written in numeral_variants(text):  # 前十 asked, 前10家 written; 2家 asked, 两家 written
            expansion.terms.setdefault(written, EXPANSION_WEIGHT)
            expansion.aliases.setdefault(said, []).append(written)
        if not LATIN.search(text):
            return expansion
        phrases = self._english_phrases(text)
        terms_said: dict[str, set[str]] = {}
        for _, entry, said in phrases:
            terms_said.setdefault(" ".join(said), set()).add(entry.term)
        for words, entry, said in phrases:
            expansion.english_words.update(words.split())
            expansion.english_words.update(said)  # five and year of "Five-Year period", as the question said them
            if entry.kind == NAME_KIND:
                continue  # its place (Hangzhou) scopes the search; the plan's title would weigh its preface
            expansion.terms[entry.term] = 1.0
            if len(terms_said[" ".join(said)]) > 1 and entry.kind != OUTSIDE_KIND:  # lab area: 试验(室)区域面积
                expansion.aliases.setdefault(" ".join(said), []).append(entry.term)
            if entry.kind == OUTSIDE_KIND:
                expansion.outside.add(entry.term)
        return expansion

    def _english_phrases(self, text: str) -> list[tuple[str, Term, list[str]]]:
        """The phrases a question says (a hyphen or a space between words, a plural s), longest first; a phrase
        inside a longer one already found does not count (ready-mixed concrete plant, not also concrete plant)."""
        index, longest = self._english
        tokens = ENGLISH_TOKEN.findall(POSSESSIVE.sub(_owner, text))
        found = []
        for start in range(len(tokens)):
            for end in range(start + 1, min(start + longest, len(tokens)) + 1):
                said = tokens[start:end]
                keys = [tuple(said)]
                if said[-1].endswith("s") and len(said[-1]) > 1:
                    keys.append((*said[:-1], said[-1][:-1]))
                for key in keys:
                    for words, entry in index.get(key, ()):
                        found.append((len(words), start, end, words, entry))
        found.sort(key=lambda match: -match[0])
        claimed: list[tuple[int, int]] = []
        out = []
        for _, start, end, words, entry in found:
            if any(start >= a and end <= b and (start, end) != (a, b) for a, b in claimed):
                continue  # the same words under a second term (lab area: 试验区域面积, 试验室区域面积) both count
            claimed.append((start, end))
            out.append((words, entry, tokens[start:end]))
        return out

    def lookup(self, query: str) -> list[Term]:
        text = normalize(query)
        return [
            entry
            for entry in self.entries
            if text in normalize(entry.term) or any(text == normalize(a) for a in entry.aliases) or text in entry.en
        ]


def _owner(found: re.Match[str]) -> str:
    """The association's opinion says association; Jiaxing's stays as written, its place scopes the search and the
    lexicon's "Jiaxing plan" (the plan's whole title) would only add noise."""
    word = found.group(1)
    return found.group(0) if word in PINYIN_PLACES else word


def chinese_number(text: str) -> int | None:
    """一 … 九十九 (and 两) as a number; None for what is not a numeral (十十, 三三)."""
    return cn_to_int(text.replace("两", "二")) if CHINESE_COUNT.fullmatch(text) else None


def numeral_variants(text: str) -> list[tuple[str, str]]:
    """A count said one way and how the documents may write it the other: (前十, 前10), (2家, 两家), (三星, 3星).

    Only counts: a numeral before a measure word (家, 个, 年, 星 …) or after 前/第; 十三五 and dates are left alone.
    """
    out: list[tuple[str, str]] = []
    for found in CHINESE_NUMBER.finditer(text):
        prefix, digits, unit = found.group(1) or found.group(4) or "", found.group(2) or found.group(5), found.group(3) or ""
        number = chinese_number(digits)
        if number is None or (number == 1 and not prefix) or (unit == "五" or text[found.end() : found.end() + 1] == "五"):
            continue  # 一个 is grammar; 十二五 a plan
        out.append((prefix + digits + unit, f"{prefix}{number}{unit}"))
    for found in ARABIC_NUMBER.finditer(text):
        prefix, digits, unit = found.group(1) or found.group(4) or "", found.group(2) or found.group(5), found.group(3) or ""
        number = int(digits)
        if not 1 < number < 100 and not prefix:
            continue
        said = f"{prefix}{number}{unit}"
        out.append((said, prefix + int_to_cn(number) + unit))
        if number == 2 and unit:
            out.append((said, prefix + "两" + unit))
    return out
