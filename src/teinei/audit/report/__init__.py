"""Audit report renderers: ``document`` builds the versioned report, each format renders it."""

FORMATS = ("text", "json", "csv", "parquet", "html")
