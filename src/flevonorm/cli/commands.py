"""Importing this registers every command on the app."""

from flevonorm.cli import report, schema, score, validate

__all__ = ["report", "schema", "score", "validate"]
