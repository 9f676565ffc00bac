"""Classify pages by their title and group consecutive pages into documents.

A page whose top part carries a form title starts a document of that type; a
page without a title continues the document before it when it reads like a
part of one (IPRA pages 2–4), and is ``other`` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from mseflow.contract import DocType
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.bureau_letter import LETTER_TAG, is_bureau_letter
from mseflow.extractors.numbers import IPRA_NUMBER, SERIES, placed_ipra_number
from mseflow.extractors.text import normalise_line, squash
from mseflow.reading.page import PageText

FRI_TITLES = (
    "выписка из федерального реестра инвалидов",
    "федеральный реестр инвалидов",
)
"""Headings of the extract from the federal register of disabled persons (ФГИС ФРИ, Федеральный
закон № 181-ФЗ, ст. 5.1; Постановление Правительства РФ № 674 от 16.07.2016 «О формировании и
ведении федерального реестра инвалидов …»): «ВЫПИСКА ИЗ ФЕДЕРАЛЬНОГО РЕЕСТРА ИНВАЛИДОВ /
Сведения об инвалидности», or the register's own printout «ФЕДЕРАЛЬНАЯ ГОСУДАРСТВЕННАЯ
ИНФОРМАЦИОННАЯ СИСТЕМА / ФЕДЕРАЛЬНЫЙ РЕЕСТР ИНВАЛИДОВ» (FRI extract XSL-FO template, github
YuryZje/examples, apache-fop/…/disability-statement/disability-statement.xsl). The extract
prints the certificate's facts row by row (group, cause, term, re-examination, the справка's
series, number and date, the bureau): an ``mse_certificate`` of form version ``fri-extract``."""

FRI_TAG = "выписка фри"
"""Form-version tag of a certificate's facts on the FRI extract (the validators turn it into
``fri-extract``; a bureau's letter is :data:`~mseflow.extractors.bureau_letter.LETTER_TAG`)."""

TITLES: dict[DocType, tuple[str, ...]] = {
    DocType.mse_certificate: (
        "справка подтверждающая факт установления инвалидности",
        "справка медико социальной экспертизы",
        "справка об инвалидности",
        "справка о факте установления инвалидности",
        *FRI_TITLES,
    ),
    DocType.ipra: (
        "индивидуальная программа реабилитации или абилитации инвалида",
        "индивидуальная программа реабилитации инвалида",
        "индивидуальная программа реабилитации или абилитации ребенка инвалида",
        "индивидуальная программа реабилитации ребенка инвалида",
    ),
    DocType.other: (
        "выписка из акта освидетельствования гражданина признанного инвалидом",
        "выписка из акта медико социальной экспертизы гражданина",
    ),
}
"""Title phrases of each form (squashed: lower case, letters and digits only).

Sources: Order 1031н Appendix 1 (certificate title), Order 486н Appendices 2–3 (adult and
child IPRA), Order 379н (old ИПР), FRI extracts. Order 1031н approves two forms: the
certificate (Appendix 1), handed to the person, and the «выписка из акта освидетельствования
гражданина, признанного инвалидом» (Appendix 2), sent to the body that pays the pension: the
same facts, but not the certificate (record contract: ``mse_certificate`` is the справка),
so its title starts an ``other`` document and its series line does not make it a certificate.
"""
CHILD_TITLES = (
    "программа реабилитации или абилитации ребенка инвалида",
    "программа реабилитации ребенка инвалида",
)
"""The child's IPRA (Order 486н Appendix 3): its form has no block of work recommendations.
The adult's title is close to these by letters, so the word «ребенка» must be there as well."""

CHILD_CATEGORY = re.compile(r"\bребен(?:ок|ка|ку|ком)\s*инвалид")
"""A certificate of a child names the category «ребенок-инвалид» where an adult's names a group
(Rules of recognising a person as disabled, Decree № 588: a group for persons of 18 and older,
the category for those under 18; point not checked here). Matched
on squashed text (the hyphen is a space there, «ё» is «е»)."""

TITLE_STEMS = ("справ", "програм", "выписк", "реабилит", "инвалид", "абилит")
"""Every title holds one of these stems (OCR rarely damages all of them): a cheap pre-test."""

