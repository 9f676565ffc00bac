"""A field one document of a file lost, taken from the other document of the same person.

A file that holds a person's MSE certificate and the IPRA drawn up at the same
examination carries the same ФИО, date of birth and term on both pages: the
IPRA is drawn up for the term the group is set for («ИПРА инвалида
разрабатывается на 1 год, 2 года или бессрочно», Порядок разработки и
реализации ИПРА, приказ Минтруда России № 486н от 13.06.2017, п. 8; ранее
приказ № 528н, п. 8), and both are handed over on the decision of one
examination (Правила признания лица инвалидом, Постановление Правительства РФ № 588
от 05.04.2022).
When the reading loses one of these on one page (a dative surname «Ивановой»
left empty, a name or a «бессрочно» mark eaten by a stain), the other document
is a candidate source for it.

Conservative by design:

- inside one file (same ``source_sha256``) holding exactly one certificate and one
  IPRA; across files only for a certificate and an IPRA whose ФИО and birth date were
  both read and agree (the batch's person key);
- the two must be the same person on what both read: the ФИО or the birth date
  agrees, and neither disagrees (ё and е, case and spacing aside);
- the ФИО is taken only where the birth dates agree, the birth date only where
  the names agree — a value never confirms itself — or where the document's own
  candidate, too weak to be kept, proposed it (a dative «Луговой Агния Макаровна»
  beside the IPRA's «Луговая Агния Макаровна», :func:`names_match`);
- the term is taken only when the IPRA's issue date lies within
  :data:`SAME_EXAMINATION_DAYS` of the certificate's established or issue date
  (one examination; an extension's documents may precede its start by
  :data:`~mseflow.validators.terms.EXTENSION_DECIDED_BEFORE_MONTHS` months), or when
  the document's own weak candidate proposed the same term;
- the group (which the IPRA is drawn up for: it is the certificate's) is taken on the
  same condition, from a value read at :data:`MIN_GROUP_CONFIDENCE` at least, or where
  the document's own candidate proposed it; the cause only in that last case;
- a value that was read is never replaced; the source value must itself be
  confident (:data:`MIN_SOURCE_CONFIDENCE`), and the filled one is a little less so.

The filled field's evidence names the other document and its page; its candidate
has the method :data:`PAIRED_METHOD`; the info issue ``field_from_paired_document``
names the fields so the HR officer sees where they came from.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from mseflow.contract import Candidate, DocType, Evidence, Record, Severity
from mseflow.validators.base import DISABILITY_DOCS, CheckContext, Rule
from mseflow.validators.cross_document import normalise_name, pair_documents
from mseflow.validators.terms import EXTENSION_DECIDED_BEFORE_MONTHS, add_months

PAIRED_METHOD = "paired_document"
"""``Candidate.method`` of a value taken from the other document of the file."""
PAIRED_EXTRACTOR = "cross_document"
"""``Candidate.extractor`` of such a value."""
MIN_SOURCE_CONFIDENCE = 0.7
"""The other document's value must be at least this sure to be lent."""
LENT_CONFIDENCE_FACTOR = 0.9
"""A lent value is a little less sure than where it was read."""
SAME_EXAMINATION_DAYS = 45
"""How long after the certificate's date the IPRA of the same examination may be issued."""

NAMED_RU = {DocType.mse_certificate: "справке МСЭ", DocType.ipra: "ИПРА"}
CONFIRMED_KEYS = ("disability_cause",)
"""Lent only where the document's own (too weak) reading proposed the same value."""
MIN_GROUP_CONFIDENCE = 0.8
"""The group is lent without the document's own candidate only from a value this sure."""
MAX_INFLECTED_LETTERS = 3
"""How many last letters of one word of a ФИО may differ (a case ending, an OCR slip)."""


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _inflected(a: str, b: str) -> bool:
    """Two forms of one word: «луговой»/«луговая», «иванову»/«иванов» (same stem, other ending)."""
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 2:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(len(a), len(b)) - MAX_INFLECTED_LETTERS


def names_match(read: str, other: str) -> bool:
    """One ФИО in two readings: the same words, at most one of them in another form.

    >>> names_match("Луговой Агния Макаровна", "ЛУГОВАЯ АГНИЯ МАКАРОВНА")
    True
    >>> names_match("Петрова Александра Ивановна", "Петров Александр Иванович")
    False
    """
    a, b = normalise_name(read).split(), normalise_name(other).split()
    if len(a) != len(b) or len(a) < 2:
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differ) <= 1 and all(_inflected(x, y) for x, y in differ)


def _matches(key: str, proposed: object, value: object) -> bool:
    if key == "full_name":
        return isinstance(proposed, str) and isinstance(value, str) and names_match(proposed, value)
    return _plain(proposed) == _plain(value)


def _own_candidate(record: Record, key: str, value: object) -> Candidate | None:
    """The record's own candidate for ``key`` that proposed ``value`` (too weak to be kept)."""
    for candidate in record.candidates.get(key, []):
        if candidate.method != PAIRED_METHOD and _matches(key, candidate.value, value):
            return candidate
    return None


