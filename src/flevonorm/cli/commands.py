"""Importing this registers every command on the app."""

from flevonorm.cli import diff, init, norm, report, round, schema, score, trend, validate

__all__ = ["diff", "init", "norm", "report", "round", "schema", "score", "trend", "validate"]
