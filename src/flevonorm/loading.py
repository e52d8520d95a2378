"""Reading a norm repository into models, collecting every problem on the way.

Nothing here raises for bad data: a file that cannot be read, parsed or
validated leaves its model as None and its problems in `Repository.problems`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from flevonorm.modelcheck import validate_document
from flevonorm.models import Assessment, NormFile, PartnersFile, RoundFile
from flevonorm.problems import Problems
from flevonorm.repository import (
    NORM_FILE,
    PARTNERS_FILE,
    ROUND_FILE,
    display_path,
    round_folders,
)
from flevonorm.yamlio import Document, read_yaml


@dataclass
class LoadedRound:
    id: str
    folder: Path
    path: str  # display path of the folder
    meta: RoundFile | None = None
    meta_doc: Document | None = None
    assessments: dict[str, Assessment] = field(default_factory=dict)
    docs: dict[str, Document] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # partner ids whose file is unusable

    @property
    def meta_path(self) -> str:
        return f"{self.path}/{ROUND_FILE}"


@dataclass
class Repository:
    root: Path
    norm: NormFile | None = None
    norm_doc: Document | None = None
    partners: PartnersFile | None = None
    partners_doc: Document | None = None
    rounds: dict[str, LoadedRound] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)

    def dated_rounds(self) -> list[tuple[tuple[date, str], LoadedRound]]:
        """Rounds with a valid round.yaml and their order key (date, id), oldest first."""
        dated = [((r.meta.date, r.id), r) for r in self.rounds.values() if r.meta is not None]
        return sorted(dated, key=lambda pair: pair[0])

    def latest_round_id(self) -> str | None:
        """The round with the greatest date (ties: the greatest id)."""
        dated = self.dated_rounds()
        return dated[-1][1].id if dated else None


M = TypeVar("M", NormFile, PartnersFile, RoundFile, Assessment)


def _load_file(
    path: Path, root: Path, model: type[M], problems: Problems
) -> tuple[M | None, Document | None]:
    doc = read_yaml(path, display_path(root, path), problems)
    if doc is None:
        return None, None
    return validate_document(doc, model, problems), doc


def load_round(root: Path, folder: Path, problems: Problems) -> LoadedRound:
    loaded = LoadedRound(id=folder.name, folder=folder, path=display_path(root, folder))
    meta_path = folder / ROUND_FILE
    yaml_files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".yaml")
    for stray in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".yml"):
        problems.warning(
            display_path(root, stray),
            1,
            1,
            "ignored: flevonorm reads only .yaml files; rename it to "
            f"{stray.with_suffix('.yaml').name}",
        )
    if meta_path.is_file():
        loaded.meta, loaded.meta_doc = _load_file(meta_path, root, RoundFile, problems)
    else:
        # No line fits a missing file: point at the most relevant file that exists.
        anchor = yaml_files[0] if yaml_files else None
        where = display_path(root, anchor) if anchor else loaded.path
        problems.error(where, 1, 1, f"the round folder {loaded.path}/ has no {ROUND_FILE}; add one")
    for path in yaml_files:
        if path.name == ROUND_FILE:
            continue
        partner_id = path.stem
        assessment, doc = _load_file(path, root, Assessment, problems)
        if doc is not None:
            loaded.docs[partner_id] = doc
        if assessment is None:
            loaded.broken.add(partner_id)
        else:
            loaded.assessments[partner_id] = assessment
    return loaded


def load_repository(root: Path, round_ids: Iterable[str] | None = None) -> Repository:
    """Load norm.yaml, partners.yaml and the rounds named (all when None)."""
    repo = Repository(root=root)
    problems = repo.problems
    repo.norm, repo.norm_doc = _load_file(root / NORM_FILE, root, NormFile, problems)
    partners_path = root / PARTNERS_FILE
    if partners_path.is_file():
        repo.partners, repo.partners_doc = _load_file(partners_path, root, PartnersFile, problems)
    else:
        problems.error(NORM_FILE, 1, 1, f"there is no {PARTNERS_FILE} beside {NORM_FILE}; add one")
    wanted = None if round_ids is None else set(round_ids)
    for folder in round_folders(root):
        if wanted is None or folder.name in wanted:
            repo.rounds[folder.name] = load_round(root, folder, problems)
    return repo
