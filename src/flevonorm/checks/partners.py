"""The rules of partners.yaml: unique ids, no id whose file name a round already uses,
a partner cannot leave before it joined."""

from __future__ import annotations

from flevonorm.checks._located import At, unique
from flevonorm.i18n import _
from flevonorm.models import PartnersFile
from flevonorm.paths import DATA_SUFFIX, ROUND_FILE
from flevonorm.problems import Problems
from flevonorm.yamlio import Document

# A partner's answers are rounds/<round-id>/<partner-id>.yaml, so the id `round` would name
# the round's own round.yaml: that partner's file could never be read.
RESERVED_PARTNER_IDS = frozenset({ROUND_FILE.removesuffix(DATA_SUFFIX)})


def check_partners(partners: PartnersFile, doc: Document, problems: Problems) -> None:
    at = At(doc, problems)
    unique(
        at,
        ((p.id, ("partners", i, "id")) for i, p in enumerate(partners.partners)),
        _("partner id {value} appears twice (lines {first} and {second}); each must be unique"),
    )
    for index, partner in enumerate(partners.partners):
        if partner.id in RESERVED_PARTNER_IDS:
            at.error(
                ("partners", index, "id"),
                _(
                    "partner id {value} is reserved: this partner's file would be {path}, "
                    "which is the round's own file; choose another id"
                ).format(value=repr(partner.id), path=f"rounds/<round-id>/{ROUND_FILE}"),
            )
        if partner.joined and partner.left and partner.left < partner.joined:
            at.error(
                ("partners", index, "left"),
                _("{partner} left ({left}) before it joined ({joined})").format(
                    partner=partner.id, left=partner.left, joined=partner.joined
                ),
            )
