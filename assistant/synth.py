"""Synthetic corpora for the scale benchmark: real clauses recombined into many plausible documents.

Random characters would make BM25 and the embedding behave unlike real policy text (no shared vocabulary,
no repeated phrasing), so each synthetic document is built from the real corpus's clause bodies, re-numbered
under real section headings, with the region, the figures and the years varied. The result reads like a
corpus of provincial and municipal notices on the same subject, which is what a large deployment would hold.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from .catalog import load_catalog
from .clean import clean_text
from .load import load_sources
from .parse import parse_document

REGIONS = [
    ("河北省", "石家庄市"), ("山西省", "太原市"), ("辽宁省", "沈阳市"), ("吉林省", "长春市"), ("江苏省", "南京市"),
    ("浙江省", "宁波市"), ("安徽省", "合肥市"), ("福建省", "福州市"), ("江西省", "南昌市"), ("山东省", "济南市"),
    ("河南省", "郑州市"), ("湖南省", "长沙市"), ("广东省", "广州市"), ("海南省", "海口市"), ("四川省", "成都市"),
    ("贵州省", "贵阳市"), ("云南省", "昆明市"), ("陕西省", "西安市"), ("甘肃省", "兰州市"), ("青海省", "西宁市"),
    ("湖北省", "宜昌市"), ("湖北省", "襄阳市"), ("浙江省", "温州市"), ("江苏省", "苏州市"), ("广东省", "佛山市"),
]
PLACES = re.compile("湖北省|湖北|北京市|北京|嘉兴市|嘉兴|杭州市|杭州|武汉市|武汉")
SECTIONS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五",
            "十六", "十七", "十八", "十九", "二十"]
LEADING_NUMBER = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）.、．]\s*)+")
YEAR = re.compile(r"(19|20)\d{2}(?=年)")
FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]*年)")
ITEMS_PER_SECTION = 25


@dataclass
class SyntheticCorpus:
    corpus_dir: Path
    documents: int
    items: int  # numbered items written; the parser adds one heading clause per section


def _real_material(source_corpus: Path) -> tuple[list[str], list[str]]:
    """Clause bodies (numbering stripped, one line each) and section titles from the real corpus."""
    catalog = load_catalog(source_corpus)
    bodies: list[str] = []
    titles: list[str] = []
    for source in load_sources(catalog):
        for clause in parse_document(source.meta, clean_text(source.meta.doc_id, source.text)):
            text = " ".join(clause.text.split())
            if clause.kind == "heading":
                title = LEADING_NUMBER.sub("", text)
                if 2 <= len(title) <= 20:
                    titles.append(title)
            elif clause.kind == "clause" and "\t" not in clause.text and not clause.garbled:
                body = LEADING_NUMBER.sub("", text)
                if 20 <= len(body) <= 400:
                    bodies.append(body)
    return sorted(set(bodies)), sorted(set(titles))


def _vary(body: str, region: tuple[str, str], rng: random.Random, year: int) -> str:
    """The same clause as another place would write it: its province and city, other figures and years."""
    province, city = region
    names = {"湖北省": province, "湖北": province[:-1], "北京市": city, "北京": city[:-1], "嘉兴市": city,
             "嘉兴": city[:-1], "杭州市": city, "杭州": city[:-1], "武汉市": city, "武汉": city[:-1]}
    body = PLACES.sub(lambda m: names[m.group(0)], body)
    body = YEAR.sub(lambda m: str(year + rng.randint(-2, 3)), body)

    def figure(match: re.Match[str]) -> str:
        value = float(match.group(0))
        varied = value * rng.choice((0.5, 0.8, 1.0, 1.2, 1.5, 2.0))
        return match.group(0) if value == 0 else (f"{varied:.1f}" if "." in match.group(0) else str(max(1, round(varied))))

    return FIGURE.sub(figure, body)


def write_corpus(target: Path, items: int, source_corpus: Path, seed: int = 0, items_per_doc: int = 300) -> SyntheticCorpus:
    """Write ``target/documents/*.txt`` and ``target/documents.json`` holding about ``items`` numbered items."""
    rng = random.Random(seed)
    bodies, titles = _real_material(source_corpus)
    if not bodies:
        raise ValueError(f"{source_corpus}: no clauses to recombine")
    titles = titles or ["总体要求", "主要任务", "保障措施"]
    documents_dir = target / "documents"
    documents_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    written = 0
    number = 0
    while written < items:
        count = min(items_per_doc, items - written)
        region = rng.choice(REGIONS)
        year = rng.randint(2012, 2025)
        place = region[1] if rng.random() < 0.6 else region[0]
        topic = rng.choice(("预拌混凝土行业绿色发展", "预拌混凝土搅拌站标准化管理", "预拌混凝土质量提升", "散装水泥和预拌混凝土发展"))
        title = f"{place}{topic}实施意见（{year}年）"
        lines = [title, ""]
        sections = [SECTIONS[i % len(SECTIONS)] for i in range((count + ITEMS_PER_SECTION - 1) // ITEMS_PER_SECTION)]
        left = count
        for section in sections:
            lines.append(f"{section}、{rng.choice(titles)}")
            for item in range(1, min(ITEMS_PER_SECTION, left) + 1):
                lines.append(f"{item}.{_vary(rng.choice(bodies), region, rng, year)}")
            left -= min(ITEMS_PER_SECTION, left)
        doc_id = f"synthetic-{number:05d}"
        source = f"documents/{doc_id}.txt"
        (target / source).write_text("\n".join(lines) + "\n", encoding="utf-8")
        entries.append({
            "doc_id": doc_id,
            "title": title,
            "issuer": f"{place}住房和城乡建设局",
            "region": region[0],
            "period": {"start": year, "end": year + 5},
            "status": rng.choice(("in_force", "plan", "draft")),
            "source": source,
        })
        written += count
        number += 1
    (target / "documents.json").write_text(
        json.dumps({"documents": entries}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    glossary = source_corpus / "glossary.json"
    if glossary.exists():
        (target / "glossary.json").write_bytes(glossary.read_bytes())
    return SyntheticCorpus(corpus_dir=target, documents=len(entries), items=written)
