"""An MSE bureau's letter that states an established disability and the certificate issued.

A bureau (бюро, главное бюро МСЭ or one of its expert compositions) answers an employer's
or an agency's request in a letter: «…сообщаем, что гражданин ФИО, … года рождения, впервые
признан инвалидом третьей группы DATE. Причина инвалидности: … Инвалидность установлена на
срок до … Выдана справка, подтверждающая факт установления инвалидности, серии МСЭ-2026
№ 0548766 от DATE». The bureau is the body that establishes the group and issues the
certificate (Федеральный закон № 181-ФЗ, ст. 7, 8; Постановление Правительства РФ № 588
от 05.04.2022, п. 2, 36): its letter stating them is the same facts from the same issuer, so it
is read as an ``mse_certificate`` (form version ``bureau-letter``). The certificate's own
series, number and date (the letter's «справка … серии … № … от …») are the record's, not the
letter's «Исх. № … от …».

Letters from anyone else (an employer's HR, an employee) that cite a group or a certificate
stay ``other``: they are not the issuer's word. A bureau's letter that refuses a group
(«инвалидом не признан», «инвалидность не установлена») or names none is not one either.
"""

from __future__ import annotations

import re

from mseflow.extractors.text import squash
from mseflow.reading.page import PageText

LETTER_TAG = "письмо бюро"
"""Form-version tag of a certificate's facts in a bureau's letter (the validators turn it into
``bureau-letter``); :func:`mseflow.extractors.classify.split_documents` puts it on the span
(:attr:`~mseflow.extractors.base.DocumentSpan.form`), so a page is judged a letter once."""

SENDER = re.compile(
    r"\bгб мсэ\b|\bфб мсэ\b|\bбюро мсэ\b|\bбюро медико социальной экспертизы\b|"
    r"\bглавн\w* бюро медико социальной экспертизы\b|"
    r"\bфедеральн\w* бюро медико социальной экспертизы\b"
)
"""The bureau's name in its letterhead (squashed): «Бюро № 34 – филиал ФКУ «ГБ МСЭ по Омской
области» Минтруда России», «ФКУ «Главное бюро медико-социальной экспертизы по …»», «Бюро
медико-социальной экспертизы № 21 – филиал …» (names as the bureaus print them, Постановление
№ 588, п. 2: бюро, главное бюро, Федеральное бюро)."""

ADDRESSEE = frozenset(
    {
        "в",
        "во",
        "руководителю",
        "начальнику",
        "директору",
        "генеральному",
        "председателю",
        "главному",
        "заместителю",
        "кому",
    }
)
"""First words of an addressee line («Руководителю бюро МСЭ № 4», «В ФКУ «ГБ МСЭ …»»): a letter
*to* a bureau, not from one."""

SENDER_LINES = 4
"""Lines of the letterhead the sender's name may take (it wraps over two or three)."""

RECOGNISED = re.compile(
    r"(?<!\bне )\bпризнан[аы]? (?:впервые |повторно )?инвалидом "
    r"(?:перв\w*|втор\w*|трет\w*|i{1,3}|[123]|п|ш) групп"
)
"""The statement that a group was established («признан инвалидом третьей группы», «признана
инвалидом II группы», squashed; OCR's «П»/«Ш» for the Roman numerals), not «не признан»."""

STATED = re.compile(r"(?<!\bне )(?<!\bкоторый )\bустановлена инвалидность\b")
"""The statement «… в отношении Вашего работника установлена инвалидность» of a letter that
gives the certificate's facts as a table below it (squashed). Verb first, as a sentence says
it: the certificate's own printed labels put the noun first («Инвалидность установлена
впервые», «Инвалидность установлена на срок до», Приказ № 1031н, Приложение № 1), and the
label «Срок, на который установлена инвалидность» is no statement: a certificate headed by its
bureau's name is no letter."""

GROUP_ROW = re.compile(r"\bгрупп[аы] инвалидности\b")
"""The table's row «Группа инвалидности | вторая группа» (the certificate's own label, Приказ
№ 1031н, Приложение № 1); its value may be damaged («| группа», the Roman «I» read as a bar)."""

