"""Templates: placeholders are opaque nouns, template logic, front matter and code are skipped, and findings
point at the template file's own lines."""

from __future__ import annotations

import json

import pytest

from teinei.document import RegionRole
from teinei.inputs import read_bytes, text_document
from teinei.linter import Linter
from teinei.tokens import split_sentences

from .conftest import TODAY, run_cli


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(profile="external", today=TODAY)


def _where(findings) -> list[tuple[str, int, int, int]]:
    return [(f.rule, f.line, f.column, f.end_column) for f in findings]


@pytest.mark.parametrize(
    "placeholder",
    [
        "{{ name }}",
        "{{name|default('ご担当者')}}",
        "{{{ name }}}",
        "{name}",
        "{会社名}",
        "{0}",
        "${name}",
        "%(name)s",
        "○○",
        "××",
        "●●",
        "XX",
        "ＸＸ",
        "【担当者名】",
    ],
)
def test_placeholders_are_opaque_nouns(linter: Linter, placeholder: str) -> None:
    text = f"{placeholder}様\n\nいつもお世話になっております。\n完成までもうしばらくお待ちください。\n"
    document = text_document(text)
    assert [(r.role, text[r.start : r.end]) for r in document.regions] == [(RegionRole.PLACEHOLDER, placeholder)]
    first = split_sentences(document.authored_text(), [(r.start, r.end) for r in document.placeholders()])[0]
    assert [(t.pos1, t.placeholder) for t in first.tokens] == [("名詞", True), ("接尾辞", False)]  # one noun, then 様
    findings = linter.lint(text).findings
    # Only the vague deadline on line 4: nothing from the placeholder's characters, nothing around it.
    assert _where(findings) == [("deadline/vague", 4, 5, 11)]


@pytest.mark.parametrize(
    "template",
    [
        "{{deadline}}までに見積書をお送りいただけますでしょうか。",
        "{{ deadline }}までに見積書をお送りいただけますでしょうか。",
        "○月○日までに見積書をお送りいただけますでしょうか。",
        "X月X日までに見積書をお送りいただけますでしょうか。",
        "【締切日】までに見積書をお送りいただけますでしょうか。",
        "${due_date}までに見積書をお送りいただけますでしょうか。",
    ],
)
def test_a_placeholder_in_a_deadline_position_is_a_deadline(template: str) -> None:
    linter = Linter(select=["deadline/missing"], today=TODAY)
    assert linter.lint("お手数ですが、" + template).findings == []
    without = "お手数ですが、見積書をお送りいただけますでしょうか。"
    assert [f.rule for f in linter.lint(without).findings] == ["deadline/missing"]


@pytest.mark.parametrize("label", ["【重要】", "【ご確認のお願い】", "【12月5日締切】", "【本日締切】", "【明日17時まで】"])
def test_bracketed_labels_and_real_dates_are_not_placeholders(label: str) -> None:
    assert text_document(label + "アンケートにご回答いただけますでしょうか。").regions == []


def test_placeholder_does_not_break_tokens_around_it() -> None:
    linter = Linter(select=["deadline/vague", "scope/vague"], today=TODAY)
    text = "{{company}}の{{name}}様、{{item}}とかは{{ship_date}}までもうしばらくお待ちください。"
    assert _where(linter.lint(text).findings) == [("scope/vague", 1, 31, 33), ("deadline/vague", 1, 49, 55)]


def test_template_logic_is_skipped_and_text_inside_it_is_still_checked() -> None:
    text = (
        "{% if vip %}特別に{% endif %}ご案内いたします。\n"
        "{{#if urgent}}至急{{else}}{{/if}}ご確認いただけますでしょうか。\n"
        "{# 社内メモ: とかは書かない #}{{! とか }}{{!-- 至急 --}}\n"
    )
    document = text_document(text)
    code = [text[r.start : r.end] for r in document.regions if r.role is RegionRole.CODE]
    assert code == [
        "{% if vip %}", "{% endif %}", "{{#if urgent}}", "{{else}}", "{{/if}}", "{# 社内メモ: とかは書かない #}",
        "{{! とか }}", "{{!-- 至急 --}}",
    ]
    findings = Linter(select=["deadline/vague", "scope/vague"], today=TODAY).lint(text).findings
    assert _where(findings) == [("deadline/vague", 2, 15, 17)]


