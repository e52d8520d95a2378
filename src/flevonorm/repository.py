"""A norm repository read from one source: norm.yaml and partners.yaml once, each round
when it is asked for, each holding its own problems.

Nothing here raises for bad data: a file that cannot be read, parsed or validated
leaves its model as None and its problems with the file it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from flevonorm.i18n import _
from flevonorm.model_errors import validate_document
from flevonorm.models import Assessment, NormFile, PartnersFile, RoundFile
from flevonorm.paths import DATA_SUFFIX, NORM_FILE, PARTNERS_FILE, ROUND_FILE, round_folder
from flevonorm.problems import Problem, Problems
from flevonorm.sources import Source, UnreadableFile
from flevonorm.yamlio import Document, read_yaml_bytes

M = TypeVar("M", NormFile, PartnersFile, RoundFile, Assessment)

# Editor leftovers and hidden files are skipped without a word (data-format.md).
_EDITOR_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig")


def _is_ignored(name: str) -> bool:
    return (
        name.startswith((".", "#"))
        or name.endswith(_EDITOR_SUFFIXES)
        or (name.startswith("#") and name.endswith("#"))
    )


def load_file(
    source: Source, path: str, model: type[M], problems: Problems
) -> tuple[M | None, Document | None]:
    """Read, parse and validate one file; every problem is added, none raised."""
    display = source.display(path)
    try:
        raw = source.read(path)
    except UnreadableFile as exc:
        problems.error(display, 1, 1, str(exc))
        return None, None
    doc = read_yaml_bytes(raw, display, problems)
    if doc is None:
        return None, None
    return validate_document(doc, model, problems), doc


@dataclass
class RoundMeta:
    """A round's round.yaml: enough to date and order it without reading its partners."""

    id: str
    folder: str
    meta: RoundFile | None
    doc: Document | None
    problems: Problems

    @property
    def meta_path(self) -> str:
        return f"{self.folder}/{ROUND_FILE}"

    @property
    def order_key(self) -> tuple[date, str] | None:
        return None if self.meta is None else (self.meta.date, self.id)


@dataclass
class LoadedRound:
    """A round with every partner file read and validated, and every problem of it."""

    id: str
    folder: str
    display_folder: str
    meta: RoundFile | None
    meta_doc: Document | None
    assessments: dict[str, Assessment] = field(default_factory=dict)
    docs: dict[str, Document] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # partner ids whose file is unusable
    problems: Problems = field(default_factory=Problems)
    checked: bool = False

    @property
    def meta_path(self) -> str:
        return f"{self.folder}/{ROUND_FILE}"

    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


