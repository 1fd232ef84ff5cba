"""Input that used to crash or hang a run: lines too long for MeCab, a worker process that dies, special
files, dates at the end of the calendar, unterminated template openers, odd file names and deep trees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from teinei.tokens import MAX_PIECE, _pieces, split_sentences

from .conftest import CACHE_HOME, TODAY, run_cli

REQUEST = "資料をご確認ください。\n"


def _rules(result: subprocess.CompletedProcess) -> list[str]:
    return [f["rule"] for entry in json.loads(result.stdout)["files"] for f in entry["findings"]]


def test_a_line_of_200000_letters_is_checked_not_a_segfault(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("a" * 200_000 + "\n")
    result = run_cli("check", "--format", "json", "--select", "clarity/long-sentence", "long.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _rules(result) == ["clarity/long-sentence"]


def test_a_million_hiragana_on_one_line_is_checked_not_a_segfault(tmp_path: Path) -> None:
    (tmp_path / "kana.txt").write_text("あ" * 1_000_000 + "\n")
    # (one rule: the tokenizer runs all the same, and no other rule's time bound is tested on a loaded machine)
    result = run_cli("check", "--format", "json", "--select", "clarity/long-sentence", "kana.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _rules(result) == ["clarity/long-sentence"]


def test_long_lines_are_tagged_in_pieces_cut_after_punctuation() -> None:
    line = ("ご確認をお願いいたします、" * 600)[:7000]
    pieces = list(_pieces(line))
    assert "".join(piece for _, piece in pieces) == line
    assert all(len(piece) <= MAX_PIECE and piece.endswith("、") for _, piece in pieces[:-1])
    assert [start for start, _ in pieces] == [0, len(pieces[0][1])]
    tokens = [t for s in split_sentences(line) for t in s.tokens]
    assert "".join(t.surface for t in tokens) == line
    assert all(line[t.start : t.end] == t.surface for t in tokens)


def test_a_worker_that_dies_is_one_line_for_its_file_and_the_run_goes_on(tmp_path: Path) -> None:
    """A native crash in a worker (simulated: the worker kills itself on one file) used to hang the pool."""
    for index in range(12):
        (tmp_path / f"m{index:02}.txt").write_text("進捗を教えてください\n")
    script = textwrap.dedent("""
        import os, signal, sys
        import teinei.runner as runner
        parent, check = os.getpid(), runner._check
        def crashing(context, name, *args):
            if name.endswith(("m05.txt", "m06.txt", "m10.txt")) and os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGSEGV)
            return check(context, name, *args)
        runner._check = crashing
        from teinei.cli import main
        sys.argv = ["teinei", "check", "--jobs", "2", "--no-cache", "--format", "json", "."]
        main()
    """)
    env = {**os.environ, "XDG_CACHE_HOME": str(CACHE_HOME), "TEINEI_DATE": TODAY.isoformat()}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 2, result.stderr
    crashed = "cannot check: the process checking this file stopped abruptly (a crash in teinei or a library it uses)"
    assert result.stderr.strip().splitlines() == [f"./{name}: {crashed}" for name in ("m05.txt", "m06.txt", "m10.txt")]
    files = {entry["path"]: entry for entry in json.loads(result.stdout)["files"]}
    assert sorted(path for path, entry in files.items() if entry["findings"]) == [
        f"./m{index:02}.txt" for index in range(12) if index not in (5, 6, 10)
    ]
    assert files["./m05.txt"]["error"] == crashed


def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text(REQUEST)
    result = run_cli("check", "--format", "json", "pipe.txt", "ok.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == ["pipe.txt: 通常のファイルではありません（名前付きパイプです）"]
    assert "ok.txt" in [entry["path"] for entry in json.loads(result.stdout)["files"]]


def test_devices_are_refused_and_standard_input_is_bounded(tmp_path: Path) -> None:
    result = run_cli("check", "/dev/zero", "/dev/urandom", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "/dev/zero: 通常のファイルではありません（装置です）",
        "/dev/urandom: 通常のファイルではありません（装置です）",
    ]
    with open("/dev/zero", "rb") as zero:
        piped = subprocess.run(
            [sys.executable, "-m", "teinei", "check", "-"], stdin=zero, capture_output=True, timeout=60,
            env={"XDG_CACHE_HOME": str(CACHE_HOME), "PATH": "/usr/bin:/bin",  # (and the code under test)
                 **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}}, check=False,
        )
    assert piped.returncode == 2
    assert piped.stderr.decode().splitlines() == [
        "-: 標準入力が上限の 4,194,304 バイトを超えています"
    ]


def test_an_error_run_never_says_no_findings_and_every_format_lists_the_file(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("いつもお世話になっております。\n資料をお送りいたします。\nよろしくお願いいたします。\n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    text = run_cli("check", "good.txt", "binary.txt", cwd=tmp_path)
    assert text.returncode == 2
    assert text.stdout.decode() == (
        "確認できたのは 1 ファイル（指摘 0 件）。確認できなかったファイル・フォルダが 1 件あります（理由は上記）\n"
    )
    report = json.loads(run_cli("check", "--format", "json", "good.txt", "binary.txt", cwd=tmp_path).stdout)
    assert report["files"] == [
        {"path": "binary.txt", "findings": [], "error": "テキストではありません（NUL バイトを含むバイナリです）"},
        {"path": "good.txt", "findings": []},
    ]
    assert (report["summary"]["files"], report["summary"]["checked"], report["summary"]["not_checked"]) == (2, 1, 1)
    sarif = json.loads(run_cli("check", "--format", "sarif", "good.txt", "binary.txt", cwd=tmp_path).stdout)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert [n["message"]["text"] for n in invocation["toolExecutionNotifications"]] == [
        "テキストではありません（NUL バイトを含むバイナリです）"
    ]
    statistics = run_cli("check", "--statistics", "good.txt", "binary.txt", cwd=tmp_path)
    assert "指摘はありません" not in statistics.stdout.decode() and statistics.returncode == 2


def _run_script(script: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command line in a subprocess with part of teinei replaced by ``script``'s first lines."""
    env = {**os.environ, "XDG_CACHE_HOME": str(CACHE_HOME), "TEINEI_DATE": TODAY.isoformat()}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], cwd=cwd, capture_output=True, text=True, timeout=60, env=env
    )


