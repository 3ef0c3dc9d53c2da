"""A question that names several parts of one ask (防灰、脏水、雨水这几块分别要做到什么？), asked part by part.

Each part is answered by its own clause, often in another section: asked as one question, the clause that
names the most parts leads and a part said in everyday words (脏水 for 废水) is lost under it. Asked one part
at a time, with the words around the list kept, each part finds its clause and the answers are joined.
Only a list the question says it wants answered part by part (分别, 各, 这几块) is split: 罐车、散装车这些专用车
names examples of one thing.
"""

from __future__ import annotations

import re

from .places import covers, place_pattern, places_in
from .question import INTERROGATIVE
from .text import normalize, words

DISTRIBUTES = re.compile(
    r"(?:这|那)(?:几|两|三|四|五)(?:块|项|个方面|方面|样|类|个环节|个)(?:的)?(?:分别|各自|各)?|分别|各自|各(?=[有是要定提需得为管])"
)
CLAUSE_BREAK = re.compile(r"[，,；;：:。！!？?]")
PHRASE = re.compile(r"[^，,；;：:。！!？?]+")  # what lies between two clause breaks
LIST_JOINER = re.compile(r"和|与|以及|及|跟")
FRAME_AFTER = re.compile(r"(?:(?:这些|这几|这类)(?P<noun>[\u4e00-\u9fff]{0,4})|方面|等|上|里|中)$")  # 在…和…方面
FRAME_WORDS = frozenset({"在", "对", "对于", "关于", "的", "里", "中", "把", "从", "就", "给"})
MAX_PART_CHARS = 10
MAX_PARTS = 5
MIN_PHRASE_BEYOND_PLACE = 4  # 嘉兴2020年的水泥散装率 says what it asks of 嘉兴; 北京的 or 北京市 does not
JOINS = r"以及|和|与|及|跟|同|、|,|，|\band\b|\bvs\b\.?|&"  # what joins two places (Hangzhou and Beijing)


def part_asks(
    ask: str, regions: list[str] | None = None, documents: dict[str, list[str]] | None = None
) -> list[tuple[str, str]]:
    """(the ask once per named part, with the words around the list; the part), or [(ask, "")] when it names
    no such list. The part is what its answer must hold: the words around it are shared by every part.

    Places that different documents speak for (杭州和北京的规划…, Beijing's and Jiaxing's plans) are parts
    too, asked one place at a time, when ``regions`` (the documents' regions) are given; so are documents
    named by ``documents`` (each document's names), asked one document at a time.
    """
    text = normalize(ask)
    marker = DISTRIBUTES.search(text)
    if marker is None:
        return place_asks(ask, regions or [])
    before, after = text[: marker.start()], text[marker.end() :]
    after = re.sub(r"^(?:分别|各自)", "", after)
    found = _asks_before(before) or _list_before(before) or _list_after(after)
    if found is None:  # 北京和杭州对新建站的产能下限分别是多少: the places are what is distributed over
        return document_asks(text, documents or {}) or place_asks(ask, regions or [])
    start, parts, end = found
    if start is not None:  # the list ends where the marker stands: 防灰、脏水、雨水这几块
        prefix, suffix = before[:start], before[end:] + after
    else:  # the marker leads the list: 配合比分别由谁设计确认、谁出具生产配合比、谁复核调整
        prefix, suffix = before, after[end:]
    return [(f"{prefix}{part}{suffix}", part) for part in parts]


def document_asks(text: str, documents: dict[str, list[str]]) -> list[tuple[str, str]]:
    """湖北协会的绿色发展指导意见和省住建厅的高质量发展征求意见稿，分别…: the ask once per document named, the
    other documents' names taken out with the word that joins them; the part is the name it keeps."""
    named = {doc: [name for name in names if normalize(name) in text] for doc, names in documents.items()}
    named = {doc: names for doc, names in named.items() if names}
    if len(named) < 2:
        return []
    out = []
    for doc, names in named.items():
        others = sorted((name for other in named if other != doc for name in named[other]), key=len, reverse=True)
        kept = text
        for name in others:  # the longest first: 绿色发展指导意见 goes whole, not as 绿色发展 and a rest
            kept = re.sub(rf"(?:{LIST_JOINER.pattern})?{re.escape(normalize(name))}", "", kept)
        out.append((kept, max(names, key=len)))
    return out


def place_asks(ask: str, regions: list[str]) -> list[tuple[str, str]]:
    """The ask once per document's place, the other places taken out with the word that joins them."""
    places = places_in(ask)
    speakers = {place: frozenset(r for r in regions if covers(r, place)) for place in places}
    groups: dict[frozenset[str], list[str]] = {}
    for place in places:
        if speakers[place]:
            groups.setdefault(speakers[place], []).append(place)
    if len(groups) < 2:
        return [(ask, "")]
    own = _phrase_per_place(_joined_phrases_apart(ask, list(groups.values())), list(groups.values()))
    if own:
        return own
    out = []
    for kept in groups.values():
        text = ask
        for place in places:
            if place in kept:
                continue
            named = place_pattern(place) + r"(?:'s(?:\s+\d+(?:st|nd|rd|th)\b)?)?"  # Jiaxing's 13th (plan) goes with it
            text, joined = re.subn(rf"\s*(?:{JOINS})\s*{named}", "", text, count=1)
            if not joined:
                text = re.sub(rf"{named}\s*(?:{JOINS})?\s*", "", text, count=1)
        out.append((text, kept[0]))
    return out


