"""Inline suppressions: Jinja and HTML comment directives for a line, a region and a whole file, and the
``teinei/unused-suppression`` findings for malformed, unknown and unused ones."""

from __future__ import annotations

import pytest

from teinei.findings import Finding, LintResult
from teinei.inputs import read_bytes
from teinei.linter import Linter
from teinei.ruleset.model import Severity
from teinei.suppress import META_ID, Suppressions

from .conftest import TODAY, run_cli

Row = tuple[str, int, int]


def lint(linter: Linter, text: str, path: str = "mail.j2") -> LintResult:
    return linter.lint_document(read_bytes(text.encode(), path))


def rows(result: LintResult) -> list[Row]:
    return [(f.rule, f.line, f.column) for f in result.findings]


def meta(result: LintResult) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.message) for f in result.findings if f.rule == META_ID]


REQUESTS = "お世話になっております。\n資料をお送りください。\nご確認ください。\n"


def test_without_directives(linter: Linter) -> None:
    assert rows(lint(linter, REQUESTS)) == [
        ("curt/bare-request", 2, 4), ("deadline/missing", 2, 4), ("curt/bare-request", 3, 1),
    ]


def test_ignore_covers_the_next_line_with_text(linter: Linter) -> None:
    text = "お世話になっております。\n{# teinei: ignore[curt/bare-request] 定型文のため #}\n\n資料をお送りください。\nご確認ください。\n"
    assert rows(lint(linter, text)) == [("deadline/missing", 4, 4), ("curt/bare-request", 5, 1)]


def test_ignore_after_text_covers_its_own_line(linter: Linter) -> None:
    text = "お世話になっております。\n資料をお送りください。\nご確認ください。{# teinei: ignore[curt] #}\n"
    assert rows(lint(linter, text)) == [("curt/bare-request", 2, 4), ("deadline/missing", 2, 4)]


def test_stacked_ignores_and_a_category(linter: Linter) -> None:
    text = (
        "お世話になっております。\n"
        "{# teinei: ignore[curt/bare-request] #}\n"
        "{#- teinei: ignore[deadline] -#}\n"
        "資料をお送りください。\n"
        "ご確認ください。\n"
    )
    result = lint(linter, text)
    assert rows(result) == [("curt/bare-request", 5, 1)]


def test_disable_enable_regions(linter: Linter) -> None:
    text = (
        "お世話になっております。\n"
        "{# teinei: disable[curt/bare-request] #}\n"
        "資料をお送りください。\n"
        "ご確認ください。\n"
        "{# teinei: enable[curt/bare-request] #}\n"
        "見積書もお送りください。\n"
        "{# teinei: disable #}\n"
        "了解しました。\n"
    )
    assert rows(lint(linter, text)) == [("deadline/missing", 3, 4), ("curt/bare-request", 6, 5)]


def test_ignore_file_in_markdown_html_comment(linter: Linter) -> None:
    text = "<!-- teinei: ignore-file[curt/one-line] -->\n進捗を教えてください\n"
    assert rows(lint(linter, text, "notice.md")) == [("curt/te-request", 2, 4), ("deadline/missing", 2, 4)]
    everything = "進捗を教えてください\n<!-- teinei: ignore-file 自動送信の通知文 -->\n"
    assert rows(lint(linter, everything, "notice.html")) == []


def test_directive_comment_is_not_read_as_a_sentence(linter: Linter) -> None:
    # Were the comment prose, the message would have two "sentences" and curt/one-line would not fire.
    text = "<!-- teinei: ignore[deadline/missing] -->\n進捗を教えてください\n"
    assert rows(lint(linter, text, "notice.md")) == [("curt/one-line", 2, 1), ("curt/te-request", 2, 4)]


def test_html_comments_in_plain_text_are_text_not_directives(linter: Linter) -> None:
    # A .txt file is sent as it is: an HTML comment in it would reach the reader, so it suppresses nothing.
    text = "<!-- teinei: ignore-file -->\n進捗を教えてください\n"
    assert rows(lint(linter, text, "notice.txt")) == [("curt/te-request", 2, 4), ("deadline/missing", 2, 4)]


def test_subject_findings_are_covered_only_by_the_whole_file_form() -> None:
    document = read_bytes("{# teinei: ignore[clarity] #}\n本文\n{# teinei: ignore-file[scope] #}\n".encode(), "a.j2")
    suppressions = Suppressions.parse(document)

    def finding(rule: str, line: int) -> Finding:
        return Finding(rule=rule, category=rule.split("/")[0], severity=Severity.WARNING, message="", suggestions=[],
                       line=line, column=1, end_line=line, end_column=2, part="subject", start=0, end=1)

    kept = suppressions.settle([finding("clarity/subject", 1), finding("scope/vague", 1)],
                               ran=[], known=[], analysis=None, severity=None)
    assert [f.rule for f in kept] == ["clarity/subject"]


