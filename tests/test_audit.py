"""teinei audit: an archive generated here (the same mails as an mbox, a Maildir and a folder of .eml files,
plus a broken mail) gives one report whatever its form, whatever runs it (one process, Dask) and however
often it is interrupted, and its counts are those of `teinei check --format json` on each mail on its own."""

from __future__ import annotations

import dataclasses
import functools
import json
import mailbox
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
from collections import Counter
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from .conftest import CACHE_HOME, TODAY, WORK, run_cli

# Subprocesses waited on with time-outs, a Dask cluster's heartbeats and a browser all wait on the clock, which
# libfaketime breaks (time.sleep fails with EINVAL under it): this module runs in the suite's real-clock run
# only. Its dates come from TEINEI_DATE and each mail's Date header, so the shifted run would test nothing more.
pytestmark = pytest.mark.real_clock

SATO, SUZUKI, TANAKA = "sato@teinei.example.jp", "suzuki@teinei.example.jp", "tanaka@teinei.example.jp"
REQUEST = "株式会社サンプル\n{name}様\n\nお世話になっております。\n見積書No.{number}の資料を送ってください。\n\nよろしくお願いいたします。\n"


def _mail(body: str, sender: str, number: int, *, month: int | None, charset: str = "utf-8", **headers: str) -> bytes:
    message = MIMEText(body, "plain", charset)
    message["From"] = f"営業部 <{sender}>"
    message["To"] = "customer@sample.example.jp"
    message["Subject"] = headers.get("subject", f"見積書No.{number}の件")
    if month is not None:
        import datetime as dt

        sent = dt.datetime(2026, month, 2 + number, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
        message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<{number}@teinei.example.jp>"
    return message.as_bytes()


def _unclosed_multipart(sender: str, number: int) -> bytes:
    """An iPhone-style forward cut before its closing boundary: mail clients show its text, so does teinei."""
    outer = MIMEMultipart("mixed", boundary="cut-here")
    outer["From"] = sender
    outer["Subject"] = "Fw: ご依頼の件"
    outer["Date"] = "Mon, 12 Oct 2026 09:00:00 +0900"
    outer["Message-ID"] = f"<{number}@teinei.example.jp>"
    outer.attach(MIMEText("ご依頼の件、近日中に対応します。\n", "plain", "utf-8"))
    data = outer.as_bytes()
    return data[: data.rindex(b"--cut-here--")]


# (file name, sender, bytes): the same template sent three times, curt replies, a vague deadline, mail in
# ISO-2022-JP, a body line starting with "From " (escaped in an mbox), a mail without a Date, and a broken one.
MAILS: list[tuple[str, str | None, bytes]] = [
    ("01.eml", SATO, _mail(REQUEST.format(name="佐藤", number=101), SATO, 1, month=9)),
    ("02.eml", SATO, _mail(REQUEST.format(name="鈴木", number=202), SATO, 2, month=10)),
    ("03.eml", SATO, _mail(REQUEST.format(name="高橋", number=303), SATO, 3, month=11)),
    ("04.eml", SUZUKI, _mail("了解しました。\n", SUZUKI, 4, month=9, subject="Re: 納期の件")),
    ("05.eml", SUZUKI, _mail("了解です。\n", SUZUKI, 5, month=11, subject="Re: 日程の件")),
    ("06.eml", TANAKA, _mail(
        "株式会社サンプル\n山本様\n\nお世話になっております。\n完成までもうしばらくお待ちください。\n"
        "\nFrom Tokyo 工場から本日出荷いたしました。\n\nよろしくお願いいたします。\n", TANAKA, 6, month=10)),
    ("07.eml", TANAKA, _mail(
        "株式会社サンプル\n山本様\n\nいつもお世話になっております。\n資料をお送りいただき、ありがとうございました。\n"
        "拝見のうえ、11月27日(金)までにご連絡いたします。\n\nよろしくお願いいたします。\n",
        TANAKA, 7, month=11, charset="iso-2022-jp")),
    ("08.eml", SUZUKI, _unclosed_multipart(SUZUKI, 8)),
    ("09.eml", TANAKA, _mail("株式会社サンプル\n山本様\n\n追加の画像とかもういいです。\n", TANAKA, 9, month=None)),
]
BROKEN = ("10.eml", SATO, (
    f"From: {SATO}\nSubject: x\nDate: Mon, 12 Oct 2026 09:00:00 +0900\nContent-Type: text/plain; charset=iso-2022-jp\n\n"
).encode() + b"\x82\xa8\xff\xfe\xfd\n")
BROKEN_REASON = "本文の文字コードを判別できません（宣言された iso-2022-jp でも、UTF-8・Shift_JIS・EUC-JP でも読めません）"
BROKEN_REASON_AUDIT = BROKEN_REASON  # (check and audit give the same reason)


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same mails as an mbox, a Maildir and an .eml folder, written with the standard library's mailbox."""
    root = tmp_path_factory.mktemp("archives")
    folder = root / "eml"
    folder.mkdir()
    box = mailbox.mbox(root / "sent.mbox")
    maildir = mailbox.Maildir(root / "Maildir")
    for name, _, data in [*MAILS, BROKEN]:
        (folder / name).write_bytes(data)
        box.add(data)
        maildir.add(data)
    box.flush()
    return {"mbox": root / "sent.mbox", "maildir": root / "Maildir", "eml": folder}


@functools.cache  # the same audit asked again by another test: its report, not another run
def _audit(*args: str | Path) -> dict[str, Any]:
    proc = run_cli("audit", "--format", "json", *map(str, args))
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def _placeless(report: dict[str, Any]) -> dict[str, Any]:
    """The report without where each mail is stored (a file name, or an mbox and a byte offset)."""
    report = json.loads(json.dumps(report))
    for entry in report["unreadable"]:
        entry.pop("where")
    for template in report["templates"]:
        template["example"].pop("where")
    return report


@pytest.fixture(scope="module")
def expected(archives: dict[str, Path]) -> dict[str, Any]:
    """What `teinei check --format json` says of each .eml file on its own, counted by sender, month, rule."""
    proc = run_cli("check", "--format", "json", str(archives["eml"]))
    assert proc.stderr.decode().splitlines() == [f"{archives['eml'] / BROKEN[0]}: {BROKEN_REASON}"]
    months = {name: re.search(rb"^Date: .* (Sep|Oct|Nov) 2026", data, re.M) for name, _, data in MAILS}
    month_of = {name: f"2026-{ {b'Sep': 9, b'Oct': 10, b'Nov': 11}[m[1]]:02d}" if m else None for name, m in months.items()}
    sender_of = {name: sender for name, sender, _ in MAILS}
    senders: dict[str, Counter[str]] = {}
    by_month: dict[str | None, Counter[str]] = {}
    rules: Counter[str] = Counter()
    for file in json.loads(proc.stdout)["files"]:
        name = Path(file["path"]).name
        if name == BROKEN[0]:
            continue  # (listed with its error by newer versions of check)
        categories = Counter(f["category"] for f in file["findings"])
        senders.setdefault(sender_of[name], Counter()).update(categories)
        by_month.setdefault(month_of[name], Counter()).update(categories)
        rules.update(f["rule"] for f in file["findings"])
    return {"senders": senders, "months": by_month, "rules": rules}


def test_mbox_maildir_and_eml_folder_give_the_report_of_checking_each_mail_on_its_own(
    archives: dict[str, Path], expected: dict[str, Any]
) -> None:
    report = _audit(archives["mbox"])
    assert report["messages"] == len(MAILS)
    assert [(u["where"], u["reason"]) for u in report["unreadable"]] == [(f"{archives['mbox']}#{_offset(archives['mbox'], 10)}", BROKEN_REASON_AUDIT)]
    senders = {s["sender"]: (s["messages"], Counter(s["findings"])) for s in report["senders"]}
    assert senders == {
        sender: (sum(1 for _, s, _ in MAILS if s == sender), expected["senders"][sender]) for sender in (SATO, SUZUKI, TANAKA)
    }
    assert senders[SATO] == (3, {"curt": 3, "deadline": 3})  # the template: a bare request with no deadline
    assert {m["month"]: Counter(m["findings"]) for m in report["months"]} == expected["months"]
    assert [m["month"] for m in report["months"]] == ["2026-09", "2026-10", "2026-11", None]
    assert report["rules"] == dict(sorted(expected["rules"].items(), key=lambda item: (-item[1], item[0])))
    assert report["findings"] == sum(expected["rules"].values())
    (template,) = report["templates"]  # the request sent three times, to three people, with other numbers
    assert (template["messages"], template["example"]["subject"]) == (3, "見積書No.1の件")
    assert _placeless(_audit(archives["maildir"])) == _placeless(report)
    assert _placeless(_audit(archives["eml"])) == _placeless(report)


def _offset(mbox: Path, number: int) -> int:
    """The byte offset of the From line of the ``number``-th message (1-based) of an mbox."""
    data = mbox.read_bytes()
    starts = [0] + [m.start() + 1 for m in re.finditer(rb"\nFrom ", data)]
    return starts[number - 1]


def test_jobs_and_small_partitions_give_the_same_report_byte_for_byte(archives: dict[str, Path]) -> None:
    whole = run_cli("audit", "--format", "json", "--jobs", "1", str(archives["mbox"]))
    split = run_cli("audit", "--format", "json", "--jobs", "2", "--partition-size", "600", str(archives["mbox"]))
    assert split.stdout == whole.stdout and json.loads(whole.stdout)["messages"] == len(MAILS)


@pytest.fixture(scope="module")
def cluster():
    """A Dask cluster of two workers of one thread each, in this process (threads start faster)."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://", host="127.0.0.1", dashboard_address=":0"
    ) as local:
        yield local


def test_dask_gives_the_same_report(archives: dict[str, Path], cluster) -> None:
    whole = _audit(archives["mbox"], "--jobs", "1")
    assert _audit(archives["mbox"], "--dask", cluster.scheduler_address, "--partition-size", "600") == whole
    assert _audit(archives["eml"], "--dask", cluster.scheduler_address, "--partition-size", "1") == _audit(archives["eml"])


def test_dask_local_starts_its_own_cluster(archives: dict[str, Path]) -> None:
    # One worker runs as a thread (two or more as processes: measured in bench/audit.py, too slow for a test).
    assert _audit(archives["mbox"], "--dask", "local", "--jobs", "1", "--partition-size", "600") == _audit(archives["mbox"])


@pytest.mark.parametrize(("jobs", "finished"), [(1, 4), (2, 9)])
def test_an_interrupted_audit_resumes_to_the_same_report(
    archives: dict[str, Path], tmp_path: Path, jobs: int, finished: int
) -> None:
    """Interrupted (Ctrl-C, which a terminal sends to every process of the command) while linting a very long
    mail, the audit says so in one line and keeps the partitions it finished; run again once that mail is the
    right one, it redoes only the rest and reports as a run never stopped. With two workers, the other one
    has done every other partition by then."""
    inbox = shutil.copytree(archives["eml"], tmp_path / "inbox")
    slow = inbox / "05.eml"
    slow.write_bytes(_mail("資料を送ってください。とかいろいろちょっと確認します。\n" * 12000, SUZUKI, 5, month=11))
    resume = tmp_path / "resume"
    command = ["audit", "--format", "json", "--jobs", str(jobs), "--partition-size", "1", "--resume", str(resume), str(inbox)]
    env = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(CACHE_HOME), "TEINEI_DATE": TODAY.isoformat()}
    process = subprocess.Popen([sys.executable, "-m", "teinei", *command], cwd=WORK, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(resume.glob("part-*.json"))) < finished and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)  # while 05.eml is being linted
    out, err = process.communicate(timeout=60)
    assert (process.returncode, err.decode()) == (
        130, f"teinei: 監査を中断しました。同じコマンドをもう一度実行すると {resume} から再開します\n"
    )
    assert out == b""
    kept = {p.name: p.stat().st_mtime_ns for p in resume.glob("part-*.json")}
    assert len(kept) == finished
    slow.write_bytes(archives["eml"].joinpath("05.eml").read_bytes())
    proc = run_cli(*command)
    assert proc.returncode == 0
    assert proc.stderr.decode() == f"前回の続きから再開します（全 10 区画のうち {finished} 区画は前回の結果を使います）\n"
    assert {p.name: p.stat().st_mtime_ns for p in resume.glob("part-*.json") if p.name in kept} == kept
    assert _placeless(json.loads(proc.stdout)) == _placeless(_audit(archives["eml"]))
    other = run_cli("audit", "--resume", str(resume), str(archives["mbox"]))
    assert (other.returncode, other.stderr.decode()) == (
        2, f"teinei: {resume}: 別の監査（対象のメールかオプションが違うもの）の途中結果が入っています。"
        "空のフォルダか新しいフォルダを指定してください\n"
    )


def test_an_interrupt_just_after_a_partition_is_kept_stays_an_interrupt(
    archives: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C landing the moment a partition's file is renamed into place (where the test above sends it, on a
    loaded machine) is still the interrupt, answered in one line, and the file is whole; it was an internal
    error, from removing a temporary file that had just been renamed."""
    from teinei import storage
    from teinei.audit.resume import ResumeStore
    from teinei.audit.sources import plan
    from teinei.audit.tally import Tally
    from teinei.audit.work import Settings

    partitions = plan([str(archives["mbox"])])
    store = ResumeStore(str(tmp_path / "resume"), Settings(), partitions)
    replace = os.replace

    def replaced_then_interrupted(source: str, target: str) -> None:
        replace(source, target)
        raise KeyboardInterrupt

    monkeypatch.setattr(storage.os, "replace", replaced_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.save(partitions[0], Tally())
    monkeypatch.undo()
    assert store.load(partitions[0]) is not None
    assert sorted(p.name for p in (tmp_path / "resume").iterdir()) == ["part-" + partitions[0].key + ".json", "plan.json"]


def test_anonymized_senders_csv_and_parquet(archives: dict[str, Path], tmp_path: Path) -> None:
    proc = run_cli("audit", "--format", "csv", "--anonymize", str(archives["eml"]))
    (line,) = proc.stderr.decode().splitlines()
    salt = line.rsplit(" ", 1)[1]
    assert re.fullmatch(r"[0-9a-f]{32}", salt)
    rows = proc.stdout.decode().splitlines()
    assert rows[0] == "message_id,sender,date,rule,category,severity,line,column,part,where"
    assert SATO not in proc.stdout.decode()
    import hashlib

    hidden = "anon-" + hashlib.sha256(f"{salt}:{SATO}".encode()).hexdigest()[:12]
    assert sum(1 for row in rows if f",{hidden}," in row) == 6  # whoever holds the salt can match it back
    import pyarrow.parquet as pq

    target = tmp_path / "findings.parquet"
    assert run_cli("audit", "--format", "parquet", "-o", str(target), str(archives["eml"])).returncode == 0
    table = pq.read_table(target)
    assert table.num_rows == len(rows) - 1
    assert Counter(table.column("sender").to_pylist())[SATO] == 6


def test_text_report_and_bad_options(archives: dict[str, Path]) -> None:
    proc = run_cli("audit", str(archives["eml"]), "--from", SUZUKI.upper(), "--since", "2026-10-01")
    text = proc.stdout.decode()
    assert text.startswith("監査したメール: 2 通")
    assert SATO not in text and SUZUKI in text
    for args, error in [
        (("missing.mbox",), "teinei: missing.mbox: ファイルもフォルダも見つかりません"),
        (("--since", "1 Oct", "x"), "teinei: --since の日付 '1 Oct' を読めません。YYYY-MM-DD の形で指定してください（例: 2026-04-01）"),
        (("--since", "2026-11-01", "--until", "2026-10-01", str(archives["eml"])),
         "teinei: --since（2026-11-01）が --until（2026-10-01）より後の日付です。期間を指定し直してください"),
        (("--partition-size", "big", "x"), "teinei: --partition-size 'big' を読めません。バイト数で指定してください（例: 65536、512K、8M）"),
        (("--format", "parquet", str(archives["eml"])),
         "teinei: --format parquet はファイルに書き出す形式です。--output FILE で書き出し先を指定してください"),
        (("-o", str(archives["eml"] / "no" / "such" / "report.json"), str(archives["eml"])),
         f"teinei: {archives['eml'] / 'no' / 'such' / 'report.json'}: 書き込めません（見つかりません）"),
        (("--dask", "nonsense://scheduler", str(archives["eml"])), "Dask のスケジューラーに接続できません"),
    ]:
        proc = run_cli("audit", *args)
        err = proc.stderr.decode()
        assert proc.returncode == 2 and "Traceback" not in err and len(err.splitlines()) == 1, err
        assert err == error + "\n" if error.startswith("teinei: ") else error in err


def test_check_reports_each_message_of_the_mbox_audit_reads(archives: dict[str, Path]) -> None:
    """check and audit split a mailbox alike: the same messages, and the broken one named by both."""
    proc = run_cli("check", "--format", "json", str(archives["mbox"]))
    files = json.loads(proc.stdout)["files"]
    assert proc.returncode == 2 and len(files) == len(MAILS) + 1
    assert [f["message"]["index"] for f in files] == list(range(1, len(MAILS) + 2))
    assert [f.get("error") for f in files] == [None] * len(MAILS) + [f"{BROKEN_REASON}"]


def test_html_report_opens_offline_in_headless_chromium_with_its_charts_drawn(archives: dict[str, Path], tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Debian's chromium is needed (see .ci/run)"
    page = tmp_path / "report.html"
    assert run_cli("audit", "--format", "html", "-o", str(page), str(archives["eml"])).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)  # nothing fetched: it opens offline
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "report.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1100,1500", page.as_uri()], capture_output=True, timeout=60, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", shot.read_bytes()[16:24]) == (1100, 1500)
    # The same page with a probe appended: the browser lays the charts out; their drawn sizes are read back.
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("</body>", """<script>
      const charts = [...document.querySelectorAll("svg")].map(svg => {
        const box = svg.getBBox();
        const bars = [...svg.querySelectorAll("rect")].filter(r => r.getBBox().width > 1).length;
        const lines = [...svg.querySelectorAll("polyline")].filter(p => p.getTotalLength() > 0).length;
        return {width: Math.round(box.width), height: Math.round(box.height), bars, lines};
      });
      document.body.setAttribute("data-charts", JSON.stringify(charts));
    </script></body>"""), encoding="utf-8")
    dom = subprocess.run([*flags, "--dump-dom", probe.as_uri()], capture_output=True, timeout=60, check=True).stdout.decode()
    charts = json.loads(re.search(r'data-charts="([^"]*)"', dom)[1].replace("&quot;", '"'))
    trend, senders, rules = charts
    assert trend["lines"] == len({c for m in _audit(archives["eml"])["months"] if m["month"] for c in m["findings"]})
    assert senders["bars"] == 3 and rules["bars"] >= 5
    assert all(chart["width"] > 200 and chart["height"] > 40 for chart in charts)


