"""``--resume DIR``: each finished partition's tally is kept in DIR, so an interrupted audit redoes only the
partitions it had not finished. DIR remembers the plan and the options: it never mixes two different audits."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from teinei.audit.sources import Partition
from teinei.audit.tally import Tally
from teinei.audit.work import Settings
from teinei.errors import TeineiError, os_reason
from teinei.storage import write_atomic

_FORMAT = 2  # 2: a partition keeps its rule counts apart from its templates


class ResumeStore:
    def __init__(self, folder: str, settings: Settings, partitions: list[Partition]) -> None:
        self.folder = Path(folder)
        identity = {
            "format": _FORMAT,
            "settings": repr(replace(settings, rows=True)),
            "partitions": [p.key for p in partitions],
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            plan = self.folder / "plan.json"
            if plan.exists():
                if json.loads(plan.read_text(encoding="utf-8")) != identity:
                    raise TeineiError(
                        "別の監査（対象のメールかオプションが違うもの）の途中結果が入っています。"
                        "空のフォルダか新しいフォルダを指定してください",
                        path=str(self.folder),
                    )
            else:
                write_atomic(plan, json.dumps(identity).encode("utf-8"))
        except (OSError, ValueError) as error:
            why = os_reason(error) if isinstance(error, OSError) else f"途中結果が読めません: {error}"
            raise TeineiError(f"再開用のフォルダとして使えません（{why}）", path=str(self.folder)) from None

    def _path(self, partition: Partition) -> Path:
        return self.folder / f"part-{partition.key}.json"

    def has(self, partition: Partition) -> bool:
        """Whether a previous run finished the partition (its file is only ever written whole)."""
        return self._path(partition).is_file()

    def load(self, partition: Partition) -> Tally | None:
        """The partition's tally when a previous run finished it (a damaged file is redone)."""
        try:
            return Tally.from_json(json.loads(self._path(partition).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            return None

    def save(self, partition: Partition, tally: Tally) -> None:
        # Written whole (a temporary file renamed into place): an interruption never leaves half a partition.
        write_atomic(self._path(partition), json.dumps(tally.to_json(), ensure_ascii=False).encode("utf-8"))
