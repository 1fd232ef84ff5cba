"""A one-shot check whose rules and settings were kept by an earlier run imports no pydantic, no YAML and no
TOML parser (issue 17): the kept rules (the vocabulary's too) are plain records, the kept settings plain data,
and results plain classes. Read from the interpreter's own import log (``PYTHONPROFILEIMPORTTIME``), in a real
subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, TODAY, run_cli

HEAVY = ("pydantic", "pydantic_core", "yaml", "tomllib", "annotated_types")

CONFIG = """\
fail-level = "warning"
exclude = ["drafts/**"]

[severity]
"scope" = "info"

[vocabulary]
banned = ["弊社的には"]

[vocabulary.preferred]
"御社" = "貴社"
"""


def imported(stderr: bytes) -> set[str]:
    """The modules a run imported, from ``import time: self | cumulative | name`` lines."""
    names = set()
    for line in stderr.decode().splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "examples" / "reply-vague.txt", tmp_path / "mail.txt")
    (tmp_path / "teinei.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("args", [(), ("--no-cache",), ("--format", "json"), ("--format", "sarif", "--no-cache")])
def test_a_check_with_kept_rules_and_settings_imports_no_pydantic_yaml_or_toml(project: Path, args: tuple) -> None:
    first = run_cli("check", *args, "mail.txt", cwd=project)  # compiles the rules, validates the settings
    assert first.returncode == 1
    again = run_cli("check", *args, "mail.txt", cwd=project, env={"PYTHONPROFILEIMPORTTIME": "1"})
    modules = imported(again.stderr)
    assert "teinei.cli" in modules  # (the log was read)
    assert sorted(m for m in modules if m.split(".")[0] in HEAVY) == []
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout)
    if not args:
        assert "warning [deadline/vague]" in again.stdout.decode()
        assert "info [scope/vague]" in again.stdout.decode()  # the kept settings were applied


@pytest.mark.parametrize("args", [(), ("--no-cache",)])
def test_a_text_draft_imports_no_email_package(project: Path, args: tuple) -> None:
    """A .txt draft has no headers to parse: the standard library's ``email`` package (its parser, header
    registry, ``socket`` and ``email.utils``: about 10 ms) is imported only for mail."""
    first = run_cli("check", *args, "--date", "2026-11-20", "mail.txt", cwd=project)
    again = run_cli("check", *args, "--date", "2026-11-20", "mail.txt", cwd=project,
                    env={"PYTHONPROFILEIMPORTTIME": "1"})
    modules = imported(again.stderr)
    assert "teinei.cli" in modules  # (the log was read)
    assert sorted(m for m in modules if m.split(".")[0] in ("email", "socket")) == []
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout)


def test_kept_vocabulary_rules_still_find_and_fix(project: Path) -> None:
    (project / "mail.txt").write_text("御社のご担当者様へ。弊社的には問題ございません。\n", encoding="utf-8")
    for _ in range(2):  # compiled and kept, then read back
        proc = run_cli("check", "--no-cache", "--format", "json", "mail.txt", cwd=project)
        findings = [(f["rule"], f["column"], (f["fix"] or {}).get("replacement"))
                    for f in json.loads(proc.stdout)["files"][0]["findings"] if f["category"] == "wording"]
        assert findings == [("wording/preferred-term", 1, "貴社"), ("wording/banned-term", 11, None)]


def test_changed_settings_are_validated_again(project: Path) -> None:
    run_cli("check", "mail.txt", cwd=project)
    (project / "teinei.toml").write_text(CONFIG.replace('"info"', '"loud"'), encoding="utf-8")
    proc = run_cli("check", "mail.txt", cwd=project)
    assert (proc.returncode, proc.stderr.decode()) == (
        2, "teinei: teinei.toml: severity.scope: 'info'、'warning'、'error' のいずれかを指定してください\n"
    )


GATE_COUNT = """\
import teinei.regex_gate as gate
calls = []
original = gate.required
gate.required = lambda *args: calls.append(args) or original(*args)
from teinei.linter import Linter
result = Linter(today="2026-11-20").lint("お世話になっております。\\n明日までに資料をお送りください。\\nよろしくお願いいたします。")
print(len(calls), [f.rule for f in result])
"""


def test_kept_rules_bring_the_gates_of_their_expressions(tmp_path: Path) -> None:
    """Compiling the rules works out every expression's literal gate and keeps it with them; a run that reads
    the kept rules reads no expression's syntax again."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", GATE_COUNT], capture_output=True, env=env, check=True, text=True,
                           timeout=120).stdout.split(" ", 1) for _ in range(2)]
    (compiled, first), (kept, again) = runs
    assert int(compiled) > 100  # every expression of the built-in rules
    assert (kept, again) == ("0", first)
    assert "curt/bare-request" in first


