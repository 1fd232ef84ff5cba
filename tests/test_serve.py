"""`teinei serve`: the API against a real server (started as a user starts it, on a free port), every error
status, the security rules, and the page in a real headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from teinei.linter import Linter
from teinei.report.json import render
from teinei.serve.server import default_workers

from .conftest import CACHE_HOME, TODAY, WORK, run_cli

# A server and a browser wait on the clock (time-outs, sleeps), which libfaketime breaks: this module runs in the
# suite's real-clock run only (its dates come from TEINEI_DATE, so the shifted run would test nothing more).
pytestmark = pytest.mark.real_clock

TEN_LINES = """株式会社サンプル
山田様

いつもお世話になっております。
先日お送りした見積書の件ですが、ご確認いただけましたでしょうか。
了解しましたら、すみませんがご連絡ください。
追加の資料とかもあれば、完成までもうしばらくお待ちください。
よろしくお願いいたします。

鈴木
"""
SECRET = "社外秘の下書き：コードネーム青い鳥の件"  # must never appear in the server's output


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]


def _start(*args: str, cwd: Path = WORK, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], str]:
    """``teinei serve`` in a subprocess, in the tests' scratch folder on the pinned date; its first line."""
    browser = [] if env and "BROWSER" in env else ["--no-browser"]
    env = {**os.environ, "TEINEI_DATE": TODAY.isoformat(), "XDG_CACHE_HOME": str(CACHE_HOME), **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "teinei", "serve", *browser, *args],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    watchdog = threading.Timer(60, process.kill)  # a server that never starts fails the test, not the run
    watchdog.start()
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
    finally:
        watchdog.cancel()
    return process, first


def _url(line: str) -> str:
    found = re.search(r"http://\S+/", line)
    assert found, line
    return found.group(0)


def _stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # Ctrl+C: the way a user stops it
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return out, err


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    process, first = _start("--port", "0")
    if "で待機しています" not in first:
        _, err = _stop(process)
        pytest.fail(f"the server did not start: {first}{err}")
    url = _url(first)
    yield Server(url, process)
    out, err = _stop(process)
    # Drafts are never logged: not the text sent in any test, whatever the status.
    assert SECRET not in out + err
    assert "Traceback" not in err, err


@pytest.fixture()
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def _cli_json(text: str | bytes, *options: str) -> str:
    done = run_cli("check", "--format", "json", *options, "-", input=text)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout.decode()


# ---------------------------------------------------------------------------------------------- the API


@pytest.mark.parametrize(
    ("body", "options"),
    [
        ({"text": "進捗を教えてください。"}, ()),
        ({"text": TEN_LINES}, ()),
        ({"text": TEN_LINES, "profile": "internal"}, ("--profile", "internal")),
        ({"text": TEN_LINES, "select": ["keigo", "deadline/vague"]}, ("--select", "keigo,deadline/vague")),
        ({"text": TEN_LINES, "ignore": "keigo/ryokai,curt"}, ("--ignore", "keigo/ryokai,curt")),
        ({"text": "12月4日(金)までにご返信いただけますでしょうか。"}, ()),
        # a number with a fraction in the finding's data ("business_hours": 7.0), written by orjson here
        ({"text": "本日17時までにご対応ください。", "date": "2026-12-04T10:00"}, ("--date", "2026-12-04T10:00")),
    ],
)
def test_check_answers_what_the_command_line_prints(client: httpx.Client, body: dict, options: tuple[str, ...]) -> None:
    response = client.post("/api/check", json=body)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.text == _cli_json(body["text"], *options)
    assert json.loads(response.text)["files"][0]["path"] == "-"


def test_check_reads_the_date_of_the_request(client: httpx.Client) -> None:
    text = "お手数ですが、12月4日(金)までにご返信いただけますでしょうか。"
    rules = lambda body: {f["rule"] for f in body["files"][0]["findings"]}  # noqa: E731
    on_the_day = client.post("/api/check", json={"text": text}).json()  # the server's --date (TEINEI_DATE)
    a_year_on = client.post("/api/check", json={"text": text, "date": "2027-11-20"}).json()
    assert "deadline/weekday-mismatch" not in rules(on_the_day)  # 2026-12-04 is a Friday
    assert "deadline/weekday-mismatch" in rules(a_year_on)  # 2027-12-04 is a Saturday


