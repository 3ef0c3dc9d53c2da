"""The tool tabs: handlers in process on the real corpus, then the real server driven by chromium via Playwright."""

from __future__ import annotations

import csv
import io
import os
import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from ui_server import CHROMIUM, CHROMIUM_ARGS, ui_server  # noqa: F401  (fixture)

from assistant.ui_tools import ToolsApp

WAIT_MS = 60_000


@pytest.fixture(scope="module")
def tools(assistant, tmp_path_factory):
    return ToolsApp(assistant, tmp_path_factory.mktemp("tools-export"))


def test_clause_lookup_found_ambiguous_and_bad_doc(tools):
    found = tools.clause("附件1 九、8", "", "zh")
    assert 'class="tool-clause found"' in found and "整体绿化面积应不低于10%" in found and "附件1 九、8【绿化】" in found
    ambiguous = tools.clause("【管理子系统】", "", "zh")
    assert "lookup-ambiguous" in ambiguous and ambiguous.count('class="candidate"') == 3
    narrowed = tools.clause("五（一）", "jiaxing-13th-plan", "zh")
    assert 'class="tool-clause found"' in narrowed and "jiaxing-13th-plan" in narrowed
    assert "tool-error" in tools.clause("附件1 九、8", "no-such-doc", "zh")
    escaped = tools.clause("<script>x</script>", "", "zh")
    assert "<script>" not in escaped and "&lt;script&gt;" in escaped


def test_checklist_csv_and_gap_report(tools, tmp_path):
    html_out, file_update, _table = tools.checklist("标杆示范搅拌站", "", "zh")
    assert 'class="item inherited"' in html_out and 'class="item"' in html_out
    rows = list(csv.DictReader(io.StringIO(Path(file_update["value"]).read_text(encoding="utf-8"))))
    musts = [r for r in rows if r["strength"] == "must"]
    filled = tmp_path / "filled.csv"
    writer_rows = [dict(r, status="不符合" if r is musts[0] else "符合") for r in rows]
    with filled.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(writer_rows)
    report, files = tools.assess("标杆示范搅拌站", "", str(filled), "zh")
    assert "未满足 1" in report and musts[0]["text"] in report and musts[0]["clause"] in report
    markdown = Path(files["value"][0]).read_text(encoding="utf-8")
    assert musts[0]["text"] in markdown and "星级" in markdown
    bad = tmp_path / "bad.csv"
    bad.write_text("id,whatever\n1,2\n", encoding="utf-8")
    error, hidden = tools.assess("标杆示范搅拌站", "", str(bad), "zh")
    assert "tool-error" in error and "item_id" in error and hidden["visible"] is False


def test_gap_report_from_the_statuses_typed_into_the_table(tools):
    _, _, table = tools.checklist("标准化搅拌站", "", "zh")
    rows = [list(row) for row in table["value"]]
    assert rows and all(row[-1] == "unknown" for row in rows)
    must = next(row for row in rows if row[2] == "must")
    for row in rows:
        row[-1] = "符合"
    must[-1] = "不符合"
    report, files = tools.assess_table("标准化搅拌站", "", rows, "zh")
    assert "未满足 1" in report and must[3] in report and must[1] in report
    assert files["visible"] is True
    must[-1] = "maybe"
    error, _ = tools.assess_table("标准化搅拌站", "", rows, "zh")
    assert "tool-error" in error and "maybe" in error


def test_quiz_is_deterministic_and_every_item_is_cited(tools):
    first, file_update = tools.quiz("", "", 5, "mixed", 7, "gift", "zh")
    second, _ = tools.quiz("", "", 5, "mixed", 7, "gift", "zh")
    assert first == second and first.count('class="quiz-item"') == 5
    assert first.count('class="quiz-source"') == 5
    assert Path(file_update["value"]).suffix == ".txt" and "::" in Path(file_update["value"]).read_text("utf-8")
    assert "tool-error" in tools.quiz("", "", 0, "mixed", 0, "md", "zh")[0]


def test_compare_and_glossary(tools):
    table, file_update = tools.compare("产能利用率", "zh")
    assert 'class="tool-table comparison"' in table and "cite-label" in table
    assert Path(file_update["value"]).read_text("utf-8").startswith("doc_id,")
    entry = tools.glossary_view("禁现", "zh")
    assert "glossary-entry" in entry and "ban on on-site mixing" in entry and "cite-label" in entry
    assert tools.glossary_view("完全没有的词zzz", "en") == "<p>No glossary entry matches.</p>"


