"""Property tests: arbitrary text and bytes through ``lint``, ``read_bytes`` and the CLI. Nothing but an
``InputError`` may escape, and every finding's span lies inside the text it points at."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teinei.errors import InputError
from teinei.findings import LintResult
from teinei.inputs import read_bytes
from teinei.linter import Linter

from .conftest import run_cli

# Pieces that exercise every input path: quotes, reply headers, signatures, placeholders, template logic,
# front matter, fences, HTML, MIME, and phrases the rules react to.
PIECES = [
    "お世話になっております。", "もうしばらくお待ちください", "資料とか", "送れ", "添付いたします", "了解です", "お願い",
    "\n", "\r\n", "\n\n", "> ", "＞", "-- \n", "━━━━━━━━━━\n", "TEL: 03-1234-5678\n", "yamada@example.jp",
    "2026年11月19日(木) 18:02 佐藤 <sato@example.jp>:\n", "On Thu, Nov 19, 2026 Sato wrote:\n",
    "-----Original Message-----\n", "差出人: 佐藤\n", "送信日時: 2026/11/19\n", "{{ name }}", "{{", "}}", "{%", "%}",
    "{% if x %}", "{{#if x}}", "{name}", "${x}", "%(x)s", "○○", "○月○日", "××", "【会社名】", "【", "XX",
    "---\n", "subject: お願い\n", "```\n", "~~~\n", "<p>", "</p>", "<br>", "<blockquote>", "&nbsp;", "<!--", "-->",
    "Subject: =?ISO-2022-JP?B?GyRCJDQzTkcnGyhC?=\r\n", "Content-Type: text/html; charset=shift_jis\r\n",
    "Content-Transfer-Encoding: base64\r\n", "Content-Type: multipart/mixed; boundary=b\r\n", "--b\r\n", "--b--\r\n",
    "12/5", "12月4日(金)17時までに", "、", "。", " ", "\u3000", "\t", "\ufeff", "\x1b$B", "\x1b(B",
]
structured_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=30).map("".join)
any_text = st.one_of(st.text(max_size=200), structured_text)
any_bytes = st.one_of(
    st.binary(max_size=300),
    structured_text.map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    st.tuples(structured_text, st.sampled_from(["utf-8", "cp932", "euc_jp", "iso2022_jp", "utf-16"])).map(
        lambda pair: pair[0].encode(pair[1], errors="ignore")
    ),
    st.tuples(structured_text, st.binary(max_size=60)).map(
        lambda pair: b"From: a@b.jp\r\nSubject: x\r\nDate: Fri, 20 Nov 2026 10:00 +0900\r\n" + pair[0].encode() + pair[1]
    ),
)
PATHS = ["a.txt", "a.eml", "a.md", "a.html", "a.j2", "-"]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spans_inside(result: LintResult, body: str, subject: str | None) -> None:
    document = result._document
    if document is None:  # nothing to check (empty, or only quoted text): said in ``error``, as the CLI does
        assert result.error and not result.findings
        return
    for finding in result.findings:
        text = body if finding.part == "body" else subject
        assert text is not None, finding
        assert 0 <= finding.start <= finding.end <= len(text), finding
        part = document if finding.part == "body" else document.subject
        assert part is not None
        assert (finding.line, finding.column) == part.position(finding.start)
        assert (finding.end_line, finding.end_column) == part.position(finding.end)
        if finding.fix is not None:
            # A rewrite may reach past its finding (a request rewritten whole), never past the text.
            assert 0 <= finding.fix.start <= finding.fix.end <= len(text), finding


@FAST
@given(text=any_text, subject=st.one_of(st.none(), any_text))
def test_lint_accepts_any_text(linter: Linter, text: str, subject: str | None) -> None:
    result = linter.lint(text, subject=subject)
    _spans_inside(result, text, subject)


@FAST
@given(data=any_bytes, path=st.sampled_from(PATHS))
def test_read_bytes_accepts_any_bytes(linter: Linter, data: bytes, path: str) -> None:
    try:
        document = read_bytes(data, path)
    except InputError as error:
        assert str(error) == f"{path}: {error.why}" and "\n" not in str(error) and not error.why.isascii()
        return
    assert document.text.strip()
    regions_ok = all(0 <= r.start <= r.end <= len(document.text) for r in document.regions)
    assert regions_ok
    result = linter.lint_document(document)
    _spans_inside(result, document.text, document.subject.text if document.subject is not None else None)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.tuples(any_bytes, st.sampled_from(PATHS[:-1])), min_size=1, max_size=8))
def test_cli_never_shows_a_traceback(tmp_path: Path, files: list[tuple[bytes, str]]) -> None:
    folder = tmp_path / f"case{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    names = []
    for index, (data, name) in enumerate(files):
        path = folder / f"{index}{name}"
        path.write_bytes(data)
        names.append(str(path))
    proc = run_cli("check", "--format", "json", *names)
    err = proc.stderr.decode()
    assert proc.returncode in (0, 1, 2) and "Traceback" not in err, err
    report = json.loads(proc.stdout)
    unreadable = [f"{f['path']}: {f['error']}" for f in report["files"] if "error" in f]
    assert len(report["files"]) == len(names), err  # a file not read is listed with its error
    assert set(unreadable) <= set(err.splitlines()), err
    assert (proc.returncode == 2) == bool(unreadable or any("errors" in f for f in report["files"]))
