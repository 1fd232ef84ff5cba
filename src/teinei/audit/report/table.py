"""One row per finding, for pandas or a warehouse: CSV (text) and Parquet (pyarrow, typed columns), written
partition by partition as the audit goes, so no run holds every finding at once."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any, TextIO

from teinei.audit.tally import ROW_COLUMNS


class CsvRows:
    def __init__(self, stream: TextIO) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")
        self._writer.writerow(ROW_COLUMNS)

    def write(self, rows: list[list[Any]]) -> None:
        self._writer.writerows(rows)


class ParquetRows:
    """A row group per partition. The date is the sender's clock (the Date header's local time), so a
    timestamp without a time zone."""

    def __init__(self, path: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"line": pa.int32(), "column": pa.int32(), "date": pa.timestamp("s")}
        self._pa = pa
        self._schema = pa.schema([(name, types.get(name, pa.string())) for name in ROW_COLUMNS])
        self._writer = pq.ParquetWriter(path, self._schema)

    def write(self, rows: list[list[Any]]) -> None:
        if not rows:
            return
        columns = [list(values) for values in zip(*rows, strict=True)]
        at = ROW_COLUMNS.index("date")
        columns[at] = [dt.datetime.fromisoformat(d) if d else None for d in columns[at]]
        self._writer.write_table(self._pa.Table.from_arrays(columns, schema=self._schema))

    def close(self) -> None:
        self._writer.close()