class Repository:
    """The repository as one source shows it. Rounds are read and checked on demand."""

    def __init__(self, source: Source) -> None:
        from flevonorm.checks.norm import check_norm
        from flevonorm.checks.partners import check_partners

        self.source = source
        self.problems = Problems()  # norm.yaml's and partners.yaml's
        self.norm, self.norm_doc = load_file(source, NORM_FILE, NormFile, self.problems)
        if self.norm is not None and self.norm_doc is not None:
            check_norm(self.norm, self.norm_doc, self.problems)
        self.partners: PartnersFile | None = None
        self.partners_doc: Document | None = None
        if source.exists(PARTNERS_FILE):
            self.partners, self.partners_doc = load_file(
                source, PARTNERS_FILE, PartnersFile, self.problems
            )
            if self.partners is not None and self.partners_doc is not None:
                check_partners(self.partners, self.partners_doc, self.problems)
        else:
            self.problems.error(
                source.display(NORM_FILE),
                1,
                1,
                _("there is no {partners} beside {norm}; add one").format(
                    partners=PARTNERS_FILE, norm=NORM_FILE
                ),
            )
        self._round_ids = source.round_folders()
        self._metas: dict[str, RoundMeta] = {}
        self._rounds: dict[str, LoadedRound] = {}

    # --- rounds ------------------------------------------------------------

    def round_ids(self) -> list[str]:
        """Every folder under rounds/, in name order."""
        return list(self._round_ids)

    def meta(self, round_id: str) -> RoundMeta:
        """A round's round.yaml, read once."""
        if round_id not in self._metas:
            folder = round_folder(round_id)
            problems = Problems()
            meta: RoundFile | None = None
            doc: Document | None = None
            path = f"{folder}/{ROUND_FILE}"
            if self.source.exists(path):
                meta, doc = load_file(self.source, path, RoundFile, problems)
            else:
                # No line fits a missing file: point at the most relevant file that exists.
                data_files = self._data_files(folder)
                where = f"{folder}/{data_files[0]}" if data_files else folder
                problems.error(
                    self.source.display(where),
                    1,
                    1,
                    _("the round folder {folder}/ has no {round_file}; add one").format(
                        folder=folder, round_file=ROUND_FILE
                    ),
                )
            self._metas[round_id] = RoundMeta(round_id, folder, meta, doc, problems)
        return self._metas[round_id]

    def _data_files(self, folder: str) -> list[str]:
        return [
            e.name
            for e in self.source.folder_entries(folder)
            if e.name.endswith(DATA_SUFFIX) and e.name != ROUND_FILE
        ]

    def round(self, round_id: str) -> LoadedRound:
        """A round read and checked in full, once."""
        if round_id not in self._rounds:
            from flevonorm.checks.rounds import check_round

            loaded = self._load_round(round_id)
            check_round(self, loaded)
            loaded.checked = True
            self._rounds[round_id] = loaded
        return self._rounds[round_id]

    def _load_round(self, round_id: str) -> LoadedRound:
        meta = self.meta(round_id)
        folder = meta.folder
        loaded = LoadedRound(
            id=round_id,
            folder=folder,
            display_folder=self.source.display(folder),
            meta=meta.meta,
            meta_doc=meta.doc,
        )
        problems = loaded.problems
        entries = self.source.folder_entries(folder)
        prefetch = getattr(self.source, "prefetch", None)
        if prefetch is not None:
            prefetch([f"{folder}/{e.name}" for e in entries if e.regular])
        for entry in entries:
            name = entry.name
            if _is_ignored(name) or name == ROUND_FILE:
                continue
            lower = name.lower()
            if lower.endswith((".yml", ".yaml")) and not name.endswith(DATA_SUFFIX):
                stem = name.rsplit(".", 1)[0]
                problems.warning(
                    self.source.display(f"{folder}/{name}"),
                    1,
                    1,
                    _("ignored: flevonorm reads only .yaml files; rename it to {name}").format(
                        name=stem + DATA_SUFFIX
                    ),
                )
        problems.extend(meta.problems)
        for entry in entries:
            name = entry.name
            if not name.endswith(DATA_SUFFIX) or name == ROUND_FILE or _is_ignored(name):
                continue
            partner_id = name[: -len(DATA_SUFFIX)]
            assessment, doc = load_file(self.source, f"{folder}/{name}", Assessment, problems)
            if doc is not None:
                loaded.docs[partner_id] = doc
            if assessment is None:
                loaded.broken.add(partner_id)
            else:
                loaded.assessments[partner_id] = assessment
        return loaded

    def dated_round_ids(self, round_ids: list[str] | None = None) -> list[str]:
        """The rounds (all, or those given) with a readable round.yaml, oldest first by
        (date, id)."""
        metas = [self.meta(r) for r in (self._round_ids if round_ids is None else round_ids)]
        dated = [(m.order_key, m.id) for m in metas if m.order_key is not None]
        return [round_id for _key, round_id in sorted(dated)]

    def undated(self) -> list[RoundMeta]:
        """Rounds whose round.yaml cannot be read: their date, and so their place, is unknown."""
        return [m for m in (self.meta(r) for r in self._round_ids) if m.order_key is None]

    def base_problems(self) -> list[Problem]:
        return list(self.problems)

    def base_has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)