WEAK_IPRA = ("ипра инвалида", "ипр инвалида")
"""A running «ИПРА инвалида № …» line: starts an IPRA only after a non-IPRA page."""

DOMAIN_WORDS = (
    "инвалид",
    "мсэ",
    "реабилитац",
    "абилитац",
    "противопоказан",
    "медико социальн",
    "ипра",
    "нуждаемост",
    "прогнозируем",
    "трудовой деятельност",
    "руководитель бюро",
    "электронной подписью",
)
"""Words of a continuation page of a certificate or IPRA: «нуждаемост» and «прогнозируем» are
the IPRA's section tables («Заключение о нуждаемости (ненуждаемости) | Срок исполнения»,
«Прогнозируемый результат», 486н Appendix 2); «трудовой деятельност» its work block running
on (the list headings, the conclusion); «руководитель бюро» the signature of the bureau's head
that closes the 486н IPRA and the 1031н certificate under a list that ran onto the page;
«документ подписан электронной подписью» the stamp that closes an e-signed printout of them
(ФГИС ФРИ)."""
TITLE_MIN_SCORE = 88.0
TOP_LINES = 12


@dataclass(frozen=True, slots=True)
class PageClass:
    """What a page looks like: a titled start of a document, or a continuation."""

    doc_type: DocType
    titled: bool
    weak: bool = False
    """A running line or a back page: continues a document of its type right before it."""
    form: str = ""
    """A certificate's facts on another printed form: :data:`FRI_TAG` (the FRI extract's
    title), :data:`LETTER_TAG` (a bureau's letter); ``""`` for the form itself."""


def _unspace(text: str) -> str:
    """Undo letter-spaced headings: «С П Р А В К А» -> «справка»."""
    words = text.split()
    if len(words) >= 4 and sum(len(w) == 1 for w in words) >= 0.8 * len(words):
        return "".join(words)
    return text


MEANINGFUL = 3
"""Letters a line needs to count among the top lines (a fax's rules and specks do not)."""


def _top_lines(page: PageText) -> list[str]:
    """The first :data:`TOP_LINES` lines that hold words, not OCR litter, normalised.

    A series line counts whatever its letters: «МС3-2023 №8092075» holds only two (the
    «Э» read as a digit), yet it is the certificate's header line.
    """
    out = []
    for line in page.lines:
        text = normalise_line(line.text)
        if sum(c.isalpha() for c in text) >= MEANINGFUL or SQUASHED_SERIES.search(squash(text)):
            out.append(text)
            if len(out) == TOP_LINES:
                break
    return out


def _top_text(page: PageText) -> list[str]:
    return [_unspace(squash(text)) for text in _top_lines(page)]


def _starts_upper(text: str) -> bool:
    """The line's first letter is a capital: a heading, not a sentence running on
    («… не является / индивидуальной программой реабилитации»)."""
    words = [w.strip("\"'()[]{}|_-—.,:;`‘’«»") for w in text.split()]
    word = next((w for w in words if sum(c.isalpha() for c in w) >= 3), "")  # past OCR scraps
    first = next((c for c in word if c.isalpha()), "")
    return first.isupper()


def _joined_windows(lines: list[str], heads: list[bool] | None = None) -> list[str]:
    """Single lines and runs of two or three adjacent lines (titles wrap).

    With ``heads``, only runs whose first line may start a heading.
    """
    pairs = [f"{a} {b}" for a, b in zip(lines, lines[1:], strict=False)]
    triples = [f"{a} {b} {c}" for a, b, c in zip(lines, lines[1:], lines[2:], strict=False)]
    if heads is not None:
        lines, pairs, triples = (
            [w for w, ok in zip(ws, heads, strict=False) if ok] for ws in (lines, pairs, triples)
        )
    return lines + pairs + triples


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """The form title found in a page's top lines: its form, the phrase and the score."""

    doc_type: DocType
    title: str
    """The phrase of :data:`TITLES` that matched."""
    score: float

    @property
    def fri(self) -> bool:
        """The title is the FRI extract's (:data:`FRI_TITLES`)."""
        return self.title in FRI_TITLES