BROKEN_LINTER = """
    import sys
    import teinei.linter
    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")
    teinei.linter.Linter.lint_document = broken
    from teinei.cli import main
    sys.argv = ["teinei", "check", "--no-cache", *sys.argv[1:]]
    main()
"""


def test_an_unexpected_exception_is_one_line_and_exit_code_3_with_the_traceback_only_on_debug(tmp_path: Path) -> None:
    (tmp_path / "mail.txt").write_text(REQUEST)
    plain = _run_script(BROKEN_LINTER.replace("*sys.argv[1:]", '"mail.txt"'), tmp_path)
    assert (plain.returncode, plain.stdout) == (3, "")
    assert plain.stderr.splitlines() == [
        "teinei: 内部エラーが起きました（RuntimeError: simulated bug）。--debug を付けて実行すると詳細が表示されます"
    ]
    debug = _run_script(BROKEN_LINTER.replace("*sys.argv[1:]", '"--debug", "mail.txt"'), tmp_path)
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.splitlines()[-1] == "RuntimeError: simulated bug"


def test_a_date_header_in_year_9999_is_not_a_reference_date_and_date_9999_is_refused(tmp_path: Path) -> None:
    mail = (
        "From: a@example.jp\nTo: b@example.jp\nSubject: =?UTF-8?B?6KaL56mN5pu444Gu6YCB5LuY?=\n"
        "Date: Fri, 31 Dec 9999 10:00:00 +0900\nContent-Type: text/plain; charset=utf-8\n\n"
        "いつもお世話になっております。\n見積書をお送りいたします。\n来週金曜までにご返信いただけますでしょうか。\n"
        "よろしくお願いいたします。\n"
    )
    (tmp_path / "future.eml").write_text(mail)
    result = run_cli("check", "--format", "json", "future.eml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    assert json.loads(result.stdout)["files"] == [{"path": "future.eml", "findings": []}]
    (tmp_path / "note.txt").write_text("来週金曜までにご返信いただけますでしょうか。\n")
    refused = run_cli("check", "--date", "9999-12-31", "note.txt", cwd=tmp_path)
    assert (refused.returncode, refused.stdout) == (2, b"")
    assert refused.stderr.decode() == "teinei: --date '9999-12-31' は使えません。1000 年から 9000 年までの日付を指定してください\n"


def test_unclosed_template_and_html_openers_do_not_hide_the_text_after_them(tmp_path: Path) -> None:
    """400 KB of unclosed openers took minutes (each one scanned to the end of the text for its closer)."""
    mail = "いつもお世話になっております。\n了解しました。\n"
    (tmp_path / "a.txt").write_text("{%" * 200_000 + "\n" + mail)
    (tmp_path / "b.txt").write_text("{#" * 200_000 + "\n" + mail)
    (tmp_path / "c.md").write_text("<!--" * 100_000 + "\n" + mail)
    (tmp_path / "d.html").write_text("<p>" + "<script>" * 50_000 + "</p>\n<p>了解しました。</p>\n")
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "keigo", ".", cwd=tmp_path)
    found = {
        entry["path"]: [(f["rule"], f["line"], f["column"]) for f in entry["findings"]]
        for entry in json.loads(result.stdout)["files"]
    }
    assert found == {
        "./a.txt": [("keigo/ryokai", 3, 1)], "./b.txt": [("keigo/ryokai", 3, 1)],
        "./c.md": [("keigo/ryokai", 3, 1)], "./d.html": [("keigo/ryokai", 2, 4)],
    }


