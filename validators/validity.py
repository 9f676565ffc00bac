"""Is a document in force today, has a person confirmed it, which form is it printed on.

The group guarantees of a certificate or an IPRA apply only while the document is
in force: «бессрочно», or today before the «до» date. The group runs *until* the
1st of the month after the re-examination month (Правила признания лица
инвалидом, Постановление Правительства РФ № 588 от 05.04.2022, п. 13), so on the
«до» day itself it has lapsed.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from mseflow.contract import DocType, Record, ReviewStatus

IPRA_NO_WORK_BLOCK_FROM = dt.date(2017, 8, 12)
"""IPRAs issued from this day to 31.12.2018 carry no work recommendations (486н as first issued)."""
IPRA_WORK_BLOCK_FROM = dt.date(2019, 1, 1)
"""IPRAs issued from this day carry the recommendations on kinds of work (486н as amended)."""
ELECTRONIC_FROM = dt.date(2026, 3, 1)
"""From this day the certificate and the IPRA are formed as electronic documents
(Постановление Правительства РФ № 91 от 03.02.2025, amending № 588)."""
IPRA_528N_FROM = dt.date(2015, 1, 1)
"""The 2015 IPRA (Приказ Минтруда России № 528н от 31.07.2015) replaced the ИПР of 379н."""

IPRA_NUMBER_YEAR = re.compile(r"^\s*\d{1,6}\.\d{1,3}\.\d{1,3}\s*/\s*((?:19|20)\d{2})\s*$")
"""The IPRA's registration number «порядковый номер.бюро.код субъекта/год», e.g. 999.99.99/2017
(примечание 1 к форме ИПРА инвалида, приказ Минтруда России № 486н от 13.06.2017; так же
у формы приказа № 528н): the year the IPRA was drawn up ends it."""

PRINTOUT_TAGS = {
    "выпискафри": "fri-extract",
    "выпискафриребенок": "fri-extract",
    "письмобюро": "bureau-letter",
    "письмобюроребенок": "bureau-letter",
}
"""Form-version tags of :func:`mseflow.extractors.classify.form_version` for a certificate's
facts printed on another form (spaces removed). The certificate's rules apply to them as to
the справка: they are ``mse_certificate`` records, and the rules are keyed by the type."""

CONFIRMED = frozenset({ReviewStatus.confirmed, ReviewStatus.corrected})


class Term(StrEnum):
    """Where a document's term stands on a given day."""

    in_force = "in_force"
    """«Бессрочно», or today is before the «до» date."""
    expired = "expired"
    """The «до» date is today or has passed."""
    unknown = "unknown"
    """Neither «бессрочно» nor a «до» date was read."""


def term_status(record: Record, today: dt.date) -> Term:
    """:class:`Term` of ``record`` on ``today``.

    >>> from mseflow.contract import Record
    >>> r = Record(source_path="a", source_sha256="0", doc_type="ipra", pipeline_version="t",
    ...            valid_until=dt.date(2026, 4, 1))
    >>> [term_status(r, dt.date(2026, 3, 31)), term_status(r, dt.date(2026, 4, 1))]
    [<Term.in_force: 'in_force'>, <Term.expired: 'expired'>]
    """
    if record.indefinite:
        return Term.in_force
    if record.valid_until is None:
        return Term.unknown
    return Term.in_force if today < record.valid_until else Term.expired


def is_confirmed(record: Record) -> bool:
    """Whether a person confirmed (or corrected) the record in the review station."""
    return record.review.status in CONFIRMED


def is_rejected(record: Record) -> bool:
    """Whether a person rejected the record as not a disability document."""
    return record.review.status == ReviewStatus.rejected


def form_version(record: Record) -> str | None:
    """The form a document is printed on, by its printed labels and its issue date.

    Values: ``1031n`` (certificate), ``379n`` (ИПР before 2015), ``528n`` (IPRA
    2015–2017), ``486n-2017`` (IPRA 12.08.2017–31.12.2018, no work block),
    ``486n-2019`` (IPRA from 01.01.2019), ``545n`` (when the form prints «545н»),
    ``electronic-2026`` (issued from 01.03.2026); for a certificate's facts printed on
    another form, whatever its date: ``fri-extract`` (the extract from the federal register
    of disabled persons, Федеральный закон № 181-ФЗ, ст. 5.1; Постановление Правительства РФ
    № 674 от 16.07.2016) and ``bureau-letter`` (the MSE bureau's letter stating the group and
    the certificate issued). ``None`` for other documents.
    The boundary of 545н by date is not verified (docs/legal-basis.md), so 545н
    is chosen only by its printed label.
    """
    if record.doc_type not in (DocType.mse_certificate, DocType.ipra):
        return None
    printed = record.evidence.get("form_version")
    label = printed.text.replace(" ", "").casefold() if printed is not None else ""
    if record.doc_type == DocType.mse_certificate and label in PRINTOUT_TAGS:
        return PRINTOUT_TAGS[label]
    issued = record.issue_date
    if issued is not None and issued >= ELECTRONIC_FROM:
        return "electronic-2026"
    if record.doc_type == DocType.mse_certificate:
        return "1031n"
    if "545н" in label:
        return "545n"
    if issued is None:
        return "486n-2019" if "486н" in label else None
    if issued >= IPRA_WORK_BLOCK_FROM:
        return "486n-2019"
    if issued >= IPRA_NO_WORK_BLOCK_FROM:
        return "486n-2017"
    return "528n" if issued >= IPRA_528N_FROM else "379n"