def title_type(page: PageText) -> TitleMatch | None:
    """The form whose title is in the top lines of ``page``: the best-scoring phrase."""
    best: TitleMatch | None = None
    heads = [_starts_upper(text) for text in _top_lines(page)]
    for window in _joined_windows(_top_text(page), heads):
        if not any(stem in window for stem in TITLE_STEMS):
            continue
        for doc_type, titles in TITLES.items():
            for title in titles:
                if len(window) < len(title) * 0.7:
                    continue
                found = fuzz.partial_ratio_alignment(title, window, score_cutoff=TITLE_MIN_SCORE)
                if found is None or found.dest_start > TITLE_LEAD:
                    continue  # «Выписка не заменяет справку, подтверждающую …»: cited, no title
                score = found.score
                if not _has_head_word(title, window):
                    continue
                if best is None or score > best.score:
                    best = TitleMatch(doc_type, title, score)
    return best


HEAD_MIN = 75.0
TITLE_LEAD = 4
"""Characters a title may start after in its line (an OCR scrap, a lost letter); a title
found further in is quoted by a sentence, not printed as the page's heading."""


def _has_head_word(title: str, window: str) -> bool:
    """The first half of the title («справка подтверждающая факт») is in the window too.

    Without it the rest of a title matches other lines: «… медико-социальной
    экспертизы» ends the IPRA's subtitle too. Fuzzy, as OCR damages words
    («сппавма подтвепилающая факт»).
    """
    words = title.split()
    head = " ".join(words[: max(1, (len(words) + 1) // 2)])
    return fuzz.partial_ratio(head, window) >= HEAD_MIN


def _weak_ipra(line: str) -> bool:
    """A running «ИПРА инвалида № …» line, also as OCR splits it («ип ра инвалида № …»)."""
    if any(w in line for w in WEAK_IPRA):
        return True
    tight = line.replace(" ", "")
    return any(w.replace(" ", "") in tight[: len(w) + TITLE_LEAD] for w in WEAK_IPRA)


PROTOCOL_LINE = re.compile(rf"(?:№|N)\s*{IPRA_NUMBER.pattern}\s*к\s+про[а-я]*(?:\s|$)")
"""The 486н IPRA's own header line «ИПРА инвалида № 1308.1.52/2019 к протоколу проведения
медико-социальной экспертизы гражданина № … от …» (Приказ № 486н, Приложение № 2; the number
«порядковый номер.бюро.код субъекта/год», примечание 1 к форме) with its words lost to OCR but
its digits and the «к про…» after them kept («ИЕ! А ина лаалых № 2076.6.57/2025 к прозокопну
проведистти …», a fine-mode fax). No certificate or letter prints a dotted number so."""


def _protocol_line(page: PageText) -> bool:
    """A top line holds the IPRA's header line by its number (:data:`PROTOCOL_LINE`)."""
    return any(PROTOCOL_LINE.search(text.lower()) for text in _top_lines(page))


CONTINUED = re.compile(
    r"^(?:продолжение|оборотная сторона|оборот)\s+справк|"
    r"^справк\w*\b.{0,60}\b(?:оборотная сторона|продолжение)$"
)
"""The back of a certificate: «Продолжение справки серии МСЭ-2024 № …», «Оборотная сторона
справки», or the running head «Справка серия МСЭ-2024 № … (оборотная сторона)» of a form
printed on both sides (not a new one)."""
CONTINUED_LINES = 3


def classify_page(page: PageText) -> PageClass:
    """Classify one page by its title; untitled pages are ``other`` continuations."""
    if any(CONTINUED.match(t) for t in _top_text(page)[:CONTINUED_LINES]):
        return PageClass(DocType.mse_certificate, titled=True, weak=True)
    found = title_type(page)
    if found is not None and found.fri:
        return PageClass(found.doc_type, titled=True, form=FRI_TAG)
    if found is not None and found.doc_type is not DocType.mse_certificate:
        return PageClass(found.doc_type, titled=True)
    if is_bureau_letter(page):  # read once a page: the span keeps it (:attr:`DocumentSpan.form`)
        return PageClass(DocType.mse_certificate, titled=True, form=LETTER_TAG)
    if found is not None:
        return PageClass(found.doc_type, titled=True)
    if _certificate_by_series(page) or _certificate_title_tail(page):
        return PageClass(DocType.mse_certificate, titled=True)
    if _fri_by_words(page):
        return PageClass(DocType.mse_certificate, titled=True, form=FRI_TAG)
    if any(_weak_ipra(line) for line in _top_text(page)) or _protocol_line(page):
        return PageClass(DocType.ipra, titled=True, weak=True)
    if _certificate_by_body(page):
        return PageClass(DocType.mse_certificate, titled=True)
    if _ipra_by_body(page):
        return PageClass(DocType.ipra, titled=True, weak=True)
    if _other_heading(page):
        return PageClass(DocType.other, titled=True)
    return PageClass(DocType.other, titled=False)


OTHER_HEADING = re.compile(
    r"^(?:протокол|направление|выписка из (?:медицинской карты|истории болезни)|эпикриз|"
    r"заключение врачебной комиссии|листок нетрудоспособности|приказ|акт)\b"
)
"""Headings of other documents a file may hold after a certificate or an IPRA: the medical
commission's protocol, the referral to МСЭ (form 088/у), a medical extract, an order."""


def _other_heading(page: PageText) -> bool:
    """The page opens with its own heading of another document («Протокол врачебной
    комиссии № 708»): a document of its own, not the next page of the one before."""
    top = _top_text(page)[:2]
    return any(
        OTHER_HEADING.match(t) and ("№" in raw or len(t.split()) <= HEADING_WORDS)
        for t, raw in zip(top, _top_lines(page)[:2], strict=False)
    )


CERTIFICATE_LABELS = (
    "группа инвалидности",
    "причина инвалидности",
    "причина установления инвалидности",
    "очередного освидетельствования",
    "инвалидность установлена",
    "дата установления инвалидности",
)
"""Printed labels of the 1031н certificate (each stands alone, in any layout)."""

IPRA_LABELS = (
    "к протоколу проведения медико социальной экспертизы",
    "дата разработки ипра",
    "дата выдачи ипра",
    "перечень ограничений основных категорий жизнедеятельности",
    "ипра инвалида разработана",
    "с содержанием ипра",
)
"""Printed points of the 486н IPRA (Appendix 2: points 1, 16, 17, 18 and the closing line)."""

SQUASHED_SERIES = re.compile(r"(?<![а-я])мс[эз3] ?(19|20)\d\d(?!\d)")
"""The series with OCR's punctuation gone («Серия МСЭ- :2024» squashes to «серия мсэ 2024»)."""
SERIES_LINE_WORDS = 8
HEADING_WORDS = 8
"""A heading line is short; a sentence that says «справка» is no heading."""
LABELS_NEEDED = 2


def _certificate_by_body(page: PageText) -> bool:
    """A «Серия МСЭ-20YY № …» header line and the certificate's labels, the title lost.

    Photos and stamped pages lose the title line to OCR; the series line of the
    form's header and two of its printed labels still say what it is. A text that
    only mentions a certificate («справка МСЭ серии …» in a sentence) has no
    series line of its own.
    """
    if not (_series_line(_top_lines(page)) or _series_line(_sure_top_lines(page))):
        return False
    text = squash(page.text)
    return sum(label in text for label in CERTIFICATE_LABELS) >= LABELS_NEEDED


def _sure_top_lines(page: PageText) -> list[str]:
    """The top lines with the words OCR made up dropped (confidence under
    :data:`LITTER_CONFIDENCE`): a register printout's dot leaders read as letters («СЕРИЯ
    СПРАВКИ ре аа а мере вя ев : МСЭ-2026», the litter at 0.0–0.35) are no words of the line,
    and would make its series line look like a sentence (:data:`SERIES_LINE_WORDS`)."""
    out = []
    for line in page.lines[: 2 * TOP_LINES]:
        sure = " ".join(w.text for w in line.words if w.confidence >= LITTER_CONFIDENCE)
        text = normalise_line(sure)
        if sum(c.isalpha() for c in text) >= MEANINGFUL or SQUASHED_SERIES.search(squash(text)):
            out.append(text)
            if len(out) == TOP_LINES:
                break
    return out


FRI_HEAD = "выписка"
FRI_WORDS = ("реестр", "инвалид")


def _fri_by_words(page: PageText) -> bool:
    """The FRI extract's title in pieces, with the certificate's labels below it.

    A scan may lose a word of «ВЫПИСКА ИЗ ФЕДЕРАЛЬНОГО РЕЕСТРА ИНВАЛИДОВ» and read its halves
    as two lines apart («ВЫПИСКА ИЗ» first, «РЕЕСТРА ИНВАЛИДОВ» after the left column of the
    table): a short top line opening with «выписка», a top line with «реестр…» and
    «инвалид…» (the register's name, :data:`FRI_TITLES`; or two adjacent lines, as the
    extract's full title «Выписка из федеральной государственной информационной системы
    «Федеральный реестр инвалидов»» wraps between «реестр» and «инвалидов»), and two of the certificate's
    printed labels (:data:`CERTIFICATE_LABELS`) still name the extract. «Выписка из акта
    освидетельствования» (Приказ № 1031н, Приложение № 2) names no register.
    """
    top = _top_text(page)
    opens = any(t.split()[:1] == [FRI_HEAD] and len(t.split()) <= HEADING_WORDS for t in top if t)
    pairs = [f"{a} {b}" for a, b in zip(top, top[1:], strict=False)]
    if not opens or not any(all(w in t for w in FRI_WORDS) for t in [*top, *pairs]):
        return False
    text = squash(page.text)
    return sum(label in text for label in CERTIFICATE_LABELS) >= LABELS_NEEDED


def _ipra_by_body(page: PageText) -> bool:
    """The IPRA's title words or numbered points on a page whose title OCR broke.

    A short top line with the word «программа» (nominative: a title, not a
    sentence citing «программы реабилитации») and «реабилитации» / «абилитации»
    among the top lines; or three of the form's printed points.
    """
    top = _top_text(page)
    titled = any("программа" in t.split() and len(t.split()) <= HEADING_WORDS for t in top)
    if titled and any("реабилитации" in t or "абилитации" in t for t in top):
        return True
    text = squash(page.text)
    labels = sum(label in text for label in IPRA_LABELS)
    if labels >= 1 and any(fuzz.partial_ratio(IPRA_TITLE_TAIL, t) >= TITLE_MIN_SCORE for t in top):
        return True  # a photo that lost the title's first words («…грамма реабилитации или …»)
    return labels >= LABELS_NEEDED + 1


IPRA_TITLE_TAIL = "реабилитации или абилитации инвалида"
"""The end of the 486н title (Appendix 2), which no certificate prints; with one of the
form's points it names an IPRA whose title's start a photo's edge cut off."""


def _certificate_by_series(page: PageText) -> bool:
    """A «справка» heading with a «Серия МСЭ-20YY» line: a certificate with a damaged title."""
    top = _top_lines(page)
    heads = [_unspace(t.lower()) for t in top if len(t.split()) <= HEADING_WORDS]
    # the heading opens with the word («Справка», «СПРАВКА № …»); a sentence that ends with
    # «… представлена справка,» is a letter citing one
    return any("справка" in t.split()[:2] for t in map(squash, heads)) and _series_line(top)


CERTIFICATE_TITLE_TAIL = "подтверждающая факт установления инвалидности"
"""The second line of the 1031н title as blank forms print it («СПРАВКА» / «подтверждающая
факт установления инвалидности», Приказ № 1031н, Приложение № 1). No other form prints it as a
heading; a letter citing the certificate declines it («справку, подтверждающую …»)."""
TAIL_MIN_RATIO = 88.0
CENTRED = 0.12
"""How far (share of the page width) a heading's middle may lie from the page's middle."""


def _certificate_title_tail(page: PageText) -> bool:
    """The title's second line, centred and alone on its line, its first line lost.

    A background pattern or a stamp may leave nothing of «Справка,» and spoil «факт»
    («подтверждающая установления илвалидности»): the whole line still reads as the title's
    remainder (ratio ≥ :data:`TAIL_MIN_RATIO`), and it stands centred like a heading.
    """
    if page.width <= 0:
        return False
    middle = page.width / 2
    for line in page.lines[: 2 * TOP_LINES]:
        text = squash(line.text)
        if not text.startswith("подтвержда") or not line.words:
            continue
        centre = (line.bbox[0] + line.bbox[2]) / 2
        if abs(centre - middle) > CENTRED * page.width:
            continue
        if fuzz.ratio(text, CERTIFICATE_TITLE_TAIL) >= TAIL_MIN_RATIO:
            return True
    return False


SERIES_HEAD = re.compile(r"^серия м ?с ?[эз3]")
"""A line that starts «Серия МСЭ», its year broken by OCR («СЕРИЯ МСЭ-201:, № 8614424»)."""


def _series_line(top: list[str]) -> bool:
    """A line of its own with the series («Серия МСЭ-2015 № 2431238»), not a sentence citing it."""
    return any(
        (SERIES.search(t) or SQUASHED_SERIES.search(squash(t)) or SERIES_HEAD.match(squash(t)))
        and len(t.split()) <= SERIES_LINE_WORDS
        for t in top
    )


BLANK_LETTERS = 40
"""A page with fewer letters than this read (a blank back, a photo OCR could not read)."""


def _nearly_blank(page: PageText) -> bool:
    return sum(c.isalpha() for c in page.text) < BLANK_LETTERS


LITTER_CONFIDENCE = 0.5
"""Word confidence under which OCR made the word up from specks or show-through."""


def _litter(page: PageText) -> bool:
    """No words read on the page, only OCR's guesses at specks: the blank back of a sheet
    scanned both sides, the print of the other side showing through («— Е абы +- в о Ч кк …»
    at 0.1–0.2 confidence). Fewer than :data:`BLANK_LETTERS` letters in words read surely."""
    sure = (w.text for line in page.lines for w in line.words if w.confidence >= LITTER_CONFIDENCE)
    return sum(c.isalpha() for text in sure for c in text) < BLANK_LETTERS


def _bridged(spans: list[DocumentSpan], litter: set[int], page: PageText, cls: PageClass) -> bool:
    """``page`` continues the document before the litter span that ends ``spans``: the back of
    a sheet (:func:`_litter`) scanned between two pages of one IPRA or certificate («ИПРА
    инвалида № …» naming the title page's number, the IPRA's printed points, «Продолжение
    справки»). The litter and ``page`` join that document; a litter page before anything
    else stays a document of its own (an unreadable page is shown, never hidden)."""
    if not cls.weak or len(spans) < 2 or len(spans) - 1 not in litter:
        return False
    before = spans[-2]
    if before.doc_type != cls.doc_type or cls.doc_type == DocType.other:
        return False
    if cls.doc_type == DocType.ipra and not _same_ipra(page, before.pages[0]):
        return False
    litter.discard(len(spans) - 1)
    before.pages.extend([*spans.pop().pages, page])
    return True


def _domain_page(page: PageText) -> bool:
    text = squash(page.text)
    return sum(word in text for word in DOMAIN_WORDS) >= 1


def split_documents(pages: Sequence[PageText]) -> list[DocumentSpan]:
    """Group consecutive pages into documents (certificate, IPRA or other).

    A file that opens on continuation pages of the document whose title page follows them
    was scanned in reverse order (a feeder's output stacked face up): those pages are read
    after the title page, last first (:func:`_reversed_lead`).
    """
    classes = [classify_page(page) for page in pages]
    title = _reversed_lead(pages, classes)
    order = [title, *range(title - 1, -1, -1), *range(title + 1, len(pages))]
    order = _reversed_inside(pages, classes, order)
    return _misfiled_lead(_group([pages[i] for i in order], [classes[i] for i in order]))


IPRA_BACK_LINES = (
    "рекомендации о показанных и противопоказанных видах трудовой деятельности",
    "с содержанием ипра инвалида согласен",
)
"""Lines that only a later page of the 486н IPRA prints (Приказ № 486н, Приложение № 2): the
heading of its work block and the person's closing «С содержанием ИПРА инвалида согласен(на)»;
the title page (points 1–18) holds neither."""


def _ipra_back_page(page: PageText) -> bool:
    text = squash(page.text)
    return not title_type(page) and any(line in text for line in IPRA_BACK_LINES)


def _misfiled_lead(spans: list[DocumentSpan]) -> list[DocumentSpan]:
    """A file that opens on a later page of an IPRA (its work block, «С содержанием ИПРА
    инвалида согласен»), read as ``other``, before another document's page, while the file's
    one IPRA is its title page alone: that page was filed out of order and belongs to this
    IPRA, after its title page. With two IPRAs, or an IPRA that has its later pages, the
    page stays a document of its own (shown, never guessed)."""
    if len(spans) < 2 or spans[0].doc_type != DocType.other or len(spans[0].pages) != 1:
        return spans
    if not _ipra_back_page(spans[0].pages[0]):
        return spans
    ipras = [span for span in spans if span.doc_type == DocType.ipra]
    if len(ipras) != 1 or len(ipras[0].pages) != 1 or any(map(_ipra_back_page, ipras[0].pages)):
        return spans
    ipras[0].pages.append(spans[0].pages[0])
    return spans[1:]


def _reversed_inside(
    pages: Sequence[PageText], classes: Sequence[PageClass], order: list[int]
) -> list[int]:
    """``order`` with each reversed IPRA inside the file put right: a certificate, then the
    IPRA's running pages («ИПРА инвалида № …» naming the title page's number, or its printed
    points), then its title page — a reversed scan of the IPRA after the certificate's page.
    The run is read from its title page on, last page first (as :func:`_reversed_lead`)."""
    out = list(order)
    for k in range(1, len(out)):
        first = classes[out[k]]
        if not (first.weak and first.doc_type == DocType.ipra):
            continue
        if classes[out[k - 1]].doc_type == DocType.ipra:
            continue  # it continues the IPRA before it
        title = _title_after(pages, classes, out, k)
        if title is not None:
            out[k : title + 1] = [out[title], *reversed(out[k:title])]
    return out


def _title_after(
    pages: Sequence[PageText], classes: Sequence[PageClass], order: list[int], k: int
) -> int | None:
    """The position in ``order`` of the IPRA title page that the weak pages from ``k`` on
    run back to, or None."""
    for m in range(k + 1, min(len(order), k + REVERSED_LEAD_PAGES + 1)):
        cls = classes[order[m]]
        if cls.titled and not cls.weak:
            if cls.doc_type != DocType.ipra:
                return None
            run = [pages[i] for i in order[k:m]]
            same = all(_same_ipra(page, pages[order[m]]) for page in run)
            return m if same and not any(map(_nearly_blank, run)) else None
        if not (cls.weak and cls.doc_type == DocType.ipra):
            return None
    return None


REVERSED_LEAD_PAGES = 3
"""Continuation pages a reversed scan may open with before the title page (a 486н IPRA
runs to 3–4 pages; a certificate is one page with at most a back)."""


def _reversed_lead(pages: Sequence[PageText], classes: Sequence[PageClass]) -> int:
    """The index of the title page a reversed scan's opening continuation pages belong to,
    or 0 when the file opens on a title (or on pages that are no continuation).

    The opening pages must be marked as continuations of that document: a running «ИПРА
    инвалида № …» line, the IPRA's printed points, a certificate's «продолжение» (weak pages
    of the title's type), none of them blank; the title page must be a certificate's or an
    IPRA's printed title (not a weak one). An untitled page is not enough, though it holds
    the forms' words: a covering letter speaks of the IPRA too (family 7's bundles), and
    read into the certificate after it, it lent that certificate its words.
    """
    for index, cls in enumerate(classes[: REVERSED_LEAD_PAGES + 1]):
        if cls.titled and not cls.weak:
            if index == 0 or cls.doc_type == DocType.other:
                return 0
            for page, before in zip(pages[:index], classes[:index], strict=True):
                if not (before.weak and before.doc_type == cls.doc_type) or _nearly_blank(page):
                    return 0
                if cls.doc_type == DocType.ipra and not _same_ipra(page, pages[index]):
                    return 0
            return index
    return 0


def _same_ipra(page: PageText, title: PageText) -> bool:
    """``page`` continues the IPRA of ``title``: the form's printed points on it, or its
    running «ИПРА инвалида № …» line naming the title page's number. A covering letter that
    mentions «ИПРА инвалида» without that number (or with another) is not moved."""
    if _ipra_by_body(page):
        return True
    number = _ipra_number(page)
    return number is not None and number == _ipra_number(title)


def _ipra_number(page: PageText) -> str | None:
    """The number of the first «ИПРА инвалида № …» line of ``page``, or None."""
    return next(filter(None, (placed_ipra_number(line.text) for line in page.lines)), None)


def _group(pages: Sequence[PageText], classes: Sequence[PageClass]) -> list[DocumentSpan]:
    spans: list[DocumentSpan] = []
    litter: set[int] = set()  # indices of spans made of untitled litter pages only
    for page, cls in zip(pages, classes, strict=True):
        last = spans[-1] if spans else None
        specks = not cls.titled and _litter(page)
        if not cls.titled and not specks:
            litter.discard(len(spans) - 1)  # a page read for real may join it
        if cls.weak and last is not None and last.doc_type == cls.doc_type:
            last.pages.append(page)
        elif _bridged(spans, litter, page, cls):
            continue
        elif not cls.titled and last is not None and _nearly_blank(page):
            last.pages.append(page)  # a blank or unreadable back page is no document of its own
        elif cls.titled:
            spans.append(DocumentSpan(cls.doc_type, [page], form=cls.form))
        elif (
            last is not None
            and last.doc_type != DocType.other
            and _domain_page(page)
            or last is not None
            and last.doc_type == DocType.other
        ):
            last.pages.append(page)
        else:
            spans.append(DocumentSpan(DocType.other, [page]))
            if specks:
                litter.add(len(spans) - 1)
    return spans


def form_version(span: DocumentSpan) -> tuple[str, PageText | None, int | None]:
    """A tag for the form's version: «486н» / «ипр» for IPRAs, «1031н» for certificates.

    A child's document has «ребенок» added to its tag («486н ребенок», «1031н ребенок»): the
    child's IPRA by its title, a certificate by the category «ребенок-инвалид» it prints.
    """
    child = " ребенок" if _child_document(span) else ""
    for page in span.pages:
        for i, line in enumerate(page.lines[:TOP_LINES]):
            text = squash(line.text)
            if "486н" in text.replace(" ", ""):
                return f"486н{child}", page, i
    if not span.pages:
        return "", None, None
    first = span.pages[0]
    idx = _title_line(first)
    if span.doc_type == DocType.ipra:
        top = " ".join(_top_text(first))
        return ("486н" if "абилитац" in top else "ипр-2015") + child, first, idx
    if span.doc_type == DocType.mse_certificate:
        return _certificate_tag(span, idx, child)
    return "", None, None


def _certificate_tag(
    span: DocumentSpan, idx: int | None, child: str
) -> tuple[str, PageText, int | None]:
    first = span.pages[0]
    if span.form == FRI_TAG:
        return FRI_TAG + child, first, idx
    if span.form == LETTER_TAG:
        return LETTER_TAG + child, first, 0
    return "1031н" + child, first, idx


def _child_document(span: DocumentSpan) -> bool:
    if span.doc_type == DocType.ipra:
        return _child_title(span)
    if span.doc_type == DocType.mse_certificate:
        return any(
            CHILD_CATEGORY.search(squash(line.text)) for page in span.pages for line in page.lines
        )
    return False


def _child_title(span: DocumentSpan) -> bool:
    """The first page's title is the child's IPRA («… абилитации ребенка-инвалида»)."""
    windows = _joined_windows(_top_text(span.pages[0])) if span.pages else []
    return any(
        "ребен" in window and fuzz.partial_ratio(title, window) >= TITLE_MIN_SCORE
        for window in windows
        for title in CHILD_TITLES
    )


def _title_line(page: PageText) -> int | None:
    for i, line in enumerate(page.lines[:TOP_LINES]):
        text = squash(line.text)
        if any(
            fuzz.partial_ratio(t, text) >= TITLE_MIN_SCORE for ts in TITLES.values() for t in ts
        ):
            return i
    return None
