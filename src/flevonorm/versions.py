"""Norm versions and the `from` links between them (spec/history.md, "Versions and `from`
links" and "norm show / norm diff").

A version with `supersedes: U` continues U; an ambition with `from: [ids of U]` continues
those ambitions of U. Everything here is pure: a NormFile in, plain values out. Checks,
trend, diff and `round new` build on it; they decide what to print and how to exit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flevonorm.i18n import _
from flevonorm.models import Ambition, NormFile, NormVersion

Loc = tuple[str | int, ...]


# --- supersedes: cycles and the newest version ---------------------------------------


def _index_by_version(norm: NormFile) -> dict[str, int]:
    # A repeated version id is an error of its own; the first one is the one meant, as
    # NormFile.version() also finds the first.
    index: dict[str, int] = {}
    for i, version in enumerate(norm.versions):
        index.setdefault(version.version, i)
    return index


def _superseded_index(norm: NormFile, index: Mapping[str, int], i: int) -> int | None:
    """The index of the version that version i supersedes; None when it supersedes
    nothing, an unknown version or itself (the latter two are errors checked elsewhere)."""
    version = norm.versions[i]
    if version.supersedes is None or version.supersedes == version.version:
        return None
    return index.get(version.supersedes)


def supersedes_cycles(norm: NormFile) -> list[int]:
    """Indices (in file order) of the versions whose `supersedes:` lies on a cycle.

    A version that supersedes itself is left out: that is already the error "supersedes
    '1.0', which is not another version", and one mistake should give one message.
    """
    index = _index_by_version(norm)
    on_cycle: set[int] = set()
    done: set[int] = set()
    for start in range(len(norm.versions)):
        path: list[int] = []
        position: dict[int, int] = {}
        current: int | None = start
        while current is not None and current not in done and current not in position:
            position[current] = len(path)
            path.append(current)
            current = _superseded_index(norm, index, current)
        if current is not None and current in position:
            on_cycle.update(path[position[current] :])
        done.update(path)
    return sorted(on_cycle)


def supersedes_cycle_errors(norm: NormFile) -> list[tuple[Loc, str]]:
    """One error per `supersedes:` on a cycle: its model location
    (`("versions", i, "supersedes")`) and the message in the language chosen, for the norm
    checks to report."""
    index = _index_by_version(norm)
    errors: list[tuple[Loc, str]] = []
    for i in supersedes_cycles(norm):
        loop = [norm.versions[i].version]
        current = _superseded_index(norm, index, i)
        while current is not None and current != i:
            loop.append(norm.versions[current].version)
            current = _superseded_index(norm, index, current)
        loop.append(norm.versions[i].version)
        message = _(
            "supersedes {superseded}, which leads back to {version} ({chain}); "
            "supersedes must never form a cycle"
        ).format(
            superseded=repr(norm.versions[i].supersedes),
            version=repr(norm.versions[i].version),
            chain=_supersedes_chain(loop),
        )
        errors.append((("versions", i, "supersedes"), message))
    return errors


def _supersedes_chain(versions: list[str]) -> str:
    """`1.0 supersedes 3.0 supersedes 2.0`: each step one whole phrase to translate, the
    rest of the chain its object."""
    chain = versions[-1]
    for version in reversed(versions[:-1]):
        chain = _("{version} supersedes {chain}").format(version=version, chain=chain)
    return chain


def versions_newest_first(norm: NormFile) -> list[NormVersion]:
    """Every version once, newest first: the newest version and the versions it
    continues, then the other heads (later in the file first) with theirs, then any
    version left on a cycle."""
    index = _index_by_version(norm)
    superseded = {
        j for i in range(len(norm.versions)) if (j := _superseded_index(norm, index, i)) is not None
    }
    heads = [i for i in range(len(norm.versions)) if i not in superseded]
    ordered: list[int] = []
    seen: set[int] = set()
    for head in [*reversed(heads), *reversed(range(len(norm.versions)))]:
        current: int | None = head
        while current is not None and current not in seen:
            seen.add(current)
            ordered.append(current)
            current = _superseded_index(norm, index, current)
    return [norm.versions[i] for i in ordered]


def newest_version(norm: NormFile) -> NormVersion:
    """The head of the chain: a version no other supersedes. Ties (two heads) go to the
    one later in the file, since norm.yaml lists versions oldest first."""
    return versions_newest_first(norm)[0]


def default_version(norm: NormFile) -> NormVersion:
    """The version `norm show` shows by default: the newest adopted one, else the newest."""
    ordered = versions_newest_first(norm)
    for version in ordered:
        if version.status == "adopted":
            return version
    return ordered[0]


def chain(norm: NormFile, old: str, new: str) -> list[NormVersion] | None:
    """The versions from OLD to NEW (oldest first, both included) when NEW continues OLD
    directly or over several versions; `[OLD]` when they are the same; else None."""
    index = _index_by_version(norm)
    if old not in index or new not in index:
        return None
    path: list[int] = []
    current: int | None = index[new]
    while current is not None and current not in path:
        path.append(current)
        if norm.versions[current].version == old:
            return [norm.versions[i] for i in reversed(path)]
        current = _superseded_index(norm, index, current)
    return None


def continues(norm: NormFile, old: str, new: str) -> bool:
    """True when NEW continues OLD over one or more `supersedes` steps."""
    versions = chain(norm, old, new)
    return versions is not None and len(versions) > 1


# --- ambition ids across versions ---------------------------------------------------


@dataclass(frozen=True)
class VersionLinks:
    """Which ambitions of NEW continue which of OLD, the `from` links composed over the
    chain between them (3.0 → 2.0 → 1.0). Ids of OLD are listed in OLD's norm order, ids
    of NEW in NEW's; an id that no link reaches maps to an empty tuple."""

    old: NormVersion
    new: NormVersion
    versions: tuple[NormVersion, ...]
    sources: Mapping[str, tuple[str, ...]]
    continuations: Mapping[str, tuple[str, ...]]

    def sources_of(self, new_id: str) -> tuple[str, ...]:
        """The ambitions of OLD that ambition `new_id` of NEW continues."""
        return self.sources.get(new_id, ())

    def continued_by(self, old_id: str) -> tuple[str, ...]:
        """The ambitions of NEW that continue ambition `old_id` of OLD."""
        return self.continuations.get(old_id, ())


