"""What a cloned repository can make teinei do: it must never run the repository's code, write outside the
folder being checked, or hang on an expression the repository supplies (issue 15, section 2)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from teinei.hook import install
from teinei.ruleset import compiled

from .conftest import run_cli

CURT = "資料、まだですか？早く送ってください。\n"


def git_env(tmp_path: Path) -> dict[str, str]:
    """Git isolated from the machine's settings."""
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("[user]\n\tname = T\n\temail = t@example.com\n[init]\n\tdefaultBranch = main\n",
                         encoding="utf-8")
    return {**os.environ, "GIT_CONFIG_GLOBAL": str(gitconfig), "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1"}


def git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, timeout=120, check=False)


# ---------------------------------------------------------------------------------------------- the git hook

# Each writes a marker file when imported, so the test sees whether the repository's code ran.
PLANTED = {
    "click.py": "import pathlib; pathlib.Path('{marker}').write_text('ran')\n",
    "yaml.py": "import pathlib; pathlib.Path('{marker}').write_text('ran')\n",
    "teinei/__init__.py": "import pathlib; pathlib.Path('{marker}').write_text('ran')\n",
    "teinei/__main__.py": "raise SystemExit(0)  # a silent pass\n",
}


def test_the_git_hook_never_imports_the_repositorys_own_python_files(tmp_path: Path) -> None:
    env = git_env(tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    assert git(repo, env, "init", "-q").returncode == 0
    install(cwd=repo)  # in this process: `python -m teinei` in the repository would import its teinei/
    marker = tmp_path / "pwned"
    for name, code in PLANTED.items():
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_text(code.format(marker=marker), encoding="utf-8")
    (repo / "reminder.txt").write_text(CURT, encoding="utf-8")
    git(repo, env, "add", "-A")

    committed = git(repo, env, "commit", "-m", "templates")
    shown = committed.stdout.decode() + committed.stderr.decode()
    assert not marker.exists(), "the repository's code ran in the hook"
    assert committed.returncode != 0, shown  # the real teinei ran and found the curt message
    assert "reminder.txt:1:12: warning [deadline/missing]" in shown
    assert "teinei: コミットを止めました" in shown


# ---------------------------------------------------------------------------------------------- writes

RYOKAI = "了解しました。明日伺います。\n"


def test_fix_never_writes_through_a_committed_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text(RYOKAI, encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "notes.txt").symlink_to("../outside/secret.txt")
    (repo / "reply.txt").write_text(RYOKAI, encoding="utf-8")

    proc = run_cli("check", "--fix", ".", cwd=repo)
    assert secret.read_text(encoding="utf-8") == RYOKAI  # untouched
    assert (repo / "notes.txt").is_symlink()
    assert (repo / "reply.txt").read_text(encoding="utf-8") == "承知しました。明日伺います。\n"  # the real file is fixed
    assert "./notes.txt: 書き換えていません（シンボリックリンクには書き込みません" in (
        proc.stderr.decode()
    )
    assert proc.returncode == 2


def test_a_committed_cache_folder_link_is_never_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim" / "Documents"
    victim.mkdir(parents=True)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".teinei_cache").symlink_to("../victim/Documents", target_is_directory=True)
    (repo / "reply.txt").write_text(RYOKAI, encoding="utf-8")
    for number in range(70):  # enough files for the cache's folder indexes to be written too
        (repo / f"thanks-{number:02d}.txt").write_text("いつもありがとうございます。\n", encoding="utf-8")

    for _ in range(2):  # the second run would read what the first stored
        proc = run_cli("check", ".", cwd=repo)
        assert proc.returncode == 1 and "./reply.txt:1:1: warning [keigo/ryokai]" in proc.stdout.decode()
    assert list(victim.iterdir()) == []


