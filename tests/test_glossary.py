"""The glossary and its lexicons: expansions into the documents' own words."""

from __future__ import annotations

import json

from assistant.text import compact


def test_everyday_lexicon_maps_plain_words_to_document_words(glossary, corpus_dir, cleaned):
    from assistant.glossary import EVERYDAY_FILE

    lexicon = json.loads((corpus_dir / EVERYDAY_FILE).read_text(encoding="utf-8"))["terms"]
    corpus_text = "".join(compact(doc.text) for doc in cleaned.values())
    assert lexicon and all(compact(entry["term"]) in corpus_text for entry in lexicon)
    assert not [a for entry in lexicon for a in entry["aliases"] if compact(a) in corpus_text]
    expansion = glossary.expand("厂区车道旁边的房子要做防撞吗？")
    assert {"建筑物", "车辆通道"} <= set(expansion.terms)
    assert "房子" not in glossary.words()  # lexicon aliases never change the segmenter
