"""Tokenization: the trie-backed jieba dictionary segments exactly as stock jieba, and its cache heals itself."""

from __future__ import annotations

import json
import logging
import math
import os
from pathlib import Path

import jieba
import pytest

from assistant import text
from assistant.index import search_text

SMALL_DICT = "搅拌 300 v\n搅拌站 120 n\n绿化 200 vn\n绿化面积 5 n\n面积 900 n\n标准 800 n\n标准化 400 vn\n"


@pytest.fixture(scope="module")
def stock(glossary) -> jieba.Tokenizer:
    """A stock jieba Tokenizer that has learned the same words as ours (the glossary's, and any added since)."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    text._segmenter()
    for word in text._extra_words:
        tokenizer.add_word(text.normalize(word), freq=20000)
    return tokenizer


@pytest.fixture(scope="module")
def corpus_texts(indexed_clauses, repo_root: Path) -> list[str]:
    """Every clause of the corpus (as indexed) and every eval question, normalised as ``tokens`` sees them."""
    texts = [search_text(clause) for clause in indexed_clauses.values()]
    for path in sorted((repo_root / "evals").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                texts.append(item["question"])
                texts.extend(turn if isinstance(turn, str) else turn["content"] for turn in item.get("history", []))
    return [text.normalize(t) for t in texts]


def test_trie_dictionary_totals_as_jieba(stock, glossary):
    assert isinstance(text._segmenter().FREQ, text.TrieFreq)
    assert text._segmenter().total == stock.total


def test_cuts_equal_stock_jieba_on_the_whole_corpus_and_every_question(stock, corpus_texts):
    ours = text._segmenter()
    assert len(corpus_texts) > 500
    for sentence in corpus_texts:
        assert list(ours.cut(sentence)) == list(stock.cut(sentence)), sentence
        assert list(ours.cut_for_search(sentence)) == list(stock.cut_for_search(sentence)), sentence
        assert list(ours.cut(sentence, HMM=False)) == list(stock.cut(sentence, HMM=False)), sentence


def test_in_dictionary_agrees_with_stock_jieba(stock, corpus_texts):
    seen = {word for sentence in corpus_texts for word in stock.cut(sentence)}
    seen |= {sentence[i : i + n] for sentence in corpus_texts[:50] for n in (1, 2, 3) for i in range(len(sentence))}
    assert len(seen) > 3000
    mismatched = [w for w in seen if text.in_dictionary(w) != bool(stock.FREQ.get(w))]
    assert mismatched == []
    # prefixes of dictionary words are present with frequency 0, as in jieba's prefix dict
    assert "搅拌站" in text._segmenter().FREQ and stock.FREQ.get("标准化搅") == text._segmenter().FREQ.get("标准化搅")


def test_small_dictionary_matches_gen_pfdict(tmp_path):
    source = tmp_path / "dict.txt"
    source.write_text(SMALL_DICT, encoding="utf-8")
    freq, total = text.load_prefix_dict(str(source), str(tmp_path))
    with source.open("rb") as handle:
        expected, expected_total = jieba.Tokenizer.gen_pfdict(handle)
    assert total == expected_total
    assert {word: freq[word] for word in expected} == expected
    assert "绿化面" in freq and freq["绿化面"] == 0
    assert "面积化" not in freq and freq.get("面积化") is None
    with pytest.raises(KeyError):
        freq["不在"]


def test_overlay_words_take_precedence(tmp_path):
    source = tmp_path / "dict.txt"
    source.write_text(SMALL_DICT, encoding="utf-8")
    freq, _ = text.load_prefix_dict(str(source), str(tmp_path))
    assert freq.get("绿化") == 200  # loads the shard of 绿
    freq["绿化"] = 7
    freq["搅拌车"] = 50  # shard of 搅 not loaded yet: applied when it is
    assert freq["绿化"] == 7 and freq["搅拌车"] == 50 and freq["搅拌站"] == 120


def test_corrupt_or_truncated_cache_is_rebuilt(tmp_path):
    source = tmp_path / "dict.txt"
    source.write_text(SMALL_DICT, encoding="utf-8")
    trie_path, freq_path = text.dictionary_cache_paths(str(source), str(tmp_path))
    text.load_prefix_dict(str(source), str(tmp_path))
    good_trie, good_freq = Path(trie_path).read_bytes(), Path(freq_path).read_bytes()
    for damage in (
        lambda: Path(trie_path).write_bytes(b"\0" * len(good_trie)),
        lambda: Path(freq_path).write_bytes(good_freq[:20]),
        lambda: Path(trie_path).write_bytes(good_trie[: len(good_trie) // 2]),
        lambda: Path(freq_path).write_bytes(good_freq[:-4]),
        lambda: os.unlink(trie_path),
    ):
        damage()
        freq, total = text.load_prefix_dict(str(source), str(tmp_path))
        assert freq["搅拌站"] == 120 and total == 300 + 120 + 200 + 5 + 900 + 800 + 400
        assert Path(trie_path).read_bytes() == good_trie and Path(freq_path).read_bytes() == good_freq


def test_an_edited_dictionary_gets_a_new_cache(tmp_path):
    source = tmp_path / "dict.txt"
    source.write_text(SMALL_DICT, encoding="utf-8")
    first = text.dictionary_cache_paths(str(source), str(tmp_path))
    source.write_text(SMALL_DICT + "混凝土 500 n\n", encoding="utf-8")
    assert text.dictionary_cache_paths(str(source), str(tmp_path)) != first
    freq, _ = text.load_prefix_dict(str(source), str(tmp_path))
    assert freq["混凝土"] == 500


def test_unwritable_cache_directory_still_works(tmp_path):
    source = tmp_path / "dict.txt"
    source.write_text(SMALL_DICT, encoding="utf-8")
    freq, total = text.load_prefix_dict(str(source), str(tmp_path / "missing" / "dir"))
    assert freq["面积"] == 900 and total == 2725


def test_the_two_spellings_of_a_ledger_are_one_word():
    """附件1 writes both 台帐 and 台账; a question in either finds both."""
    from assistant.text import normalize, tokens

    assert normalize("原材料进场检验台帐") == normalize("原材料进场检验台账")
    assert "台账" in tokens("建立混合骨料检验台帐")


def test_general_rarity_tells_everyday_words_from_trade_words(stock, glossary):
    """直接 is common Chinese, 坍落度 a trade word; a word jieba lacks, or the glossary taught, has no rarity."""
    assert text.general_rarity("直接") < 9 < text.general_rarity("坍落度")
    fresh = jieba.Tokenizer()
    fresh.initialize()  # jieba's own counts, before any word was taught
    assert text.general_rarity("直接") == pytest.approx(math.log(fresh.total / fresh.FREQ["直接"]))
    assert text.general_rarity("站子") is None
    trie = text._segmenter().FREQ.trie
    taught = [word for word in text._extra_words if trie.get(text.normalize(word)) is not None]
    assert len(taught) > 20  # glossary words jieba's dictionary also has (绿化, 台账): domain words all the same
    assert all(text.general_rarity(word) is None for word in taught)
