"""flevonorm: monitor the Flevolandse Norm from YAML kept in git."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("flevonorm")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"
