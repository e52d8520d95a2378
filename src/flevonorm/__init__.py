"""flevonorm: monitor the Flevolandse Norm from YAML kept in git."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is read from the package metadata only when asked for (`--version`):
    # importing importlib.metadata costs a small command a tenth of its start.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("flevonorm")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0+unknown"
    raise AttributeError(f"module 'flevonorm' has no attribute {name!r}")
