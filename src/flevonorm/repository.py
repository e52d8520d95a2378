"""A norm repository read from one source: norm.yaml and partners.yaml once, each round
when it is asked for, each holding its own problems.

Nothing here raises for bad data: a file that cannot be read, parsed or validated
leaves its model as None and its problems with the file it belongs to.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from flevonorm.cache import CachedFile, ResultCache, RoundCache, context_digest, digest
from flevonorm.errors import FlevonormError
from flevonorm.i18n import _
from flevonorm.model_errors import validate_document
from flevonorm.models import Assessment, NormFile, NormVersion, PartnersFile, RoundFile
from flevonorm.paths import DATA_SUFFIX, NORM_FILE, PARTNERS_FILE, ROUND_FILE, round_folder
from flevonorm.problems import Problem, Problems
from flevonorm.sources import FolderEntry, Source, UnreadableFile
from flevonorm.status import answer_keys
from flevonorm.yamlio import Document, read_yaml_bytes

if TYPE_CHECKING:
    from flevonorm.scoring import Scorecard

M = TypeVar("M", NormFile, PartnersFile, RoundFile, Assessment)
# A partner file read and checked in this run: its digest, reading problems, data as
# parsed, whether it made an assessment, and its partner id.
_Fresh = tuple[str, list[Problem], Any, bool, str]

# Editor leftovers and hidden files are skipped without a word (data-format.md).
_EDITOR_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig")


# From about this many partner files a command shares the reading over the cores: below
# it, starting a child costs more than it saves (bench/ measures both sides).
PARALLEL_FROM_FILES = 400


class FileChanged(FlevonormError):
    """A file read twice in one run had other bytes the second time."""

    def __init__(self, path: str) -> None:
        super().__init__(
            _("{path} changed while flevonorm was reading it; run the command again").format(
                path=path
            )
        )


def _portable(done: list[LoadedRound]) -> list[LoadedRound]:
    """Rounds made in a child, ready to travel to the parent: without what cannot be
    pickled (the closure that makes assessments again; the parent gives its own) or need
    not be (a document's nodes, composed again from its text when asked for)."""
    for loaded in done:
        loaded.make_pending = None
        for doc in loaded.docs.values():
            doc.forget_nodes()
    return done


def _round_cache(
    source: Source, cache: ResultCache, rules: tuple[str, str], round_id: str
) -> RoundCache:
    """The cache of a round's partner files, under the rules they are checked by: the
    digests of norm.yaml and partners.yaml (`rules`) and of the round's round.yaml."""
    from flevonorm import i18n

    folder = round_folder(round_id)
    context = context_digest(
        [
            i18n.language(),
            source.display(folder),
            *rules,
            _digest_of(source, f"{folder}/{ROUND_FILE}"),
        ]
    )
    return cache.for_round(source.display(folder), context)


def _is_ignored(name: str) -> bool:
    return name.startswith((".", "#")) or name.endswith(_EDITOR_SUFFIXES)


def read_bytes(source: Source, path: str, problems: Problems) -> bytes | None:
    """The bytes of one file, or None with the reason added to `problems`."""
    try:
        return source.read(path)
    except UnreadableFile as exc:
        problems.error(source.display(path), 1, 1, str(exc))
        return None


def parse_and_validate(
    raw: bytes, display: str, model: type[M], problems: Problems
) -> tuple[M | None, Document | None, Any]:
    """Parse and validate the bytes of one file: its model, its document and its data as
    parsed (None where it did not get that far); every problem is added, none raised."""
    doc = read_yaml_bytes(raw, display, problems)
    if doc is None:
        return None, None, None
    data = doc.data
    validated = validate_document(doc, model, problems)
    # From here on the model holds the data; the document only finds positions, from its
    # text. Keeping both doubled what a national repository holds in memory.
    doc.data = None
    return validated, doc, data


def load_file(
    source: Source, path: str, model: type[M], problems: Problems
) -> tuple[M | None, Document | None]:
    """Read, parse and validate one file; every problem is added, none raised."""
    raw = read_bytes(source, path, problems)
    if raw is None:
        return None, None
    validated, doc, _data = parse_and_validate(raw, source.display(path), model, problems)
    return validated, doc


def _digest_of(source: Source, path: str) -> str:
    """What the cache keys a rule file by: its bytes, or that it cannot be read."""
    try:
        return digest(source.read(path))
    except UnreadableFile:
        return "-"


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
    """A round with every partner file read and validated, and every problem of it.

    A partner file whose results came from the cache has its assessment made from the
    cached data only when `assessments` is first asked for: validate, which needs the
    problems only, never pays for it."""

    id: str
    folder: str
    display_folder: str
    meta: RoundFile | None
    meta_doc: Document | None
    docs: dict[str, Document] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # partner ids whose file is unusable
    problems: Problems = field(default_factory=Problems)
    checked: bool = False
    file_names: list[str] = field(default_factory=list)  # the partner files, in folder order
    # The partner ids whose file makes an assessment, in folder order; the assessments
    # made so far; and, for the others, the cached file they are made from when asked for.
    partner_ids: list[str] = field(default_factory=list)
    ready: dict[str, Assessment] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)
    make_pending: Callable[[LoadedRound, dict[str, str]], None] | None = None
    # A digest of the rules and of every partner file's bytes (with the cache only):
    # what a result computed from the whole round may be cached under.
    fingerprint: str | None = None
    # What the round's checks found in each partner file before (from the cache), and
    # found now (for the cache): checks of the first are not run again.
    checked_before: dict[str, list[Problem]] = field(default_factory=dict)
    checked_now: dict[str, list[Problem]] = field(default_factory=dict)
    # The answer keys (status.answer_key) of partner files from the cache, or kept when
    # the round was released, by partner id.
    cached_answers: dict[str, dict[str, str]] = field(default_factory=dict)
    # The digest of each partner file's bytes as read, by file name: an assessment made
    # again later (from the cache or the file) must come from the very same bytes.
    digests: dict[str, str] = field(default_factory=dict)
    # Scorecards worked out already, by the weight of a partial answer (history.py).
    scorecards: dict[Fraction, Scorecard] = field(default_factory=dict)

    @property
    def assessments(self) -> dict[str, Assessment]:
        """Every assessment of the round, by partner id, in folder order."""
        if self.pending and self.make_pending is not None:
            self.make_pending(self, self.pending)
            self.ready = {p: self.ready[p] for p in self.partner_ids if p in self.ready}
            self.pending.clear()
        return self.ready

    def assessment(self, partner_id: str) -> Assessment | None:
        """One partner's assessment, made from the cache (alone) if it was not yet."""
        if partner_id in self.pending and self.make_pending is not None:
            name = self.pending.pop(partner_id)
            self.make_pending(self, {partner_id: name})
            if not self.pending:
                self.ready = {p: self.ready[p] for p in self.partner_ids if p in self.ready}
        return self.ready.get(partner_id)

    def answers(self, partner_id: str, version: NormVersion, kind: str) -> dict[str, str] | None:
        """The answer keys of a partner's entries (None: no assessment): from the cache
        where it has them, else from the assessment."""
        cached = self.cached_answers.get(partner_id)
        if cached is not None:
            return cached
        assessment = self.assessment(partner_id)
        return None if assessment is None else answer_keys(version, kind, assessment.ambitions)

    @property
    def meta_path(self) -> str:
        return f"{self.folder}/{ROUND_FILE}"

    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