def _agreement(a: Record, b: Record, key: str) -> bool | None:
    """Whether ``a`` and ``b`` agree on ``key``: both read it, or one's candidate proposed it.

    ``None`` when nothing can be compared, or when two read names differ only in one
    word's ending (a case form or an OCR slip: neither agreement nor a conflict).
    """
    va, vb = getattr(a, key), getattr(b, key)
    if va is not None and vb is not None:
        if key != "full_name":
            return bool(va == vb)
        if normalise_name(va) == normalise_name(vb):
            return True
        return None if names_match(va, vb) else False
    if va is None and vb is not None and _own_candidate(a, key, vb) is not None:
        return True
    if vb is None and va is not None and _own_candidate(b, key, va) is not None:
        return True
    return None


def same_person(a: Record, b: Record) -> bool:
    """What both read agrees: the ФИО or the birth date matches and neither differs."""
    found = (_agreement(a, b, "full_name"), _agreement(a, b, "birth_date"))
    return False not in found and True in found


def same_examination(certificate: Record, ipra: Record) -> bool:
    """The IPRA was issued with the certificate (see :data:`SAME_EXAMINATION_DAYS`)."""
    issued = ipra.issue_date
    if issued is None:
        return False
    for start in (certificate.established_date, certificate.issue_date):
        if start is None:
            continue
        earliest = add_months(start, -EXTENSION_DECIDED_BEFORE_MONTHS)
        if earliest <= issued <= start + dt.timedelta(days=SAME_EXAMINATION_DAYS):
            return True
    return False


def _confidence(record: Record, key: str) -> float:
    ev = record.evidence.get(key)
    return ev.confidence if ev is not None else 0.0


def _empty(record: Record, key: str) -> bool:
    if key in ("valid_until", "indefinite"):
        return not record.indefinite and record.valid_until is None
    return getattr(record, key) in (None, "", [])


def _lend(target: Record, source: Record, key: str, *, outright: bool) -> bool:
    """Set ``target``'s empty ``key`` to ``source``'s value, with evidence; ``True`` if done.

    With a candidate of ``target``'s own proposing that value, the evidence points at
    it (the document's own reading, confirmed); else, only when ``outright``, at the
    other document's page.
    """
    ev = source.evidence.get(key)
    value = getattr(source, key)
    if ev is None or ev.confidence < MIN_SOURCE_CONFIDENCE or value in (None, False, ""):
        return False
    confidence = round(ev.confidence * LENT_CONFIDENCE_FACTOR, 3)
    named = NAMED_RU[DocType(source.doc_type)]
    if source.source_sha256 == target.source_sha256:
        other = f"{named} того же файла, стр. {ev.page}"
    else:
        other = f"{named} того же лица в файле {source.source_sha256[:12]}…, стр. {ev.page}"
    own = _own_candidate(target, key, value)
    if own is not None:
        page, bbox, text = own.page, own.bbox, f"{own.text} (подтверждено по {other})"
    elif outright:
        page, bbox, text = ev.page, ev.bbox, f"по {other}: {ev.text}"
    else:
        return False
    setattr(target, key, value)
    target.evidence[key] = Evidence(page=page, bbox=bbox, text=text, confidence=confidence)
    lent = Candidate(
        value=value,
        method=PAIRED_METHOD,
        extractor=PAIRED_EXTRACTOR,
        confidence=confidence,
        page=page,
        bbox=bbox,
        text=text,
    )
    target.candidates[key] = [lent, *target.candidates.get(key, [])]
    return True


def _lend_term(target: Record, source: Record, *, outright: bool) -> None:
    key = "indefinite" if source.indefinite else "valid_until"
    _lend(target, source, key, outright=outright)


def fill_pair(certificate: Record, ipra: Record) -> None:
    """Fill, in place, the shared fields one of the two lost (see the module docstring)."""
    if not same_person(certificate, ipra):
        return
    names = _agreement(certificate, ipra, "full_name") is True
    births = _agreement(certificate, ipra, "birth_date") is True
    examination = same_examination(certificate, ipra)
    for target, source in ((certificate, ipra), (ipra, certificate)):
        if _empty(target, "full_name"):
            _lend(target, source, "full_name", outright=births)
        if _empty(target, "birth_date"):
            _lend(target, source, "birth_date", outright=names)
        if _empty(target, "valid_until") and not _empty(source, "valid_until"):
            _lend_term(target, source, outright=examination)
        if _empty(target, "disability_group"):
            # the IPRA form prints no group (completeness.py): an IPRA takes one only where
            # its own weak candidate proposed it (a printout that prints the group)
            sure = _confidence(source, "disability_group") >= MIN_GROUP_CONFIDENCE
            printed = target.doc_type != DocType.ipra
            _lend(target, source, "disability_group", outright=examination and sure and printed)
        for key in CONFIRMED_KEYS:
            if _empty(target, key):
                _lend(target, source, key, outright=False)