def test_check_with_subject_and_attachments_is_an_email_draft(client: httpx.Client) -> None:
    text = "お世話になっております。\n見積書を添付いたします。\nご確認のほど、よろしくお願いいたします。\n"
    bare = client.post("/api/check", json={"text": text, "subject": "ご確認", "attachments": []}).json()
    expected = Linter(today=TODAY).lint(text, subject="ご確認", attachments=[])
    assert bare == json.loads(render([expected]))
    rules = {(f["part"], f["rule"]) for f in bare["files"][0]["findings"]}
    assert ("subject", "clarity/vague-subject") in rules
    assert ("body", "clarity/missing-attachment") in rules
    attached = client.post("/api/check", json={"text": text, "subject": "ご確認", "attachments": ["見積書.pdf"]}).json()
    assert "clarity/missing-attachment" not in {f["rule"] for f in attached["files"][0]["findings"]}


def test_check_detail_gives_offsets_and_the_regions_not_checked(client: httpx.Client) -> None:
    text = "了解しました。\n\n> すみません、教えろ。\n"
    body = client.post("/api/check?detail=true", json={"text": text}).json()
    (finding,) = [f for f in body["files"][0]["findings"] if f["rule"] == "keigo/ryokai"]
    assert text[finding["start"] : finding["end"]] == "了解しました"
    (quote,) = body["document"]["regions"]["body"]
    assert quote["kind"] == "quote" and text[quote["start"] : quote["end"]].startswith("> すみません")
    assert not any(f["start"] >= quote["start"] for f in body["files"][0]["findings"] if f["part"] == "body")


def test_fix_applies_every_safe_fix(client: httpx.Client) -> None:
    response = client.post("/api/fix", json={"text": "了解しました。すみません、明日伺います。"})
    assert response.status_code == 200
    body = response.json()
    assert body["text"] == "承知しました。申し訳ございません、明日伺います。"
    assert [f["rule"] for f in body["applied"]] == ["keigo/ryokai", "keigo/sumimasen"]
    assert Linter(today=TODAY).fix("了解しました。すみません、明日伺います。")[0] == body["text"]


def test_fix_refuses_a_raw_mail(client: httpx.Client) -> None:
    raw = (WORK / "examples" / "missing-attachment.eml").read_bytes().decode("utf-8")
    assert "自動修正はできません" in _error_line(client.post("/api/fix", json={"text": raw}), 400)


def test_fix_leaves_unsafe_fixes_unless_asked(client: httpx.Client) -> None:
    text = "以下でよろしかったでしょうか。"
    assert client.post("/api/fix", json={"text": text}).json()["text"] == text
    fixed = client.post("/api/fix", json={"text": text, "unsafe": True}).json()["text"]
    assert fixed == "以下でよろしいでしょうか。"


@pytest.mark.parametrize("name", ["missing-attachment.eml", "reply-quoted.eml", "html-estimate.eml"])
def test_check_eml_answers_what_the_command_line_prints(client: httpx.Client, name: str) -> None:
    data = (WORK / "examples" / name).read_bytes()
    response = client.post("/api/check-eml", content=data, headers={"Content-Type": "message/rfc822"})
    assert response.status_code == 200
    assert response.text == _cli_json(data)


def test_check_eml_detail_gives_the_decoded_message(client: httpx.Client) -> None:
    data = (WORK / "examples" / "reply-quoted.eml").read_bytes()
    response = client.post("/api/check-eml?detail=true", content=data, headers={"Content-Type": "message/rfc822"})
    message = response.json()["document"]
    assert message["subject"].startswith("Re:")
    assert {r["kind"] for r in message["regions"]["body"]} >= {"quote", "signature"}
    assert message["date"] is not None


def test_rules_and_explain(client: httpx.Client) -> None:
    rules = client.get("/api/rules").json()
    assert {"id": "keigo/ryokai", "fix": "safe"}.items() <= next(r for r in rules if r["id"] == "keigo/ryokai").items()
    listed = {line.split()[0] for line in run_cli("rules").stdout.decode().splitlines() if "/" in line.split()[0]}
    assert {r["id"] for r in rules} == listed
    rule = client.get("/api/rules/keigo/ryokai").json()
    assert rule["explain"] == run_cli("explain", "keigo/ryokai").stdout.decode().rstrip("\n")
    assert rule["examples"]["bad"][0]["fixed"]
    # Example dates come from the reference date: the server's (TEINEI_DATE), or the request's.
    vague = client.get("/api/rules/deadline/vague").json()["explain"]
    assert vague == run_cli("explain", "deadline/vague").stdout.decode().rstrip("\n")
    later = client.get("/api/rules/deadline/vague?date=2027-03-01").json()["explain"]
    assert later == run_cli("explain", "deadline/vague", "--date", "2027-03-01").stdout.decode().rstrip("\n") != vague
    # The suggestions name those dates too (2026-11-20 is a Friday, 11月23日 a holiday); {match} stays a slot.
    fields = client.get("/api/rules/deadline/vague").json()
    assert fields["suggestions"][0].startswith("「11月26日(木)17時までに」")
    assert "{match}" in fields["message"] and "{example_deadline}" not in "".join(fields["suggestions"])


