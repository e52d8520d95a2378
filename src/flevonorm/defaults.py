"""Defaults the command line and the core share, in a module that imports nothing, so that
`flevonorm --help` stays instant."""

from __future__ import annotations

# history.md: an answer repeated unchanged for this many rounds while not achieved is stale.
STALE_AFTER = 3
