"""The rules of partners.yaml: unique ids, a partner cannot leave before it joined."""

from __future__ import annotations

from flevonorm.checks._located import At, unique
from flevonorm.models import PartnersFile
from flevonorm.problems import Problems
from flevonorm.yamlio import Document


def check_partners(partners: PartnersFile, doc: Document, problems: Problems) -> None:
    at = At(doc, problems)
    unique(
        at,
        ((p.id, ("partners", i, "id")) for i, p in enumerate(partners.partners)),
        "partner id",
    )
    for index, partner in enumerate(partners.partners):
        if partner.joined and partner.left and partner.left < partner.joined:
            at.error(
                ("partners", index, "left"),
                f"{partner.id} left ({partner.left}) before it joined ({partner.joined})",
            )