def test_openapi_and_docs_are_served_without_a_cdn(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/check", "/api/fix", "/api/check-eml", "/api/rules", "/api/rules/{rule_id}"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/docs.js" in docs.text
    assert "http" not in docs.text.replace("http-equiv", "")  # every asset from this server


# ---------------------------------------------------------------------------------------------- errors


def _error_line(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"] and "\n" not in body["error"] and "Traceback" not in body["error"]
    return body["error"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"text": "了解しました。", "profile": "customers"}, "プロファイル「customers」"),
        ({"text": "了解しました。", "select": ["keigo/no-such-rule"]}, "keigo/no-such-rule"),
        ({"text": "了解しました。", "date": "2026-13-01"}, "基準日「2026-13-01」"),
        ({"text": "   \n"}, "読み取れませんでした"),
        ({"text": "> 引用だけ\n> です\n", "subject": "Re: ご相談"}, "確認する本文がありません"),
        ({"text": "途中で切れた\ud800文字"}, "サロゲート"),
    ],
)
def test_400_for_a_bad_value(client: httpx.Client, body: dict, says: str) -> None:
    raw = json.dumps({**body, "text": SECRET + body["text"]} if body["text"].strip() and "引用" not in body["text"] else body)
    response = client.post("/api/check", content=raw, headers={"Content-Type": "application/json"})
    assert says in _error_line(response, 400)


def test_400_for_broken_json(client: httpx.Client) -> None:
    response = client.post("/api/check", content=b'{"text": "', headers={"Content-Type": "application/json"})
    assert "JSON として読めません" in _error_line(response, 400)


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "text"), ({"text": 3}, "text"), ({"text": "了解", "profle": "chat"}, "profle"), ([1, 2], ""),
     ({"text": "了解", "attachments": "a.pdf"}, "attachments")],
)
def test_422_for_a_body_of_the_wrong_shape(client: httpx.Client, body: object, field: str) -> None:
    line = _error_line(client.post("/api/check", json=body), 422)
    assert f"項目「{field}」" in line if field else line.startswith("送られた本文全体")