def is_child_ipra(record: Record) -> bool:
    """The IPRA is a child's (Order 486н Appendix 3, «… ребенка-инвалида»), by its title.

    That form has no block of recommendations on kinds of work («Рекомендации о показанных
    и противопоказанных видах трудовой деятельности» is Appendix 2's, the adult's), so an
    empty work block is lawful on it. Round 8 (bench/README, «Round 8: status»): the published
    excerpts of the child's form (Приказ 486н, ред. от 15.12.2020, Приложение № 3; the
    КонсультантПлюс copy cited in fixtures/PROVENANCE.md: its categories, signature block and
    numbering note) name no such block; for children from 14 the
    professional part is «профессиональная ориентация», a rehabilitation measure (the standard
    for disabled children, base.garant.ru/407406526, «Раздел VI. Профессиональная ориентация
    (с 14 лет)»). The full text of Appendix 3's professional section was not found, so this
    stays a reading of the sources, not a quotation. Either way the employee who hands a
    child's IPRA in is a parent, whose guarantees (ст. 262, 262.1, 263 ТК РФ) do not depend on
    the child's work recommendations: an empty block gives the HR officer nothing to review.
    """
    printed = record.evidence.get("form_version")
    return record.doc_type == DocType.ipra and printed is not None and "ребенок" in printed.text


CHILD_AGE_LIMIT = 18
"""The category «ребенок-инвалид» is for persons under 18 (Decree № 588); from 18 a group."""


def is_child_document(record: Record) -> bool:
    """The document is a disabled child's: a child's IPRA, or a certificate of the category.

    A certificate counts only when it names the category «ребенок-инвалид» (its form-version
    tag says so), no group was read, and the birth date (when read) makes the person under 18
    on the day the disability was established or the document issued. Any contradiction keeps
    the adult's reading: the parent's guarantees replace the employee's only on a sure sign.
    """
    if record.doc_type == DocType.ipra:
        return is_child_ipra(record)
    if record.doc_type != DocType.mse_certificate:
        return False
    printed = record.evidence.get("form_version")
    if printed is None or "ребенок" not in printed.text or record.disability_group is not None:
        return False
    on = record.established_date or record.issue_date
    age = age_on(record, on) if on is not None else None
    return age is None or age < CHILD_AGE_LIMIT


def ipra_number_year(record: Record, today: dt.date | None = None) -> int | None:
    """The year printed at the end of an IPRA's registration number, if it has that shape.

    >>> from mseflow.contract import Record
    >>> r = Record(source_path="a", source_sha256="0", doc_type="ipra", pipeline_version="t",
    ...            document_number="880.14.62/2018")
    >>> ipra_number_year(r)
    2018
    """
    if record.doc_type != DocType.ipra or not record.document_number:
        return None
    found = IPRA_NUMBER_YEAR.match(record.document_number)
    if found is None:
        return None
    year = int(found.group(1))
    latest = (today or dt.date.today()).year
    return year if IPRA_528N_FROM.year <= year <= latest else None


def issued_before_drawn_up(record: Record) -> bool:
    """An IPRA whose issue date falls in a year before the one its registration number ends
    in: issued before it was drawn up, which cannot be (the number's year is the year the IPRA
    was drawn up, примечание 1 к форме ИПРА, приказ № 486н; it is issued after that, п. 18 of
    the form). The issue date read is then not the IPRA's: a misread digit, or another date
    of the page (the passport's «дата выдачи» of point 14). Rules that turn on the issue date
    weigh it so (:func:`issue_year`).

    >>> from mseflow.contract import Record
    >>> r = Record(source_path="a", source_sha256="0", doc_type="ipra", pipeline_version="t",
    ...            document_number="1230.19.16/2026", issue_date=dt.date(2004, 9, 29))
    >>> issued_before_drawn_up(r)
    True
    """
    year = ipra_number_year(record)
    issued = record.issue_date
    return year is not None and issued is not None and issued.year < year


def issue_year(record: Record) -> int | None:
    """The year an IPRA was issued, as far as the record tells it: its issue date's year, or
    its registration number's year where the issue date was not read or cannot be the IPRA's
    (:func:`issued_before_drawn_up`). ``None`` when neither is known."""
    if record.issue_date is not None and not issued_before_drawn_up(record):
        return record.issue_date.year
    return ipra_number_year(record)


def age_on(record: Record, today: dt.date) -> int | None:
    """Full years of age on ``today``, or ``None`` without a birth date."""
    born = record.birth_date
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