def _one_pair(records: Sequence[Record], indices: list[int]) -> tuple[int, int] | None:
    certificates = [i for i in indices if records[i].doc_type == DocType.mse_certificate]
    ipras = [i for i in indices if records[i].doc_type == DocType.ipra]
    if len(certificates) == 1 and len(ipras) == 1:
        return certificates[0], ipras[0]
    return None


def _reviewed(record: Record) -> bool:
    return record.review.status is not None


def _pairs(records: Sequence[Record]) -> list[tuple[int, int]]:
    """(certificate, IPRA) index pairs: one of each in a file, then the same person's across files.

    Across files the person is matched by ФИО and birth date both read and equal
    (:func:`~mseflow.validators.cross_document.pair_documents`).
    """
    by_file: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        by_file[record.source_sha256].append(index)
    pairs = [pair for indices in by_file.values() if (pair := _one_pair(records, indices))]
    taken = {index for pair in pairs for index in pair}
    for cert_index, ipra_index in pair_documents(records):
        if records[cert_index].source_sha256 == records[ipra_index].source_sha256:
            continue
        if cert_index not in taken and ipra_index not in taken:
            pairs.append((cert_index, ipra_index))
            taken.update((cert_index, ipra_index))
    return pairs


def checked_pairs(records: Sequence[Record]) -> list[tuple[int, int]]:
    """``(certificate index, IPRA index)`` for the cross rules: the same person's by ФИО and
    birth date (:func:`~mseflow.validators.cross_document.pair_documents`), and the one
    certificate and the one IPRA of a file that are the same person on what both read
    (:func:`same_person`) though their keys differ: a dative «Выдана Мельнику Семёну …»
    read as «Мельнику Семён …» beside the IPRA's «Мельник Семён …», or a name one of them
    lost. The two documents of one examination must agree (group, term, dates) whether or
    not the reading got the name's case right."""
    pairs = pair_documents(records)
    paired = {index for pair in pairs for index in pair}
    by_file: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        by_file[record.source_sha256].append(index)
    for indices in by_file.values():
        pair = _one_pair(records, indices)
        if pair is None or paired & set(pair):
            continue
        if same_person(records[pair[0]], records[pair[1]]):
            pairs.append(pair)
    return pairs


def fill_from_paired(records: Sequence[Record]) -> list[Record]:
    """Copies of ``records`` where a certificate and an IPRA of one person lend each other fields.

    Pairs: the one certificate and the one IPRA of a file; then a certificate and an IPRA
    of the same person (ФИО and birth date) in different files, each in one pair at most.
    Records outside a pair are returned as they are (not copied); a record a person has
    reviewed is never changed, nor its partner.
    """
    out = list(records)
    for cert_index, ipra_index in _pairs(records):
        if _reviewed(records[cert_index]) or _reviewed(records[ipra_index]):
            continue
        certificate = records[cert_index].model_copy(deep=True)
        ipra = records[ipra_index].model_copy(deep=True)
        fill_pair(certificate, ipra)
        out[cert_index], out[ipra_index] = certificate, ipra
    return out


def field_from_paired_document(record: Record, ctx: CheckContext) -> tuple[str, ...]:
    """The fields whose value was taken from the other document of the file."""
    found = []
    for key, candidates in record.candidates.items():
        value = getattr(record, key, None)
        if not candidates or value in (None, False, "", []):
            continue
        first = candidates[0]
        if first.method == PAIRED_METHOD and _plain(first.value) == _plain(value):
            found.append(key)
    return tuple(found)


PAIRED_RULES: tuple[Rule, ...] = (
    Rule(
        code="field_from_paired_document",
        severity=Severity.info,
        message_ru=(
            "Поле не прочитано в этом документе и взято из другого документа того же лица "
            "(справка МСЭ ↔ ИПРА того же файла или с теми же ФИО и датой рождения) — сверьте "
            "при случае"
        ),
        message_en=(
            "Field not read on this document, taken from the other document of the same "
            "person (certificate ↔ IPRA of the same file, or with the same name and birth date)"
        ),
        fields=(
            "full_name",
            "birth_date",
            "valid_until",
            "indefinite",
            *CONFIRMED_KEYS,
        ),
        basis=(
            "ФИО, дата рождения и срок одинаковы в справке и ИПРА одной экспертизы: ИПРА "
            "разрабатывается на срок группы (Порядок разработки и реализации ИПРА, приказ "
            "Минтруда России № 486н от 13.06.2017, п. 8); справка и ИПРА выдаются по "
            "решению одной экспертизы (Постановление Правительства РФ № 588 от 05.04.2022); "
            "ИПРА составляется для группы, указанной в справке (приказ № 1031н; приказ "
            "№ 486н): группа — из ИПРА той же экспертизы, причина — только если её же "
            "предложило собственное распознавание документа"
        ),
        applies_to=DISABILITY_DOCS,
        check=field_from_paired_document,
    ),
)
"""The info issue that names the lent fields (status unchanged)."""
