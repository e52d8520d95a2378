"""The rules of norm.yaml (data-format.md, history.md): unique ids, supersedes (never a cycle)
and from links, items."""

from __future__ import annotations

from flevonorm.checks._located import At, suggest, unique
from flevonorm.i18n import _
from flevonorm.models import Ambition, NormFile, NormVersion
from flevonorm.problems import Problems
from flevonorm.versions import supersedes_cycle_errors
from flevonorm.yamlio import Document, Loc


def check_norm(norm: NormFile, doc: Document, problems: Problems) -> None:
    at = At(doc, problems)
    unique(
        at,
        ((v.version, ("versions", i, "version")) for i, v in enumerate(norm.versions)),
        _("version {value} appears twice (lines {first} and {second}); each must be unique"),
    )
    for v_index, version in enumerate(norm.versions):
        base: Loc = ("versions", v_index)
        _check_version_ids(at, version, base)
        _check_supersedes(at, norm, version, base)
        for t_index, theme in enumerate(version.themes):
            for a_index, ambition in enumerate(theme.ambitions):
                loc = (*base, "themes", t_index, "ambitions", a_index)
                _check_ambition(at, ambition, loc)
    for loc, message in supersedes_cycle_errors(norm):
        at.error(loc, message)


def _check_version_ids(at: At, version: NormVersion, base: Loc) -> None:
    ids: list[tuple[str, Loc]] = []
    for t_index, theme in enumerate(version.themes):
        t_loc = (*base, "themes", t_index)
        ids.append((theme.id, (*t_loc, "id")))
        for a_index, ambition in enumerate(theme.ambitions):
            a_loc = (*t_loc, "ambitions", a_index)
            ids.append((ambition.id, (*a_loc, "id")))
            for i_index, item in enumerate(ambition.items or []):
                ids.append((item.id, (*a_loc, "items", i_index, "id")))
    message = _(
        "id in version {version}: {value} appears twice (lines {first} and {second}); "
        "each must be unique"
    )
    unique(at, ids, message, version=version.version)


def _check_supersedes(at: At, norm: NormFile, version: NormVersion, base: Loc) -> None:
    older = None
    if version.supersedes is not None:
        older = norm.version(version.supersedes)
        if older is None or version.supersedes == version.version:
            known = [v.version for v in norm.versions if v.version != version.version]
            at.error(
                (*base, "supersedes"),
                _("supersedes {version}, which is not another version in norm.yaml").format(
                    version=repr(version.supersedes)
                )
                + suggest(version.supersedes, known),
            )
            older = None
    for t_index, theme in enumerate(version.themes):
        for a_index, ambition in enumerate(theme.ambitions):
            if ambition.from_ is None:
                continue
            loc = (*base, "themes", t_index, "ambitions", a_index, "from")
            if version.supersedes is None:
                at.error(loc, _("'from' links need 'supersedes:' on the version they are in"))
                continue
            if older is None:
                continue
            known = [a.id for a in older.ambitions()]
            unique(
                at,
                ((f, (*loc, i)) for i, f in enumerate(ambition.from_)),
                _(
                    "'from' id {value} appears twice (lines {first} and {second}); "
                    "each must be unique"
                ),
            )
            for f_index, old_id in enumerate(ambition.from_):
                if old_id not in known:
                    at.error(
                        (*loc, f_index),
                        _(
                            "'from' names {ambition}, which is not an ambition of version {version}"
                        ).format(ambition=repr(old_id), version=older.version)
                        + suggest(old_id, known),
                    )


def _check_ambition(at: At, ambition: Ambition, loc: Loc) -> None:
    kinds = ambition.kinds()
    if ambition.applies_to is not None:
        unique(
            at,
            ((k, (*loc, "applies_to", i)) for i, k in enumerate(ambition.applies_to)),
            _(
                "partner kind {value} appears twice (lines {first} and {second}); "
                "each must be unique"
            ),
        )
    if ambition.items is None:
        return
    for i_index, item in enumerate(ambition.items):
        i_loc = (*loc, "items", i_index)
        if not item.id.startswith(ambition.id + "."):
            at.error(
                (*i_loc, "id"),
                _("item {item} must start with its ambition's id and a dot ({ambition}.…)").format(
                    item=repr(item.id), ambition=ambition.id
                ),
            )
        extra = [k for k in item.applies_to or [] if k not in kinds]
        if extra:
            at.error(
                (*i_loc, "applies_to"),
                _(
                    "item {item} applies to {extra}, which ambition {ambition} does not "
                    "(applies_to: {kinds}); an item may only narrow its ambition's kinds"
                ).format(
                    item=item.id,
                    extra=", ".join(extra),
                    ambition=ambition.id,
                    kinds=", ".join(kinds),
                ),
            )
    for kind in kinds:
        if not ambition.items_for(kind):
            at.error(
                (*loc, "items"),
                _(
                    "ambition {ambition} applies to {kind} but none of its items does; "
                    "give it at least one item for {kind} or narrow applies_to"
                ).format(ambition=ambition.id, kind=kind),
            )