def test_links_inside_a_committed_cache_folder_are_never_written_through(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".config" / "git").mkdir(parents=True)
    excludes = home / ".config" / "git" / "ignore"  # absent: a dangling link to it must not create it
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    repo = tmp_path / "repo"
    (repo / ".teinei_cache").mkdir(parents=True)
    (repo / ".teinei_cache" / ".gitignore").symlink_to(excludes)
    (repo / ".teinei_cache" / "CACHEDIR.TAG").symlink_to(elsewhere / "tag")
    (repo / ".teinei_cache" / "v1").symlink_to(elsewhere, target_is_directory=True)
    (repo / "reply.txt").write_text(RYOKAI, encoding="utf-8")

    proc = run_cli("check", ".", cwd=repo)
    assert proc.returncode == 1 and "./reply.txt:1:1: warning [keigo/ryokai]" in proc.stdout.decode()
    assert not excludes.exists() and list(elsewhere.iterdir()) == []
    assert (repo / ".teinei_cache" / ".gitignore").is_symlink()


# ---------------------------------------------------------------------------------------------- compiled rules


class _Planted:
    """A pickle that writes a marker file when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (f"import pathlib; pathlib.Path({str(self.marker)!r}).write_text('ran')",)


def _compiled_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Compile the built-in rules once into a fresh cache home; the pickle written."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    compiled._rule_sets.clear()
    compiled.compiled_rules(())
    (pickled,) = (tmp_path / "cache-home" / "teinei").glob("rules-*.pickle")
    return pickled


def _load_again() -> int:
    compiled._rule_sets.clear()  # as in a new process
    return len(compiled.compiled_rules(()).rules)


def test_a_compiled_rule_file_is_read_only_after_its_key_matches(tmp_path: Path, monkeypatch) -> None:
    pickled = _compiled_rules(tmp_path, monkeypatch)
    rules = _load_again()
    marker = tmp_path / "ran"
    pickled.write_bytes(pickle.dumps(_Planted(marker)))  # no key in front: never unpickled
    assert _load_again() == rules and not marker.exists()
    # The same payload behind the right key is unpickled (so the checks below are what stop it).
    header = pickled.read_bytes()  # rewritten by the load above
    header = header[: header.index(b"\n") + 1]
    pickled.write_bytes(header + pickle.dumps(_Planted(marker)))
    _load_again()
    assert marker.exists()


@pytest.mark.parametrize("who", ["group-writable file", "world-writable folder", "another user's file"])
def test_a_compiled_rule_file_others_could_write_is_never_read(tmp_path: Path, monkeypatch, who: str) -> None:
    pickled = _compiled_rules(tmp_path, monkeypatch)
    rules = _load_again()
    marker = tmp_path / "ran"
    header = pickled.read_bytes()[: pickled.read_bytes().index(b"\n") + 1]
    pickled.write_bytes(header + pickle.dumps(_Planted(marker)))
    if who == "group-writable file":
        pickled.chmod(0o620)
    elif who == "world-writable folder":
        pickled.parent.chmod(0o777)
        monkeypatch.setattr(compiled, "_private_folder", lambda folder: None)  # (the write would make it private)
    else:
        if os.getuid() != 0:
            pytest.skip("only root can give a file to another user")
        os.chown(pickled, 4242, 4242)
    assert _load_again() == rules
    assert not marker.exists()


def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "reply.txt").write_text(RYOKAI, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    proc = run_cli("check", "reply.txt", cwd=repo, env={"XDG_CACHE_HOME": "cache", "HOME": str(home)})
    assert proc.returncode == 1, proc.stderr.decode()
    assert not (repo / "cache").exists()  # a folder of the repository would hold pickles it could plant
    assert list((home / ".cache" / "teinei").glob("rules-*.pickle"))


# ---------------------------------------------------------------------------------------------- rule folders

BUTSU = """\
description: 社内の禁止表現「ブツ」。
kind: phrase
phrases: [ブツ]
message: 「ブツ」は社外向けの文書では使いません。
suggest: 「品物」と書きましょう。
examples:
  bad: [ブツを送ります。]
  good: [品物を送ります。]
