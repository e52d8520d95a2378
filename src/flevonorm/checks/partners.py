"""The rules of partners.yaml: unique ids, a partner cannot leave before it joined."""

from __future__ import annotations

from flevonorm.checks._located import At, unique
from flevonorm.i18n import _
from flevonorm.models import PartnersFile
from flevonorm.problems import Problems
from flevonorm.yamlio import Document


def check_partners(partners: PartnersFile, doc: Document, problems: Problems) -> None:
    at = At(doc, problems)
    unique(
        at,
        ((p.id, ("partners", i, "id")) for i, p in enumerate(partners.partners)),
        _("partner id {value} appears twice (lines {first} and {second}); each must be unique"),
    )
    for index, partner in enumerate(partners.partners):
        if partner.joined and partner.left and partner.left < partner.joined:
            at.error(
                ("partners", index, "left"),
                _("{partner} left ({left}) before it joined ({joined})").format(
                    partner=partner.id, left=partner.left, joined=partner.joined
                ),
            )
