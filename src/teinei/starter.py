"""``teinei init``: the commented starter configuration file, every setting explained."""

from __future__ import annotations

from pathlib import Path

from teinei.errors import TeineiError, os_reason

STARTER = """\
# teinei configuration. teinei uses the nearest teinei.toml, .teinei.toml or pyproject.toml ([tool.teinei])
# found from each checked file's folder upwards. Globs and folders here are relative to this file's folder.
# Command-line options (--profile, --select, --ignore, --rules, --fail-level) override these settings.

# Who messages are written for, unless a per-path profile says otherwise: external (customers and
# partners), internal (colleagues and superiors) or chat.
profile = "external"

# Exit with 1 when a finding is at or above this level: error, warning or info.
fail-level = "warning"

# Run only these rules or categories (empty: all of them), and skip these.
select = []
ignore = []

# Files and folders never checked, even when named on the command line or by a git hook.
exclude = []

# Extra folders of YAML rules, laid out as <category>/<name>.yaml.
rules = []

# Deadlines on non-business days are reported: weekends, public holidays, the year-end closure (12/29-1/3;
# set false if your company works through it) and the company closures listed here.
year-end-closure = true
closures = [
  # {start = 2026-08-11, end = 2026-08-16, name = "夏季休業"},
]

[per-path-profiles]
# "templates/internal/**" = "internal"
# "templates/chat/**" = "chat"

[severity]
# A rule id or a whole category, and the severity its findings get.
# "deadline/vague" = "error"
# "scope" = "info"

[per-file-ignores]
# Plain .txt and .eml files have no comment syntax for inline suppressions: switch rules off per file here.
# "templates/notices/*.txt" = ["curt/one-line"]

[vocabulary]
# Words your company never uses in its mail (rule wording/banned-term).
banned = []

[vocabulary.preferred]
# A written form and the form your company uses instead (rule wording/preferred-term; fixable).
# "ユーザー様" = "お客様"
"""


def write_starter(path: str | Path) -> Path:
    """Write the commented starter file; never overwrites an existing file."""
    target = Path(path)
    if target.name == "pyproject.toml":
        raise TeineiError("pyproject.toml には [tool.teinei] テーブルを手で追加してください（README を参照）",
                          path=str(target))
    if target.exists():
        raise TeineiError("すでにあります。先に削除するか、別のパスを指定してください", path=str(target))
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(STARTER)
    except OSError as error:
        raise TeineiError(f"書き込めません（{os_reason(error)}）", path=str(target)) from None
    return target