def _joined_phrases_apart(ask: str, groups: list[list[str]]) -> str:
    """嘉兴2020年的水泥散装率和北京十二五末的使用率，目标各是多少: a join before a place that ends a phrase about
    another place (more than its name) parts two phrases; 北京和杭州的目标 names the places only, and stays."""
    for group in groups[1:]:
        for place in group:
            joined = re.search(rf"\s*(?:{JOINS})\s*(?={place_pattern(place)})", ask)
            if joined is None:
                continue
            before = PHRASE.findall(ask[: joined.start()] or "，")[-1:]
            said = places_in(before[0]) if before else []
            if len(said) == 1 and said[0] not in group and len(before[0].strip()) - len(said[0]) >= MIN_PHRASE_BEYOND_PLACE:
                ask = f"{ask[: joined.start()]}，{ask[joined.end() :]}"
    return ask


def _phrase_per_place(ask: str, groups: list[list[str]]) -> list[tuple[str, str]]:
    """Each place's own phrase with the ask they share (嘉兴2015年的实际供应量，和杭州规划2015年的目标，各是多少):
    taking the other place out of one ask would leave its figure and year in it. [] unless every place stands in a
    phrase of its own and a phrase naming none ends the question."""
    phrases = [m for m in PHRASE.finditer(ask) if m.group().strip()]
    said = [set(places_in(m.group())) for m in phrases]
    holding = [[i for i, there in enumerate(said) if there & set(group)] for group in groups]
    if any(len(where) != 1 for where in holding):
        return []
    named = [where[0] for where in holding]
    if len(set(named)) < len(named):
        return []
    last = max(named)
    shared = ask[phrases[last].end() :].lstrip("，,；;：: ")
    if not phrases[last + 1 :] or any(places_in(m.group()) for m in phrases[last + 1 :]) or min(named) != 0:
        return []
    leading_join = re.compile(rf"^\s*(?:{JOINS})\s*")
    comma = "，" if re.search(r"[\u4e00-\u9fff]", ask) else ", "
    return [
        (f"{leading_join.sub('', phrases[i].group().strip())}{comma}{shared}", group[0])
        for i, group in zip(named, groups, strict=True)
    ]


def _asks_before(before: str) -> tuple[int, list[str], int] | None:
    """Two or more asks in a row right before the marker, after the words they share (想评标杆站，洗车水、废浆怎么处理，
    雨水怎么收，分别…): each is a part, where the list at 、 would leave 雨水怎么收 in every part."""
    phrases = [(m.start(), m.end()) for m in PHRASE.finditer(before)]
    asks = []
    for start, end in reversed(phrases):
        if not INTERROGATIVE.search(before[start:end]):  # a phrase that is an ask of its own
            break
        asks.insert(0, (start, end))
    if len(asks) < 2 or asks[0][0] == 0:  # 标准化站的脏水…怎么处理，扬尘怎么控制: the first ask holds the subject
        return None
    return asks[0][0], [before[start:end] for start, end in asks], asks[-1][1]


def _list_before(before: str) -> tuple[int, list[str], int] | None:
    """The list in the last phrase before the marker, or the one before it (标准化站和标杆站，试验室面积分别…)."""
    phrases = [(m.start(), m.end()) for m in PHRASE.finditer(before)]
    for start, end in reversed(phrases[-2:]):
        frame = FRAME_AFTER.search(before[start:end])
        body_end = end - (len(frame.group()) if frame else 0)
        found = _split(before[start:body_end])
        if found is not None:
            offset, parts = found
            noun = frame.group("noun") if frame else None
            if noun is not None:  # 规模、星级、化验室这些门槛: each part's 门槛
                parts = [part + noun for part in parts]
                body_end = end
            return start + offset, parts, body_end
    return None


def _list_after(after: str) -> tuple[None, list[str], int] | None:
    """The list right after the marker, up to the end of its phrase."""
    phrase = CLAUSE_BREAK.split(after, maxsplit=1)[0]
    found = _split(phrase, trim_first=False)
    return (None, found[1], len(phrase)) if found is not None else None


def _split(phrase: str, trim_first: bool = True) -> tuple[int, list[str]] | None:
    """Where the list starts in 'A、B和C' (or 'A和B') and its parts, the first trimmed to the words the list is
    about: after the last frame word (高质量发展意见在|人才培养), else about as many words as the other parts have
    (搅拌站厂界噪声|白天和夜间)."""
    if "、" in phrase:
        *rest, last = phrase.split("、")
        parts = [*rest, *LIST_JOINER.split(last, maxsplit=1)]
    else:
        joined = list(LIST_JOINER.finditer(phrase))
        if not joined:
            return None
        parts = [phrase[: joined[-1].start()], phrase[joined[-1].end() :]]
    offset = 0
    if trim_first:
        cut = words(parts[0])
        frames = [i for i, word in enumerate(cut) if word in FRAME_WORDS]
        if frames:
            cut = cut[frames[-1] + 1 :]
        elif len(cut) > (longest := max(len(words(part)) for part in parts[1:])) + 1:
            cut = cut[-longest:]
        trimmed = "".join(cut)
        offset = parts[0].rfind(trimmed) if trimmed else -1
        if offset < 0:
            return None
        parts[0] = trimmed
    if not 2 <= len(parts) <= MAX_PARTS or not all(0 < len(part) <= MAX_PART_CHARS for part in parts):
        return None
    return offset, parts