def test_malformed_unknown_and_unused_suppressions_are_reported(linter: Linter) -> None:
    text = (
        "お世話になっております。\n"
        "資料をお送りください。\n"
        "ご確認ください。 {# teinei: ignore[deadline, curt/bare-request] #}\n"
        "{# teinei: ignore[keigo/nope] #}\n"
        "{# teinei: ignroe #}\n"
        "{# teinei: enable #}\n"
        "{# teinei: ignore[] #}\n"
        "{# teinei: ignore[rudeness] #}\n"
        "よろしくお願いいたします。\n"
    )
    result = lint(linter, text)
    assert meta(result) == [
        (3, 10, "抑制コメントのうち「deadline」で抑制される指摘はありません。"),
        (4, 1, "抑制コメントにある「keigo/nope」というルールやカテゴリーはありません。"),
        (5, 1, "抑制コメント「teinei: ignroe」を読み取れません。"),
        (6, 1, "抑制コメント「enable」に対応する disable がありません。"),
        (7, 1, "抑制コメント「ignore[]」にルールが書かれていません。"),
        (8, 1, "抑制コメント「ignore[rudeness]」で抑制される指摘はありません。"),
    ]
    first = next(f for f in result.findings if f.rule == META_ID)
    assert (first.category, first.severity, first.suggestions) == (
        "teinei", Severity.INFO, ["文面を直して不要になった抑制は削除しましょう。"],
    )
    assert rows(result)[:3] == [("curt/bare-request", 2, 4), ("deadline/missing", 2, 4), (META_ID, 3, 10)]


def test_unused_is_not_reported_for_rules_that_did_not_run(linters: dict[str, Linter]) -> None:
    # The template may be checked with another profile, where curt/one-line does run.
    text = "{# teinei: ignore-file[curt/one-line] #}\nお疲れ様です。会議の資料を共有フォルダに置きました。\n"
    assert rows(lint(linters["chat"], text)) == []
    assert meta(lint(linters["external"], text)) == [
        (1, 1, "抑制コメント「ignore-file[curt/one-line]」で抑制される指摘はありません。"),
    ]


def test_suppressed_findings_are_not_fixed(linter: Linter) -> None:
    text = "{# teinei: ignore[keigo/ryokai] 社内の引用のため #}\n了解しました。\n"
    assert linter.fix(text) == (text, [])


@pytest.mark.parametrize(
    ("select", "ignore", "rules"),
    [
        ([], [], ["curt/bare-request", "deadline/missing", META_ID]),
        ([], ["teinei/unused-suppression"], ["curt/bare-request", "deadline/missing"]),
        ([], ["teinei"], ["curt/bare-request", "deadline/missing"]),
        (["deadline"], [], ["deadline/missing"]),
        (["deadline", "teinei"], [], ["deadline/missing", META_ID]),
        (["teinei", "deadline/vague"], [], [META_ID]),
        (["teinei"], [], []),  # no rule ran, so no suppression can be unused
    ],
)
def test_the_meta_rule_is_selected_like_any_rule(select: list[str], ignore: list[str], rules: list[str]) -> None:
    linter = Linter(profile="external", select=select, ignore=ignore, today=TODAY)
    text = "お世話になっております。\n資料をお送りください。{# teinei: ignore[deadline/vague] #}\n"
    assert [f.rule for f in lint(linter, text).findings] == rules


def test_meta_rule_severity_can_be_raised_in_the_config(tmp_path) -> None:
    (tmp_path / "teinei.toml").write_text('[severity]\n"teinei/unused-suppression" = "warning"\n', encoding="utf-8")
    (tmp_path / "mail.j2").write_text("お世話になっております。{# teinei: ignore[scope] #}\n", encoding="utf-8")
    proc = run_cli("check", "mail.j2", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode().startswith(
        "mail.j2:1:13: warning [teinei/unused-suppression] 抑制コメント「ignore[scope]」で抑制される指摘はありません。\n"
    )


def test_lint_text_api_understands_directives() -> None:
    linter = Linter(profile="external", today=TODAY)
    result = linter.lint("{# teinei: ignore-file[curt, deadline] #}\n進捗を教えてください")
    assert rows(result) == []


def test_linting_does_not_change_the_document(linter: Linter) -> None:
    from teinei.inputs import text_document

    text = "<!-- teinei: ignore[deadline/missing] -->\n資料をお送りください。\n<!-- teinei: disable[curt] -->\n進捗を教えてください\n"
    document = text_document(text, "notice.md", subject="ご確認")
    subject = document.subject
    assert subject is not None
    before = (list(document.regions), set(document.facts), list(subject.regions), set(subject.facts))
    assert "email" in document.facts and document.facts <= subject.facts  # given to the subject when read
    first = linter.lint_document(document)
    after = (list(document.regions), set(document.facts), list(subject.regions), set(subject.facts))
    assert after == before
    assert document.subject is subject
    assert not any(f.rule == "deadline/missing" and f.line == 2 for f in first.findings)  # suppressed still
    assert {f.part for f in first.findings} == {"body", "subject"}
    # The result's document has the directives' comments marked (protected from fixes); the given one has not.
    assert first._document is not document and first._document.text == document.text
    assert len(first._document.regions) == len(document.regions) + 2
    assert rows(linter.lint_document(document)) == rows(first)  # a second lint reads the same document


def test_a_document_built_by_hand_is_linted_as_read_and_not_changed(linter: Linter) -> None:
    from teinei.document import Document
    from teinei.inputs import text_document

    read = text_document("資料をお送りください。\n", "-", subject="ご確認", attachments=[])
    document = Document(text=read.text, facts=set(read.facts), attachments=[])
    document.subject = Document(text="ご確認", part="subject")
    assert rows(linter.lint_document(document)) == rows(linter.lint_document(read))
    assert document.subject.facts == set() and document.regions == []