def test_progress_bar_only_on_a_terminal(archives: dict[str, Path]) -> None:
    """On a terminal, standard error gets a bar with the rate; in a pipe (every other test here) nothing."""
    import fcntl
    import pty
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    env = {**os.environ, "XDG_CACHE_HOME": str(CACHE_HOME), "TEINEI_DATE": TODAY.isoformat()}
    process = subprocess.Popen([sys.executable, "-m", "teinei", "audit", "--format", "json", "--jobs", "1", str(archives["mbox"])],
                               cwd=WORK, env=env, stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        drawn += chunk
    out, _ = process.communicate(timeout=60)
    os.close(leader)
    assert json.loads(out)["messages"] == len(MAILS)  # standard output is the report alone
    assert re.search(r"監査: +100%\|.*\| [\d.]+k?/[\d.]+k? \[.*, 10 通, [\d,]+ 通/秒\]", drawn.decode())  # 10 read, 1 unreadable


def test_without_the_extra_one_line_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from teinei.audit import command
    from teinei.errors import TeineiError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a))
    options = command.Options(("x.mbox",), (), None, None, "json", None, 1, "local", None, False, None, None, None, [], [], (), None)
    with pytest.raises(TeineiError, match=r"^この指定には distributed が必要です。次のコマンドで入れてください: pip install 'teinei\[audit\]'$"):
        command.require_extra(options, progress=False)
    command.require_extra(dataclasses.replace(options, dask=None), progress=False)