BUILT_COUNT = """\
import gc
from teinei.lazy_re import _Kept
from teinei.linter import Linter
linter = Linter(today="2026-11-20")
linter.ruleset
kept = [o for o in gc.get_objects() if isinstance(o, _Kept)]
before = sum("search" in o.__dict__ for o in kept)
result = linter.lint("お世話になっております。\\n明日までに資料をお送りください。\\nよろしくお願いいたします。")
print(len(kept), before, sum("search" in o.__dict__ for o in kept), [f.rule for f in result])
"""


def test_kept_expressions_are_built_only_for_a_message_their_gate_lets_through(tmp_path: Path) -> None:
    """The kept rules' expressions come back unbuilt: loading them builds none, and a short message builds
    the few whose literal gate it passes, with the same findings as the freshly compiled rules."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", BUILT_COUNT], capture_output=True, env=env, check=True, text=True,
                           timeout=120).stdout.split(" ", 3) for _ in range(2)]
    (_, _, _, compiled), (kept, before, built, again) = runs
    assert int(kept) > 100 and before == "0"
    assert 0 < int(built) < int(kept) / 3
    assert again == compiled
    assert "curt/bare-request" in again


HOUSE_RULE = """\
kind: phrase
severity: warning
description: 社外の文面では、社内の呼び名ではなく正式な製品名を使います。
message: 「{match}」は社内の呼び名です。
suggest: 正式な製品名で書きましょう。
phrases: [例のシステム]
examples:
  bad: [例のシステムの件でご連絡します。]
  good: [クラウド会計の件でご連絡します。]
