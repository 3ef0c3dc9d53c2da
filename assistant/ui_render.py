"""HTML for the Gradio app: answers with clickable [n], the sources panel, a clause in context, the document table.

Every piece of user or corpus text goes through ``html.escape`` before any markup is added around it; the
only tags in the output are the ones written here. Clickable items carry ``data-turn`` and ``data-n`` so that
one delegated click handler in the page can report which citation was chosen.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from .ui_strings import CAREFUL_STATUSES, status_name, t

MARKER = re.compile(r"\[(\d{1,3})\]")
BOLD = re.compile(r"\*\*(.+?)\*\*")
SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")

# A delegated click handler: works for content re-rendered after load, reports "turn:n" as a select event.
CLICK_JS = """
element.addEventListener('click', (event) => {
  const item = event.target.closest('[data-turn][data-n]');
  if (!item || !element.contains(item)) return;
  event.preventDefault();
  trigger('select', {index: Number(item.dataset.turn), value: item.dataset.turn + ':' + item.dataset.n});
});
"""

CSS = """
.conversation { display: flex; flex-direction: column; gap: 12px; }
.turn-question { align-self: flex-end; background: #e8f0fe; border-radius: 10px; padding: 8px 12px; max-width: 85%; white-space: pre-wrap; }
.turn-answer { border: 1px solid #d0d7de; border-left: 4px solid #2563eb; border-radius: 10px; padding: 10px 14px; background: #fff; }
.turn-answer.abstain { border-left-color: #9ca3af; background: #f6f7f9; color: #374151; }
.abstain-title { font-weight: 600; color: #6b7280; }
.turn-answer ul { margin: 6px 0 6px 18px; padding: 0; }
.meta-line { font-size: 0.85em; color: #6b7280; margin: 2px 0; }
a.cite, button.source { cursor: pointer; }
li.sub { margin-left: 1.4em; list-style: circle; }
a.cite { color: #1d4ed8; font-weight: 600; text-decoration: none; padding: 0 2px; border-radius: 3px; }
a.cite:hover { background: #dbeafe; }
.warning { background: #fff7ed; border: 1px solid #fdba74; color: #9a3412; border-radius: 6px; padding: 4px 8px; margin: 4px 0; font-size: 0.9em; }
.badge { display: inline-block; font-size: 0.75em; border-radius: 10px; padding: 0 8px; margin-left: 6px; background: #dcfce7; color: #166534; }
.badge.careful { background: #ffedd5; color: #9a3412; }
.sources { display: flex; flex-direction: column; gap: 6px; }
button.source { text-align: left; border: 1px solid #d0d7de; border-radius: 8px; padding: 6px 8px; background: #fafbfc; width: 100%; }
button.source:hover, button.source.active { border-color: #2563eb; background: #eff6ff; }
.source-label { font-weight: 600; }
.source-doc { font-size: 0.85em; color: #4b5563; }
.context-path { font-size: 0.85em; color: #4b5563; margin-bottom: 6px; }
.context-clause { border-radius: 6px; padding: 6px 8px; margin: 4px 0; white-space: pre-wrap; font-size: 0.92em; }
.context-clause.neighbour { color: #6b7280; background: #f9fafb; }
.context-clause.focus { border: 2px solid #2563eb; background: #fff; }
.context-label { font-weight: 600; }
mark.support { background: #fde68a; padding: 0 1px; }
table.documents { border-collapse: collapse; width: 100%; font-size: 0.9em; }
table.documents th, table.documents td { border: 1px solid #e5e7eb; padding: 4px 6px; vertical-align: top; text-align: left; }
.upload-ok { color: #166534; background: #dcfce7; border-radius: 6px; padding: 6px 10px; }
.upload-error { color: #991b1b; background: #fee2e2; border-radius: 6px; padding: 6px 10px; }
"""


def e(text: Any) -> str:
    return html.escape(str(text if text is not None else ""), quote=True)


def filters_text(filters: dict[str, Any] | None, lang: str) -> str:
    """The filters an answer was given with, in the interface language; empty when none were set."""
    parts = []
    for key in ("doc", "region", "status", "top_k"):
        value = (filters or {}).get(key)
        if value in (None, "", []):
            continue
        shown = ", ".join(value) if isinstance(value, list) else str(value)
        parts.append(f"{t(key, lang)}={shown}")
    return "; ".join(parts)


def badge(status: str, lang: str, label: str | None = None) -> str:
    careful = " careful" if status in CAREFUL_STATUSES or (label and "试行" in label) else ""
    shown = label if (label and lang == "zh") else status_name(status, lang)
    return f'<span class="badge{careful}" data-status="{e(status)}">{e(shown)}</span>'


def _inline(line: str, turn: int, known: set[int]) -> str:
    """One escaped line of answer markdown, with **bold** and [n] links to known citations."""
    escaped = BOLD.sub(r"<strong>\1</strong>", e(line))

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in known:
            return match.group(0)
        return f'<a class="cite" href="#" data-turn="{turn}" data-n="{n}">[{n}]</a>'

    return MARKER.sub(link, escaped)


def answer_body(answer: dict[str, Any], turn: int) -> str:
    """The answer's markdown (a lead, ``- point [n]`` lines, a sources list) as safe HTML."""
    known = {int(c["n"]) for c in answer.get("citations", [])}
    out: list[str] = []
    in_list = False
    for raw in answer.get("answer", "").splitlines():
        line = raw.strip()
        is_item = line.startswith("- ")
        if in_list and not is_item:
            out.append("</ul>")
            in_list = False
        if is_item:
            if not in_list:
                out.append("<ul>")
                in_list = True
            sub = ' class="sub"' if raw.startswith("  - ") else ""  # a table's rows under its caption
            out.append(f"<li{sub}>{_inline(line[2:], turn, known)}</li>")
        elif line:
            out.append(f"<p>{_inline(line, turn, known)}</p>")
    if in_list:
        out.append("</ul>")
    return "".join(out)


def render_turn(turn: int, answer: dict[str, Any], lang: str, covered_titles: Sequence[str]) -> str:
    question = f'<div class="turn-question">{e(answer.get("question", ""))}</div>'
    meta = []
    standalone = answer.get("standalone_query", "")
    if standalone and standalone != answer.get("question"):
        meta.append(f'<div class="meta-line read-as">{e(t("read_as", lang))}：{e(standalone)}</div>')
    shown = filters_text(answer.get("filters"), lang)
    if shown:
        meta.append(f'<div class="meta-line filters-used">{e(t("filters_used", lang))}：{e(shown)}</div>')
    warnings = "".join(f'<div class="warning">⚠ {e(w)}</div>' for w in answer.get("warnings", []))
    if answer.get("abstained"):
        titles = "".join(f"<li>{e(title)}</li>" for title in covered_titles)
        body = (
            f'<div class="abstain-title">{e(t("abstain_title", lang))}</div>'
            f"<p>{e(answer.get('answer', '').split('现有文件：')[0].strip())}</p>"
            f'<div class="meta-line">{e(t("corpus_covers", lang))}</div><ul class="covered">{titles}</ul>'
        )
        return f'{question}<div class="turn-answer abstain" data-turn="{turn}">{"".join(meta)}{body}{warnings}</div>'
    body = answer_body(answer, turn)
    return f'{question}<div class="turn-answer" data-answer-turn="{turn}">{"".join(meta)}{body}{warnings}</div>'


def render_conversation(answers: Sequence[dict[str, Any]], lang: str, covered_titles: Sequence[str]) -> str:
    if not answers:
        return f'<div class="conversation empty"><p class="meta-line">{e(t("empty_chat", lang))}</p></div>'
    turns = "".join(render_turn(i, a, lang, covered_titles) for i, a in enumerate(answers))
    return f'<div class="conversation">{turns}</div>'


def render_sources(
    answer: dict[str, Any] | None, turn: int, lang: str, status_labels: dict[str, str] | None = None, active: int = 0
) -> str:
    """The cited clauses of one answer: label, document, status badge; each one clickable."""
    if not answer:
        return f'<div class="sources empty"><p class="meta-line">{e(t("context_hint", lang))}</p></div>'
    citations = answer.get("citations", [])
    if not citations:
        return f'<div class="sources empty"><p class="meta-line">{e(t("no_sources", lang))}</p></div>'
    labels = status_labels or {}
    items = []
    for c in citations:
        active_class = " active" if int(c["n"]) == active else ""
        items.append(
            f'<button class="source{active_class}" data-turn="{turn}" data-n="{int(c["n"])}">'
            f'<span class="source-label">[{int(c["n"])}] {e(c.get("clause", ""))}</span>'
            f"{badge(c.get('status', ''), lang, labels.get(c.get('doc_id', '')))}"
            f'<div class="source-doc">《{e(c.get("doc_title", ""))}》</div></button>'
        )
    return f'<div class="sources">{"".join(items)}</div>'


def highlight_spans(text: str, highlight: str) -> list[tuple[int, int]]:
    """Where the supporting sentences sit in the clause text (the whole clause when it was quoted whole)."""
    if not highlight.strip():
        return []
    if " ".join(text.split()) == " ".join(highlight.split()):
        return [(0, len(text))]
    spans = []
    for sentence in SENTENCE.findall(highlight):
        sentence = sentence.strip()
        if not sentence:
            continue
        at = text.find(sentence)
        if at >= 0:
            spans.append((at, at + len(sentence)))
    return sorted(spans)


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out.append(e(text[pos:start]))
        out.append(f'<mark class="support">{e(text[start:end])}</mark>')
        pos = end
    out.append(e(text[pos:]))
    return "".join(out)


def render_context(context: dict[str, Any] | None, highlight: str, lang: str, n: int | None = None) -> str:
    """A clause inside its document: heading path, neighbouring clauses, the supporting sentences marked."""
    if not context:
        return f'<div class="context empty"><p class="meta-line">{e(t("context_hint", lang))}</p></div>'
    path = " › ".join(e(p) for p in context.get("path", []))
    warnings = "".join(f'<div class="warning">⚠ {e(w)}</div>' for w in context.get("warnings", []))
    head = (
        f'<div class="context-doc"><strong>《{e(context["doc_title"])}》</strong>'
        f"{badge(context.get('status', ''), lang, context.get('status_label'))}</div>"
        f'<div class="context-path">{path}</div>{warnings}'
    )

    def neighbour(c: dict[str, Any], where: str) -> str:
        return (
            f'<div class="context-clause neighbour {where}"><span class="context-label">{e(c["label"])}</span>'
            f"\n{e(c['text'])}</div>"
        )

    before = "".join(neighbour(c, "before") for c in context.get("before", []))
    after = "".join(neighbour(c, "after") for c in context.get("after", []))
    number = f"[{n}] " if n is not None else ""
    focus = (
        f'<div class="context-clause focus" data-clause-id="{e(context["clause_id"])}">'
        f'<span class="context-label">{e(number)}{e(context["label"])}</span>\n'
        f"{marked(context['text'], highlight_spans(context['text'], highlight))}</div>"
    )
    return f'<div class="context">{head}{before}{focus}{after}</div>'


def render_documents(documents: Sequence[dict[str, Any]], info: dict[str, Any], lang: str) -> str:
    """The document table of the corpus tab: metadata, status, clause counts, index warnings, indexed time."""
    columns = ["col_title", "col_meta", "col_status", "col_clauses", "col_warnings", "col_indexed"]
    header = "".join(f"<th>{e(t(c, lang))}</th>" for c in columns)
    rows = []
    for d in documents:
        meta = " / ".join(e(x) for x in (d.get("issuer"), d.get("region"), d.get("doc_number"), d.get("issue_date")) if x)
        warnings = "".join(f"<div>{e(w)}</div>" for w in d.get("index_warnings", []))
        rows.append(
            f'<tr data-doc-id="{e(d["doc_id"])}"><td>{e(d["title"])}<div class="meta-line">{e(d["doc_id"])}</div></td>'
            f"<td>{meta}</td><td>{badge(d.get('status', ''), lang, d.get('status_label'))}</td>"
            f'<td class="clause-count">{int(d.get("clauses", 0))}</td><td>{warnings}</td>'
            f"<td>{e(d.get('indexed_at') or '')}</td></tr>"
        )
    errors = "".join(f'<div class="warning">{e(err)}</div>' for err in info.get("errors", []))
    summary = (
        f'<p class="meta-line build-info">{e(t("build", lang))}：<span class="build-id">{e(info.get("build_id"))}</span>'
        f' · {e(info.get("created"))} · <span class="total-clauses">{int(info.get("clauses", 0))}</span></p>'
    )
    return f'{summary}{errors}<table class="documents"><tr>{header}</tr>{"".join(rows)}</table>'


def render_upload_result(ok: bool, message: str, lang: str) -> str:
    css, key = ("upload-ok", "uploaded") if ok else ("upload-error", "rejected")
    return f'<div class="{css}"><strong>{e(t(key, lang))}</strong><br>{e(message)}</div>'