"""


def _repository(tmp_path: Path, rules: str) -> Path:
    """A cloned repository whose teinei.toml names ``rules``, with one message to check."""
    repo = tmp_path / "clone"
    (repo / ".git").mkdir(parents=True)
    (repo / "teinei.toml").write_text(f"rules = [{rules}]\n", encoding="utf-8")
    (repo / "mail.txt").write_text("ブツを送ります。\n", encoding="utf-8")
    return repo


@pytest.mark.parametrize("named", ['"/"', '"../../.."', '"escape"'])
def test_a_repositorys_configuration_names_no_rule_folder_outside_it(tmp_path: Path, named: str) -> None:
    repo = _repository(tmp_path, named)
    (repo / "escape").symlink_to("/", target_is_directory=True)
    proc = run_cli("check", "mail.txt", cwd=repo)
    stderr = proc.stderr.decode()
    assert proc.returncode == 2 and stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"teinei: teinei.toml: rules: '{named.strip(chr(34))}' はリポジトリ（")
    assert stderr.endswith("）の外にあります。リポジトリの外の規則のフォルダは --rules で指定してください\n"), stderr


def test_rule_folders_inside_the_repository_and_any_named_on_the_command_line_are_read(tmp_path: Path) -> None:
    repo = _repository(tmp_path, '"../shared"')
    shared = repo / "shared" / "wording"
    shared.mkdir(parents=True)
    (shared / "butsu.yaml").write_text(BUTSU, encoding="utf-8")
    (repo / "sub").mkdir()
    (repo / "teinei.toml").rename(repo / "sub" / "teinei.toml")
    (repo / "mail.txt").rename(repo / "sub" / "mail.txt")
    inside = run_cli("check", "sub/mail.txt", cwd=repo)  # ../shared from sub/ is still the repository's
    assert inside.returncode == 1 and "sub/mail.txt:1:1: warning [wording/butsu]" in inside.stdout.decode()

    elsewhere = tmp_path / "my-rules"
    (elsewhere / "wording").mkdir(parents=True)
    (elsewhere / "wording" / "butsu.yaml").write_text(BUTSU, encoding="utf-8")
    (repo / "sub" / "teinei.toml").unlink()
    named = run_cli("check", "--rules", str(elsewhere), "sub/mail.txt", cwd=repo)
    assert named.returncode == 1 and "[wording/butsu]" in named.stdout.decode()


def test_a_rule_folder_is_read_two_levels_deep_only(tmp_path: Path) -> None:
    # `--rules` naming a link to `/` once walked the whole disk, reading every *.yaml it met (a FIFO: forever).
    disk = tmp_path / "disk"
    (disk / "home" / "user" / "project").mkdir(parents=True)
    os.mkfifo(disk / "home" / "user" / "project" / "config.yaml")
    (disk / "wording").mkdir()
    (disk / "wording" / "butsu.yaml").write_text(BUTSU, encoding="utf-8")
    (tmp_path / "root").symlink_to(disk, target_is_directory=True)
    (tmp_path / "mail.txt").write_text("ブツを送ります。\n", encoding="utf-8")
    proc = run_cli("check", "--rules", "root", "mail.txt", cwd=tmp_path)
    assert proc.returncode == 1 and "mail.txt:1:1: warning [wording/butsu]" in proc.stdout.decode()


@pytest.mark.parametrize("odd", ["folder", "dangling link", "fifo"])
def test_a_rule_file_that_is_not_a_regular_file_is_one_error(tmp_path: Path, odd: str) -> None:
    rules = tmp_path / "rules" / "wording"
    rules.mkdir(parents=True)
    (rules / "butsu.yaml").write_text(BUTSU, encoding="utf-8")
    odd_file = rules / "odd.yaml"
    if odd == "folder":
        odd_file.mkdir()
    elif odd == "dangling link":
        odd_file.symlink_to(tmp_path / "nowhere.yaml")
    else:
        os.mkfifo(odd_file)
    (tmp_path / "mail.txt").write_text("ブツを送ります。\n", encoding="utf-8")
    proc = run_cli("check", "--rules", "rules", "mail.txt", cwd=tmp_path)
    why = "読み込めません（見つかりません）" if odd == "dangling link" else (
        "通常のファイルではありません（規則ファイルは普通の YAML ファイルにしてください）")
    assert (proc.returncode, proc.stderr.decode()) == (2, f"teinei: rules/wording/odd.yaml: {why}\n")


# ---------------------------------------------------------------------------------------------- expressions


@pytest.mark.parametrize("glob", ["**a**a**a**a**a**a**b", "*a" * 16 + "*b"])
def test_a_catastrophic_configuration_glob_is_matched_at_once(tmp_path: Path, glob: str) -> None:
    # Compiled to Python's re, the first took 44 s on this one path, the second more than two minutes.
    repo = tmp_path / "clone"
    folder = repo / ("a" * 40) / ("a" * 40)
    folder.mkdir(parents=True)
    (repo / "teinei.toml").write_text(f'exclude = ["{glob}"]\n', encoding="utf-8")
    (folder / "aaaa.txt").write_text(RYOKAI, encoding="utf-8")
    proc = subprocess.run(  # a bound of its own: the old matcher would run for minutes
        [sys.executable, "-m", "teinei", "check", "."], cwd=repo, capture_output=True, timeout=30, check=False,
        env={**os.environ, "TEINEI_DATE": "2026-11-20"},
    )
    assert proc.returncode == 1 and "aaaa.txt:1:1: warning [keigo/ryokai]" in proc.stdout.decode()


def test_a_broken_configuration_glob_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "teinei.toml").write_text('[per-file-ignores]\n"[z-a].txt" = ["curt"]\n', encoding="utf-8")
    (tmp_path / "mail.txt").write_text(RYOKAI, encoding="utf-8")
    proc = run_cli("check", "mail.txt", cwd=tmp_path)
    assert (proc.returncode, proc.stderr.decode()) == (
        2, "teinei: teinei.toml: per-file-ignores: グロブ '[z-a].txt' を読めません（bad character range z-a）\n"
    )


def _bounded_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The command line with a bound of its own (the old code ran these for minutes), on the pinned date."""
    env = {**os.environ, "NO_COLOR": "1", "TEINEI_DATE": "2026-11-20"}
    return subprocess.run([sys.executable, "-m", "teinei", *args], cwd=cwd, env=env, capture_output=True,
                          timeout=60, check=False)