"""


def test_rules_compiled_in_one_project_serve_another_and_keep_their_labels(tmp_path: Path) -> None:
    """Compiled rules are kept by what their labels show, not by the folder a run starts in: the hook of a
    second repository reads the rules the first compiled; a run that names the rule files otherwise (from
    inside the rule folder's project, or by another relative path) compiles its own, with its own labels (an
    editor opens a rule's file by its label)."""
    shared = tmp_path / "shared"
    (shared / "rules" / "house").mkdir(parents=True)
    (shared / "rules" / "house" / "old-name.yaml").write_text(HOUSE_RULE, encoding="utf-8")
    kept = tmp_path / "cache" / "teinei"
    show_label = "import sys; from teinei.linter import Linter; print(Linter(rules=sys.argv[1]).ruleset.rules['house/old-name'].path)"

    def label(cwd: Path, rules: str) -> str:
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
        proc = subprocess.run([sys.executable, "-c", show_label, rules], cwd=cwd, env=env, capture_output=True,
                              check=False, timeout=120)
        assert proc.returncode == 0, proc.stderr.decode()
        return proc.stdout.decode().strip()

    absolute = str(shared / "rules" / "house" / "old-name.yaml")
    for project in ("one", "two"):
        (tmp_path / project).mkdir()
        assert label(tmp_path / project, str(shared / "rules")) == absolute
    assert len(list(kept.glob("rules-*.pickle"))) == 1
    assert label(shared, "rules") == os.path.join("rules", "house", "old-name.yaml")
    assert label(tmp_path / "one", "../shared/rules") == "../shared/rules/house/old-name.yaml"
    assert len(list(kept.glob("rules-*.pickle"))) == 3
    assert label(tmp_path / "two", str(shared / "rules")) == absolute
    assert label(shared, "rules") == os.path.join("rules", "house", "old-name.yaml")
    assert len(list(kept.glob("rules-*.pickle"))) == 3


def test_the_command_ends_at_once_only_with_its_output_whole_and_no_exit_handler_waiting(tmp_path: Path) -> None:
    """The command skips the interpreter's teardown (``teinei.__main__.run``): a report far larger than a pipe's buffer
    still arrives whole, and where an exit handler is registered the process exits normally and runs it."""
    (tmp_path / "long.txt").write_text("追加の画像とかもういいです。\n" * 600, encoding="utf-8")
    quick = run_cli("check", "--format", "json", "long.txt", cwd=tmp_path)
    assert quick.returncode == 1
    assert len(quick.stdout) > 500_000
    assert json.loads(quick.stdout)["summary"]["findings"] == 1200
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('後片付け', file=sys.stderr))\n"
        "from teinei.__main__ import run\n"
        "sys.argv = ['teinei', 'check', '--format', 'json', 'long.txt']\n"
        "run()\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "TEINEI_DATE": TODAY.isoformat()}
    handled = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, timeout=120)
    assert (handled.returncode, handled.stdout) == (1, quick.stdout)
    assert handled.stderr.decode("utf-8").splitlines()[-1] == "後片付け"


COLLECTOR = """\
import gc, sys
import teinei.cli as cli
def quiet(*, one_file):
    chosen(one_file=one_file)
    print(one_file, gc.isenabled(), gc.get_threshold()[0], file=sys.stderr)
chosen, cli._quiet_garbage_collector = cli._quiet_garbage_collector, quiet
sys.argv = ["teinei", "check", *sys.argv[1:]]
from teinei.__main__ import run
run()
"""


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["mail.txt"], "True False"),  # one file: nothing a collection could free is worth its time
        (["-"], "True False"),
        (["mail.txt", "other.txt"], "False True 50000"),  # a run of many files: frozen, and collected seldom
        (["."], "False True 50000"),
    ],
)
def test_the_collector_is_off_for_a_one_file_check_only(project: Path, args: list[str], said: str) -> None:
    shutil.copy(project / "mail.txt", project / "other.txt")
    env = {**os.environ, "XDG_CACHE_HOME": str(project / "cache"), "TEINEI_DATE": TODAY.isoformat()}
    done = subprocess.run([sys.executable, "-c", COLLECTOR, *args], cwd=project, env=env, capture_output=True,
                          input=(project / "mail.txt").read_bytes(), timeout=120)
    assert done.returncode == 1
    assert done.stderr.decode("utf-8").splitlines()[0].startswith(said)


def test_kept_records_unpickle_examples_and_source_patterns_on_first_read() -> None:
    """A rule's examples and the token patterns its check was compiled from are kept apart in the pickle
    (no check reads them): a kept record comes back without them, reads them on first use, and then gives
    every field, in the model's order, as the model did."""
    import pickle

    from teinei.ruleset.compiled import _dumps
    from teinei.ruleset.load import read_rules

    models = read_rules(())
    kept, _ = pickle.loads(_dumps(models))
    rule_id = next(i for i, loaded in models.rules.items() if getattr(loaded.rule, "patterns", None))
    model, record = models.rules[rule_id].rule, kept.rules[rule_id].rule
    assert "examples" not in record.__dict__ and "patterns" not in record.__dict__
    assert record.examples.bad[0].text == model.examples.bad[0].text
    assert list(record.__dict__) == list(type(model).model_fields)
    assert record.model_dump(by_alias=True) == model.model_dump(by_alias=True)
    assert pickle.loads(pickle.dumps(record)) == record
