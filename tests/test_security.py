"""What a cloned repository can make teinei do: it must never run the repository's code, write outside the
folder being checked, or hang on an expression the repository supplies (issue 15, section 2)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from teinei.hook import install

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
    assert "teinei: commit stopped" in shown


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
    assert "./notes.txt: not rewritten: it is a symbolic link, and teinei never writes through one" in (
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