def test_template_logic_is_found_leftmost_and_an_unclosed_opener_is_text() -> None:
    from teinei.inputs.template import _comment_spans, _logic_spans, _skipped_spans

    text = "{% 閉じない {# 注記 #} {{!-- 長い注記 --}} {{#if a}}本文{{/if}} {% また閉じない"
    assert [text[a:b] for a, b in _logic_spans(text)] == [
        "{# 注記 #}", "{{!-- 長い注記 --}}", "{{#if a}}", "{{/if}}"
    ]
    assert list(_logic_spans("{{! 短い注記 }} {{!-- 閉じない")) == [(0, 11)]
    assert list(_comment_spans("<!-- a --> 本文 <!-- 閉じない")) == [(0, 10)]
    html = "<SCRIPT>x</script> <style>y <head>z</head>"
    assert [html[a:b] for a, b in _skipped_spans(html)] == ["<SCRIPT>x</script>", "<head>z</head>"]


def test_a_file_name_that_is_not_utf8_is_checked_in_every_format(tmp_path: Path) -> None:
    import os

    with open(os.path.join(os.fsencode(tmp_path), b"n\xff.txt"), "w") as file:
        file.write("進捗を教えてください\n")
    strict = {"PYTHONIOENCODING": "utf-8:strict"}  # as under a UTF-8 locale other than C.UTF-8
    text = run_cli("check", ".", cwd=tmp_path, env=strict)  # (with the result cache, whose key holds the name)
    assert text.returncode == 1, text.stderr
    assert text.stdout.decode().startswith("./n\\udcff.txt:1:1: warning [curt/one-line]")
    report = run_cli("check", "--format", "json", ".", cwd=tmp_path, env=strict)
    assert [os.fsencode(f["path"]) for f in json.loads(report.stdout)["files"]] == [b"./n\xff.txt"]
    sarif = json.loads(run_cli("check", "--format", "sarif", ".", cwd=tmp_path, env=strict).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"n%FF.txt"}


