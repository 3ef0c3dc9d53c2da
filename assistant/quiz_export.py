"""Quiz export: Markdown, CSV, JSON, Moodle GIFT and Moodle XML, each item with its answer key and citation.

GIFT: ``~ = # { } :`` are escaped with a backslash, one question per block, blocks separated by a blank line.
Moodle XML: ``<quiz>`` of ``<question type="multichoice|truefalse|shortanswer">``, built with ElementTree so
it is always well-formed.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from .quiz import BLANK, Quiz, QuizItem

FORMATS = ("md", "csv", "json", "gift", "moodle-xml")
GIFT_SPECIAL = "~=#{}:"
TYPE_LABELS = {"mc": "单选 multiple choice", "tf": "判断 true/false", "cloze": "填空 fill in the blank"}


def source_line(item: QuizItem) -> str:
    cite = item.citation
    return f"{cite['clause']}（{cite['doc_id']}，《{cite['doc_title']}》）"


def _answer_text(item: QuizItem) -> str:
    if item.qtype == "tf":
        return "正确 true" if item.answer == "true" else "错误 false"
    return item.answer


def render_markdown(quiz: Quiz) -> str:
    lines = [f"# 测验 · quiz（{len(quiz.items)} 题，seed {quiz.seed}）", ""]
    for number, item in enumerate(quiz.items, start=1):
        lines.append(f"**{number}. [{TYPE_LABELS[item.qtype]}]** {item.question}")
        for letter, option in zip("ABCDEFG", item.options, strict=False):
            lines.append(f"   - {letter}. {option}")
        lines.append("")
    lines += ["## 答案 · answer key", ""]
    for number, item in enumerate(quiz.items, start=1):
        lines.append(f"{number}. {_answer_text(item)} —— 出处 {source_line(item)}")
        lines.append(f"   > {item.citation['text'].replace(chr(10), ' ')}")
    return "\n".join(lines)


CSV_FIELDS = ["number", "id", "type", "question", "options", "answer", "accepted", "doc_id", "clause", "clause_text"]


def render_csv(quiz: Quiz) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for number, item in enumerate(quiz.items, start=1):
        writer.writerow(
            {
                "number": number,
                "id": item.item_id,
                "type": item.qtype,
                "question": item.question,
                "options": " | ".join(item.options),
                "answer": item.answer,
                "accepted": " | ".join(item.accepted),
                "doc_id": item.citation["doc_id"],
                "clause": item.citation["clause"],
                "clause_text": item.citation["text"],
            }
        )
    return out.getvalue()


def render_json(quiz: Quiz) -> str:
    return json.dumps(quiz.to_dict(), ensure_ascii=False, indent=1)


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters and keep the text on one line (a blank line ends a question)."""
    text = text.replace("\\", "\\\\")
    for char in GIFT_SPECIAL:
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _gift_question(number: int, item: QuizItem) -> str:
    title = gift_escape(f"Q{number} {item.citation['clause']}")
    question = gift_escape(item.question)
    feedback = gift_escape(f"出处 {source_line(item)}：{item.explanation}")
    if item.qtype == "mc":
        answers = " ".join(("=" if option == item.answer else "~") + gift_escape(option) for option in item.options)
    elif item.qtype == "tf":
        answers = "TRUE" if item.answer == "true" else "FALSE"
    else:
        answers = " ".join("=" + gift_escape(answer) for answer in item.accepted)
    return f"// id {item.item_id}\n::{title}::{question} {{{answers} ####{feedback}}}"


def render_gift(quiz: Quiz) -> str:
    """Moodle GIFT: ``::title::question {answers ####general feedback}``."""
    return "\n\n".join(_gift_question(n, item) for n, item in enumerate(quiz.items, start=1)) + "\n"


def _text(parent: ET.Element, tag: str, value: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = value
    return element


def _xml_question(quiz_el: ET.Element, number: int, item: QuizItem) -> None:
    qtype = {"mc": "multichoice", "tf": "truefalse", "cloze": "shortanswer"}[item.qtype]
    question = ET.SubElement(quiz_el, "question", {"type": qtype})
    _text(question, "name", f"Q{number} {item.citation['clause']}")
    _text(question, "questiontext", item.question.replace(BLANK, "_____"), format="plain_text")
    _text(question, "generalfeedback", f"出处 {source_line(item)}：{item.explanation}", format="plain_text")
    ET.SubElement(question, "defaultgrade").text = "1"
    ET.SubElement(question, "penalty").text = "0.3333333" if item.qtype == "mc" else "1" if item.qtype == "tf" else "0.1"
    ET.SubElement(question, "hidden").text = "0"
    ET.SubElement(question, "idnumber").text = item.item_id
    if item.qtype == "mc":
        ET.SubElement(question, "single").text = "true"
        ET.SubElement(question, "shuffleanswers").text = "true"
        ET.SubElement(question, "answernumbering").text = "abc"
        for option in item.options:
            _text(question, "answer", option, fraction="100" if option == item.answer else "0", format="plain_text")
    elif item.qtype == "tf":
        for value in ("true", "false"):
            _text(question, "answer", value, fraction="100" if item.answer == value else "0", format="moodle_auto_format")
    else:
        ET.SubElement(question, "usecase").text = "0"
        for answer in item.accepted:
            _text(question, "answer", answer, fraction="100", format="moodle_auto_format")


def render_moodle_xml(quiz: Quiz) -> str:
    """Moodle XML question bank; every answer carries ``fraction``, every text its ``format``."""
    root = ET.Element("quiz")
    for number, item in enumerate(quiz.items, start=1):
        _xml_question(root, number, item)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


RENDERERS = {
    "md": render_markdown,
    "csv": render_csv,
    "json": render_json,
    "gift": render_gift,
    "moodle-xml": render_moodle_xml,
}


def render(quiz: Quiz, fmt: str) -> str:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    return RENDERERS[fmt](quiz)
