"""The interface's words in Chinese (default) and English; one table so the language switch relabels everything."""

from __future__ import annotations

LANGUAGES = {"中文": "zh", "English": "en"}

STRINGS: dict[str, dict[str, str]] = {
    "title": {"zh": "预拌混凝土政策助手", "en": "Ready-mixed concrete policy assistant"},
    "subtitle": {
        "zh": "每个要点都摘自政策原文并标注条款出处；点击 [n] 查看条款上下文。",
        "en": "Every point is quoted from the policy text with its clause; click [n] to see the clause in context.",
    },
    "tab_chat": {"zh": "对话", "en": "Chat"},
    "tab_corpus": {"zh": "文件库", "en": "Documents"},
    "question": {"zh": "问题", "en": "Question"},
    "question_placeholder": {
        "zh": "例如：标杆示范站试验室面积要多大？",
        "en": "e.g. How large must the laboratory of a benchmark plant be?",
    },
    "ask": {"zh": "提问", "en": "Ask"},
    "new_chat": {"zh": "新对话", "en": "New conversation"},
    "filters": {"zh": "筛选（作用于下一个问题）", "en": "Filters (apply to the next question)"},
    "doc": {"zh": "文件", "en": "Document"},
    "region": {"zh": "地区", "en": "Region"},
    "status": {"zh": "状态", "en": "Status"},
    "top_k": {"zh": "来源数", "en": "Number of sources"},
    "all": {"zh": "全部", "en": "All"},
    "sources": {"zh": "引用条款", "en": "Cited clauses"},
    "context": {"zh": "条款上下文", "en": "Clause in context"},
    "context_hint": {"zh": "点击回答中的 [n] 或左侧来源查看原文上下文。", "en": "Click an [n] or a source to see it in its document."},
    "no_sources": {"zh": "本回答没有引用条款。", "en": "This answer cites no clause."},
    "empty_chat": {"zh": "请在下方输入问题。", "en": "Type a question below."},
    "read_as": {"zh": "理解为", "en": "Read as"},
    "filters_used": {"zh": "筛选", "en": "Filters"},
    "abstain_title": {"zh": "文件中没有涉及", "en": "Not covered by the documents"},
    "corpus_covers": {"zh": "文件库现有这些文件，可以问它们涉及的内容：", "en": "The documents cover these; ask about them:"},
    "before": {"zh": "前文", "en": "Before"},
    "after": {"zh": "后文", "en": "After"},
    "feedback": {"zh": "反馈", "en": "Feedback"},
    "feedback_turn": {"zh": "评价第几个回答", "en": "Answer to rate"},
    "comment": {"zh": "意见（可选）", "en": "Comment (optional)"},
    "thumbs_up": {"zh": "👍 有用", "en": "👍 Helpful"},
    "thumbs_down": {"zh": "👎 有问题", "en": "👎 Wrong"},
    "feedback_saved": {"zh": "已记录反馈，谢谢。", "en": "Feedback saved, thank you."},
    "feedback_none": {"zh": "还没有可以评价的回答。", "en": "There is no answer to rate yet."},
    "export": {"zh": "导出 Markdown", "en": "Export Markdown"},
    "export_file": {"zh": "对话记录", "en": "Conversation"},
    "language": {"zh": "语言 Language", "en": "Language 语言"},
    "documents": {"zh": "已索引的文件", "en": "Indexed documents"},
    "upload": {"zh": "上传文件（PDF、DOCX、TXT、MD）", "en": "Upload a file (PDF, DOCX, TXT, MD)"},
    "upload_button": {"zh": "上传并索引", "en": "Upload and index"},
    "meta_title": {"zh": "标题", "en": "Title"},
    "meta_issuer": {"zh": "发文机关", "en": "Issuer"},
    "meta_region": {"zh": "地区", "en": "Region"},
    "meta_doc_number": {"zh": "文号", "en": "Document number"},
    "meta_issue_date": {"zh": "发文日期（YYYY-MM-DD）", "en": "Issue date (YYYY-MM-DD)"},
    "meta_status": {"zh": "状态", "en": "Status"},
    "uploaded": {"zh": "已加入文件库并建立索引，现在就可以提问", "en": "Added and indexed; you can ask about it now"},
    "rejected": {"zh": "上传被拒绝，文件库和索引没有改动", "en": "Upload refused; the documents and the index are unchanged"},
    "col_title": {"zh": "文件", "en": "Document"},
    "col_meta": {"zh": "发文机关 / 地区 / 文号 / 日期", "en": "Issuer / region / number / date"},
    "col_status": {"zh": "状态", "en": "Status"},
    "col_clauses": {"zh": "条款数", "en": "Clauses"},
    "col_warnings": {"zh": "索引提示", "en": "Index warnings"},
    "col_indexed": {"zh": "索引时间", "en": "Indexed at"},
    "build": {"zh": "当前索引", "en": "Current index"},
}

STATUS_NAMES = {
    "in_force": {"zh": "现行", "en": "in force"},
    "guidance": {"zh": "行业指导", "en": "guidance"},
    "draft": {"zh": "征求意见稿", "en": "draft"},
    "trial": {"zh": "试行", "en": "trial"},
    "expired": {"zh": "规划期已结束", "en": "plan period ended"},
    "plan": {"zh": "规划", "en": "plan"},
}
CAREFUL_STATUSES = {"draft", "trial", "expired"}


def t(key: str, lang: str) -> str:
    """The interface string ``key`` in ``lang`` (zh or en), Chinese when a translation is missing."""
    entry = STRINGS[key]
    return entry.get(lang) or entry["zh"]


def status_name(status: str, lang: str) -> str:
    return STATUS_NAMES.get(status, {}).get(lang, status)