def test_mbox_partitions_start_at_separator_lines_only(tmp_path: Path) -> None:
    """A CRLF mbox cut into partitions of every size gives back each message whole: a body line that starts
    with "From " but is no separator (no envelope time) never splits a message, an escaped one is restored."""
    from teinei.audit import sources

    bodies = [
        b"Subject: a\r\n\r\nFrom here on, please write to me.\r\n\r\nFrom the sales team\r\n",
        b"Subject: b\r\n\r\n>From Tokyo 12:00 shipping\r\n",
        b"Subject: c\r\n\r\nthird\r\n",
    ]
    separator = b"From sato@example.jp Thu Nov 19 18:02:00 2026\r\n"
    data = b"".join(separator + body + b"\r\n" for body in bodies)
    box = tmp_path / "crlf.mbox"
    box.write_bytes(data)
    expected = [bodies[0], bodies[1].replace(b">From", b"From"), bodies[2]]
    for size in range(1, len(data) + 2, 7):
        partitions = sources.plan([str(box)], size)
        mails = [mail for partition in partitions for mail in sources.read(partition)]
        assert [mail.data for mail in mails] == expected, size
        assert [mail.where for mail in mails] == [f"{box}#{data.index(body) - len(separator)}" for body in bodies]


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / os.fsdecode(b"bad\xff.eml")).write_bytes(BROKEN[2])
    report = tmp_path / "report.json"
    proc = run_cli("audit", "--format", "json", "-o", str(report), str(folder))
    assert (proc.returncode, proc.stderr) == (0, b"")
    (unreadable,) = json.loads(report.read_text(encoding="utf-8"))["unreadable"]
    assert unreadable == {"where": f"{folder}/bad\\udcff.eml", "reason": BROKEN_REASON_AUDIT}


