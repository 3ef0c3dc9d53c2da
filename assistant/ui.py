"""The Gradio app: chat with clause-cited answers beside their sources, filters, feedback, export, corpus tab.

Thin by design: every answer comes from ``Assistant.ask``, every clause context from
``Assistant.clause_context``, every upload goes through ``corpus_admin.add_document``. This module wires
components to those calls; ``ui_render`` turns their results into escaped HTML.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

# offline and quick: no analytics or version checks, no server-side rendering (set before gradio is imported)
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("GRADIO_SSR_MODE", "False")

import gradio as gr

from .api import Assistant
from .corpus_admin import MAX_UPLOAD_BYTES, UPLOAD_STATUSES, UploadError, add_document
from .export import conversation_markdown
from .feedback import append_feedback, feedback_path, make_record
from .ui_render import (
    CLICK_JS,
    CSS,
    render_context,
    render_conversation,
    render_documents,
    render_sources,
    render_upload_result,
)
from .ui_strings import LANGUAGES, STATUS_NAMES, t
from .ui_tools import TOOLS_CSS, ToolsApp, build_tool_tabs

FILTER_STATUSES = ("in_force", "draft", "trial", "expired", "guidance")
MAX_SOURCES = 10


class ChatApp:
    """The handlers behind the components; each takes plain values and returns plain values or updates."""

    def __init__(self, assistant: Assistant, feedback_file: Path | None = None) -> None:
        self.assistant = assistant
        self.feedback_file = feedback_file or feedback_path(assistant.settings)
        self.export_dir = Path(tempfile.mkdtemp(prefix="assistant-export-"))

    # ---- data the components show -------------------------------------------------------------------
    def covered_titles(self) -> list[str]:
        return [meta.title for meta in self.assistant.catalog.documents]

    def status_labels(self) -> dict[str, str]:
        return {meta.doc_id: meta.status_label() for meta in self.assistant.catalog.documents}

    def doc_choices(self, lang: str) -> list[tuple[str, str]]:
        return [(t("all", lang), ""), *((m.title, m.doc_id) for m in self.assistant.catalog.documents)]

    def region_choices(self, lang: str) -> list[tuple[str, str]]:
        return [(t("all", lang), ""), *((r, r) for r in self.assistant.catalog.regions())]

    @staticmethod
    def status_choices(lang: str) -> list[tuple[str, str]]:
        return [(t("all", lang), ""), *((STATUS_NAMES[s][lang], s) for s in FILTER_STATUSES)]

    def documents_html(self, lang: str) -> str:
        return render_documents(self.assistant.documents(), self.assistant.index_info(), lang)

    # ---- the API endpoint -----------------------------------------------------------------------------
    def ask_json(self, question: str, history: list | None = None, filters: dict | None = None) -> dict:
        """The contract's answer JSON for a question, its conversation (earlier questions) and filters."""
        filters = filters or {}
        top_k = filters.get("top_k")
        answer = self.assistant.ask(
            question,
            history=history or [],
            top_k=int(top_k) if top_k else None,
            doc=filters.get("doc") or None,
            region=filters.get("region") or None,
            status=filters.get("status") or None,
        )
        return answer.to_dict()

    # ---- chat -----------------------------------------------------------------------------------------
    def chat(self, question: str, answers: list[dict], doc: str, region: str, status: str, top_k: float, lang: str):
        answers = list(answers or [])
        if not (question or "").strip():
            return answers, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        history = [a["question"] for a in answers]
        filters = {"doc": doc, "region": region, "status": status, "top_k": top_k}
        answers.append(self.ask_json(question, history, filters))
        turn = len(answers) - 1
        return (
            answers,
            render_conversation(answers, lang, self.covered_titles()),
            render_sources(answers[-1], turn, lang, self.status_labels()),
            render_context(None, "", lang),
            "",
            gr.update(choices=[str(n) for n in range(1, len(answers) + 1)], value=str(len(answers))),
        )

    def show_citation(self, answers: list[dict], lang: str, evt: gr.SelectData):
        """A clicked [n] (value ``turn:n``): the sources of that answer and the clause inside its document."""
        try:
            turn_text, n_text = str(evt.value).split(":", 1)
            turn, n = int(turn_text), int(n_text)
            answer = answers[turn]
            citation = next(c for c in answer["citations"] if int(c["n"]) == n)
        except (ValueError, IndexError, StopIteration, KeyError, TypeError):
            return gr.skip(), gr.skip()
        context = self.assistant.clause_context(citation.get("clause_id", ""))
        return (
            render_sources(answer, turn, lang, self.status_labels(), active=n),
            render_context(context, citation.get("highlight", ""), lang, n),
        )

    def new_conversation(self, lang: str):
        """Forget the conversation: follow-ups no longer lean on earlier questions."""
        empty_turns = gr.update(choices=[], value=None)
        return [], render_conversation([], lang, []), render_sources(None, 0, lang), render_context(None, "", lang), (
            empty_turns), ""

    # ---- feedback and export ----------------------------------------------------------------------------
    def feedback_up(self, turn_choice: str | None, comment: str, answers: list[dict], lang: str):
        return self.feedback("up", turn_choice, comment, answers, lang)

    def feedback_down(self, turn_choice: str | None, comment: str, answers: list[dict], lang: str):
        return self.feedback("down", turn_choice, comment, answers, lang)

    def feedback(self, rating: str, turn_choice: str | None, comment: str, answers: list[dict], lang: str):
        if not answers:
            return t("feedback_none", lang), comment
        turn = int(turn_choice) - 1 if turn_choice else len(answers) - 1
        turn = max(0, min(turn, len(answers) - 1))
        history = [a["question"] for a in answers[:turn]]
        append_feedback(self.feedback_file, make_record(answers[turn], rating, comment, history))
        return f"{t('feedback_saved', lang)} (#{turn + 1}, {'👍' if rating == 'up' else '👎'})", ""

    def export(self, answers: list[dict]):
        """The conversation as a Markdown file to download (hidden while there is nothing to export)."""
        if not answers:
            return gr.update(value=None, visible=False)
        path = Path(tempfile.mkdtemp(dir=self.export_dir)) / "conversation.md"
        path.write_text(conversation_markdown(answers), encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    # ---- corpus ---------------------------------------------------------------------------------------
    def upload(self, file: str | None, title: str, issuer: str, region: str, doc_number: str, date: str,
               status: str, lang: str):
        if not file:
            result = render_upload_result(False, "没有选择文件 (no file chosen)", lang)
            return result, gr.skip(), gr.skip(), gr.skip(), gr.skip()
        metadata = {"title": title, "issuer": issuer, "region": region, "doc_number": doc_number,
                    "issue_date": date, "status": status}
        try:
            report = add_document(self.assistant.settings, Path(file), Path(file).name, metadata)
        except UploadError as err:
            return render_upload_result(False, str(err), lang), gr.skip(), gr.skip(), gr.skip(), None
        except (OSError, RuntimeError, ValueError) as err:  # indexing failed; add_document has rolled back
            message = f"索引失败，已恢复原状 (indexing failed, nothing was changed): {err.__class__.__name__}: {err}"
            return render_upload_result(False, message, lang), gr.skip(), gr.skip(), gr.skip(), None
        self.assistant.reload()
        message = f"《{report.title}》 ({report.doc_id}): {report.clauses} clauses · build {report.build_id}"
        if report.warnings:
            message += " · " + "；".join(report.warnings)
        return (
            render_upload_result(True, message, lang),
            self.documents_html(lang),
            gr.update(choices=self.doc_choices(lang)),
            gr.update(choices=self.region_choices(lang)),
            None,
        )


LANG0 = "zh"


def _chat_column(app: ChatApp, ui: SimpleNamespace) -> None:
    """Conversation, question box, filters, feedback and export (left column of the chat tab)."""
    ui.conversation = gr.HTML(render_conversation([], LANG0, []), elem_id="conversation", js_on_load=CLICK_JS,
                              min_height=300)
    ui.question = gr.Textbox(label=t("question", LANG0), placeholder=t("question_placeholder", LANG0), lines=2,
                             elem_id="question")
    with gr.Row():
        ui.ask_button = gr.Button(t("ask", LANG0), variant="primary", elem_id="ask")
        ui.new_button = gr.Button(t("new_chat", LANG0), elem_id="new-chat")
    with gr.Accordion(t("filters", LANG0), open=False, elem_id="filters") as ui.filters_box, gr.Row():
        ui.doc = gr.Dropdown(app.doc_choices(LANG0), value="", label=t("doc", LANG0), elem_id="filter-doc")
        ui.region = gr.Dropdown(app.region_choices(LANG0), value="", label=t("region", LANG0),
                                elem_id="filter-region")
        ui.status = gr.Dropdown(app.status_choices(LANG0), value="", label=t("status", LANG0),
                                elem_id="filter-status")
        ui.top_k = gr.Slider(1, MAX_SOURCES, value=app.assistant.settings.top_k, step=1, label=t("top_k", LANG0),
                             elem_id="filter-top-k")
    with gr.Accordion(t("feedback", LANG0), open=False, elem_id="feedback") as ui.feedback_box:
        with gr.Row():
            ui.feedback_turn = gr.Dropdown([], label=t("feedback_turn", LANG0), elem_id="feedback-turn")
            ui.comment = gr.Textbox(label=t("comment", LANG0), elem_id="feedback-comment", scale=3)
        with gr.Row():
            ui.up = gr.Button(t("thumbs_up", LANG0), elem_id="thumbs-up")
            ui.down = gr.Button(t("thumbs_down", LANG0), elem_id="thumbs-down")
        ui.feedback_status = gr.Markdown("", elem_id="feedback-status")
    with gr.Row():
        ui.export_button = gr.Button(t("export", LANG0), elem_id="export")
        ui.export_file = gr.File(label=t("export_file", LANG0), elem_id="export-file", interactive=False,
                                 visible=False)


def _sources_column(ui: SimpleNamespace) -> None:
    """The cited clauses of the selected answer and the clicked clause in its document (right column)."""
    ui.sources_title = gr.Markdown(f"### {t('sources', LANG0)}")
    ui.sources = gr.HTML(render_sources(None, 0, LANG0), elem_id="sources", js_on_load=CLICK_JS)
    ui.context_title = gr.Markdown(f"### {t('context', LANG0)}")
    ui.context = gr.HTML(render_context(None, "", LANG0), elem_id="context")


def _corpus_tab(app: ChatApp, ui: SimpleNamespace) -> None:
    """The document table and the upload form."""
    ui.documents_title = gr.Markdown(f"### {t('documents', LANG0)}")
    ui.documents = gr.HTML(app.documents_html(LANG0), elem_id="documents")
    ui.upload_file = gr.File(label=t("upload", LANG0), file_types=[".pdf", ".docx", ".txt", ".md"], type="filepath",
                             elem_id="upload-file")
    with gr.Row():
        ui.meta_title = gr.Textbox(label=t("meta_title", LANG0), elem_id="meta-title")
        ui.meta_issuer = gr.Textbox(label=t("meta_issuer", LANG0), elem_id="meta-issuer")
        ui.meta_region = gr.Textbox(label=t("meta_region", LANG0), elem_id="meta-region")
    with gr.Row():
        ui.meta_number = gr.Textbox(label=t("meta_doc_number", LANG0), elem_id="meta-doc-number")
        ui.meta_date = gr.Textbox(label=t("meta_issue_date", LANG0), elem_id="meta-issue-date")
        ui.meta_status = gr.Dropdown([(STATUS_NAMES[s]["zh"], s) for s in UPLOAD_STATUSES], value="in_force",
                                     label=t("meta_status", LANG0), elem_id="meta-status")
    ui.upload_button = gr.Button(t("upload_button", LANG0), variant="primary", elem_id="upload")
    ui.upload_result = gr.HTML("", elem_id="upload-result")


def _relabel(app: ChatApp, ui: SimpleNamespace) -> tuple[list[Any], Any]:
    """The components the language switch relabels, and the function that does it."""
    outputs = [ui.lang, ui.heading, ui.language, ui.chat_tab, ui.corpus_tab, ui.question, ui.ask_button,
               ui.new_button, ui.filters_box, ui.doc, ui.region, ui.status, ui.top_k, ui.feedback_box,
               ui.feedback_turn, ui.comment, ui.up, ui.down, ui.export_button, ui.sources_title, ui.context_title,
               ui.documents_title, ui.upload_file, ui.upload_button, ui.conversation, ui.sources, ui.documents,
               *(component for component, _ in ui.tool_relabel)]

    def switch(choice: str, answers: list[dict]) -> tuple[Any, ...]:
        code = LANGUAGES.get(choice, "zh")
        last = len(answers) - 1
        return (
            code,
            f"## {t('title', code)}\n{t('subtitle', code)}",
            gr.update(label=t("language", code)),
            gr.update(label=t("tab_chat", code)),
            gr.update(label=t("tab_corpus", code)),
            gr.update(label=t("question", code), placeholder=t("question_placeholder", code)),
            gr.update(value=t("ask", code)),
            gr.update(value=t("new_chat", code)),
            gr.update(label=t("filters", code)),
            gr.update(label=t("doc", code), choices=app.doc_choices(code)),
            gr.update(label=t("region", code), choices=app.region_choices(code)),
            gr.update(label=t("status", code), choices=app.status_choices(code)),
            gr.update(label=t("top_k", code)),
            gr.update(label=t("feedback", code)),
            gr.update(label=t("feedback_turn", code)),
            gr.update(label=t("comment", code)),
            gr.update(value=t("thumbs_up", code)),
            gr.update(value=t("thumbs_down", code)),
            gr.update(value=t("export", code)),
            f"### {t('sources', code)}",
            f"### {t('context', code)}",
            f"### {t('documents', code)}",
            gr.update(label=t("upload", code)),
            gr.update(value=t("upload_button", code)),
            render_conversation(answers, code, app.covered_titles()),
            render_sources(answers[last] if answers else None, max(last, 0), code, app.status_labels()),
            app.documents_html(code),
            *(update(code) for _, update in ui.tool_relabel),
        )

    return outputs, switch


def _wire(app: ChatApp, ui: SimpleNamespace) -> None:
    """Connect the components to the handlers; only ``ask`` is a public API endpoint."""
    private: dict[str, Any] = {"api_visibility": "private"}
    ask_inputs = [ui.question, ui.answers, ui.doc, ui.region, ui.status, ui.top_k, ui.lang]
    ask_outputs = [ui.answers, ui.conversation, ui.sources, ui.context, ui.question, ui.feedback_turn]
    ui.ask_button.click(app.chat, ask_inputs, ask_outputs, concurrency_limit=4, **private)
    ui.question.submit(app.chat, ask_inputs, ask_outputs, concurrency_limit=4, **private)
    for clickable in (ui.conversation, ui.sources):
        clickable.select(app.show_citation, [ui.answers, ui.lang], [ui.sources, ui.context], **private)
    ui.new_button.click(app.new_conversation, [ui.lang], [ui.answers, ui.conversation, ui.sources, ui.context,
                                                          ui.feedback_turn, ui.feedback_status], **private)
    feedback_inputs = [ui.feedback_turn, ui.comment, ui.answers, ui.lang]
    ui.up.click(app.feedback_up, feedback_inputs, [ui.feedback_status, ui.comment], **private)
    ui.down.click(app.feedback_down, feedback_inputs, [ui.feedback_status, ui.comment], **private)
    ui.export_button.click(app.export, [ui.answers], [ui.export_file], **private)
    ui.upload_button.click(
        app.upload,
        [ui.upload_file, ui.meta_title, ui.meta_issuer, ui.meta_region, ui.meta_number, ui.meta_date, ui.meta_status,
         ui.lang],
        [ui.upload_result, ui.documents, ui.doc, ui.region, ui.upload_file],
        **private,
    )
    outputs, switch = _relabel(app, ui)
    ui.language.change(switch, [ui.language, ui.answers], outputs, **private)
    gr.api(app.ask_json, api_name="ask")


def build_app(assistant: Assistant, feedback_file: Path | None = None) -> gr.Blocks:
    """The Blocks app over one ``Assistant``; ``launch`` serves it."""
    app = ChatApp(assistant, feedback_file)
    ui = SimpleNamespace()
    with gr.Blocks(title=t("title", LANG0), analytics_enabled=False) as blocks:
        ui.answers = gr.State([])
        ui.lang = gr.State(LANG0)
        with gr.Row():
            ui.heading = gr.Markdown(f"## {t('title', LANG0)}\n{t('subtitle', LANG0)}", elem_id="heading")
            ui.language = gr.Radio(list(LANGUAGES), value="中文", label=t("language", LANG0), elem_id="language",
                                   scale=0, min_width=220)
        with gr.Tabs():
            with gr.Tab(t("tab_chat", LANG0), id="chat", elem_id="tab-chat") as ui.chat_tab, gr.Row():
                with gr.Column(scale=3):
                    _chat_column(app, ui)
                with gr.Column(scale=2):
                    _sources_column(ui)
            with gr.Tab(t("tab_corpus", LANG0), id="corpus", elem_id="tab-corpus") as ui.corpus_tab:
                _corpus_tab(app, ui)
            ui.tool_relabel = build_tool_tabs(ToolsApp(assistant, app.export_dir), ui.lang, app.doc_choices, LANG0)
        _wire(app, ui)
        blocks.load(app.documents_html, [ui.lang], [ui.documents], api_visibility="private")
    return blocks


def offline_theme() -> gr.themes.Base:
    """The default look with local fonts only: nothing is fetched from the internet."""
    local = ["system-ui", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", "sans-serif"]
    return gr.themes.Default(font=local, font_mono=["ui-monospace", "monospace"])


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    """``user:password`` pairs, comma-separated (from ASSISTANT_UI_AUTH); None when unset."""
    if not value or not value.strip():
        return None
    pairs = []
    for item in value.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise ValueError("ASSISTANT_UI_AUTH must be user:password[,user2:password2]")
        pairs.append((user, password))
    return pairs


def launch(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, auth: list[tuple[str, str]] | None = None,
           block: bool = True) -> gr.Blocks:
    """Serve the app; binds to loopback unless ``host`` says otherwise."""
    blocks = build_app(assistant)
    blocks.queue(default_concurrency_limit=4)
    blocks.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        max_file_size=MAX_UPLOAD_BYTES,
        show_error=False,
        ssr_mode=False,
        theme=offline_theme(),
        css=CSS + TOOLS_CSS,
        footer_links=["api"],
        prevent_thread_lock=not block,
        quiet=False,
    )
    return blocks
