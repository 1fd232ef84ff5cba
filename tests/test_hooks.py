"""End to end in real git repositories: the pre-commit framework running this checkout's
.pre-commit-hooks.yaml, and a plain `git commit` with the hook `teinei hook install` writes."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from teinei.hook import MARKER

from .conftest import ROOT, run_cli

EXAMPLE = ROOT / "examples" / "template-repo"
CURT = "資料、まだですか？早く送ってください。\n"
FIXED = (
    "いつもお世話になっております。\n"
    "先日お願いした資料の件で、ご連絡いたしました。\n"
    "お忙しいところ恐れ入りますが、{{ deadline }}までにお送りいただけますでしょうか。\n"
    "よろしくお願いいたします。\n"
)
REMINDER = "templates/customer/reminder.txt"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Git and pre-commit isolated from the machine's settings; this interpreter's `teinei` first on PATH."""
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("[user]\n\tname = Templates\n\temail = templates@example.com\n[init]\n\tdefaultBranch = main\n",
                         encoding="utf-8")
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "GIT_CONFIG_NOSYSTEM": "1",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        "NO_COLOR": "1",
    }


def git(cwd: Path, env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, timeout=60, check=False)
    if check:
        assert proc.returncode == 0, proc.stderr.decode()
    return proc


def template_repo(tmp_path: Path, env: dict[str, str]) -> Path:
    """A copy of examples/template-repo as a fresh git repository, with a curt template staged."""
    repo = tmp_path / "templates-repo"
    shutil.copytree(EXAMPLE, repo)
    git(repo, env, "init", "-q")
    (repo / REMINDER).write_text(CURT, encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "idea.txt").write_text(CURT, encoding="utf-8")  # excluded by the example's teinei.toml
    git(repo, env, "add", "-A")
    return repo


def test_pre_commit_framework_runs_the_manifest(tmp_path: Path, env: dict[str, str]) -> None:
    # pre-commit clones the hook repository at a commit, so this checkout's manifest (as it is in the working
    # tree) is committed into a repository of its own. The hook's `language` is overridden to `system` so that
    # the teinei installed here runs instead of pre-commit building a virtualenv from PyPI; everything else
    # (id, entry, files, types, serial run) comes from .pre-commit-hooks.yaml.
    hooks = tmp_path / "teinei-hooks"
    hooks.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", hooks)
    git(hooks, env, "init", "-q")
    git(hooks, env, "add", "-A")
    git(hooks, env, "commit", "-q", "-m", "hooks")
    rev = git(hooks, env, "rev-parse", "HEAD").stdout.decode().strip()

    repo = template_repo(tmp_path, env)
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (entry,) = config["repos"]
    assert [h["id"] for h in entry["hooks"]] == ["teinei"]
    entry.update(repo=str(hooks), rev=rev)
    entry["hooks"][0]["language"] = "system"
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (repo / "notes.py").write_text("print('了解しました')\n", encoding="utf-8")  # not a message file: not passed
    git(repo, env, "add", "-A")

    def pre_commit(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=env,
                              capture_output=True, timeout=120, check=False)

    failed = pre_commit("run", "--all-files")
    out = failed.stdout.decode()
    assert failed.returncode == 1, out + failed.stderr.decode()
    assert "- hook id: teinei" in out
    assert (
        f"{REMINDER}:1:12: warning [deadline/missing] 「送ってください」に期限がありません。いつまでかが相手に伝わりません。"
    ) in out
    assert "drafts/idea.txt" not in out and "notes.py" not in out
    # require_serial: one teinei process for all files, so one summary; the example's own templates are clean.
    assert out.count("件の指摘") == 1 and "3 件の指摘（5 ファイルを確認、うち 1 ファイルに指摘）" in out

    (repo / REMINDER).write_text(FIXED, encoding="utf-8")
    git(repo, env, "add", "-A")
    passed = pre_commit("run", "--all-files")
    assert passed.returncode == 0, passed.stdout.decode()
    assert "teinei (tone and clarity of Japanese business messages)" in passed.stdout.decode()
    assert "Passed" in passed.stdout.decode()


@pytest.mark.skipif(
    not os.environ.get("TEINEI_TEST_PRE_COMMIT_INSTALL"),
    reason="pre-commit builds its own virtualenv from PyPI (15-35 s); set TEINEI_TEST_PRE_COMMIT_INSTALL=1",
)
def test_pre_commit_framework_installs_teinei_itself(tmp_path: Path, env: dict[str, str]) -> None:
    # The whole checkout as the hook repository, with the manifest's own `language: python`: pre-commit
    # pip-installs teinei and its dependencies into a fresh virtualenv, as it does for users.
    hooks = tmp_path / "teinei"
    shutil.copytree(ROOT, hooks, ignore=shutil.ignore_patterns(".git", ".venv", ".*_cache", "__pycache__", ".hypothesis"))
    git(hooks, env, "init", "-q")
    git(hooks, env, "add", "-A")
    git(hooks, env, "commit", "-q", "-m", "teinei")
    rev = git(hooks, env, "rev-parse", "HEAD").stdout.decode().strip()
    repo = template_repo(tmp_path, env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: teinei\n", encoding="utf-8"
    )
    git(repo, env, "add", "-A")
    plain_path = {**env, "PATH": os.environ.get("PATH", "")}  # the hook's own teinei, not this one
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=plain_path,
                          capture_output=True, timeout=900, check=False)
    out = proc.stdout.decode()
    assert proc.returncode == 1 and f"{REMINDER}:1:12: warning [deadline/missing]" in out, out + proc.stderr.decode()