def test_front_matter_is_skipped_and_its_subject_is_linted(linter: Linter) -> None:
    text = (
        "---\nsubject: お願い\nlayout: mail\nnote: とかもういいです\n---\n{{ name }}様\n\n"
        "いつもお世話になっております。\n完成までもうしばらくお待ちください。\n"
    )
    document = read_bytes(text.encode(), "mail.txt")
    assert document.subject is not None and document.subject.text == "お願い"
    findings = Linter(select=["clarity", "deadline/vague", "scope/vague"], today=TODAY).lint_document(document).findings
    assert [(f.rule, f.part, f.line, f.column) for f in findings] == [
        ("clarity/vague-subject", "subject", 1, 1),
        ("deadline/vague", "body", 9, 5),
    ]


def test_markdown_code_is_skipped() -> None:
    text = (
        "# 返信テンプレート\n\n完成までもうしばらくお待ちください。\n\n```text\nもうしばらく\n```\n\n"
        "`とか` は使わないこと。\n<!-- とか -->\n"
    )
    document = read_bytes(text.encode(), "reply.md")
    findings = Linter(select=["deadline/vague", "scope/vague"], today=TODAY).lint_document(document).findings
    assert _where(findings) == [("deadline/vague", 3, 5, 11)]


def test_fences_in_txt_templates_are_skipped_but_a_lone_dash_line_is_not_front_matter() -> None:
    linter = Linter(select=["deadline/vague"], today=TODAY)
    fenced = "ご確認ください。\n~~~\nもうしばらく\n~~~\n"
    assert linter.lint_document(read_bytes(fenced.encode(), "a.txt")).findings == []
    dashed = "---\nもうしばらくお待ちください。\n---\n"
    assert _where(linter.lint_document(read_bytes(dashed.encode(), "b.txt")).findings) == [("deadline/vague", 2, 1, 7)]


def test_html_template_markup_is_blanked_in_place() -> None:
    html = (
        "<html><body>\n<p>{{ name }}様</p>\n<p style=\"color: red\">完成まで<b>もうしばらく</b>お待ちください。</p>\n"
        "<!-- とか -->\n<script>var x = 'とか';</script>\n</body></html>\n"
    )
    findings = Linter(select=["deadline/vague", "scope/vague"], today=TODAY).lint_document(
        read_bytes(html.encode(), "mail.html")
    ).findings
    assert _where(findings) == [("deadline/vague", 3, 30, 36)]


def test_text_and_template_files_stay_quiet_about_attachments() -> None:
    # A template has no attachments to compare with; only an e-mail, or a draft given its attachments, does.
    linter = Linter(select=["clarity/missing-attachment"], today=TODAY)
    text = "お世話になっております。\n見積書を添付いたします。\n"
    assert linter.lint_document(read_bytes(text.encode(), "a.txt")).findings == []
    assert linter.lint(text).findings == []
    assert linter.lint(text, subject="見積書の送付").findings == []  # the files that go with it are not known
    assert [f.rule for f in linter.lint(text, subject="見積書の送付", attachments=[]).findings] == ["clarity/missing-attachment"]
    assert linter.lint(text, subject="見積書の送付", attachments=["見積書.pdf"]).findings == []


def test_example_templates_through_the_cli() -> None:
    proc = run_cli("check", "--format", "json", "examples/templates/")
    assert proc.returncode == 1, proc.stderr
    files = {f["path"]: f["findings"] for f in json.loads(proc.stdout)["files"]}
    assert files["examples/templates/estimate-request.txt"] == []
    found = [(f["rule"], f["part"], f["line"], f["column"]) for f in files["examples/templates/progress-reply.txt"]]
    assert ("clarity/vague-subject", "subject", 1, 1) in found
    assert ("deadline/vague", "body", 9, 20) in found  # もうしばらく, after the 【会社名】【担当者名】 header lines
    assert ("scope/vague", "body", 11, 6) in found
    assert all(line >= 4 for _, part, line, _ in found if part == "body")  # nothing in the front matter