REFUSED = re.compile(r"\bне признан[аы]? инвалидом\b|\bинвалидность не установлена\b")
"""A refusal: no group was established."""

CERTIFICATE_ISSUED = re.compile(
    r"\bвыдан[аы]? справк\w*.{0,120}?\bмс[эз3] ?(?:19|20)\d\d\b|"
    r"\bсправк\w* подтверждающ\w* факт установления инвалидности.{0,40}?\bмс[эз3] ?(?:19|20)\d\d\b"
)
"""«Выдана справка, подтверждающая факт установления инвалидности, серии МСЭ-2026 № …»: the
certificate the bureau issued, by its series (Приказ № 1031н, Приложение № 1)."""

CERTIFICATE_ROW = re.compile(r"\bсправк\w*\b.{0,60}?\bсери[яи] мс[эз3] ?(?:19|20)\d\d\b")
"""The table's row «Справка, подтверждающая факт установления инвалидности | серия МСЭ-2020 № …
от …»: the label's cell and the value's cell read into one line, so the label's words wrap
round the series («Справка, подтверждающая факт серия МСЭ-2020 № 9989533 от …» / «установления
инвалидности»); the word «справка» and the series «серия МСЭ-20YY» after it name the
certificate."""


GROUP_ESTABLISHED = re.compile(
    r"(?<!не )признан[аы]?\s+(?:впервые\s+|повторно\s+)?инвалидом\s+\S{1,12}\s+групп\w*\s+(?:с\s+)?",
    re.IGNORECASE,
)
"""«… признан инвалидом третьей группы 07.10.2026»: the date right after it is the date the
disability was established (Приказ № 1031н, Приложение № 1: «Дата установления инвалидности»)."""
CERTIFICATE_DATED = re.compile(
    r"справк\w*[^.]{0,120}?\bсери[ия]\s*:?\s*\S{3,12}\s*(?:№|N|No)\s*\S{4,9}\s+от\s+",
    re.IGNORECASE,
)
"""«Выдана справка, подтверждающая факт установления инвалидности, серии МСЭ-2026 № 0548766 от
07.10.2026»: the date after the certificate's number is the certificate's date of issue (the
letter's own «Исх. № … от …» is the letter's)."""


def _sender_line(text: str) -> bool:
    squashed = squash(text)
    words = squashed.split()
    return bool(words) and words[0] not in ADDRESSEE and SENDER.search(squashed) is not None


def from_bureau(page: PageText) -> bool:
    """The page's letterhead (its first lines) names an MSE bureau as the sender."""
    lines = [line.text for line in page.lines if sum(c.isalpha() for c in line.text) >= 3]
    return any(_sender_line(text) for text in lines[:SENDER_LINES])


def states_certificate(text: str) -> bool:
    """The letter states a group established and the certificate issued, and refuses none.

    >>> states_certificate("гражданин Иванов И. И. признан инвалидом второй группы 1.02.2026. "
    ...     "Выдана справка серии МСЭ-2026 № 4976345 от 6.02.2026.")
    True
    >>> states_certificate("гражданин Иванов И. И. инвалидом не признан. Выдана справка МСЭ-2026")
    False
    """
    flat = squash(text)
    if REFUSED.search(flat):
        return False
    if RECOGNISED.search(flat) is not None and CERTIFICATE_ISSUED.search(flat) is not None:
        return True
    return _states_table(flat)


def _states_table(flat: str) -> bool:
    """A letter that says «установлена инвалидность» and gives the certificate's facts as a
    table: the group's row and the certificate's row with its series.

    >>> _states_table(squash("в отношении Вашего работника установлена инвалидность. "
    ...     "Справка, подтверждающая факт серия МСЭ-2025 № 1968971 от 07.08.2026 установления "
    ...     "инвалидности Группа инвалидности вторая группа"))
    True
    >>> _states_table(squash("установлена инвалидность. Группа инвалидности вторая группа"))
    False
    """
    return all(p.search(flat) is not None for p in (STATED, GROUP_ROW, CERTIFICATE_ROW))


def is_bureau_letter(page: PageText) -> bool:
    """An MSE bureau's letter stating the established group and the certificate it issued."""
    return from_bureau(page) and states_certificate(page.text)
