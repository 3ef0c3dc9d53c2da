"""Quiz exports validated against the formats' published rules (GIFT escaping; Moodle XML structure)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from assistant.glossary import Glossary
from assistant.lookup import ClauseBook
from assistant.quiz import Quiz, QuizItem, build_quiz
from assistant.quiz_export import FORMATS, gift_escape, render

SPECIAL = set("~=#{}:")


@pytest.fixture(scope="module")
def quiz(indexed_clauses, catalog, corpus_dir) -> Quiz:
    book = ClauseBook(indexed_clauses.values(), catalog)
    return build_quiz(book, n=15, qtype="mixed", seed=11, glossary=Glossary.load(corpus_dir / "glossary.json"))


def gift_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def unescaped(text: str, chars: str) -> list[int]:
    """Positions of special characters not preceded by a backslash escape."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in chars:
            out.append(i)
        i += 1
    return out


def check_gift(document: str) -> list[dict]:
    """A small GIFT checker after Moodle's format description: blocks separated by blank lines; optional
    ``//`` comments; ``::title::`` then question text; one unescaped ``{...}`` answer block; inside it either
    TRUE/FALSE/T/F or answers starting with = or ~, optional ``####`` general feedback; every special
    character elsewhere escaped."""
    questions = []
    for block in re.split(r"\n\s*\n", document.strip()):
        lines = [line for line in block.splitlines() if not line.startswith("//")]
        body = " ".join(lines)
        assert body.startswith("::"), block
        title_end = unescaped(body[2:], ":")
        assert len(title_end) >= 2 and title_end[1] == title_end[0] + 1, "title must end with ::"
        title = body[2 : 2 + title_end[0]]
        rest = body[2 + title_end[0] + 2 :]
        opens, closes = unescaped(rest, "{"), unescaped(rest, "}")
        assert len(opens) == 1 and len(closes) == 1 and opens[0] < closes[0], block
        text, answers = rest[: opens[0]].strip(), rest[opens[0] + 1 : closes[0]]
        assert rest[closes[0] + 1 :].strip() == ""
        assert not unescaped(title, "".join(SPECIAL)) and not unescaped(text, "".join(SPECIAL))
        feedback = ""
        if "####" in answers:
            answers, feedback = answers.split("####", 1)
            assert not unescaped(feedback, "".join(SPECIAL))
        answers = answers.strip()
        if answers in ("TRUE", "FALSE", "T", "F"):
            kind, options = "tf", [answers]
        else:
            marks = unescaped(answers, "=~")
            assert marks and marks[0] == 0, answers
            parts = [answers[a:b].strip() for a, b in zip(marks, [*marks[1:], len(answers)], strict=True)]
            rights = [p for p in parts if p.startswith("=")]
            assert rights, "every question needs a right answer"
            kind = "mc" if any(p.startswith("~") for p in parts) else "short"
            if kind == "mc":
                assert len(rights) == 1
            options = parts
        questions.append(
            {"title": gift_unescape(title), "text": gift_unescape(text), "kind": kind, "options": options}
        )
    return questions


def test_gift_escapes_every_special_character():
    raw = "a~b=c#d{e}f:g\\h"
    escaped = gift_escape(raw)
    assert not unescaped(escaped, "~=#{}:")
    assert gift_unescape(escaped) == raw


def test_gift_output_passes_the_checker(quiz):
    parsed = check_gift(render(quiz, "gift"))
    assert len(parsed) == len(quiz.items)
    for question, item in zip(parsed, quiz.items, strict=True):
        assert question["text"] == " ".join(item.question.split())
        assert question["kind"] == {"mc": "mc", "tf": "tf", "cloze": "short"}[item.qtype]
        if item.qtype == "mc":
            right = next(o for o in question["options"] if o.startswith("="))
            assert gift_unescape(right[1:]) == item.answer


def test_gift_with_special_characters_in_the_text(quiz):
    tricky = QuizItem(
        item_id="x", qtype="mc", question="比例{a}=1:2 ~ #3 ____", answer="50%", options=["50%", "a=b", "c:d", "{e}"],
        explanation="x", citation={**quiz.items[0].citation},
    )
    parsed = check_gift(render(Quiz([tricky], 0, "mc"), "gift"))
    assert parsed[0]["text"] == "比例{a}=1:2 ~ #3 ____"
    assert sorted(gift_unescape(o[1:]) for o in parsed[0]["options"]) == sorted(tricky.options)


def test_moodle_xml_structure(quiz):
    root = ET.fromstring(render(quiz, "moodle-xml"))
    assert root.tag == "quiz"
    questions = root.findall("question")
    assert len(questions) == len(quiz.items)
    for element, item in zip(questions, quiz.items, strict=True):
        qtype = element.get("type")
        assert qtype == {"mc": "multichoice", "tf": "truefalse", "cloze": "shortanswer"}[item.qtype]
        assert element.find("name/text").text
        questiontext = element.find("questiontext")
        assert questiontext.get("format") in ("html", "plain_text", "moodle_auto_format", "markdown")
        assert questiontext.find("text").text
        answers = element.findall("answer")
        assert answers and all(a.get("fraction") is not None and a.find("text") is not None for a in answers)
        fractions = [float(a.get("fraction")) for a in answers]
        if qtype == "multichoice":
            assert element.find("single").text == "true" and fractions.count(100.0) == 1
            assert [a.find("text").text for a in answers if a.get("fraction") == "100"] == [item.answer]
        elif qtype == "truefalse":
            assert sorted(a.find("text").text for a in answers) == ["false", "true"]
            assert [a.find("text").text for a in answers if a.get("fraction") == "100"] == [item.answer]
        else:
            assert element.find("usecase") is not None and all(f == 100.0 for f in fractions)


def test_other_formats(quiz):
    data = json.loads(render(quiz, "json"))
    assert [i["item_id"] for i in data["items"]] == [i.item_id for i in quiz.items]
    rows = list(csv.DictReader(io.StringIO(render(quiz, "csv"))))
    assert [r["id"] for r in rows] == [i.item_id for i in quiz.items]
    markdown = render(quiz, "md")
    assert "答案" in markdown and all(i.citation["clause"] in markdown for i in quiz.items)
    assert set(FORMATS) == {"md", "csv", "json", "gift", "moodle-xml"}
    with pytest.raises(ValueError):
        render(quiz, "docx")
