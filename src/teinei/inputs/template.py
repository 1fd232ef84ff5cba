"""Templates: placeholders become opaque nouns; template logic, front matter, Markdown code and HTML markup
are skipped. Every region keeps the offsets of the file, so findings point at the template's own lines."""

from __future__ import annotations

import re

from teinei.document import Document, Region, RegionKind

_MARKS = "○〇◯●△□×✕"  # what people type for "fill in here": ○○様, ○月○日, ××株式会社
# Counters and nouns a single mark stands before (○日, ○月, ○様, ○社); not 日程/日時/日本/時間/月曜, where a
# leading ○ is a bullet.
_COUNTED = r"(?:年|月(?!曜)|日(?!程(?!度)|時|本|常|曜)|時(?!間|点)|分|秒|様|さま|社|名|円|件|人|回|週|個|点|部|課|号)"

_NOT_A_DATE = (
    r"(?![^【】\n]*(?:[0-9０-９一二三四五六七八九十]|本日|今日|明日|明後日|昨日|当日|翌日|毎日|今週|来週|今月|来月))"
)

# Each alternative is one placeholder syntax people write in mail templates.
PLACEHOLDER = re.compile(
    r"\{\{\{[^{}\n]{1,80}\}\}\}"  # {{{ raw }}} (Handlebars, Mustache)
    r"|\{\{[^{}\n]{1,80}\}\}"  # {{ name }}, {{name|default}} (Jinja, Handlebars, Mustache)
    r"|\$\{[^{}\s]{1,60}\}"  # ${name}
    r"|%\([^()\s]{1,60}\)[sdifr]"  # %(name)s
    r"|\{(?:[^\W\d][\w.\-]{0,60}|\d{1,2})(?:[!:][^{}\n]{0,20})?\}"  # {name}, {会社名}, {0}, {amount:,}
    # (A lookbehind comes after the first character, so that every alternative starts with a character class:
    # ``re`` then skips ahead to the places where one can start.)
    rf"|[{_MARKS}](?<![{_MARKS}].)[{_MARKS}]{{1,5}}(?![{_MARKS}])"  # ○○, ××, ●●
    rf"|[{_MARKS}](?={_COUNTED})"  # ○日, ○月○日, ×様
    r"|[XＸ](?<![A-Za-z].)(?:[XＸ]{1,7}|(?=[年月日時分様社]))(?![A-Za-z])"  # XX様, X月X日
    # 【会社名】様, 【担当者名】, 【締切日】: a bracketed field name, not a label such as 【重要】【ご確認のお願い】
    # nor a real date such as 【12月5日】【本日締切】
    rf"|【{_NOT_A_DATE}[^【】\n]{{1,20}}】(?=\s*(?:様|さま|殿|御中))"
    rf"|【{_NOT_A_DATE}[^【】\n]{{0,18}}"
    r"(?:名|者|先|日|日時|日付|期限|期日|締切|番号|金額|価格|住所|URL|アドレス|部署|役職|件名|場所|内容)】"
)
# Template logic is not text: {% if %}…{% endif %}, {# comment #}, and Handlebars' {{#if}} {{/if}} {{else}}
# {{! comment }} {{> partial}}.
TEMPLATE_LOGIC = re.compile(
    r"\{%.*?%\}|\{#.*?#\}"
    r"|\{\{!--.*?--\}\}|\{\{[ \t]*(?:[#/^!>~&]|else\b)[^{}]{0,200}\}\}",
    re.S,
)
# Front matter: YAML (---) or TOML (+++) at the very top, whose first line is a key.
_FRONT_MATTER = re.compile(
    r"\A(?P<fence>---|\+\+\+)[ \t]*\r?\n(?=[ \t]*[\w.\-]+[ \t]*[:=])(?P<body>.*?)\r?\n(?P=fence)[ \t]*(?:\r?\n|\Z)",
    re.S,
)
_SUBJECT_KEY = re.compile(r"^[ \t]*(?:subject|件名)[ \t]*[:=][ \t]*(?P<value>.*?)[ \t]*\r?$", re.M | re.I)
_FENCE = re.compile(r"^[ \t]{0,3}(?P<fence>```|~~~)[^\n]*\n.*?^[ \t]{0,3}(?P=fence)[^\n]*$", re.S | re.M)
_INLINE_CODE = re.compile(r"`[^`\n]{1,200}`")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_SKIPPED = re.compile(r"<(script|style|head)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_HTML_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,2000})?/?>|&(?:[A-Za-z]{2,8}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});"
)
LOOKS_LIKE_HTML = re.compile(
    r"<(?:p|br|div|span|table|td|tr|li|ul|ol|a|strong|b|em|h[1-6]|html|body)\b[^<>]{0,500}>", re.I
)


def _outside(regions: list[Region], start: int) -> bool:
    return not any(r.start <= start < r.end for r in regions)


def mark_template(document: Document) -> None:
    """Template logic as code; placeholders as opaque nouns (except inside code already marked)."""
    text = document.text
    logic = [Region(m.start(), m.end(), RegionKind.CODE) for m in TEMPLATE_LOGIC.finditer(text)]
    document.regions.extend(logic)
    skipped = [r for r in document.regions if r.kind is RegionKind.CODE]
    for m in PLACEHOLDER.finditer(text):
        if _outside(skipped, m.start()):
            document.regions.append(Region(m.start(), m.end(), RegionKind.PLACEHOLDER))


def mark_front_matter(document: Document) -> None:
    """Front matter is configuration; a ``subject:`` (件名:) in it is the template's subject and is linted."""
    front = _FRONT_MATTER.match(document.text)
    if front is None:
        return
    document.regions.append(Region(0, front.end(), RegionKind.CODE))
    subject = _SUBJECT_KEY.search(front.group("body"))
    if subject is not None and document.subject is None:
        value = subject.group("value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        part = Document(text=value, path=document.path, part="subject")
        mark_template(part)
        document.subject = part


def mark_fences(document: Document) -> None:
    """Fenced code blocks (``` or ~~~) are not message text, in .md and .txt templates alike."""
    document.regions.extend(Region(m.start(), m.end(), RegionKind.CODE) for m in _FENCE.finditer(document.text))


def mark_markdown(document: Document) -> None:
    """Inline code and HTML comments of a Markdown file are not message text (fences are marked already)."""
    text = document.text
    fences = [r for r in document.regions if r.kind is RegionKind.CODE]
    for pattern in (_INLINE_CODE, _HTML_COMMENT):
        document.regions.extend(
            Region(m.start(), m.end(), RegionKind.CODE) for m in pattern.finditer(text) if _outside(fences, m.start())
        )


def mark_html(document: Document) -> None:
    """HTML markup in a template is blanked in place, so the text between tags keeps its file positions."""
    text = document.text
    skipped = [Region(m.start(), m.end(), RegionKind.CODE) for m in _HTML_COMMENT.finditer(text)]
    skipped += [Region(m.start(), m.end(), RegionKind.CODE) for m in _HTML_SKIPPED.finditer(text)]
    tags = [
        Region(m.start(), m.end(), RegionKind.CODE) for m in _HTML_TAG.finditer(text) if _outside(skipped, m.start())
    ]
    document.regions.extend(skipped + tags)