def _unique_ids(ambitions: list[Ambition]) -> list[str]:
    return list(dict.fromkeys(ambition.id for ambition in ambitions))


def version_links(norm: NormFile, old: str, new: str) -> VersionLinks | None:
    """The composed links from NEW back to OLD; None when NEW does not continue OLD.
    Within one version every ambition continues itself (same version: by id)."""
    versions = chain(norm, old, new)
    if versions is None:
        return None
    # reach[id in the current version] = ids of OLD it continues
    reach: dict[str, set[str]] = {id_: {id_} for id_ in _unique_ids(versions[0].ambitions())}
    for version in versions[1:]:
        step: dict[str, set[str]] = {}
        for ambition in version.ambitions():
            if ambition.id in step:
                continue  # a repeated id is an error of its own; the first one counts
            step[ambition.id] = set().union(*(reach.get(f, set()) for f in ambition.from_ or []))
        reach = step
    old_order = _unique_ids(versions[0].ambitions())
    new_order = _unique_ids(versions[-1].ambitions())
    sources = {
        new_id: tuple(old_id for old_id in old_order if old_id in reach[new_id])
        for new_id in new_order
    }
    continuations = {
        old_id: tuple(new_id for new_id in new_order if old_id in reach[new_id])
        for old_id in old_order
    }
    return VersionLinks(
        old=versions[0],
        new=versions[-1],
        versions=tuple(versions),
        sources=sources,
        continuations=continuations,
    )


def surviving_ambitions(
    norm: NormFile, oldest: str, latest: str, version: str
) -> frozenset[str] | None:
    """For the like-for-like trend figure: the ambitions of `version` that lie on a chain
    of `from` links from an ambition of `oldest` (the oldest version shown) to one of
    `latest` (the version of the latest round). None when `version` is not on the chain
    from `oldest` to `latest`, or there is no such chain."""
    versions = chain(norm, oldest, latest)
    if versions is None:
        return None
    names = [v.version for v in versions]
    if version not in names:
        return None
    # Forward: ids that continue something of the oldest version.
    descends: list[set[str]] = [set(_unique_ids(versions[0].ambitions()))]
    for v in versions[1:]:
        descends.append(
            {a.id for a in v.ambitions() if any(f in descends[-1] for f in a.from_ or [])}
        )
    # Backward: ids that something of the latest version continues.
    ancestors: list[set[str]] = [set(_unique_ids(versions[-1].ambitions()))]
    for later in reversed(versions[1:]):
        ancestors.insert(
            0,
            {f for a in later.ambitions() if a.id in ancestors[0] for f in a.from_ or []},
        )
    position = names.index(version)
    return frozenset(descends[position] & ancestors[position])


# --- norm diff ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangedAmbition:
    """A one-to-one link whose ambition differs: `text` (words, ignoring line wrapping),
    `applies_to` (the kinds, defaults filled), `items` (by id, text and applies_to) or
    `renumbered` (the ids differ)."""

    id: str
    from_: tuple[str, ...]
    text: bool
    applies_to: bool
    items: bool
    renumbered: bool


@dataclass(frozen=True)
class Split:
    """An ambition of OLD continued by two or more of NEW."""

    from_: str
    into: tuple[str, ...]


@dataclass(frozen=True)
class Merge:
    """An ambition of NEW that continues two or more of OLD."""

    into: str
    from_: tuple[str, ...]