# ---- the real server in a real browser ------------------------------------------------------------------
# Playwright's sync API refuses to start while another sync Playwright (test_ui's session browser) runs on this
# thread, so this module's chromium lives on a worker thread of its own and each test runs its steps there.
class BrowserThread:
    def __init__(self, url: str, profile: Path) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.page: Page = self.pool.submit(self._start, url, profile).result()

    def _start(self, url: str, profile: Path) -> Page:
        from playwright.sync_api import sync_playwright

        os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        self.playwright = sync_playwright().start()
        self.context = self.playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page = self.context.new_page()
        page.set_default_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)
        page.goto(url)
        expect(page.locator("#ask")).to_be_visible()
        return page

    def run(self, steps) -> None:
        self.pool.submit(steps, self.page).result()

    def close(self) -> None:
        def stop() -> None:
            self.context.close()
            self.playwright.stop()

        self.pool.submit(stop).result()
        self.pool.shutdown()


@pytest.fixture(scope="module")
def browser(ui_server, tmp_path_factory):  # noqa: F811
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)")
    thread = BrowserThread(ui_server.url, tmp_path_factory.mktemp("chromium-tools"))
    yield thread
    thread.close()


FILL_TRIES = 5


def field(page: Page, elem_id: str):
    return page.locator(f"#{elem_id}").locator("textarea, input").first


def fill(page: Page, elem_id: str, text: str) -> None:
    """Type into a field once its tab has rendered it, and see that it holds the text (a tab that mounts its
    content after the click can otherwise swap the field out under a fill, and the default goes to the server)."""
    target = field(page, elem_id)
    expect(target).to_be_visible()
    for _ in range(FILL_TRIES):  # a late mount resets the field to its default: type again
        target.fill(text)
        page.wait_for_timeout(300)
        if target.input_value() == text:
            break
    expect(target).to_have_value(text)


def test_browser_clause_lookup_shows_verbatim_text(browser):
    browser.run(_browser_clause_lookup_shows_verbatim_text)


def _browser_clause_lookup_shows_verbatim_text(page: Page):
    page.get_by_role("tab", name=re.compile("条款查询|Clause")).click()
    fill(page, "clause-ref", "附件1 九、8")
    page.click("#clause-lookup")
    found = page.locator("#clause-result .tool-clause.found")
    expect(found).to_contain_text("整体绿化面积应不低于10%")
    expect(found.locator(".cite-label")).to_contain_text("附件1 九、8【绿化】")
    expect(found.locator(".cite-doc")).to_contain_text("hubei-standard-plant")


def test_browser_quiz_items_carry_citations(browser):
    browser.run(_browser_quiz_items_carry_citations)


def _browser_quiz_items_carry_citations(page: Page):
    page.get_by_role("tab", name=re.compile("出题|Quiz")).click()
    fill(page, "quiz-n", "3")  # the tab mounts late: a bare fill can be reset to the default 10 (CI on 06cdebf)
    fill(page, "quiz-seed", "11")
    page.locator("#quiz-format").get_by_text("moodle-xml").click()
    page.click("#quiz-run")
    items = page.locator("#quiz-result .quiz-item")
    expect(items).to_have_count(3)
    expect(items.first.locator(".quiz-source .cite-label")).not_to_be_empty()
    link = page.locator("#quiz-file a").first
    expect(link).to_have_attribute("download", "quiz-seed11.xml")
    with page.expect_download() as download:
        link.click()
    root = ET.fromstring(Path(download.value.path()).read_text(encoding="utf-8"))
    assert root.tag == "quiz" and len([q for q in root if q.get("type") != "category"]) == 3


def test_browser_benchmark_checklist_marks_inherited_items(browser):
    browser.run(_browser_benchmark_checklist_marks_inherited_items)


def _browser_benchmark_checklist_marks_inherited_items(page: Page):
    page.get_by_role("tab", name=re.compile("清单与自评|Checklist")).click()
    fill(page, "checklist-target", "标杆示范搅拌站")
    page.click("#checklist-build")
    expect(page.locator("#checklist-result tr.item.inherited").first).to_contain_text("继承自附件1")
    expect(page.locator("#checklist-result tr.item:not(.inherited)").first).to_contain_text("附件2")
    with page.expect_download() as download:
        page.locator("#checklist-file a").first.click()
    header = Path(download.value.path()).read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("item_id,status,strength,inherited")


def test_browser_self_assessment_in_the_table(browser):
    browser.run(_browser_self_assessment_in_the_table)


def _browser_self_assessment_in_the_table(page: Page):
    page.get_by_role("tab", name=re.compile("清单与自评|Checklist")).click()
    fill(page, "checklist-target", "标准化搅拌站")
    page.click("#checklist-build")
    table = page.locator("#assess-table")
    status = table.get_by_role("gridcell", name="unknown").first
    status.scroll_into_view_if_needed()
    status.dblclick()
    page.keyboard.press("Control+A")
    page.keyboard.type("不符合")
    page.keyboard.press("Enter")
    expect(table.get_by_role("gridcell", name="不符合").first).to_be_attached()
    page.click("#assess-table-run")
    expect(page.locator("#checklist-result")).to_contain_text("未满足 1")
    expect(page.locator("#checklist-result")).to_contain_text("附件1")
