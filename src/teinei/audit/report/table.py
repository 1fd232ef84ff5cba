"""One row per finding, for pandas or a warehouse: CSV (text) and Parquet (pyarrow, typed columns)."""

from __future__ import annotations

import csv
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

    types = {"line": pa.int32(), "column": pa.int32()}
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in ROW_COLUMNS]
    table = pa.table({
        name: pa.array(list(values), type=types.get(name, pa.string()))
        for name, values in zip(ROW_COLUMNS, columns, strict=True)
    })
    pq.write_table(table, path)