def test_staged_names_with_a_line_break_or_not_utf8_are_checked(tmp_path: Path) -> None:
    import os

    for name in (b"a\nb.txt", b"c\xff.txt"):
        with open(os.path.join(os.fsencode(tmp_path), name), "w") as file:
            file.write("進捗を教えてください\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    result = run_cli("check", "--staged", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    paths = [os.fsencode(f["path"]) for f in json.loads(result.stdout)["files"] if f["findings"]]
    assert paths == [b"a\nb.txt", b"c\xff.txt"]


def test_a_tree_a_thousand_folders_deep_is_searched(tmp_path: Path) -> None:
    import os

    deep = tmp_path
    for _ in range(1000):  # (not mkdir(parents=True): it recurses)
        deep = deep / "d"
        deep.mkdir()
    (deep / "m.txt").write_text("進捗を教えてください\n")
    try:
        result = run_cli("check", "--format", "json", "--select", "curt/one-line", ".", cwd=tmp_path)
        assert result.returncode == 1, result.stderr[-300:]
        (entry,) = json.loads(result.stdout)["files"]
        assert entry["path"] == os.path.join(".", *["d"] * 1000, "m.txt")
    finally:  # removed bottom up here: shutil.rmtree (pytest's clean-up) recurses, and fails on this tree
        (deep / "m.txt").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


def test_a_folder_with_nothing_to_check_or_beyond_path_max_is_an_error_not_a_pass(tmp_path: Path) -> None:
    import os

    (tmp_path / "empty").mkdir()
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "x.py").write_text("print('了解しました')\n")
    result = run_cli("check", "empty", "code", cwd=tmp_path)
    kinds = ".eml .hbs .htm .html .j2 .jinja .jinja2 .markdown .md .mustache .text .tmpl .tpl .txt"
    assert (result.returncode, result.stderr.decode().splitlines()) == (2, [
        f"empty: チェックする文章がありません（このフォルダには teinei が読むファイル（{kinds}）がありません）",
        f"code: チェックする文章がありません（このフォルダには teinei が読むファイル（{kinds}）がありません）",
    ])
    assert "指摘はありません" not in result.stdout.decode()
    # A folder of mailboxes: they are read when named, or audited; the line says so.
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "sent.mbox").write_text("From a@example.jp Fri Nov 20 10:00:00 2026\nSubject: x\n\n了解です\n")
    result = run_cli("check", "mail", cwd=tmp_path)
    assert (result.returncode, result.stderr.decode().splitlines()) == (2, [
        f"mail: チェックする文章がありません（このフォルダには teinei が読むファイル（{kinds}）がありません）。"
        ".mbox ファイル 1 件は、名前を指定すればチェックでき、`teinei audit mail` で監査もできます",
    ])
    # Beside other files, the mailbox is left out with a note, not in silence; the exit code is the findings'.
    (tmp_path / "mail" / "draft.txt").write_text("お世話になっております。\n", encoding="utf-8")
    result = run_cli("check", "mail", cwd=tmp_path)
    assert (result.returncode, result.stderr.decode().splitlines()) == (0, [
        "mail: .mbox ファイル 1 件はチェックしていません。メールボックスは名前を指定すればチェックでき、"
        "`teinei audit mail` で監査もできます",
    ])
    assert "mail/sent.mbox" not in result.stdout.decode()
    # A folder whose path is longer than PATH_MAX cannot be listed: os.walk skipped it in silence.
    folder = tmp_path / "long"
    folder.mkdir()
    cwd = os.open(".", os.O_RDONLY)
    try:
        os.chdir(folder)
        for _ in range(20):
            os.mkdir("x" * 250)
            os.chdir("x" * 250)
        Path("m.txt").write_text("進捗を教えてください\n")
    finally:
        os.fchdir(cwd)
        os.close(cwd)
    deep = run_cli("check", "long", cwd=tmp_path)
    assert deep.returncode == 2
    (line,) = deep.stderr.decode().splitlines()
    assert line.startswith("long/xxx") and line.endswith(": フォルダの中を読めません（名前が長すぎます）")
    named = run_cli("check", "long/" + "/".join(["x" * 250] * 20) + "/m.txt", cwd=tmp_path)
    assert named.returncode == 2 and named.stderr.decode().endswith(": 読み込めません（名前が長すぎます）\n")


