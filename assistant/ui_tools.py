"""The role tools as tabs of the Gradio app: clause look-up, compare, checklist + gap report, quiz, glossary.

Thin: each handler parses its inputs, calls the library function the CLI calls, and renders the result as
escaped HTML (every corpus or user string goes through ``ui_render.e``). The tabs read the published index the
chat reads (``ClauseBook.from_assistant``), so an upload shows up here too. Bad input (an unknown document, an
unreadable self-assessment) becomes a visible message, never a traceback.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr

from . import checklist as cl
from .api import Assistant
from .compare import Comparison, compare
from .compare import render_csv as comparison_csv
from .glossary_view import GlossaryEntry, glossary_entries
from .lookup import ClauseBook, LookupResult, ToolError, lookup
from .quiz import Quiz, build_quiz
from .quiz_export import FORMATS, TYPE_LABELS, render
from .ui_render import badge, e
from .ui_strings import t

QUIZ_TYPES = ("mixed", "mc", "tf", "cloze")
QUIZ_SUFFIX = {"md": "md", "csv": "csv", "json": "json", "gift": "gift.txt", "moodle-xml": "xml"}
MAX_QUIZ_ITEMS = 50
TOOLS_CSS = """
.tool-error { color: #991b1b; background: #fee2e2; border-radius: 6px; padding: 6px 10px; }
.tool-clause { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 12px; margin: 6px 0; }
.clause-text { white-space: pre-wrap; margin: 6px 0; }
.clause-head { font-weight: 600; }
table.tool-table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
table.tool-table th, table.tool-table td { border: 1px solid #e5e7eb; padding: 4px 6px; vertical-align: top; text-align: left; }
tr.silent td { color: #6b7280; }
.badge.inherited { background: #e0e7ff; color: #3730a3; }
.quiz-item { border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px 12px; margin: 6px 0; }
.quiz-item ol { margin: 4px 0 4px 22px; list-style-type: upper-alpha; }
blockquote.verbatim { border-left: 3px solid #d0d7de; margin: 4px 0; padding: 2px 8px; color: #374151; }
"""


def error_html(message: str, lang: str) -> str:
    return f'<div class="tool-error"><strong>{e(t("tool_error", lang))}</strong>: {e(message)}</div>'


def cite(clause: str, doc_title: str, doc_id: str) -> str:
    """The clause label and document every shown item carries."""
    return f'<span class="cite-label">{e(clause)}</span> · <span class="cite-doc">《{e(doc_title)}》（{e(doc_id)}）</span>'


# ---- renderers ------------------------------------------------------------------------------------------
def render_lookup(result: LookupResult, lang: str) -> str:
    if result.outcome == "found":
        view = result.matches[0]
        return (
            '<div class="tool-clause found">'
            f'<div class="clause-head">{cite(view.label, view.doc_title, view.doc_id)}'
            f"{badge(view.status, lang, view.status_label)}</div>"
            f'<div class="context-path">{e(" › ".join(view.path))}</div>'
            f'<div class="clause-text">{e(view.text)}</div>'
            f'<div class="meta-line">id: {e(view.clause_id)}</div></div>'
        )
    if result.outcome == "ambiguous":
        head = t("ambiguous", lang)
    else:
        head = t("not_found" if result.matches else "not_found_none", lang)
    rows = "".join(
        f'<li class="candidate">{cite(v.label, v.doc_title, v.doc_id)} — {e(v.text.replace(chr(10), " ")[:60])}</li>'
        for v in result.matches
    )
    return f'<div class="lookup-{e(result.outcome)}"><p>“{e(result.query)}” {e(head)}</p><ul>{rows}</ul></div>'


def render_comparison(comparison: Comparison, lang: str) -> str:
    head = "".join(f"<th>{e(t(k, lang))}</th>" for k in ("col_title", "col_region", "col_period", "col_status",
                                                          "col_clause", "col_requirement", "col_figures"))
    rows = []
    for row in comparison.rows:
        cells = [e(row.doc_title), e(row.region), e(row.period), e(row.status)]
        if row.silent:
            cells += ["—", e(t("silent", lang)), ""]
            rows.append("<tr class=\"silent\">" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            continue
        via = f"（{e(row.matched_alias)}）" if row.matched_alias else ""
        cells += [cite(row.clause, row.doc_title, row.doc_id), e(" ".join(row.sentences)) + via, e("、".join(row.figures))]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (f"<h3>“{e(comparison.topic)}”</h3>"
            f'<table class="tool-table comparison"><tr>{head}</tr>{"".join(rows)}</table>')


def _notes(title: str, notes: list[str]) -> str:
    if not notes:
        return ""
    return f'<h4>{e(title)}</h4><ul class="not-in-corpus">' + "".join(f"<li>{e(n)}</li>" for n in notes) + "</ul>"


def render_checklist(checklist: cl.Checklist, lang: str) -> str:
    parts = [f"<h3>{e(checklist.title)}</h3>", f"<p>{len(checklist.items)} {e(t('items_count', lang))}</p>"]
    if checklist.basis:
        quotes = "".join(
            f'<blockquote class="verbatim">{e(b["text"])} —— {e(b["clause"])}（{e(b["doc_id"])}）</blockquote>'
            for b in checklist.basis
        )
        parts.append(f"<h4>{e(t('basis', lang))}</h4>{quotes}")
    head = "".join(f"<th>{e(t(k, lang))}</th>" for k in ("col_section", "col_strength", "col_requirement",
                                                          "col_clause"))
    rows = []
    for section, items in checklist.sections():
        for item in items:
            flags = f' <span class="badge inherited">{e(t("inherited", lang))}</span>' if item.inherited else ""
            if item.implied:
                flags += f'<div class="meta-line">{e(t("implied", lang))}</div>'
            if item.related:
                flags += f'<div class="meta-line">{e(t("see_also", lang))} {e("、".join(item.related))}</div>'
            css = "item inherited" if item.inherited else "item"
            rows.append(
                f'<tr class="{css}" data-item="{e(item.item_id)}"><td>{e(section)}</td>'
                f"<td>{e(cl.STRENGTH_LABELS[item.strength])}</td><td>{e(item.text)}{flags}</td>"
                f"<td>{cite(item.clause, item.doc_title, item.doc_id)}</td></tr>"
            )
    parts.append(f'<table class="tool-table checklist"><tr>{head}</tr>{"".join(rows)}</table>')
    parts.append(_notes(t("not_in_corpus", lang), checklist.not_in_corpus))
    return "".join(parts)


def render_gap(report: cl.GapReport, lang: str) -> str:
    counts = report.counts()
    parts = [f"<h3>{e(report.checklist.title)}</h3>", f'<p class="gap-counts">{e(t("gap_counts", lang).format(**counts))}</p>']
    if report.unknown_ids:
        parts.append(f'<p class="meta-line">{e(t("ignored_ids", lang))}: {e(", ".join(report.unknown_ids[:10]))}</p>')
    gaps = report.gaps()
    for strength in cl.STRENGTH_ORDER:
        chosen = [i for i in gaps if i.strength == strength]
        if not chosen:
            continue
        items = "".join(
            f'<li class="gap {e(strength)}"><strong>{e(i.text)}</strong> — {cite(i.clause, i.doc_title, i.doc_id)}'
            + (f' <span class="badge inherited">{e(t("inherited", lang))}</span>' if i.inherited else "")
            + f'<blockquote class="verbatim">{e(i.clause_text)}</blockquote></li>'
            for i in chosen
        )
        parts.append(f"<h4>{e(cl.GAP_HEADINGS[strength])}（{len(chosen)}）</h4><ul>{items}</ul>")
    if not gaps:
        parts.append(f"<p>{e(t('no_gaps', lang))}</p>")
    unchecked = report.unchecked()
    if unchecked:
        items = "".join(f"<li>[{e(cl.STRENGTH_LABELS[i.strength])}] {e(i.text)} — {cite(i.clause, i.doc_title, i.doc_id)}</li>"
                        for i in unchecked)
        parts.append(f"<h4>{e(t('unchecked', lang))}（{len(unchecked)}）</h4><ul>{items}</ul>")
    parts.append(_notes(t("not_in_corpus", lang), report.checklist.not_in_corpus))
    return "".join(parts)


def render_quiz(quiz: Quiz, lang: str) -> str:
    parts = []
    if len(quiz.items) < quiz.requested:
        parts.append(f'<p class="meta-line">{e(t("quiz_short", lang).format(n=len(quiz.items)))}</p>')
    for number, item in enumerate(quiz.items, start=1):
        options = "".join(f"<li>{e(option)}</li>" for option in item.options)
        answer = {"true": "正确 true", "false": "错误 false"}.get(item.answer, item.answer) if item.qtype == "tf" else item.answer
        c = item.citation
        parts.append(
            f'<div class="quiz-item" data-item="{e(item.item_id)}">'
            f"<div><strong>{number}. [{e(TYPE_LABELS[item.qtype])}]</strong> {e(item.question)}</div>"
            + (f"<ol>{options}</ol>" if options else "")
            + f'<div class="answer-key">{e(t("answer_key", lang))}: {e(answer)}</div>'
            f'<div class="quiz-source">{e(t("source", lang))}: {cite(c["clause"], c["doc_title"], c["doc_id"])}</div>'
            f'<blockquote class="verbatim">{e(c.get("sentence") or c["text"])}</blockquote></div>'
        )
    return "".join(parts)


def render_glossary(entries: list[GlossaryEntry], lang: str) -> str:
    if not entries:
        return f"<p>{e(t('no_entry', lang))}</p>"
    parts = []
    for entry in entries:
        lines = [f'<div class="clause-head">{e(entry.term)} <span class="meta-line">[{e(entry.kind)}] '
                 f"{e(' / '.join(entry.english))}</span></div>"]
        if entry.aliases:
            lines.append(f"<div>{e(t('aliases', lang))}: {e('、'.join(entry.aliases))}</div>")
        lines.append(f"<div>{e(t('definition', lang))}: {e(entry.definition)}</div>")
        if entry.quote_found:
            lines.append(f'<div class="glossary-source">{e(t("source", lang))}: '
                         f"{cite(entry.clause, entry.doc_title, entry.doc_id)}</div>"
                         f'<blockquote class="verbatim">{e(entry.quote)}</blockquote>')
        elif entry.quote:
            lines.append(f'<div class="glossary-source">{e(entry.doc_id)}（{e(t("quote_missing", lang))}）</div>')
        if entry.also_in:
            lines.append(f'<div class="meta-line">{e(t("also_in", lang))}: {e(", ".join(entry.also_in))}</div>')
        parts.append(f'<div class="tool-clause glossary-entry">{"".join(lines)}</div>')
    return "".join(parts)


# ---- handlers -------------------------------------------------------------------------------------------
class ToolsApp:
    """The tabs' handlers: plain values in, (HTML, file path or update) out."""

    def __init__(self, assistant: Assistant, export_dir: Path | None = None) -> None:
        self.assistant = assistant
        self.export_dir = export_dir or Path(tempfile.mkdtemp(prefix="assistant-tools-"))
        self._book: tuple[Any, ClauseBook] | None = None

    def book(self) -> ClauseBook:
        """The clauses of the index the chat answers from; rebuilt when an upload swaps the index in."""
        search = self.assistant.search
        if self._book is None or self._book[0] is not search:
            self._book = (search, ClauseBook.from_assistant(self.assistant))
        return self._book[1]

    @property
    def glossary(self):
        return self.assistant.search.glossary

    def _file(self, name: str, text: str) -> str:
        path = Path(tempfile.mkdtemp(dir=self.export_dir)) / name
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        return str(path)

    def clause(self, ref: str, doc: str, lang: str) -> str:
        if not (ref or "").strip():
            return error_html(t("need_input", lang), lang)
        try:
            return render_lookup(lookup(self.book(), ref.strip(), doc=doc or None), lang)
        except ToolError as err:
            return error_html(str(err), lang)

    def compare(self, topic: str, lang: str):
        if not (topic or "").strip():
            return error_html(t("need_input", lang), lang), gr.update(value=None, visible=False)
        try:
            comparison = compare(self.book(), topic.strip(), self.glossary)
        except ToolError as err:
            return error_html(str(err), lang), gr.update(value=None, visible=False)
        csv_path = self._file("comparison.csv", comparison_csv(comparison))
        return render_comparison(comparison, lang), gr.update(value=csv_path, visible=True)

    def _checklist(self, target: str, doc: str) -> cl.Checklist:
        return cl.build_checklist(self.book(), target.strip(), self.glossary, doc=doc or None)

    def checklist(self, target: str, doc: str, lang: str):
        hidden = gr.update(value=None, visible=False)
        if not (target or "").strip():
            return error_html(t("need_input", lang), lang), hidden
        try:
            checklist = self._checklist(target, doc)
        except ToolError as err:
            return error_html(str(err), lang), hidden
        csv_path = self._file("checklist.csv", cl.render_csv(checklist))
        rows = [[item.item_id, item.clause, item.strength, item.text, "unknown"] for item in checklist.items]
        table = gr.update(value=rows, visible=True)
        return render_checklist(checklist, lang), gr.update(value=csv_path, visible=True), table

    def assess_table(self, target: str, doc: str, rows: list[list[Any]] | None, lang: str):
        """The gap report from the statuses typed into the checklist table (same rules as an uploaded file)."""
        hidden = gr.update(value=None, visible=False)
        if not (target or "").strip() or not rows:
            return error_html(t("need_input", lang), lang), hidden
        marks = {str(row[0]): "" if row[-1] is None else str(row[-1]) for row in rows if row and row[0]}
        return self._gap(target, doc, json.dumps(marks, ensure_ascii=False), "table", lang)

    def assess(self, target: str, doc: str, file: str | None, lang: str):
        hidden = gr.update(value=None, visible=False)
        if not (target or "").strip():
            return error_html(t("need_input", lang), lang), hidden
        if not file:
            return error_html(t("need_file", lang), lang), hidden
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (UnicodeDecodeError, OSError) as err:
            return error_html(str(err), lang), hidden
        return self._gap(target, doc, text, Path(file).name, lang)

    def _gap(self, target: str, doc: str, assessment: str, name: str, lang: str):
        try:
            report = cl.gap_report(self._checklist(target, doc), cl.load_assessment(assessment, name=name))
        except ToolError as err:
            return error_html(str(err), lang), gr.update(value=None, visible=False)
        paths = [self._file("gap-report.md", cl.render_gap_markdown(report)),
                 self._file("gap-report.csv", cl.render_gap_csv(report))]
        return render_gap(report, lang), gr.update(value=paths, visible=True)

    def quiz(self, topic: str, doc: str, n: float | None, qtype: str, seed: float | None, fmt: str, lang: str):
        hidden = gr.update(value=None, visible=False)
        try:
            count = 10 if n is None else int(n)
            if not 1 <= count <= MAX_QUIZ_ITEMS:
                raise ToolError(f"1–{MAX_QUIZ_ITEMS}")
            quiz = build_quiz(self.book(), n=count, qtype=qtype or "mixed", seed=int(seed or 0),
                              topic=(topic or "").strip() or None, doc=doc or None, glossary=self.glossary)
            fmt = fmt if fmt in FORMATS else "md"
            path = self._file(f"quiz-seed{quiz.seed}.{QUIZ_SUFFIX[fmt]}", render(quiz, fmt))
        except (ToolError, ValueError) as err:
            return error_html(str(err), lang), hidden
        return render_quiz(quiz, lang), gr.update(value=path, visible=True)

    def glossary_view(self, term: str, lang: str) -> str:
        try:
            return render_glossary(glossary_entries(self.book(), self.glossary, (term or "").strip() or None), lang)
        except ToolError as err:
            return error_html(str(err), lang)


# ---- layout ---------------------------------------------------------------------------------------------
Relabel = list[tuple[Any, Callable[[str], Any]]]


def _label(key: str) -> Callable[[str], Any]:
    return lambda code: gr.update(label=t(key, code))


def _value(key: str) -> Callable[[str], Any]:
    return lambda code: gr.update(value=t(key, code))


def _doc_dropdown(doc_choices: Callable[[str], list], lang: str, elem_id: str, relabel: Relabel):
    dropdown = gr.Dropdown(doc_choices(lang), value="", label=t("doc", lang), elem_id=elem_id)
    relabel.append((dropdown, lambda code: gr.update(label=t("doc", code), choices=doc_choices(code))))
    return dropdown


def build_tool_tabs(tools: ToolsApp, lang_state: Any, doc_choices: Callable[[str], list], lang: str) -> Relabel:
    """The five tool tabs (call inside ``gr.Tabs``); returns what the language switch relabels."""
    relabel: Relabel = []
    private: dict[str, Any] = {"api_visibility": "private"}
    ui = SimpleNamespace()

    def tab(key: str, elem_id: str):
        block = gr.Tab(t(key, lang), id=elem_id, elem_id=f"tab-{elem_id}")
        relabel.append((block, _label(key)))
        return block

    def textbox(key: str, elem_id: str, placeholder_key: str | None = None, value: str = ""):
        box = gr.Textbox(label=t(key, lang), value=value, elem_id=elem_id,
                         placeholder=t(placeholder_key, lang) if placeholder_key else None)
        if placeholder_key:
            relabel.append((box, lambda code: gr.update(label=t(key, code), placeholder=t(placeholder_key, code))))
        else:
            relabel.append((box, _label(key)))
        return box

    def button(key: str, elem_id: str):
        block = gr.Button(t(key, lang), variant="primary", elem_id=elem_id)
        relabel.append((block, _value(key)))
        return block

    def download(key: str, elem_id: str, count: str = "single"):
        block = gr.File(label=t(key, lang), elem_id=elem_id, interactive=False, visible=False, file_count=count)
        relabel.append((block, _label(key)))
        return block

    with tab("tab_clause", "clause"):
        with gr.Row():
            ui.ref = textbox("clause_ref", "clause-ref", "clause_ref_placeholder")
            ui.ref_doc = _doc_dropdown(doc_choices, lang, "clause-doc", relabel)
        ui.lookup = button("lookup", "clause-lookup")
        ui.clause_out = gr.HTML("", elem_id="clause-result")
    with tab("tab_compare", "compare"):
        ui.topic = textbox("compare_topic", "compare-topic", "compare_topic_placeholder")
        ui.compare = button("compare_button", "compare-run")
        ui.compare_out = gr.HTML("", elem_id="compare-result")
        ui.compare_file = download("compare_file", "compare-file")
    with tab("tab_checklist", "checklist"):
        with gr.Row():
            ui.target = textbox("checklist_target", "checklist-target", value="标准化搅拌站")
            ui.target_doc = _doc_dropdown(doc_choices, lang, "checklist-doc", relabel)
        ui.build = button("checklist_button", "checklist-build")
        ui.checklist_file = download("checklist_file", "checklist-file")
        ui.assess_rows = gr.Dataframe(headers=["item_id", "clause", "strength", "requirement", "status"],
                                      datatype=["str", "str", "str", "str", "str"], type="array", interactive=True,
                                      visible=False, wrap=True, label=t("assess_table", lang), elem_id="assess-table")
        relabel.append((ui.assess_rows, _label("assess_table")))
        ui.assess_from_table = button("assess_table_button", "assess-table-run")
        ui.assess_file = gr.File(label=t("assess_upload", lang), file_types=[".csv", ".json"], type="filepath",
                                 elem_id="assess-file")
        relabel.append((ui.assess_file, _label("assess_upload")))
        ui.assess = button("assess_button", "assess-run")
        ui.gap_files = download("gap_files", "gap-files", count="multiple")
        ui.checklist_out = gr.HTML("", elem_id="checklist-result")
    with tab("tab_quiz", "quiz"):
        with gr.Row():
            ui.quiz_topic = textbox("quiz_topic", "quiz-topic")
            ui.quiz_doc = _doc_dropdown(doc_choices, lang, "quiz-doc", relabel)
        with gr.Row():
            ui.quiz_n = gr.Number(10, label=t("quiz_n", lang), precision=0, minimum=1, maximum=MAX_QUIZ_ITEMS,
                                  elem_id="quiz-n")
            ui.quiz_seed = gr.Number(0, label=t("quiz_seed", lang), precision=0, elem_id="quiz-seed")
            relabel += [(ui.quiz_n, _label("quiz_n")), (ui.quiz_seed, _label("quiz_seed"))]
        with gr.Row():
            ui.quiz_type = gr.Radio(list(QUIZ_TYPES), value="mixed", label=t("quiz_type", lang), elem_id="quiz-type")
            ui.quiz_format = gr.Radio(list(FORMATS), value="md", label=t("quiz_format", lang), elem_id="quiz-format")
            relabel += [(ui.quiz_type, _label("quiz_type")), (ui.quiz_format, _label("quiz_format"))]
        ui.quiz = button("quiz_button", "quiz-run")
        ui.quiz_file = download("quiz_file", "quiz-file")
        ui.quiz_out = gr.HTML("", elem_id="quiz-result")
    with tab("tab_glossary", "glossary"):
        ui.term = textbox("glossary_term", "glossary-term")
        ui.term_button = button("glossary_button", "glossary-run")
        ui.glossary_out = gr.HTML("", elem_id="glossary-result")

    for trigger in (ui.lookup.click, ui.ref.submit):
        trigger(tools.clause, [ui.ref, ui.ref_doc, lang_state], [ui.clause_out], **private)
    for trigger in (ui.compare.click, ui.topic.submit):
        trigger(tools.compare, [ui.topic, lang_state], [ui.compare_out, ui.compare_file], **private)
    ui.build.click(tools.checklist, [ui.target, ui.target_doc, lang_state],
                   [ui.checklist_out, ui.checklist_file, ui.assess_rows], **private)
    ui.assess_from_table.click(tools.assess_table, [ui.target, ui.target_doc, ui.assess_rows, lang_state],
                               [ui.checklist_out, ui.gap_files], **private)
    ui.assess.click(tools.assess, [ui.target, ui.target_doc, ui.assess_file, lang_state],
                    [ui.checklist_out, ui.gap_files], **private)
    ui.quiz.click(tools.quiz, [ui.quiz_topic, ui.quiz_doc, ui.quiz_n, ui.quiz_type, ui.quiz_seed, ui.quiz_format,
                               lang_state], [ui.quiz_out, ui.quiz_file], **private)
    for trigger in (ui.term_button.click, ui.term.submit):
        trigger(tools.glossary_view, [ui.term, lang_state], [ui.glossary_out], **private)
    return relabel
