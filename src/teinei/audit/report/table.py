"""One row per finding, for pandas or a warehouse: CSV (text) and Parquet (pyarrow, typed columns)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from teinei.audit.tally import ROW_COLUMNS


def render_csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROW_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def write_parquet(rows: list[list[Any]], path: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # The date is the sender's clock (the Date header's local time), so a timestamp without a time zone.
    types = {"line": pa.int32(), "column": pa.int32(), "date": pa.timestamp("s")}
    columns = [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _ in ROW_COLUMNS]
    dates = columns[ROW_COLUMNS.index("date")]
    columns[ROW_COLUMNS.index("date")] = [dt.datetime.fromisoformat(d) if d else None for d in dates]
    table = pa.table({
        name: pa.array(values, type=types.get(name, pa.string()))
        for name, values in zip(ROW_COLUMNS, columns, strict=True)
    })
    pq.write_table(table, path)