class Repository:
    """The repository as one source shows it. Rounds are read and checked on demand."""

    def __init__(self, source: Source, cache: ResultCache | None = None) -> None:
        from flevonorm.checks.norm import check_norm
        from flevonorm.checks.partners import check_partners

        self.source = source
        self.cache = cache
        # Whether the cache keeps each partner file's data, from which a later run makes
        # its assessment without parsing. validate needs no assessment from the cache
        # (its problems and answer keys are kept either way) and skips the cost; a later
        # command that does need them reads those files once and keeps their data then.
        self.keep_data = True
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
        self._rules: tuple[str, str] | None = None
        self._entries: dict[str, list[FolderEntry]] = {}
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

    def _folder_entries(self, folder: str) -> list[FolderEntry]:
        """A round folder's entries, listed (and each checked with lstat) once per run:
        load_rounds weighs the rounds by them before they are read."""
        if folder not in self._entries:
            self._entries[folder] = self.source.folder_entries(folder)
        return self._entries[folder]

    def _data_files(self, folder: str) -> list[str]:
        return [
            e.name
            for e in self._folder_entries(folder)
            if e.name.endswith(DATA_SUFFIX) and e.name != ROUND_FILE
        ]

    def round(self, round_id: str) -> LoadedRound:
        """A round read and checked in full, once."""
        if round_id not in self._rounds:
            from flevonorm.checks.rounds import check_round

            round_cache = self._round_cache(round_id)
            loaded, fresh = self._load_round(round_id, round_cache)
            check_round(self, loaded)
            loaded.checked = True
            if round_cache is not None:
                for name, (file_digest, read, data, valid, partner_id) in fresh.items():
                    checked = loaded.checked_now.get(partner_id, [])
                    answers = self._answer_keys(loaded, partner_id)
                    if answers is not None:  # the same keys serve this run's stale answers
                        loaded.cached_answers[partner_id] = answers
                    kept = data if self.keep_data else None
                    result = CachedFile(file_digest, read, checked, kept, valid, answers)
                    round_cache.put(name, result)
                round_cache.keep_only(loaded.file_names)
                round_cache.save()
            loaded.checked_before.clear()
            loaded.checked_now.clear()
            self._rounds[round_id] = loaded
        return self._rounds[round_id]

    def _answer_keys(self, loaded: LoadedRound, partner_id: str) -> dict[str, str] | None:
        """A partner file's answer keys under its round's version, for the cache."""
        assessment = loaded.ready.get(partner_id)
        if assessment is None or self.norm is None or self.partners is None or not loaded.meta:
            return None
        version = self.norm.version(loaded.meta.norm)
        partner = self.partners.partner(partner_id)
        if version is None or partner is None:
            return None
        return answer_keys(version, partner.kind, assessment.ambitions)

    def _round_cache(self, round_id: str) -> RoundCache | None:
        if self.cache is None:
            return None
        return _round_cache(self.source, self.cache, self._rule_digests(), round_id)

    def _rule_digests(self) -> tuple[str, str]:
        """The digests of norm.yaml and partners.yaml, which every round is checked by:
        read once, as the files themselves are."""
        if self._rules is None:
            self._rules = (
                _digest_of(self.source, NORM_FILE),
                _digest_of(self.source, PARTNERS_FILE),
            )
        return self._rules

    def _load_round(
        self, round_id: str, round_cache: RoundCache | None
    ) -> tuple[LoadedRound, dict[str, _Fresh]]:
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
        entries = self._folder_entries(folder)
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
        fresh: dict[str, _Fresh] = {}
        files: list[list[str]] = []
        for entry in entries:
            name = entry.name
            if not name.endswith(DATA_SUFFIX) or name == ROUND_FILE or _is_ignored(name):
                continue
            loaded.file_names.append(name)
            partner_id = name[: -len(DATA_SUFFIX)]
            path = f"{folder}/{name}"
            display = self.source.display(path)
            raw = read_bytes(self.source, path, problems)
            if raw is None:
                loaded.broken.add(partner_id)
                files.append([name, "-"])
                continue
            file_digest = digest(raw)
            loaded.digests[name] = file_digest
            files.append([name, file_digest])
            cached = round_cache.get(name, display, file_digest) if round_cache else None
            if cached is not None:
                problems.extend(cached.read)
                if cached.valid:
                    # Positions come from the text, found only if a later problem needs one.
                    loaded.docs[partner_id] = Document(display, None, raw.decode("utf-8-sig"))
                    loaded.checked_before[partner_id] = cached.checked
                    if cached.answers is not None:
                        loaded.cached_answers[partner_id] = cached.answers
                    loaded.partner_ids.append(partner_id)
                    loaded.pending[partner_id] = name
                else:
                    loaded.broken.add(partner_id)
                continue
            read = Problems()
            assessment, doc, data = parse_and_validate(raw, display, Assessment, read)
            problems.extend(read)
            if doc is not None:
                loaded.docs[partner_id] = doc
            fresh[name] = (file_digest, list(read), data, assessment is not None, partner_id)
            if assessment is None:
                loaded.broken.add(partner_id)
            else:
                loaded.partner_ids.append(partner_id)
                loaded.ready[partner_id] = assessment
        loaded.make_pending = self._assessments_from(round_cache)
        if round_cache is not None:
            text = json.dumps([round_cache.context, files], ensure_ascii=False)
            loaded.fingerprint = digest(text.encode("utf-8", "surrogateescape"))
        return loaded, fresh

    def _assessments_from(
        self, opened: RoundCache | None
    ) -> Callable[[LoadedRound, dict[str, str]], None]:
        """What makes pending assessments of a round (partner id: file name) again: from
        the cached data, else from the file, provided its bytes are those first read.
        It holds the source, not the repository: the repository holds the round that
        holds this, and a cycle would outlive the run (the collector is off)."""
        source, cache = self.source, self.cache
        rules = self._rule_digests() if cache is not None else ("", "")
        round_caches = [opened]  # the round's cache, opened when first needed

        def make(loaded: LoadedRound, pending: dict[str, str]) -> None:
            if round_caches[0] is None and cache is not None:
                round_caches[0] = _round_cache(source, cache, rules, loaded.id)
            round_cache = round_caches[0]
            for partner_id, name in pending.items():
                path = f"{loaded.folder}/{name}"
                assessment: Assessment | None = None
                data = round_cache.data(name) if round_cache is not None else None
                if data is not None:
                    try:
                        assessment = Assessment.model_validate(data)
                    except ValidationError:
                        assessment = None
                if assessment is None:
                    # Not kept, or not kept whole: read the file again. Its problems are
                    # known already (the same bytes gave them).
                    raw = read_bytes(source, path, Problems())
                    if raw is None or digest(raw) != loaded.digests.get(name):
                        raise FileChanged(source.display(path))
                    display = source.display(path)
                    assessment, _doc, data = parse_and_validate(
                        raw, display, Assessment, Problems()
                    )
                    if assessment is not None and round_cache is not None:
                        round_cache.keep_data(name, data)
                if assessment is not None:
                    loaded.ready[partner_id] = assessment
            if round_cache is not None:
                round_cache.save()

        return make

    def release(self, round_id: str) -> None:
        """Forget what a checked round holds beyond its problems and answer keys: its
        documents (no later problem can be placed in its files) and its assessments
        (made again, from the cache or the files, when asked for). For a command that
        reads many rounds and needs little of each afterwards."""
        loaded = self._rounds.get(round_id)
        if loaded is None:
            return
        loaded.docs.clear()
        for partner_id in loaded.ready:
            if partner_id not in loaded.cached_answers:
                answers = self._answer_keys(loaded, partner_id)
                if answers is not None:
                    loaded.cached_answers[partner_id] = answers
            loaded.pending[partner_id] = partner_id + DATA_SUFFIX
        loaded.ready = {}

    def load_rounds(
        self,
        round_ids: Iterable[str],
        keep: Container[str] | None = None,
        then: Callable[[LoadedRound], object] | None = None,
    ) -> None:
        """Read and check these rounds now, as `round` would one by one, with the work
        shared over the machine's cores when there is enough of it (see parallel.py).
        `then` is called with each round once checked, where the round is read (what it
        works out must be kept on the round to reach this process: a scorecard, say).
        A round not in `keep` (None: every round is kept) is released after that."""
        from flevonorm import parallel
        from flevonorm.sources import WorkTree

        wanted = [r for r in dict.fromkeys(round_ids) if r not in self._rounds]
        if not wanted:
            return
        count = 1
        # A git revision is read through one `git cat-file` process, which children
        # cannot share; a small repository is read faster than a child starts.
        if isinstance(self.source, WorkTree) and len(wanted) > 1:
            sizes = {r: len(self._folder_entries(round_folder(r))) for r in wanted}
            if sum(sizes.values()) >= PARALLEL_FROM_FILES:
                count = parallel.jobs()
        split = [wanted] if count == 1 else parallel.shares(wanted, sizes.__getitem__, count)

        def work(share: list[str]) -> list[LoadedRound]:
            done = []
            for round_id in share:
                if parallel.abandoned():
                    raise SystemExit(1)  # in a child whose parent was killed
                loaded = self.round(round_id)
                if then is not None:
                    then(loaded)
                done.append(loaded)
                if keep is not None and round_id not in keep:
                    self.release(round_id)
            return done

        for done in parallel.run_shares(work, split, prepare=_portable):
            for loaded in done:
                if loaded.id not in self._rounds:  # made by a child
                    loaded.make_pending = self._assessments_from(None)
                    self._rounds[loaded.id] = loaded

    def dated_round_ids(self, round_ids: list[str] | None = None) -> list[str]:
        """The rounds (all, or those given) with a readable round.yaml, oldest first by
        (date, id)."""
        metas = [self.meta(r) for r in (self._round_ids if round_ids is None else round_ids)]
        dated = [(m.order_key, m.id) for m in metas if m.order_key is not None]
        return [round_id for _key, round_id in sorted(dated)]

    def undated(self) -> list[RoundMeta]:
        """Rounds whose round.yaml cannot be read: their date, and so their place, is unknown."""
        return [m for m in (self.meta(r) for r in self._round_ids) if m.order_key is None]

    def base_has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)
