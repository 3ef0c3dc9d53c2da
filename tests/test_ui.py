"""The real app in a real browser: `assistant serve` in a subprocess, driven with Debian's chromium via Playwright.

Steps a user takes: ask and see the cited clause; click a citation and see it in its document; ask a
follow-up; filter; give feedback and export; upload a PDF and find its text; see a bad upload refused with
the index unchanged. The screenshot of a real answer with its sources panel goes to docs/ui-answer.png.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from ui_files import UPLOAD_FACT, UPLOAD_LINES, UPLOAD_QUESTION, UPLOAD_TITLE, make_corrupt_pdf, make_pdf
from ui_server import browser_context, ui_server  # noqa: F401  (fixtures)

SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "ui-answer.png"
QUESTION = "标杆示范站试验室面积要多大？"
WAIT_MS = 60_000


@pytest.fixture(scope="module")
def page(browser_context, ui_server) -> Page:  # noqa: F811
    page = browser_context.new_page()
    page.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)  # a first question on a busy 2-core machine can take seconds
    page.goto(ui_server.url)
    expect(page.locator("#ask")).to_be_visible()
    yield page
    page.close()


def new_conversation(page: Page) -> None:
    page.get_by_role("tab", name=re.compile("对话|Chat")).click()
    page.click("#new-chat")
    expect(page.locator("#conversation .turn-answer")).to_have_count(0)


def ask(page: Page, question: str):
    answers = page.locator("#conversation .turn-answer")
    count = answers.count()
    page.fill("#question textarea", question)
    page.click("#ask")
    expect(answers).to_have_count(count + 1)
    return answers.nth(count)


def field(page: Page, elem_id: str):
    return page.locator(f"#{elem_id}").locator("textarea, input").first


def test_answer_shows_cited_clause_and_its_context(page: Page):
    new_conversation(page)
    answer = ask(page, QUESTION)
    expect(answer).to_contain_text("300㎡")
    expect(answer.locator("a.cite")).not_to_have_count(0)
    source = page.locator("#sources button.source").first
    expect(source).to_contain_text("附件2 10【试验设备设施】")
    expect(source.locator(".badge.careful")).to_contain_text("征求意见稿")
    expect(answer.locator(".warning").first).to_contain_text("征求意见稿")

    answer.locator("a.cite").first.click()
    focus = page.locator("#context .context-clause.focus")
    expect(focus).to_contain_text("附件2 10【试验设备设施】")
    expect(focus.locator("mark.support")).to_contain_text("试验室区域面积应不少于300㎡")
    expect(page.locator("#context .context-path")).to_contain_text("标杆示范搅拌站创建要点")
    expect(page.locator("#context .context-path")).to_contain_text("10.【试验设备设施】")
    expect(page.locator("#context .context-clause.before")).not_to_have_count(0)
    expect(page.locator("#context .context-clause.after")).not_to_have_count(0)
    expect(page.locator("#context .warning").first).to_contain_text("征求意见稿")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert SCREENSHOT.stat().st_size > 10_000


def test_clicking_a_source_in_the_panel_shows_it(page: Page):
    new_conversation(page)
    ask(page, "标准化搅拌站的厂区绿化有什么要求？")
    sources = page.locator("#sources button.source")
    expect(sources).not_to_have_count(0)
    label = sources.last.locator(".source-label").inner_text()
    sources.last.click()
    expect(page.locator("#context .context-clause.focus")).to_contain_text(label.split("] ", 1)[1])
    expect(page.locator("#sources button.source.active")).to_have_count(1)


def test_follow_up_resolves_against_the_first_question(page: Page):
    new_conversation(page)
    ask(page, QUESTION)
    follow = ask(page, "那标准化站呢？")
    expect(follow.locator(".read-as")).to_contain_text("标准化")
    expect(follow.locator(".read-as")).to_contain_text("试验室")
    expect(follow).to_contain_text("240㎡")
    expect(page.locator("#sources button.source").first).to_contain_text("附件1")


def test_abstention_looks_different_and_lists_the_documents(page: Page, ui_server):  # noqa: F811
    new_conversation(page)
    answer = ask(page, "上海市预拌混凝土行业“十四五”规划对搅拌站数量有什么要求？")
    expect(answer).to_have_class(re.compile(r"\babstain\b"))
    expect(answer.locator("a.cite")).to_have_count(0)
    titles = [d["title"] for d in json.loads((ui_server.corpus / "documents.json").read_text())["documents"]]
    covered = answer.locator("ul.covered li")
    expect(covered).to_have_count(len(titles))
    expect(covered.first).to_have_text(titles[0])
    expect(page.locator("#sources")).to_contain_text("没有引用条款")


def test_filters_apply_to_the_next_question_and_are_shown(page: Page):
    new_conversation(page)
    page.locator("#filters").get_by_text("筛选（作用于下一个问题）").click()
    doc_input = field(page, "filter-doc")
    doc_input.click()
    page.get_by_role("option", name=re.compile("北京市")).click()
    field(page, "filter-top-k").fill("3")
    field(page, "filter-top-k").press("Enter")
    answer = ask(page, "预拌混凝土的发展目标是什么？")
    expect(answer.locator(".filters-used")).to_contain_text("文件=beijing-12th-plan")
    expect(answer.locator(".filters-used")).to_contain_text("来源数=3")
    for title in page.locator("#sources .source-doc").all_inner_texts():
        assert "北京" in title
    # back to all documents for the tests that follow
    doc_input.click()
    page.get_by_role("option", name="全部").click()


def test_user_text_is_escaped(page: Page):
    new_conversation(page)
    ask(page, '<img src=x onerror="window.hacked=1">标杆示范站试验室面积')
    expect(page.locator("#conversation .turn-question").last).to_contain_text("<img src=x")
    assert page.locator("#conversation img").count() == 0
    assert page.evaluate("window.hacked === undefined")


def test_feedback_is_saved_and_conversation_exported(page: Page, ui_server):  # noqa: F811
    new_conversation(page)
    ask(page, QUESTION)
    page.locator("#feedback").get_by_text("反馈").first.click()
    field(page, "feedback-comment").fill("引用准确")
    page.click("#thumbs-up")
    expect(page.locator("#feedback-status")).to_contain_text("已记录")
    record = json.loads(ui_server.feedback.read_text(encoding="utf-8").splitlines()[-1])
    assert record["rating"] == "up" and record["comment"] == "引用准确" and record["question"] == QUESTION
    assert record["citations"] and record["citations"][0]["clause"] == "附件2 10【试验设备设施】"

    page.click("#export")
    link = page.locator("#export-file a").first
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert f"## 1. {QUESTION}" in text and "附件2 10【试验设备设施】" in text and "300㎡" in text


def test_language_switch_relabels_the_controls(page: Page):
    page.locator("#language").get_by_text("English").click()
    expect(page.locator("#ask")).to_have_text("Ask")
    expect(page.locator("#new-chat")).to_have_text("New conversation")
    expect(page.get_by_role("tab", name="Documents")).to_be_visible()
    page.locator("#language").get_by_text("中文").click()
    expect(page.locator("#ask")).to_have_text("提问")


def _documents_state(page: Page) -> tuple[str, str]:
    return page.locator("#documents .build-id").inner_text(), page.locator("#documents .total-clauses").inner_text()


def _upload(page: Page, path: Path, title: str = "") -> None:
    page.get_by_role("tab", name=re.compile("文件库|Documents")).click()
    page.locator("#upload-file input[type=file]").set_input_files(str(path))
    expect(page.locator("#upload-file")).to_contain_text(path.stem)  # Gradio may render the suffix apart
    field(page, "meta-title").fill(title)
    field(page, "meta-region").fill("湖北省襄阳市" if title else "")
    page.click("#upload")


def test_bad_upload_is_refused_and_the_index_is_unchanged(page: Page, ui_server, tmp_path):  # noqa: F811
    page.get_by_role("tab", name=re.compile("文件库|Documents")).click()
    before = _documents_state(page)
    build_before = ui_server.current_build()
    catalog_before = (ui_server.corpus / "documents.json").read_bytes()
    files_before = sorted(p.name for p in (ui_server.corpus / "documents").iterdir())

    _upload(page, make_corrupt_pdf(tmp_path / "broken.pdf"))
    error = page.locator("#upload-result .upload-error")
    expect(error).to_contain_text("broken.pdf")
    expect(error).to_contain_text("unreadable")
    assert _documents_state(page) == before
    assert ui_server.current_build() == build_before
    assert (ui_server.corpus / "documents.json").read_bytes() == catalog_before
    assert sorted(p.name for p in (ui_server.corpus / "documents").iterdir()) == files_before

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _upload(page, empty)
    expect(page.locator("#upload-result .upload-error")).to_contain_text("empty")
    assert ui_server.current_build() == build_before


def test_uploaded_pdf_is_searchable_without_a_restart(page: Page, ui_server, tmp_path):  # noqa: F811
    build_before = ui_server.current_build()
    pdf = make_pdf(tmp_path / "xiangyang-vehicles.pdf", UPLOAD_LINES)
    _upload(page, pdf, UPLOAD_TITLE)
    expect(page.locator("#upload-result .upload-ok")).to_contain_text(UPLOAD_TITLE)
    assert ui_server.current_build() != build_before
    row = page.locator("#documents tr", has_text=UPLOAD_TITLE)
    expect(row).to_have_count(1)
    assert int(row.locator(".clause-count").inner_text()) >= 3

    new_conversation(page)
    answer = ask(page, UPLOAD_QUESTION)
    expect(answer).to_contain_text(UPLOAD_FACT)
    expect(page.locator("#sources .source-doc").first).to_contain_text(UPLOAD_TITLE)