def test_one_template_sent_to_different_people_is_one_fingerprint() -> None:
    from teinei.audit.mail import fingerprint

    sent = [
        "株式会社サンプル\n営業部\n佐藤様\n\nお世話になっております。\n佐藤様、12月5日の件でご連絡いたします。\n",
        "有限会社テスト\n山本 一郎様\n\nお世話になっております。\n山本様、1月20日の件でご連絡いたします。\n",
    ]
    other = "有限会社テスト\n山本様\n\nお世話になっております。\n資料をお送りします。\n"
    assert fingerprint(sent[0]) == fingerprint(sent[1]) != fingerprint(other)
    assert fingerprint(other) == fingerprint("お世話になっております。\n資料をお送りします。\n")  # no addressee block


def test_forgetting_templates_sent_once_keeps_every_count(linter) -> None:
    """Past the limit of distinct bodies, those sent once are forgotten: the report's counts stay exact."""
    from teinei.audit.mail import Filters, lint_mail
    from teinei.audit.report.document import build
    from teinei.audit.tally import Tally

    tally = Tally()
    for name, _, data in MAILS:
        tally.add(lint_mail(linter, name, data, TODAY, Filters()), rows=False)
    before = build(tally)
    tally.forget_single_templates(limit=1)
    after = build(tally)
    assert len(tally.templates) == 1  # only the body sent three times is left
    assert after == before and sum(before["rules"].values()) == before["findings"] > 0