def test_422_for_a_query_parameter_of_the_wrong_type(client: httpx.Client) -> None:
    response = client.post("/api/check?detail=perhaps", json={"text": "了解しました。"})
    assert "detail" in _error_line(response, 422)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/api/check", "text/plain"), ("/api/check", None), ("/api/fix", "application/x-www-form-urlencoded"),
     ("/api/check-eml", "application/json"), ("/api/check-eml", "multipart/form-data; boundary=x")],
)
def test_415_for_the_wrong_content_type(client: httpx.Client, path: str, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post(path, content=b'{"text": "' + SECRET.encode() + b'"}', headers=headers)
    assert "Content-Type" in _error_line(response, 415)


def test_413_for_a_body_over_a_megabyte(client: httpx.Client) -> None:
    big = json.dumps({"text": SECRET + "あ" * 400_000}, ensure_ascii=False).encode()  # 1.2 MB of UTF-8
    assert "大きすぎます" in _error_line(client.post("/api/check", content=big, headers={"Content-Type": "application/json"}), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as the body arrives
        for _ in range(12):
            yield b"x" * 100_000

    response = client.post("/api/check-eml", content=chunks(), headers={"Content-Type": "message/rfc822"})
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert "大きすぎます" in _error_line(response, 413)
    just_under = json.dumps({"text": "お世話になっております。明日伺います。\n" * 16_000}, ensure_ascii=False).encode()
    assert 900_000 < len(just_under) < 1024 * 1024
    assert client.post("/api/check", content=just_under, headers={"Content-Type": "application/json"}).status_code == 200


def test_400_for_an_empty_or_unreadable_eml(client: httpx.Client) -> None:
    headers = {"Content-Type": "message/rfc822"}
    assert "空です" in _error_line(client.post("/api/check-eml", content=b"\r\n", headers=headers), 400)
    headless = "お世話になっております。\n".encode()
    line = _error_line(client.post("/api/check-eml", content=headless, headers=headers), 400)
    assert line == "読み取れませんでした。メールではありません（本文の前にヘッダーがありません）。"


def test_404_and_405_are_json_lines(client: httpx.Client) -> None:
    assert "keigo/nothing" in _error_line(client.get("/api/rules/keigo/nothing"), 404)
    _error_line(client.get("/api/nothing"), 404)
    _error_line(client.get("/api/check"), 405)


# ---------------------------------------------------------------------------------------------- security


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost:1"])
def test_a_foreign_host_header_is_refused(client: httpx.Client, host: str) -> None:
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 still sends its own Host."""
    response = client.post("/api/check", json={"text": SECRET}, headers={"Host": host})
    assert "ホスト名" in _error_line(response, 400)


def test_loopback_names_are_served(client: httpx.Client, server: Server) -> None:
    port = server.url.rstrip("/").rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        assert client.get("/api/rules", headers={"Host": host}).status_code == 200


def test_no_cors_and_other_origins_refused(client: httpx.Client, server: Server) -> None:
    preflight = client.options(
        "/api/check",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    response = client.post("/api/check", json={"text": SECRET}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    _error_line(response, 403)
    same = client.post("/api/check", json={"text": "了解しました。"}, headers={"Origin": server.url.rstrip("/")})
    assert same.status_code == 200 and "access-control-allow-origin" not in same.headers
    page = client.get("/")
    assert page.headers["x-frame-options"] == "DENY" and "default-src 'self'" in page.headers["content-security-policy"]


def test_a_port_in_use_is_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process, _ = _start("--port", str(port))
        _, err = _stop(process)
    assert process.returncode == 2
    assert err.strip().splitlines() == [f"teinei: ポート {port} はほかのプログラムが使っています。--port で別の番号を指定してください。"]


def test_another_host_starts_with_a_warning() -> None:
    process, first = _start("--host", "0.0.0.0", "--port", "0")
    try:
        port = _url(first).rstrip("/").rsplit(":", 1)[1]
        with httpx.Client(timeout=30) as http:
            assert http.get(f"http://127.0.0.1:{port}/api/rules").status_code == 200
            assert http.get(f"http://127.0.0.1:{port}/api/rules", headers={"Host": "evil.example"}).status_code == 400
    finally:
        out, err = _stop(process)
    assert err.startswith("警告: 0.0.0.0 で待ち受けます。")
    assert len(err.strip().splitlines()) == 1
    assert process.returncode == 0 and out.strip().splitlines()[-1] == "teinei serve: 終了しました（確認 0 件）"


def test_workers_each_answer_and_stop_together() -> None:
    process, first = _start("--port", "0", "--workers", "2")
    try:
        url = _url(first)
        with httpx.Client(base_url=url, timeout=30) as http:
            for _ in range(6):  # a new connection each time: the kernel hands them to either worker
                with httpx.Client(base_url=url, timeout=30) as fresh:
                    assert fresh.post("/api/check", json={"text": TEN_LINES}).text == http.post("/api/check", json={"text": TEN_LINES}).text
        assert len(_children(process.pid)) == 2
    finally:
        out, err = _stop(process)
    assert process.returncode == 0, err
    assert out.strip().splitlines()[-1] == "teinei serve: 終了しました（確認 12 件）"  # the workers' counts added up
    assert err == ""


def test_workers_by_default_as_the_cores_allow(server: Server) -> None:
    cores = min(2, os.cpu_count() or 1)  # on Linux, where CI runs: two workers forked on two cores or more
    assert default_workers() == cores
    assert len(_children(server.process.pid)) == (cores if cores > 1 else 0)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_stops_it_as_ctrl_c_does(workers: str) -> None:
    process, first = _start("--port", "0", "--workers", workers)
    try:
        with httpx.Client(base_url=_url(first), timeout=30) as http:
            assert http.post("/api/check", json={"text": TEN_LINES}).status_code == 200
        assert len(_children(process.pid)) == (0 if workers == "1" else 2)
        process.send_signal(signal.SIGTERM)  # a service manager's stop, or kill
        process.wait(timeout=30)
    finally:
        out, err = _stop(process)
    assert process.returncode == 0, err
    assert out.strip().splitlines()[-1] == "teinei serve: 終了しました（確認 1 件）"
    assert err == ""
    assert _children(process.pid) == []


def test_a_second_signal_while_stopping_leaves_no_worker_behind() -> None:
    process, _ = _start("--port", "0", "--workers", "2")
    for _ in range(300):  # the workers are forked right after the first line
        if len(workers := _children(process.pid)) == 2:
            break
        threading.Event().wait(0.1)
    process.send_signal(signal.SIGTERM)
    process.send_signal(signal.SIGINT)  # an impatient second Ctrl+C
    out, err = _stop(process)
    assert process.returncode == 0, err
    assert out.strip().splitlines()[-1] == "teinei serve: 終了しました（確認 0 件）"
    assert len(workers) == 2 and not any(Path(f"/proc/{pid}").exists() for pid in workers)


def _children(pid: int) -> list[int]:
    """The child processes of ``pid``, read from /proc (Linux, where CI runs)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_the_page_opens_in_the_default_browser(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"  # stands for the user's browser: $BROWSER is what webbrowser runs
    browser.write_text(f"import sys, pathlib\npathlib.Path({str(opened)!r}).write_text(sys.argv[1])\n", encoding="utf-8")
    process, first = _start("--port", "0", env={"BROWSER": f"{sys.executable} {browser} %s"})
    try:
        for _ in range(100):
            if opened.exists() and opened.read_text():
                break
            threading.Event().wait(0.1)
    finally:
        _stop(process)
    assert opened.read_text() == _url(first)


@pytest.mark.parametrize("named", [False, True])
def test_the_configuration_of_the_folder_it_starts_in(tmp_path: Path, named: bool) -> None:
    (tmp_path / "teinei.toml").write_text('ignore = ["keigo/ryokai"]\n[vocabulary]\nbanned = ["ユーザー様"]\n', encoding="utf-8")
    text = "ユーザー様から了解しましたとのお返事がありました。\n"
    options = ("--config", str(tmp_path / "teinei.toml")) if named else ()
    process, first = _start("--port", "0", *options, cwd=WORK if named else tmp_path)
    try:
        with httpx.Client(base_url=_url(first), timeout=30) as http:
            rules = {f["rule"] for f in http.post("/api/check", json={"text": text}).json()["files"][0]["findings"]}
            listed = {r["id"] for r in http.get("/api/rules").json()}
    finally:
        _stop(process)
    assert "wording/banned-term" in rules and "keigo/ryokai" not in rules
    assert "wording/banned-term" in listed
    done = run_cli("check", "--format", "json", "-", input=text, cwd=tmp_path)
    assert rules == {f["rule"] for f in json.loads(done.stdout)["files"][0]["findings"]}


def test_check_never_imports_the_server(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from teinei.cli import main\n"
        "CliRunner().invoke(main, ['check', '-'], input='了解しました。')\n"
        "print(sorted(m for m in ('fastapi', 'starlette', 'uvicorn') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def test_serve_without_the_extra_says_what_to_install(tmp_path: Path) -> None:
    code = (  # as if FastAPI were not installed: its import fails the way a missing package's does
        "import sys\n"
        "class Missing:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'fastapi':\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Missing())\n"
        "from teinei.cli import main\n"
        "main(['serve', '--no-browser'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["teinei: teinei serve には追加のパッケージが必要です: pip install 'teinei[serve]'"]


# ---------------------------------------------------------------------------------------------- the page


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Debian's chromium is needed for the page test (apt-get install chromium; .ci/run installs it)"
    return found


def test_the_page_in_a_browser(server: Server, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    elsewhere: list[str] = []
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), headless=True, args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
            page = context.new_page()
            page.on("request", lambda r: None if r.url.startswith(server.url) else elsewhere.append(r.url))
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(server.url)
            expect(page.locator("h1")).to_contain_text("teinei")

            # A curt one-line draft: the whole sentence is marked, and the finding says why.
            body = page.locator("#body")
            body.click()
            page.keyboard.type("進捗を教えてください。")
            expect(page.locator('.finding[data-rule="curt/one-line"]')).to_be_visible()
            expect(page.locator("#backdrop mark.sev-warning").first).to_be_visible()
            expect(page.locator("#backdrop")).to_have_text("進捗を教えてください。")
            assert "ぶっきらぼう" in page.locator('.finding[data-rule="curt/one-line"] .message').inner_text()
            assert page.locator('.finding[data-rule="curt/one-line"] .why').inner_text().startswith("理由：")

            # A display-only rewrite is an example: it fills the text and selects the slot to type over.
            example = page.locator('.finding[data-rule="curt/one-line"] button.apply')
            expect(example).to_have_attribute("data-applicability", "display")
            example.click()
            expect(body).to_have_value(re.compile(r"^〇〇様\n\nいつもお世話になっております。\n.*進捗を.*教えていただけますでしょうか"))
            assert page.evaluate("(() => { const b = document.getElementById('body'); return b.value.slice(b.selectionStart, b.selectionEnd); })()") == "〇〇"
            page.keyboard.type("山田")
            expect(body).to_have_value(re.compile(r"^山田様\n"))
            expect(page.locator("#status")).to_contain_text("例文を入れました")
            body.fill("")
            body.click()
            page.keyboard.type("進捗を教えてください。")
            expect(page.locator('.finding[data-rule="curt/one-line"]')).to_be_visible()

            # A rewrite: すみません is marked; one click replaces it and its finding goes.
            page.keyboard.press("Control+Home")
            page.keyboard.type("すみません、")
            sumimasen = page.locator('.finding[data-rule="keigo/sumimasen"]')
            expect(sumimasen).to_be_visible()
            expect(page.locator("#backdrop mark", has_text="すみません")).to_have_text("すみません")
            page.screenshot(path=str(tmp_path / "serve-page.png"), full_page=True)
            sumimasen.locator("button.apply").click()
            expect(body).to_have_value("申し訳ございません、進捗を教えてください。")
            expect(sumimasen).to_have_count(0)
            expect(page.locator('.finding[data-rule="deadline/missing"]')).to_be_visible()
            page.screenshot(path=str(tmp_path / "serve-page-fixed.png"), full_page=True)
            page.keyboard.press("Control+z")  # the rewrite went through the editor: undo brings the text back
            expect(body).to_have_value("すみません、進捗を教えてください。")
            expect(sumimasen).to_be_visible()

            # Apply all safe fixes, from the keyboard: Tab from the text reaches the button.
            body.fill("")
            body.click()
            page.keyboard.type("了解しました。ご苦労様です。")
            expect(page.locator('.finding[data-rule="keigo/gokurousama"]')).to_be_visible()
            page.keyboard.press("Tab")
            expect(page.locator("#fix-all")).to_be_focused()
            page.keyboard.press("Enter")
            expect(body).to_have_value("承知しました。お疲れ様です。")
            expect(page.locator('.finding[data-rule="keigo/ryokai"]')).to_have_count(0)

            # Copy: the text is on the clipboard.
            page.locator("#copy").click()
            expect(page.locator("#status")).to_have_text("本文をコピーしました。")
            assert page.evaluate("navigator.clipboard.readText()") == "承知しました。お疲れ様です。"

            # An .eml dropped on the page.
            dropped = (WORK / "examples" / "missing-attachment.eml").read_bytes().decode("latin-1")
            page.evaluate(
                """(raw) => {
                    const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
                    const data = new DataTransfer();
                    data.items.add(new File([bytes], "missing-attachment.eml", {type: "message/rfc822"}));
                    for (const type of ["dragenter", "dragover", "drop"]) {
                        document.body.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
                    }
                }""",
                dropped,
            )
            expect(page.locator('.finding[data-rule="clarity/missing-attachment"]')).to_be_visible()
            expect(page.locator("#attachments")).to_have_text("添付ファイル：なし")
            expect(page.locator("#drop-zone")).to_be_hidden()

            # An .eml: decoded by the server, the quoted part and the signature greyed and never flagged.
            page.set_input_files("#eml", str(WORK / "examples" / "reply-quoted.eml"))
            expect(page.locator("#subject")).to_have_value("Re: トップページ原稿の送付")
            expect(page.locator("#backdrop .foreign").first).to_be_visible()
            expect(page.locator(".finding").first).to_be_visible()
            assert page.locator("#backdrop .foreign mark").count() == 0
            page.screenshot(path=str(tmp_path / "serve-page-eml.png"), full_page=True)

            # At 200 % zoom (half as many CSS pixels) the page reflows: nothing is cut off at the side.
            page.set_viewport_size({"width": 640, "height": 450})
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            assert page.locator("#body").bounding_box()["width"] > 500  # the editor takes the whole width
            page.screenshot(path=str(tmp_path / "serve-page-zoomed.png"))

            # The API reference: drawn from /openapi.json by the server's own script.
            page.goto(server.url + "docs")
            expect(page.locator("h2", has_text="POST /api/check-eml")).to_be_visible()
        finally:
            browser.close()
    assert (tmp_path / "serve-page.png").stat().st_size > 10_000
    assert elsewhere == []  # works offline: nothing but this server was asked for
    assert problems == []
