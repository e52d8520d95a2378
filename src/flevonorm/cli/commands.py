"""Importing this registers every command on the app."""

from flevonorm.cli import diff, norm, report, schema, score, trend, validate

__all__ = ["diff", "norm", "report", "schema", "score", "trend", "validate"]