@pytest.mark.real_clock
def test_plain_git_hook_rejects_a_curt_template_then_accepts_the_fix(tmp_path: Path, env: dict[str, str]) -> None:
    repo = template_repo(tmp_path, env)
    installed = run_cli("hook", "install", cwd=repo)
    assert installed.returncode == 0, installed.stderr.decode()
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert installed.stdout.decode() == f"{Path('.git/hooks/pre-commit')} をインストールしました\n"
    assert MARKER in hook.read_text(encoding="utf-8") and hook.stat().st_mode & stat.S_IXUSR

    rejected = git(repo, env, "commit", "-m", "add reminder", check=False)
    shown = rejected.stdout.decode() + rejected.stderr.decode()
    assert rejected.returncode != 0
    assert f"{REMINDER}:1:12: warning [deadline/missing]" in shown
    assert "teinei: コミットを止めました。上の指摘を見直してステージし、もう一度コミットしてください" in shown
    assert "drafts/idea.txt" not in shown
    assert git(repo, env, "rev-parse", "--verify", "HEAD", check=False).returncode != 0  # nothing committed

    # The hook checks what is staged: fixing the working tree without staging the fix is not enough.
    (repo / REMINDER).write_text(FIXED, encoding="utf-8")
    still = git(repo, env, "commit", "-m", "add reminder", check=False)
    assert still.returncode != 0 and f"{REMINDER}:1:12:" in still.stdout.decode() + still.stderr.decode()

    git(repo, env, "add", REMINDER)
    accepted = git(repo, env, "commit", "-m", "add reminder", check=False)
    assert accepted.returncode == 0, accepted.stdout.decode() + accepted.stderr.decode()
    assert REMINDER in git(repo, env, "show", "--name-only", "--format=", "HEAD").stdout.decode().splitlines()

    # A commit with no message files passes silently.
    (repo / "notes.py").write_text("x = 1\n", encoding="utf-8")
    git(repo, env, "add", "notes.py")
    quiet = git(repo, env, "commit", "-q", "-m", "code only", check=False)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, b"", b"")

    # `git commit -a` stages into a temporary index for the hook; that is what gets checked.
    (repo / REMINDER).write_text(CURT, encoding="utf-8")
    all_tracked = git(repo, env, "commit", "-a", "-m", "shorter reminder", check=False)
    assert all_tracked.returncode != 0 and f"{REMINDER}:1:12:" in all_tracked.stdout.decode() + all_tracked.stderr.decode()


def test_install_never_overwrites_a_foreign_hook_and_uninstall_removes_only_its_own(
    tmp_path: Path, env: dict[str, str]
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, env, "init", "-q")
    hook = repo / ".git" / "hooks" / "pre-commit"
    foreign = "#!/bin/sh\necho 'the team's own checks'\n"
    hook.write_text(foreign, encoding="utf-8")

    refused = run_cli("hook", "install", cwd=repo)
    assert refused.returncode == 2
    assert refused.stderr.decode() == (
        "teinei: .git/hooks/pre-commit: teinei が書いたものではない pre-commit フックがあります。--force を付けると、"
        "それを pre-commit.before-teinei として残して teinei のフックを入れます\n"
    )
    not_ours = run_cli("hook", "uninstall", cwd=repo)
    assert not_ours.returncode == 2
    assert not_ours.stderr.decode() == (
        "teinei: .git/hooks/pre-commit: この pre-commit フックは teinei が書いたものではないため、そのままにしました\n"
    )
    assert hook.read_text(encoding="utf-8") == foreign

    forced = run_cli("hook", "install", "--force", cwd=repo)
    assert forced.returncode == 0
    assert forced.stdout.decode().splitlines()[0] == "それまでのフックを .git/hooks/pre-commit.before-teinei として残しました"
    assert MARKER in hook.read_text(encoding="utf-8")
    assert run_cli("hook", "install", cwd=repo).returncode == 0  # its own hook is simply rewritten

    removed = run_cli("hook", "uninstall", cwd=repo)
    assert removed.stdout.decode() == "teinei のフック .git/hooks/pre-commit を削除しました。それまでのフックを元に戻しました\n"
    assert hook.read_text(encoding="utf-8") == foreign
    assert not (repo / ".git" / "hooks" / "pre-commit.before-teinei").exists()

    hook.unlink()
    nothing = run_cli("hook", "uninstall", cwd=repo)
    assert (nothing.returncode, nothing.stdout.decode()) == (0, "pre-commit フックはインストールされていません。削除するものはありません\n")


def test_hook_commands_outside_a_repository(tmp_path: Path, env: dict[str, str]) -> None:
    outside = tmp_path / "plain-folder"
    outside.mkdir()
    proc = subprocess.run([sys.executable, "-m", "teinei", "hook", "install"], cwd=outside, env={**env, "GIT_CEILING_DIRECTORIES": str(tmp_path)},
                          capture_output=True, timeout=60, check=False)
    assert (proc.returncode, proc.stderr.decode()) == (2, "teinei: git リポジトリではありません。リポジトリの中で実行してください\n")
    staged = subprocess.run([sys.executable, "-m", "teinei", "check", "--staged"], cwd=outside,
                            env={**env, "GIT_CEILING_DIRECTORIES": str(tmp_path)}, capture_output=True, timeout=60,
                            check=False)
    assert staged.returncode == 2 and staged.stderr.decode().startswith("teinei: ")
    assert staged.stderr.decode().count("\n") == 1


def test_hook_honours_core_hooks_path(tmp_path: Path, env: dict[str, str]) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, env, "init", "-q")
    git(repo, env, "config", "core.hooksPath", "githooks")
    proc = run_cli("hook", "install", cwd=repo)
    assert proc.returncode == 0
    assert MARKER in (repo / "githooks" / "pre-commit").read_text(encoding="utf-8")