def _user_rule(tmp_path: Path, name: str, body: str) -> None:
    folder = tmp_path / "rules" / "wording"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(
        "description: 試験用の規則。\nmessage: 「{match}」を見直しましょう。\nsuggest: 書き直しましょう。\n"
        + body + "examples:\n  bad: [ZZZ]\n  good: [よろしくお願いいたします。]\n",
        encoding="utf-8",
    )


CATASTROPHIC = "(?:a|a|a)+b"  # fails in 3^n steps on n a's with no b


@pytest.mark.parametrize(
    ("name", "rule", "text"),
    [
        # fix.swap_regex: run on each matched text, with no bound at all
        ("swap", f'kind: phrase\nregex: ["a{{30,}}|ZZZ"]\nfix: {{swap_regex: {{"{CATASTROPHIC}": "b"}}}}\n',
         "a" * 34 + "です。\n"),
        # a token /regex/ condition: a full match per token kind, with no bound at all
        ("token", f'kind: pattern\npatterns: [[{{surface: "/{CATASTROPHIC}|ZZZ/"}}]]\n', "a" * 34 + "です。\n"),
        # a long text: the one budget covers the whole search, however many places it is tried at (a "b" far
        # after the a's: a text without one is not searched, regex_gate.py)
        ("long", f'kind: phrase\nregex: ["Q{CATASTROPHIC}|ZZZ"]\n',
         "いつもお世話になっております。\n" * 700 + "Q" + "a" * 34 + "です。b\n"),
        # an alternation searched in pieces (teinei/alternation.py): the pieces share the one bound
        ("pieces", f'kind: phrase\nregex: ["{CATASTROPHIC}", "[\\\\p{{Han}}]+ZZZ"]\n', "a" * 34 + "です。b\n"),
    ],
)
def test_every_expression_a_rule_brings_shares_one_time_bound(tmp_path: Path, name: str, rule: str, text: str) -> None:
    _user_rule(tmp_path, name, rule)
    (tmp_path / "mail.txt").write_text(text, encoding="utf-8")
    proc = _bounded_cli(tmp_path, "check", "--rules", "rules", "--select", f"wording/{name}", "mail.txt")
    assert proc.returncode == 2, proc.stdout.decode() + proc.stderr.decode()
    assert f"mail.txt: 規則 'wording/{name}': 正規表現が 1 秒の上限を超えたため、この規則を中止しました\n" in proc.stderr.decode()


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # nested aliases: ten lines that stand for billions of values
        ("_concepts/laughs.yaml",
         "description: x\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
         + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)) + "phrases: *a8\n",
         "rules/_concepts/laughs.yaml: 大きすぎます（YAML のエイリアスを展開すると 2,345,679,023 個の値になります。"
         "上限は 50,000 個です）"),
        # an alias inside its own anchor: a list that never ends
        ("_concepts/loop.yaml", "description: x\nphrases: &a [x, *a]\n",
         "rules/_concepts/loop.yaml: YAML として読めません（エイリアスが自分を含むアンカーを指していて、終わりがありません）"),
        # a long word list named in many token conditions
        ("_concepts/many.yaml",
         "description: x\ntokens:\n  - [" + ", ".join(["{lemma: {words: long}}"] * 200) + "]\n",
         "rules/_concepts/many.yaml:3: 概念 'many': tokens.0.2.lemma: このファイルが使う単語リストを展開すると、"
         "値が上限の 50,000 個を超えます"),
    ],
)
def test_rules_that_would_expand_without_end_are_one_error_line_at_once(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    # A cloned repository's own rule folder, named by its configuration (what a pre-commit hook runs on).
    (tmp_path / "teinei.toml").write_text('rules = ["rules"]\n', encoding="utf-8")
    (tmp_path / "rules" / "_words").mkdir(parents=True)
    (tmp_path / "rules" / "_concepts").mkdir()
    words = ", ".join(f"w{n}" for n in range(20_000))
    (tmp_path / "rules" / "_words" / "long.yaml").write_text(f"description: x\nwords: [{words}]\n", encoding="utf-8")
    (tmp_path / "rules" / name).write_text(text, encoding="utf-8")
    (tmp_path / "mail.txt").write_text(RYOKAI, encoding="utf-8")
    proc = run_cli("check", "--no-cache", "mail.txt", cwd=tmp_path)
    assert (proc.returncode, proc.stderr.decode()) == (2, f"teinei: {expected}\n")


def test_an_alias_used_twice_is_counted_twice_and_is_no_loop() -> None:
    import yaml

    from teinei.ruleset.yaml_size import expanded_size

    def size(text: str) -> int | None:
        return expanded_size(yaml.compose(text, Loader=yaml.SafeLoader))

    assert size("[a, b]") == 3
    # the mapping, x, the list (3), y, the outer list, the list again (3), the inner list and the list (3)
    assert size("x: &a [1, 2]\ny: [*a, [*a]]\n") == 14
    assert size("x: &a {k: [1]}\ny: *a\n") == 11  # the mapping, x, {k: [1]} (4), y, {k: [1]} again (4)
    assert size("x: &a [1, [2, *a]]\n") is None
