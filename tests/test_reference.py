"""The reference date is decided in one place: only ``teinei.reference`` reads the clock, and a run reads it
once, so a run that crosses midnight keys its cache and reads its deadlines on the same day."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from teinei import reference, runner
from teinei.cache import ResultCache
from teinei.workspace import Workspace

from .conftest import ROOT, TODAY

CLOCK = re.compile(r"\b(?:date|datetime)\.(?:today|now|utcnow)\(")
DUE = "お世話になっております。\n恐れ入りますが、12月4日(金)までにご返信いただけますでしょうか。\n"
NEXT_DAY = TODAY + dt.timedelta(days=20)  # 12月4日 is then past


def test_only_the_reference_module_reads_the_clock() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "src" / "teinei").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CLOCK.search(line)
    ]
    assert [line.split(":")[0] for line in found] == ["src/teinei/reference.py"]


def test_a_run_that_crosses_midnight_keys_and_lints_on_one_day(tmp_path: Path, monkeypatch) -> None:
    days = iter([TODAY, NEXT_DAY, NEXT_DAY, NEXT_DAY])
    monkeypatch.setattr(reference, "clock", lambda: next(days))
    monkeypatch.chdir(tmp_path)
    names = [f"due-{number}.txt" for number in range(3)]
    for name in names:
        Path(name).write_text(DUE, encoding="utf-8")
    workspace = Workspace()
    run = runner.check_files(names, workspace, jobs=1, cache=ResultCache(".cache"))
    assert next(days) == NEXT_DAY  # the clock was read once: the first day stands for the whole run
    linter = workspace.linter_for(names[0])
    before = [f.rule for f in linter.lint(DUE, today=TODAY)]
    after = [f.rule for f in linter.lint(DUE, today=NEXT_DAY)]
    assert "deadline/past-date" in after and before != after
    assert [[f.rule for f in o.result] for o in run.outcomes] == [before] * 3
    keys = {ResultCache(".cache").key(linter, name, DUE.encode(), TODAY) for name in names}
    stored = {p.parent.name + p.stem for p in Path(".cache").rglob("*.json")}
    assert keys <= stored
