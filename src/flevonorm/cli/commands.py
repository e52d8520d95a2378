"""Importing this registers every command on the app."""

from flevonorm.cli import diff, report, schema, score, trend, validate

__all__ = ["diff", "report", "schema", "score", "trend", "validate"]