def test_a_concept_that_includes_itself_through_another_is_one_load_error(tmp_path: Path) -> None:
    concepts = tmp_path / "my-rules" / "_concepts"
    concepts.mkdir(parents=True)
    (concepts / "alpha.yaml").write_text("description: a\nregex: [あいう]\ninclude: [beta]\n")
    (concepts / "beta.yaml").write_text("description: b\nregex: [かきく]\ninclude: [alpha]\n")
    (tmp_path / "m.txt").write_text(REQUEST)
    result = run_cli("check", "--rules", "my-rules", "m.txt", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode() == (
        "teinei: my-rules/_concepts/alpha.yaml: 概念 'alpha': include: この概念は自分自身を含んでいます"
        "（alpha -> beta -> alpha）\n"
    )


@pytest.mark.parametrize(
    ("alpha", "expected"),
    [
        ("unless: [beta]\n", "概念 'alpha': unless: この概念は一致を除くのに自分自身の一致を使っています"
                              "（alpha -> beta -> alpha）"),
        ("unless: [gamma]\n", "概念 'alpha': unless: 概念 'gamma' はありません"),
    ],
)
def test_a_concept_unless_that_leads_back_or_names_nothing_is_one_load_error(
    tmp_path: Path, alpha: str, expected: str
) -> None:
    concepts = tmp_path / "my-rules" / "_concepts"
    concepts.mkdir(parents=True)
    (concepts / "alpha.yaml").write_text(f"description: a\nregex: [あいう]\n{alpha}")
    (concepts / "beta.yaml").write_text("description: b\nregex: [かきく]\ninclude: [alpha]\n")
    (tmp_path / "m.txt").write_text(REQUEST)
    result = run_cli("check", "--rules", "my-rules", "m.txt", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode() == f"teinei: my-rules/_concepts/alpha.yaml: {expected}\n"


RULE = """kind: phrase
severity: warning
profiles: [external, internal, chat]
description: テスト用の規則。
message: 「{match}」を見つけました。
suggest: [言い換えましょう。]
phrases: [WORD]
examples:
  bad:
    - {text: WORDです。, at: WORD}
  good:
    - 状況です。
"""


def test_rules_in_a_linked_category_folder_are_read_again_when_they_change(tmp_path: Path) -> None:
    """The cache fingerprint did not follow the link: an edit was ignored, and a broken rule gave exit 1."""
    (tmp_path / "shared" / "wording").mkdir(parents=True)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "wording").symlink_to(tmp_path / "shared" / "wording")
    rule = tmp_path / "shared" / "wording" / "myword.yaml"
    (tmp_path / "m.txt").write_text("進捗を教えてください\n")
    args = ("check", "--rules", "rules", "--select", "wording/myword", "--format", "json", "m.txt")
    found = []
    for word in ("進捗", "教えて"):
        rule.write_text(RULE.replace("WORD", word))
        result = run_cli(*args, cwd=tmp_path)
        found.append([f["message"] for f in json.loads(result.stdout)["files"][0]["findings"]])
    assert found == [["「進捗」を見つけました。"], ["「教えて」を見つけました。"]]
    rule.write_text("kind: [broken\n")
    broken = run_cli(*args, cwd=tmp_path)
    assert broken.returncode == 2
    assert broken.stderr.decode().startswith("teinei: shared/wording/myword.yaml:")


def test_a_rule_file_rewritten_to_the_same_size_and_time_is_read_again(tmp_path: Path) -> None:
    """Kept rules are keyed by each rule file's size and times, not its content: a copy that keeps the old
    modification time (``cp -p``, an unpacked archive) still changes the file's change time."""
    (tmp_path / "rules" / "wording").mkdir(parents=True)
    rule = tmp_path / "rules" / "wording" / "myword.yaml"
    (tmp_path / "m.txt").write_text("進捗を教えてください\n")
    args = ("check", "--rules", "rules", "--select", "wording/myword", "--format", "json", "m.txt")
    found = []
    for word in ("進捗", "教え"):  # the same number of bytes
        before = rule.stat() if rule.exists() else None
        rule.write_text(RULE.replace("WORD", word))
        if before is not None:
            os.utime(rule, ns=(before.st_atime_ns, before.st_mtime_ns))
            assert (rule.stat().st_size, rule.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
        result = run_cli(*args, cwd=tmp_path)
        found.append([f["message"] for f in json.loads(result.stdout)["files"][0]["findings"]])
    assert found == [["「進捗」を見つけました。"], ["「教え」を見つけました。"]]


def _without_root_powers(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command line as root without the capabilities that override file modes (tests run as root, who
    could otherwise read any folder), so a folder of mode 000 is as unsearchable as for any user."""
    import shutil

    import pytest

    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv (util-linux) to drop root's file-mode override")
    env = {**os.environ, "XDG_CACHE_HOME": str(CACHE_HOME), "TEINEI_DATE": TODAY.isoformat(), "NO_COLOR": "1"}
    command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", sys.executable, "-m", "teinei", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


def test_an_unsearchable_sub_folder_is_an_error_and_a_file_in_it_one_line(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("進捗を教えてください\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("進捗を教えてください\n")
    locked.chmod(0)
    try:
        folder = _without_root_powers("check", "--format", "json", ".", cwd=tmp_path)
        named = _without_root_powers("check", "locked/a.txt", cwd=tmp_path)
    finally:
        locked.chmod(0o700)
    assert (folder.returncode, folder.stderr) == (2, "./locked: フォルダの中を読めません（読み書きする権限がありません）\n")
    assert [entry["path"] for entry in json.loads(folder.stdout)["files"]] == ["./locked", "./ok.txt"]
    assert (named.returncode, named.stderr) == (2, "locked/a.txt: 読み込めません（読み書きする権限がありません）\n")