def test_a_multipart_cut_before_its_closing_boundary_is_read_by_check_and_audit(tmp_path: Path) -> None:
    """What every mail client shows is read (issue 22): the forward cut before ``--cut-here--`` gives its text
    part to check and to audit alike, the vague 近日中に in it found by both."""
    folder = tmp_path / "cut"
    folder.mkdir()
    name, sender, data = MAILS[7]
    assert (name, data.rstrip().endswith(b"--cut-here--")) == ("08.eml", False)
    (folder / name).write_bytes(data)
    check = run_cli("check", "--format", "json", "--select", "deadline", str(folder / name))
    (file,) = json.loads(check.stdout)["files"]
    assert (check.returncode, "error" in file, [f["rule"] for f in file["findings"]]) == (1, False, ["deadline/vague"])
    report = _audit(folder, "--select", "deadline")
    assert (report["messages"], report["unreadable"], report["rules"]) == (1, [], {"deadline/vague": 1})
    assert report["senders"][0]["sender"] == sender


def test_every_reason_a_mail_is_unreadable_is_given_in_japanese(tmp_path: Path) -> None:
    """The audit report gives each broken mail of the bad-input tests the reason `teinei check` gives it, in
    Japanese, none as an unknown reason."""
    from .test_bad_input import BAD_FILES

    folder = tmp_path / "broken"
    folder.mkdir()
    broken = {name: why for name, (_, why) in BAD_FILES.items() if name.endswith(".eml")}
    for name in broken:
        (folder / name).write_bytes(BAD_FILES[name][0])
    report = _audit(folder)
    assert report["messages"] == 0
    assert {u["where"]: u["reason"] for u in report["unreadable"]} == {
        str(folder / name): why for name, why in broken.items()
    }
    assert not [why for why in broken.values() if why.isascii()]
    assert not [u for u in report["unreadable"] if u["reason"].startswith("読み込めません（")]  # (an unknown reason)


def test_names_before_honorifics_are_found_as_the_regular_expression_finds_them() -> None:
    """The fingerprint's fast way of dropping a name before 様 or 殿 gives what ``_NAMED.sub`` gives (fixed
    seed: runs of every length around the 20-character limit, honorifics side by side, separators)."""
    import random

    from teinei.audit.mail import _NAMED, _RUN, _without_names

    rng = random.Random(22)
    for _ in range(20_000):
        alphabet = rng.choice(["様殿あいうえお", "様あああああああああああ、。 ", "殿様佐藤 \n「」"])
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
        assert _RUN.sub(_without_names, text) == _NAMED.sub("", text), text