@dataclass(frozen=True)
class NormDiff:
    """What changed from norm version OLD to NEW; `as_json()` is `norm diff`'s JSON."""

    old: str
    new: str
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    unchanged: tuple[str, ...]
    changed: tuple[ChangedAmbition, ...]
    split: tuple[Split, ...]
    merged: tuple[Merge, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "added": list(self.added),
            "dropped": list(self.dropped),
            "unchanged": list(self.unchanged),
            "changed": [
                {
                    "id": c.id,
                    "from": list(c.from_),
                    "text": c.text,
                    "applies_to": c.applies_to,
                    "items": c.items,
                    "renumbered": c.renumbered,
                }
                for c in self.changed
            ],
            "split": [{"from": s.from_, "into": list(s.into)} for s in self.split],
            "merged": [{"into": m.into, "from": list(m.from_)} for m in self.merged],
        }


def same_text(a: str, b: str) -> bool:
    """Texts are the same when their words and punctuation are: a line wrapped otherwise,
    or a block scalar's trailing newline, is not a change of the norm."""
    return a.split() == b.split()


def _item_signature(ambition: Ambition) -> dict[str, tuple[tuple[str, ...], frozenset[str]]]:
    return {
        item.id: (tuple(item.text.split()), frozenset(ambition.item_kinds(item)))
        for item in ambition.items or []
    }


def _compare(old: Ambition, new: Ambition) -> ChangedAmbition:
    return ChangedAmbition(
        id=new.id,
        from_=(old.id,),
        text=not same_text(old.text, new.text),
        applies_to=set(old.kinds()) != set(new.kinds()),
        items=_item_signature(old) != _item_signature(new),
        renumbered=old.id != new.id,
    )


def norm_diff(norm: NormFile, old: str, new: str) -> NormDiff | None:
    """`norm diff OLD NEW`; None when NEW does not continue OLD (directly or over several
    versions), which the command reports with exit 2.

    Over several versions the links are composed and NEW's ambitions are compared with
    OLD's, whatever the versions between them said. Every ambition of NEW lands in exactly
    one of added, unchanged, changed, split (in an `into`) or merged: one that continues
    two or more ambitions is merged, even when one of those is also split; a split's
    `into` then lists the others (and a split whose continuations are all merges is not
    listed).
    """
    links = version_links(norm, old, new)
    if links is None or len(links.versions) < 2:
        return None
    old_by_id = {a.id: a for a in _first_of_each(links.old.ambitions())}
    added: list[str] = []
    unchanged: list[str] = []
    changed: list[ChangedAmbition] = []
    merged: list[Merge] = []
    into: dict[str, list[str]] = {}
    for ambition in _first_of_each(links.new.ambitions()):
        sources = links.sources_of(ambition.id)
        if not sources:
            added.append(ambition.id)
        elif len(sources) > 1:
            merged.append(Merge(into=ambition.id, from_=sources))
        elif len(links.continued_by(sources[0])) > 1:
            into.setdefault(sources[0], []).append(ambition.id)
        else:
            comparison = _compare(old_by_id[sources[0]], ambition)
            if (
                comparison.text
                or comparison.applies_to
                or comparison.items
                or comparison.renumbered
            ):
                changed.append(comparison)
            else:
                unchanged.append(ambition.id)
    old_ids = _unique_ids(links.old.ambitions())
    return NormDiff(
        old=links.old.version,
        new=links.new.version,
        added=tuple(added),
        dropped=tuple(i for i in old_ids if not links.continued_by(i)),
        unchanged=tuple(unchanged),
        changed=tuple(changed),
        split=tuple(Split(from_=i, into=tuple(into[i])) for i in old_ids if i in into),
        merged=tuple(merged),
    )


def _first_of_each(ambitions: list[Ambition]) -> list[Ambition]:
    # A repeated id is an error of its own; the first ambition with an id is the one meant.
    seen: set[str] = set()
    first: list[Ambition] = []
    for ambition in ambitions:
        if ambition.id not in seen:
            seen.add(ambition.id)
            first.append(ambition)
    return first


# --- norm show -----------------------------------------------------------------------


def version_as_json(version: NormVersion) -> dict[str, Any]:
    """`norm show`'s JSON: the version as written in norm.yaml with defaults filled in —
    `applies_to` of every ambition and item, `from` as a list (empty when it continues
    nothing), `short` or null. Keys that were not written are null."""
    return {
        "version": version.version,
        "status": version.status,
        "adopted_on": version.adopted_on.isoformat() if version.adopted_on else None,
        "source": version.source,
        "supersedes": version.supersedes,
        "note": version.note,
        "themes": [
            {
                "id": theme.id,
                "title": theme.title,
                "ambitions": [_ambition_as_json(a) for a in theme.ambitions],
            }
            for theme in version.themes
        ],
    }


def _ambition_as_json(ambition: Ambition) -> dict[str, Any]:
    return {
        "id": ambition.id,
        "text": ambition.text,
        "short": ambition.short,
        "group": ambition.group,
        "applies_to": list(ambition.kinds()),
        "items": None
        if ambition.items is None
        else [
            {"id": item.id, "text": item.text, "applies_to": list(ambition.item_kinds(item))}
            for item in ambition.items
        ],
        "from": list(ambition.from_ or []),
    }
