"""ФИО (nominative, as printed) and the date of birth.

Candidates for the name: the words after «Фамилия, имя, отчество (при наличии)» /
«Ф.И.О.» (same line, next cell, next line; the label may wrap), after «Выдана» on the
1031н certificate (dative: put back into the nominative), and in prose («выдана
гражданину …», «гражданка … признана инвалидом»). Natasha's NER is one more
candidate source where the rules find no name on a labelled line; it is loaded
once, lazily, and runs only on those few lines. The printed words are kept, never
natasha's normal form (it turns female surnames masculine, env-notes trap 9).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.captions import caption_text
from mseflow.extractors.dates import find_dates
from mseflow.extractors.keyvalue import (
    Hit,
    Spot,
    cell_runs,
    find_labels,
    find_values,
    is_label_line,
    label_table,
    past_leader,
)
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.names import (
    NAME_WORD,
    PARTICLES,
    PATR_FEMN,
    PATR_MASC,
    ROLES,
    cut_patronymic,
    disagrees,
    fix_hard_sign,
    in_dictionary_as_name,
    is_first_name,
    is_known_name,
    is_known_word,
    is_plain_word,
    lost_first_letter,
    ocr_neighbour,
    patronymic_of_a_name,
    reads_like_a_name,
    spelt_with_yo,
    to_nominative,
)
from mseflow.extractors.numbers import least_sure
from mseflow.extractors.text import fix_lookalikes, fold
from mseflow.reading.page import Word

STOP_WORDS = {
    "дата", "год", "рождения", "адрес", "пол", "гражданство", "серия", "группа", "бюро",
    "справка", "выдана", "фамилия", "имя", "отчество", "российской", "федерации", "россии",
    "инвалидность", "инвалид", "при", "наличии", "мсэ", "фку", "гб", "минтруда", "главное",
    "паспорт", "снилс", "место", "жительства", "по", "области", "края", "республики",
    "инвалида", "ребенка", "ребёнка",
}  # fmt: skip
PROSE = re.compile(
    r"(?:выдан[аоы]?|гражданину|гражданке|гражданин|гражданка|инвалиду)\s+(?=[А-ЯЁ])",
    re.IGNORECASE,
)
DATIVE_LABELS = ("выдана",)
ISSUED_TO = re.compile(r"(?<![а-яё])выдан[аоы]?(?![а-яё])", re.IGNORECASE)
TOKEN_EDGE = ",.;:’‘'`\"«»|_"
"""Punctuation and OCR litter at a name word's edges."""
SCRAP_QUALITY = 0.5
"""Confidence kept by an OCR-read name with a one- or two-letter word in it."""
LOWER_NAME = re.compile(r"^[а-яё]{3,}$")
OBLIQUE_PATRONYMIC = re.compile(r"(?:ича|ичу|ичем|вны|вне|вной|вну|чны|чне|чной)$", re.IGNORECASE)
"""Patronymic endings of the genitive, dative and instrumental (never the nominative)."""


@cache
def _ner() -> tuple[Any, Any]:
    """Natasha's segmenter and NER tagger (about 1 s to load; once per process)."""
    from mseflow.extractors.models import natasha_ner

    return natasha_ner()


def _ner_span(text: str) -> tuple[int, int] | None:
    from natasha import Doc

    segmenter, tagger = _ner()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    spans = [s for s in doc.spans if s.type == "PER"]
    return (spans[0].start, spans[0].stop) if spans else None


EDGE = TOKEN_EDGE + "[]{}()®°©‘’“”„<>*~^•!?‚"
"""Litter OCR leaves at a word's edges: quotes, brackets, marks of a stamp or a rule."""
HINT_WORDS = {
    "фамилия", "имя", "отчество", "при", "наличии", "последнее", "гражданина", "гражданки",
    "полностью", "указывается",
}  # fmt: skip
"""Words of the blank form's hint «(фамилия, имя, отчество (при наличии) гражданина)»."""
DASHES = {"-", "—", "–"}
SKIP_CHARS = 12
"""A name starts within this many characters of its label (other words may stand between)."""
CELL_TOLERANCE = 3.0
"""A wrapped value cell: the next line's words starting at most this many characters left."""


@dataclass(frozen=True, slots=True)
class NameRun:
    """Name words found on one or two lines: the printed words and their places."""

    words: list[str]
    line: TextLine
    start: int
    end: int
    more: list[tuple[TextLine, int, int]]
    ended: bool
    """The scan stopped at a word that is no part of a name (not at the end of the text)."""
    cut: bool = False
    """Stopped at a damaged patronymic («Тихомирова. Ульяна дрсеньевна»): cut short."""


@cache
def _label_words() -> frozenset[str]:
    """First words of every printed label («Число, месяц …», «Причина …»): never a name."""
    return frozenset(
        word
        for labels in label_table().values()
        for label in labels
        if len(word := re.split(r"[\s,.:(]+", label)[0]) >= 4
    )


@cache
def _label_starts() -> tuple[str, ...]:
    return tuple(lab for labels in label_table().values() for lab in labels if len(lab) >= 5)


def _starts_with_label(tl: TextLine) -> bool:
    """The line starts with a field's label, after its number and OCR's specks."""
    low = re.sub(r"^[\W\d_]+", "", tl.text.lower())
    return is_label_line(tl) or low.startswith(_label_starts())


def _label_word(low: str) -> bool:
    return low.replace("ё", "е") in _label_words()


def _tokens(line: TextLine, start: int, min_x: float | None = None) -> list[tuple[int, int, str]]:
    """(start, end, printed word) of the line's words from ``start`` (and right of ``min_x``).

    On an OCR'd line a «й» after a consonant is the «и» OCR gave a breve («Гвелесйани»):
    Russian spelling never writes «й» after a consonant.
    """
    out = []
    ocr = line.page.source == "ocr"
    for (a, b), w in zip(line.offsets, line.words, strict=True):
        if b <= start or (min_x is not None and w.bbox[0] < min_x):
            continue
        text = w.text
        if a < start:  # «(ПРИ НАЛИЧИИ):Ковальчук»: the label's last word glued to the value's
            text, a = (text[start - a :] if len(text) == b - a else line.text[start:b]), start
        word = fix_lookalikes(text.strip())
        out.append((a, b, fix_hard_sign(fix_breve(word)) if ocr else word))
    return out


BREVE_AFTER_CONSONANT = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщБВГДЖЗКЛМНПРСТФХЦЧШЩ])([йЙ])")


def fix_breve(word: str) -> str:
    """«й» after a consonant as «и» (OCR's misread breve), the case kept.

    >>> fix_breve("Гвелесйани"), fix_breve("Андрей"), fix_breve("ГВЕЛЕСЙАНИ")
    ('Гвелесиани', 'Андрей', 'ГВЕЛЕСИАНИ')
    """
    return BREVE_AFTER_CONSONANT.sub(lambda m: "и" if m.group(1) == "й" else "И", word)


SURNAME_TAIL = re.compile(
    r"(?:[оеё]в|[иы]н)(?:а|у|ой|ым|ом|е)?$|(?:ск|цк)(?:ий|ая|ой|ому|ого|ую)$|[иы]х$"
)
"""Endings of a Russian surname in any case («…щиковой», «…ского»)."""


def _split_surname(words: list[str], token: str) -> bool:
    """Glue a lower-case tail OCR split off the surname («Гребен щиковой» → «Гребенщиковой»)."""
    if len(words) != 1 or not LOWER_NAME.match(token) or "-" in words[0]:
        return False
    if is_first_name(token) or is_plain_word(token) or is_plain_word(words[0] + token):
        return False
    if not SURNAME_TAIL.search(words[0].lower() + token):
        return False
    words[0] += token.upper() if words[0].isupper() else token
    return True


def _join_part(words: list[str], token: str, join: bool) -> bool:
    """Glue ``token`` to the surname as its second part when a dash joins them, or to the
    patronymic OCR split («Любовь Арк адьевна»)."""
    if _split_surname(words, token):
        return True
    if len(words) == 3:
        return _glued_patronymic(words, token) or _split_capitals(words, token)
    if len(words) != 1:
        return False
    if join and NAME_WORD.match(token.lstrip("-")):
        words[-1] = words[-1].rstrip("-") + "-" + token.lstrip("-")
        return True
    if not join and token[:1] in DASHES and NAME_WORD.match(token[1:]):
        words[-1] += "-" + token[1:]  # «ВЕТЛУГИНА -ЛАСТОЧКИНА»
        return True
    return False


def _recapitalised(token: str, words: list[str]) -> str:
    if len(words) == 1 and LOWER_NAME.match(token) and is_first_name(token):
        return token[:1].upper() + token[1:]  # OCR lost the capital: «Черных ильдару»
    return token


def _name_like(token: str) -> bool:
    low = token.lower()
    return bool(NAME_WORD.match(token)) and not (
        low in STOP_WORDS or low in HINT_WORDS or _label_word(low)
    )


def _skippable(token: str) -> bool:
    """A hint word, a form word or a scrap that may stand between a label and the name."""
    low = token.lower()
    return low in HINT_WORDS or low in STOP_WORDS or len(token) <= 2


ZERO_IN_WORD = re.compile(r"^[А-ЯЁа-яё]*(?:[А-ЯЁа-яё]0|0[А-ЯЁа-яё])[А-ЯЁа-яё0]*$")
"""A word of Cyrillic letters with a zero among them («З0Я», «ИВАН0В»): OCR's «0» for «О»
(the two are one shape in most typefaces); no name holds a digit."""


def zero_as_o(token: str) -> str:
    """``token`` with the zeros of :data:`ZERO_IN_WORD` read as «О» / «о» (by its case).

    >>> zero_as_o("З0Я"), zero_as_o("Петр0в"), zero_as_o("2026")
    ('ЗОЯ', 'Петров', '2026')
    """
    if not ZERO_IN_WORD.match(token):
        return token
    return token.replace("0", "О" if token.replace("0", "").isupper() else "о")


def _scan(
    tokens: list[tuple[int, int, str]], words: list[str], start: int
) -> tuple[int, int, bool]:
    """Add name words from ``tokens`` to ``words``; (first, last offset used, stopped early).

    Hint words, litter and short scraps before the first name word are skipped; a lone
    dash or a broken hyphen joins the two parts of a double surname («ВЕТЛУГИНА - ЛАСТОЧКИНА»).
    """
    first, last, join = -1, -1, bool(words) and words[-1].endswith("-")
    for a, b, raw in tokens:
        token = zero_as_o(raw.strip(EDGE))
        low = token.lower()
        if not any(c.isalpha() for c in token):
            if raw.strip("_|") in DASHES and len(words) == 1 and not join:
                join = True
            continue
        if _join_part(words, token, join):
            join, last = False, b
            continue
        join = False
        token = _recapitalised(token, words)
        if len(words) >= 2 and low in PARTICLES:
            words.append(token)
            return first, b, True
        if len(words) >= 3:
            return first, last, True
        if not words and token.endswith("-") and NAME_WORD.match(token[:-1]):
            words.append(token)  # «АЛЕХИНА- СЕМИНА»: one double surname
            first, last, join = a, b, True
            continue
        if not _name_like(token):
            if words or (not _skippable(token) and a - start > SKIP_CHARS):
                return first, last, True
            continue
        if first < 0:
            first = a
        words.append(token)
        last = b
    if words and words[-1].endswith("-"):
        words[-1] = words[-1].rstrip("-")
    return first, last, False


def _split_capitals(words: list[str], token: str) -> bool:
    """Glue a surname OCR split in two capitalised words, the patronymic pushed fourth
    («ПУГА ЧЕВА ЗАРИНА СЕМЕНОВНА» → «ПУГАЧЕВА ЗАРИНА СЕМЕНОВНА»).

    Only when ``token`` ends like a patronymic and the third word is a first name, the
    first word is in no dictionary and the two glued end like a surname.
    """
    head, tail, third = words
    if not NAME_WORD.match(token) or not (PATR_MASC.search(token) or PATR_FEMN.search(token)):
        return False
    if PATR_MASC.search(third) or PATR_FEMN.search(third) or "-" in head + tail:
        return False
    glued = head + (tail.upper() if head.isupper() else tail.lower())
    if is_known_word(head) or not is_first_name(third) or not SURNAME_SUFFIX.search(glued.lower()):
        return False
    words[:] = [glued, third, token]
    return True


def _glued_patronymic(words: list[str], token: str) -> bool:
    """Glue a lower-case tail onto a patronymic OCR split («Арк» + «адьевна» → «Аркадьевна»).

    Only when the last word alone is no patronymic and the two glued make one, a whole word
    with a patronymic's ending.
    """
    head = words[-1]
    if not LOWER_NAME.match(token) or PATR_MASC.search(head) or PATR_FEMN.search(head):
        return False
    glued = head + (token.upper() if head.isupper() else token)
    if not re.search(r"(?:ович|евич|ьич|ич|овна|евна|ична|инична)$", glued.lower()):
        return False
    words[-1] = glued
    return True


SURNAME_SUFFIX = re.compile(r"(?:[оеё]в|[иы]н|[оеё]ва|[иы]на|ск(?:ий|ая)|цк(?:ий|ая)|[иы]х)$")
"""Endings of Russian surnames («полозков» is also a plural noun: its ending says surname)."""


def _lost_capital(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The surname OCR printed in lower case before capitalised names («полозков ОЛЕГ …»).

    Only a word pymorphy3 does not know as a plain word (a dictionary word there is a
    word of the form or of a sentence, never the surname); cased like the name after it.
    """
    letters = [i for i, t in enumerate(tokens) if any(c.isalpha() for c in t[2])]
    if len(letters) < 2:
        return tokens
    i, j = letters[0], letters[1]
    head, after = tokens[i][2].strip(EDGE), tokens[j][2].strip(EDGE)
    if not LOWER_NAME.match(head) or _skippable(head) or not NAME_WORD.match(after):
        return tokens
    if is_plain_word(head) and not SURNAME_SUFFIX.search(head):
        return tokens
    fixed = head.upper() if after.isupper() else head[:1].upper() + head[1:]
    return [*tokens[:i], (tokens[i][0], tokens[i][1], fixed), *tokens[i + 1 :]]


def _name_run(
    view: DocumentView | None, line: TextLine, start: int, labelled: bool = False
) -> NameRun | None:
    """2–3 name words from ``start`` (surname first; «оглы» kept), wrapped onto the next line.

    A value that wraps: the rest of its cell on the next line (words right of where the
    value began), or a patronymic alone at the start of the next line. ``labelled``: the
    value of a name label, where a lower-cased first word may be the surname.
    """
    words: list[str] = []
    tokens = _tokens(line, start)
    first, last, ended = _scan(_lost_capital(tokens) if labelled else tokens, words, start)
    if not words or first < 0:
        return None
    more: list[tuple[TextLine, int, int]] = []
    nxt = view.next_line(line) if view is not None and not ended and len(words) < 3 else None
    if nxt is not None and not _starts_with_label(nxt):  # a label line holds its own value
        x0 = line.words_in(first, first + 1)[0].bbox[0]
        width = max(1.0, (line.bbox[2] - line.bbox[0]) / max(1, len(line.text)))
        cell = _tokens(nxt, 0, x0 - CELL_TOLERANCE * width)
        if not cell and len(words) == 2 and nxt.words:
            head = _tokens(nxt, 0)[:1]
            token = head[0][2].strip(EDGE) if head else ""
            if NAME_WORD.match(token) and (PATR_MASC.search(token) or PATR_FEMN.search(token)):
                cell = head
        if cell:
            before = len(words)
            extra: list[str] = list(words)
            a, b, _stopped = _scan(cell, extra, 0)
            if len(extra) > before and cell[0][0] == a:
                words[:] = extra
                more.append((nxt, a, b))
    if len(words) < 2 or (len(words) < FULL_NAME_WORDS and _damaged_before(tokens, first)):
        return None
    return NameRun(
        words, line, first, last, more, ended, len(words) == 2 and _damaged_next(tokens, last)
    )


DAMAGED_WORD = re.compile(r"^(?=\S*[А-Яа-яЁё])(?=\S*[\d\[\]{}|\\/])\S{3,}$")
"""A token that mixes letters with digits or brackets («[10Ю»): a word OCR spoilt."""
FULL_NAME_WORDS = 3
"""Surname, first name and patronymic: a name after a spoilt word is kept only when whole."""


def _damaged_before(tokens: list[tuple[int, int, str]], first: int) -> bool:
    """A spoilt word stands where the name began («Выдана [10Ю Мирону Фомичу»): the words
    after it are the first name and patronymic, the surname is lost."""
    return any(a < first and DAMAGED_WORD.match(raw.strip()) for a, _b, raw in tokens)


def _damaged_next(tokens: list[tuple[int, int, str]], last: int) -> bool:
    """The word after the name looks like a patronymic OCR spoilt (lower case, a letter lost)."""
    after = [t[2].strip(EDGE) for t in tokens if t[0] >= last and any(c.isalpha() for c in t[2])]
    if not after:
        return False
    word = after[0]
    return (
        word[:1].islower()
        and len(word) >= 6
        and bool(PATR_MASC.search(word) or PATR_FEMN.search(word))
    )


def _candidate(run: NameRun, quality: float, method: str, dative: bool) -> FieldValue:
    words = list(run.words)
    words = [
        w[:1].upper() + w[1:] if LOWER_NAME.match(w) and w not in PARTICLES else w for w in words
    ]
    if dative or method == "prose":
        words, sure = to_nominative(words)
        quality *= sure
    elif len(words) >= 3 and OBLIQUE_PATRONYMIC.search(words[-1]):
        # printed in another case where the nominative was expected (the patronymic's
        # ending shows it; a name without one, «Ким Лан», is never declined): take it back
        nominative, sure = to_nominative(words)
        if sure < 1.0 and nominative != words:
            # a part left as printed («Федосееву-Нагорному Никита»): unsure, so no value
            words, quality = nominative, quality * (0.85 if sure >= 0.8 else sure)
    line = run.line
    if line.page.source == "ocr" and _has_scrap(words):
        quality *= SCRAP_QUALITY  # «БО НДАРЕНКО-…»: a scrap of a word OCR split
    if line.page.source == "ocr":
        quality *= _doubt(run, words)
    if not reads_like_a_name(words):
        quality *= NOT_A_NAME  # form words or litter in capitals, not a person's name
    if run.more:
        quality *= WRAPPED
    if run.cut or _surname_missing(words):
        quality *= NOT_A_NAME  # «ОЛЕГ ВИКТОРОВИЧ»: the surname lost (lower case, a stamp)
    quality *= _trust(words, line.page.source == "ocr")
    ev = line.evidence(run.start, run.end, quality)
    return FieldValue("full_name", " ".join(words), ev, method)


NOT_A_NAME = 0.5
LOOKALIKE = 0.45
"""Kept by an OCR-read name with a word in no dictionary one look-alike letter from a
known name («ЛЕБЕЛЕВ» for «ЛЕБЕДЕВ»): a misread is likelier than a rare name."""


def _trust(words: list[str], ocr: bool) -> float:
    """How far the name's own shape lowers its confidence (1.0: a whole, agreeing name).

    A third word cut short where a patronymic stands («ПОЛЯКОВА ВЕРА ВИКТ»), parts that
    do not agree in case or gender, and (read by OCR) a word one look-alike letter from
    a known name each make a wrong name likelier than a right one: below the threshold
    the value is null and the candidate stays in evidence.
    """
    core = [w for w in words if w.lower() not in PARTICLES]
    factor = 1.0
    if len(core) >= 3 and len(core) == len(words) and cut_patronymic(core[2]):
        factor *= NOT_A_NAME
    if disagrees(words):
        factor *= NOT_A_NAME
    if ocr and len(core) >= 3 and _spoilt_patronymic(core[2]):
        factor *= NOT_A_NAME
    if ocr and any(
        ocr_neighbour(w, role) is not None for w, role in zip(core, ROLES, strict=False)
    ):
        factor *= LOOKALIKE
    return factor


def _spoilt_patronymic(word: str) -> bool:
    """A third word OCR spoilt where the patronymic stands («Вадилмовиа» for «Вадимовна»):
    no patronymic's ending and in no dictionary as a name («Оглы»-less Turkic and other
    non-Slavic third words the dictionary knows stay as they are)."""
    if PATR_MASC.search(word) or PATR_FEMN.search(word):
        return False
    return not in_dictionary_as_name(word)


DOUBTFUL_WORD = 0.75
"""OCR confidence below which a name word may hold a wrong letter («ШЕДРИНА» for «ЩЕДРИНА»)."""
LOST_YO = 0.5
"""Kept by a name whose «Е» may be a «Ё» OCR lost («Елкин Фёдор»: the name prints «ё»)."""


def _doubt(run: NameRun, words: list[str]) -> float:
    """How far OCR's doubt about the name's words lowers its confidence (1.0: none).

    The name is as sure as its least sure word, not the mean of its words: a doubtful
    word (below :data:`DOUBTFUL_WORD`) pulls the candidate down by how doubtful it is,
    unless pymorphy3's dictionary knows every part of it as a name, which only raises
    (a word in no dictionary, a non-Slavic name, keeps OCR's own confidence). A «Е» where
    the dictionary prints «Ё», in a name that prints «ё» elsewhere, is a lost «ё».
    """
    printed = list(run.line.words_in(run.start, run.end))
    for other, a, b in run.more:
        printed += other.words_in(a, b)
    printed = [w for w in printed if sum(c.isalpha() for c in w.text) >= 2]  # not «>.» litter
    factor = 1.0
    if printed:
        mean = sum(w.confidence for w in printed) / len(printed)
        glued = [w.lower() for w in words if in_dictionary_as_name(w)]
        known = [_known_piece(fix_lookalikes(w.text.strip()).strip(EDGE), glued) for w in printed]
        lifted = [max(w.confidence, DOUBTFUL_WORD) if k else w.confidence
                  for w, k in zip(printed, known, strict=True)]  # fmt: skip
        if mean > 0:
            factor = sum(lifted) / len(lifted) / mean  # OCR unsure of a name the dictionary has
        doubtful = [w.confidence for w, k in zip(printed, known, strict=True) if not k]
        least = min(doubtful, default=1.0)
        if least < DOUBTFUL_WORD and mean > 0:
            factor *= (least / mean) * (least / DOUBTFUL_WORD) ** 0.5
    if any("ё" in w.lower() for w in words) and any(spelt_with_yo(w) for w in words):
        factor *= LOST_YO
    whole = {w.lower() for w in words}  # not a tail glued to a word («Арк» + «адьевна»)
    texts = [fix_lookalikes(w.text.strip()).strip(EDGE) for w in printed]
    if any(t.lower() in whole and lost_first_letter(t) for t in texts):
        factor *= LOOKALIKE  # «Бондаренко рик»: «Эрик» with its capital lost, or «Рик»?
    if any(rival_name(w) is not None for w in printed):
        factor *= LOOKALIKE  # «подлорный»: the engine nearly read «подгорный»
    if len(words) >= 3 and _misread_patronymic(words[2], printed):
        factor *= LOOKALIKE  # «Арсеизевич»: no first name «Арсеиз», a letter was a coin toss
    return factor


def _misread_patronymic(word: str, printed: list[Word]) -> bool:
    """The third word has a patronymic's ending but is formed from no first name pymorphy3
    knows, and OCR nearly read one of its letters as another (:data:`RIVAL_MARGIN`)."""
    if not (PATR_MASC.search(word) or PATR_FEMN.search(word)) or patronymic_of_a_name(word):
        return False
    low = word.lower()
    return any(
        fix_lookalikes(w.text.strip()).strip(EDGE).lower() == low
        and any(g.rival.isalpha() and g.margin < RIVAL_MARGIN for g in w.glyphs)
        for w in printed
    )


RIVAL_MARGIN = 0.2
"""A letter whose rival reading came this close (:attr:`Glyph.margin`) was a coin toss
(the margin the second reading of numbers also calls doubtful, :mod:`mseflow.reading.reread`).
Measured on family-8 scans generated here (seed 33): «Гэрсия», «э» over «а» by 0.17."""


def rival_name(word: Word) -> str | None:
    """The name the engine nearly read instead of ``word``: one letter that won by less than
    :data:`RIVAL_MARGIN` replaced by its rival gives a name pymorphy3's dictionary knows,
    where ``word`` as read is in no dictionary («подлорный», «л» over «г» by 0.04 →
    «подгорный»). A case rival («П» / «п») is no other reading.
    """
    text = word.text
    if len(word.glyphs) != len(text) or is_known_word(text.strip(EDGE)):
        return None
    for i, g in enumerate(word.glyphs):
        rival = g.rival
        if not rival.isalpha() or len(rival) != 1 or rival.lower() == g.text.lower():
            continue
        if g.margin >= RIVAL_MARGIN:
            continue
        other = (text[:i] + rival + text[i + 1 :]).strip(EDGE)
        if len(other) >= 3 and in_dictionary_as_name(other):
            return other
    return None


def _known_piece(text: str, known_words: list[str]) -> bool:
    """A printed word the dictionary knows as a name, or a piece of a known name word the
    reading glued from OCR's split («ЧЕВА» of «ПУГАЧЕВА»)."""
    if in_dictionary_as_name(text):
        return True
    low = text.lower()
    return len(low) >= 3 and any(low in w and len(w) > len(low) for w in known_words)


def _has_scrap(words: list[str]) -> bool:
    """A one- or two-letter word that is a piece of the next one («БО НДАРЕНКО»), not a
    short name of its own («Ли», «Ю»): pymorphy3 knows the short word as a name and does
    not know the two glued together as one."""
    for i, w in enumerate(words):
        if len(w) >= 3 or w.lower() in PARTICLES:
            continue
        glued = w + words[i + 1] if i + 1 < len(words) else ""
        if not is_known_name(w) or (glued and is_known_name(glued)):
            return True
    return False


def _surname_missing(words: list[str]) -> bool:
    """A first name and a patronymic with no surname before them."""
    if len(words) != 2:
        return False
    patronymic = PATR_MASC.search(words[1]) or PATR_FEMN.search(words[1])
    return bool(patronymic) and is_first_name(words[0]) and len(words[1]) > 5


WRAPPED = 0.95
NOT_THE_PERSON = re.compile(
    r"представител|законн\w*\s*\(?уполномоч|опекун|попечител|руководител|врач|специалист|эксперт",
    re.IGNORECASE,
)
"""Labels of other people's names (486н point 15 «… законного (уполномоченного)
представителя», a guardian; signatures), also where the label wraps onto the value's line."""
HINT_LINES = 3
"""Lines of a wrapped blank-form hint a value may sit under («имя, отчество (при» / «наличии)»)."""


def _is_hint_line(tl: TextLine) -> bool:
    letters = [t.strip(EDGE).lower() for t in tl.text.split()]
    letters = [t for t in letters if any(c.isalpha() for c in t)]
    return bool(letters) and all(t in HINT_WORDS or len(t) <= 2 for t in letters)


def _label_goes_on_for_another(view: DocumentView, hit: Hit) -> bool:
    """The label's cell wraps on under it naming someone else: «Фамилия, имя, отчество (при
    наличии)» / «15. законного (уполномоченного) | Снегирёва …» / «представителя инвалида»
    (486н point 15 in a table: the name beside the cell's middle line is the representative's)."""
    nxt = view.next_line(hit.last)
    if nxt is None or nxt.page is not hit.last.page:
        return False
    runs = cell_runs(nxt)
    if len(runs) >= 2:  # the cells left of the value's cell are the label's
        return bool(NOT_THE_PERSON.search(nxt.text[: runs[-1][0]]))
    body = nxt.text.lstrip(EDGE + " 0123456789.")
    return body[:1].islower() and bool(NOT_THE_PERSON.search(body))


def _from_hit(view: DocumentView, hit: Hit, spots: list[Spot]) -> list[FieldValue]:
    after_label = hit.first.text + " " + (hit.last.text if hit.last is not hit.first else "")
    if NOT_THE_PERSON.search(after_label) or _label_goes_on_for_another(view, hit):
        return []
    # «Выдана …», «Выдана (фамилия, имя, отчество …)», «Программа выдана на имя …»
    dative = hit.label.startswith(DATIVE_LABELS) or bool(ISSUED_TO.search(hit.first.text))
    if HINT_UNDER.match(hit.first.text):
        return _above_hint(view, hit)
    run = _name_run(view, hit.last, past_leader(hit.last.text, hit.end), labelled=True)
    if run is not None:
        return [_candidate(_patronymic_beside(view, run), hit.score, "labelled_line", dative)]
    for spot in spots:
        if spot.label_line is not hit.first or (spot.line is hit.last):
            continue
        if NOT_THE_PERSON.search(spot.line.text[: spot.start]):
            continue  # «… (при наличии) законного» / «представителя: Дьячкова …»
        run = _name_run(view, spot.line, spot.start, labelled=True)
        if run is not None:
            return [_candidate(_patronymic_beside(view, run), hit.score, spot.method, dative)]
    run = _under_hint(view, hit.last)
    if run is not None:
        return [_candidate(_patronymic_beside(view, run), hit.score * 0.95, "next_line", dative)]
    return _by_ner(hit, spots, dative)


HINT_UNDER = re.compile(r"^[\W_]*\(\s*фамилия", re.IGNORECASE)
"""«(фамилия, имя, отчество (при наличии))» printed under the blank's line for the name."""
CAPTION = re.compile(
    r"^[\s_.,|]*[({]\s*(?P<inner>[^(){}]*(?:\([^(){}]*[)}]?[^(){}]*)?)[)}\]]?[\s_.,|]*$"
)
"""A line that is only a blank form's caption in brackets, printed under the rule the value
was written on («(гражданин (ка))», «(дата рождения)»): the value is on the line above."""
NAME_CAPTION = re.compile(
    r"^(?:гражданин|гражданка|фамилия,?\s+имя|ф\.?\s*и\.?\s*о\.?\s*(?:инвалида|гражданина)?$)",
    re.IGNORECASE,
)
"""Captions under the name: «(гражданин (ка))», «(фамилия, имя, отчество …)», «(Ф.И.О.)»."""
BIRTH_CAPTION = re.compile(
    r"^(?:дата\s+рожд|(?:число|год|день)[,\s]+(?:число|месяц|год)[^)]*рожд|родил(?:ся|ась|\s*с))",
    re.IGNORECASE,
)
"""Captions under the birth date: «(дата рождения)», «(число, месяц, год рождения)»,
«(год, число, месяц рождения)», «(родился (ась))»."""
CAPTION_QUALITY = 0.9


def _caption_above(view: DocumentView, caption: re.Pattern[str]) -> list[TextLine]:
    """The lines printed right above a caption line matching ``caption`` (same page)."""
    out = []
    for pos, tl in enumerate(view.lines):
        m = CAPTION.match(caption_text(view, tl))
        if m is None or not caption.match(m.group("inner").strip()) or pos == 0:
            continue
        above = view.lines[pos - 1]
        if above.page is tl.page and not CAPTION.match(caption_text(view, above)):
            out.append(above)
    return out


SIGNATURE = re.compile(r"(?i)руководител|должностн\w*\s+лиц|подпис|м\.\s*п\.|специалист|эксперт")
"""Words of a signature block: the «(Ф.И.О.)» under it is the signer's, not the person's."""


def _under_a_signature(view: DocumentView, line: TextLine) -> bool:
    """One of the two lines above ``line`` (same page) belongs to a signature block."""
    pos = next((i for i, tl in enumerate(view.lines) if tl is line), 0)
    return any(
        tl.page is line.page and SIGNATURE.search(tl.text)
        for tl in view.lines[max(0, pos - 2) : pos]
    )


def _from_captions(view: DocumentView) -> list[FieldValue]:
    """The name on the line above its caption («Ломакин Тимур Витальевич» / «(гражданин (ка))»)."""
    out = []
    for above in _caption_above(view, NAME_CAPTION):
        if _starts_with_label(above) or NOT_THE_PERSON.search(above.text):
            continue
        if _under_a_signature(view, above):
            continue  # «Руководитель … (уполномоченное им должностное лицо)» / «Иванов И. И.»
        run = _name_run(None, above, 0, labelled=True)
        if run is not None and run.start <= SKIP_CHARS and not run.ended:
            out.append(_candidate(run, CAPTION_QUALITY, "next_line", False))
    return out


def _above_hint(view: DocumentView, hit: Hit) -> list[FieldValue]:
    """The name on the line above its hint (the blank 1031н: «Выдана ____» / «(фамилия, …)»).

    Printed after «Выдана», so possibly in the dative: put back into the nominative (a
    name printed in the nominative stays as it is).
    """
    pos = next((i for i, tl in enumerate(view.lines) if tl is hit.first), 0)
    above = view.lines[pos - 1] if pos > 0 else None
    if above is None or above.page is not hit.first.page or _starts_with_label(above):
        return []
    run = _name_run(None, above, 0, labelled=True)
    if run is None or run.start > SKIP_CHARS:
        return []
    return [_candidate(run, hit.score * 0.95, "next_line", True)]


def _patronymic_beside(view: DocumentView, run: NameRun) -> NameRun:
    """A two-word name with its patronymic right of it on the same row, which OCR put into
    the line above or below («… (при . ФЕДОРОВНА» / «наличии): ШУМИЛОВА ЭЛЬВИРА»)."""
    if len(run.words) != 2 or run.more:
        return run
    last = run.line.words_in(run.end - 1, run.end)
    if not last:
        return run
    right, top, bottom = last[-1].bbox[2], run.line.bbox[1], run.line.bbox[3]
    width = max(1.0, (run.line.bbox[2] - run.line.bbox[0]) / max(1, len(run.line.text)))
    pos = next((i for i, tl in enumerate(view.lines) if tl is run.line), 0)
    for other in view.lines[max(0, pos - 1) : pos + 2]:
        if other is run.line or other.page is not run.line.page:
            continue
        for (a, b), w in zip(other.offsets, other.words, strict=True):
            token = fix_lookalikes(w.text.strip()).strip(EDGE)
            mid = (w.bbox[1] + w.bbox[3]) / 2
            near = 0 <= w.bbox[0] - right <= CELL_TOLERANCE * 2 * width
            patronymic = PATR_MASC.search(token) or PATR_FEMN.search(token)
            if near and top <= mid <= bottom and NAME_WORD.match(token) and patronymic:
                return NameRun([*run.words, token], run.line, run.start, run.end,
                               [(other, a, b)], run.ended)  # fmt: skip
    return run


def _under_hint(view: DocumentView, label_line: TextLine) -> NameRun | None:
    """The name under a blank-form hint that wrapped over lines of its own."""
    line: TextLine | None = label_line
    for _ in range(HINT_LINES):
        line = view.next_line(line) if line is not None else None
        if line is None or is_label_line(line) and not _is_hint_line(line):
            return None
        if not _is_hint_line(line) and any(c.isalpha() for c in line.text):
            return _name_run(view, line, 0, labelled=True)
    return None


def _by_ner(hit: Hit, spots: list[Spot], dative: bool) -> list[FieldValue]:
    """Natasha's PER span in the labelled value, where the rules found no name."""
    for spot in spots:
        if spot.label_line is not hit.first:
            continue
        tail = spot.line.text[spot.start : spot.end]
        found = _ner_span(tail) if len(tail) >= 5 else None
        if found is not None and len(tail[found[0] : found[1]].split()) >= 2:
            run = _name_run(None, spot.line, spot.start + found[0])
            if run is not None:
                return [_candidate(run, hit.score, "ner", dative)]
    return []


SPLIT_LABEL = re.compile(r"^\W*(?:\d{1,2}[.)]?\s*)?фамилия,?\s+имя,?\s*(?=\S)", re.IGNORECASE)
"""The first line of «Фамилия, имя, / отчество (при / наличии)» wrapped in its table cell,
the value printed in the next cell on the same visual line."""


def _from_split_labels(view: DocumentView) -> list[FieldValue]:
    out = []
    for tl in view.lines:
        m = SPLIT_LABEL.match(tl.text)
        if m is None or tl.text[m.end() :].lower().startswith("отчество"):
            continue
        nxt = view.next_line(tl)
        if nxt is None or not nxt.text.lower().lstrip(" |_-—'‘`").startswith("отчеств"):
            continue
        run = _name_run(None, tl, m.end())
        if run is not None:
            out.append(_candidate(run, 0.95, "table_cell", False))
    return out


ROW_LABELS = ("фамилия", "имя", "отчество")
ROW_LABEL = re.compile(
    r"^\W*(?:\d{1,2}(?:\.\d{1,2})?[.)]?\s*)?(фамилия|имя|отчество)(?:\s*\([^)]*\))?\s*[:|]?\s+(?=\S)",
    re.IGNORECASE,
)
"""«Фамилия | Поляков», «Имя | Азат», «Отчество (при наличии) | Андреевич»: a register printout
(ФГИС ФРИ) gives each part of the name a row of its own."""


def _row_part(tl: TextLine, label: str) -> tuple[int, int, str] | None:
    """The one name word after ``label`` at the start of ``tl`` (its place and text)."""
    m = ROW_LABEL.match(tl.text)
    if m is None or m.group(1).lower() != label:
        return None
    tokens = _tokens(tl, m.end())
    if len(tokens) != 1 or not _name_like(tokens[0][2].strip(EDGE)):
        return None
    return tokens[0]


def _next_row(view: DocumentView, line: TextLine) -> TextLine | None:
    """The line after ``line``, over one line of OCR litter between the rows («и"»)."""
    nxt = view.next_line(line)
    if nxt is not None and sum(c.isalpha() for c in nxt.text) < LITTER_LETTERS:
        after = view.next_line(nxt)
        return after if after is not None and after.page is nxt.page else nxt
    return nxt


LITTER_LETTERS = 3
"""A line with fewer letters than this is OCR's litter (a rule's speck, a stray mark)."""


def _from_row_labels(view: DocumentView) -> list[FieldValue]:
    """A name whose surname, first name and patronymic stand on consecutive labelled rows."""
    out = []
    for tl in view.lines:
        first = _row_part(tl, "фамилия")
        if first is None:
            continue
        words, more, line = [first[2].strip(EDGE)], [], tl
        for label in ROW_LABELS[1:]:
            nxt = _next_row(view, line)
            part = _row_part(nxt, label) if nxt is not None and nxt.page is tl.page else None
            if part is None:
                break
            words.append(part[2].strip(EDGE))
            more.append((nxt, part[0], part[1]))
            line = nxt  # type: ignore[assignment]
        if len(words) >= 2:  # the patronymic's row may be missing («при наличии»)
            run = NameRun(words, tl, first[0], first[1], more, True)
            out.append(_candidate(run, 0.95, "table_cell", False))
    return out


def _from_prose(view: DocumentView) -> list[FieldValue]:
    out = []
    for tl in view.lines:
        for m in PROSE.finditer(tl.text):
            run = _name_run(view, tl, m.end())
            if run is not None and run.start - m.end() <= 1:
                out.append(_candidate(run, 0.9, "prose", True))
    return out


CUT_LABEL = re.compile(r"^[\W_]*([а-яё]{2,8})\s*\(при\s+наличии\)[\s|:I\]\[]*(?=[А-ЯЁ])")
"""The end of «Фамилия, имя, отчество (при наличии)» where a photo's edge cut the line's
start off («ство (при наличии) I СОКОЛОВСКАЯ …»): the first word a tail of «отчество»."""
CUT_QUALITY = 0.85


DAMAGED_FIO = re.compile(
    r"^\W*(?:\d{1,2}[.)]?\s*)?(?:ф{1,2}|0)\s?\.?[\s(\[|]{0,2}и\s?\.(?:\s?[о0]\s?\.?|\s*[-—:])"
    r"[\s:;,.\-—|]*",
    re.I,
)
"""«1. Ф.И.О.: …» with OCR's damage to the abbreviation («1. Ф.И. -: Береговой-Водкин …»).

A typed card (the 379н ИПР filled in on a typewriter) prints «О» and zero alike, and OCR
reads «Ф.И.0.:», «0.И.0.:» or «Фф.И.0,:;»: a typewriter's capital О and its zero are one
round glyph (on some machines the letter served for the digit), a doubled or lost stroke of «Ф» is
the fax's or the ribbon's."""


def _from_cut_labels(view: DocumentView) -> list[FieldValue]:
    out = []
    for tl in view.lines:
        if NOT_THE_PERSON.search(tl.text):
            continue  # «Ф.И.О. законного представителя: …», «Ф.И.О. врача»
        fio = DAMAGED_FIO.match(tl.text)
        if fio is not None:
            run = _name_run(None, tl, fio.end(), labelled=True)
            if run is not None and run.start == fio.end():
                out.append(_candidate(run, CUT_QUALITY, "labelled_line", False))
            continue
        m = CUT_LABEL.match(tl.text)
        if m is None or not "отчество".endswith(m.group(1).lower()):
            continue
        run = _name_run(None, tl, m.end(), labelled=True)
        if run is not None and run.start == m.end():
            out.append(_candidate(run, CUT_QUALITY, "labelled_line", False))
    return out


def _where(fv: FieldValue) -> tuple[int | None, tuple[float, ...]]:
    return fv.evidence.page, tuple(fv.evidence.bbox or ())


def _with_yo(found: list[FieldValue]) -> list[FieldValue]:
    """A reading of the name with «е» where another reading of it in the same document
    has «ё» takes the «ё»: OCR loses the dots, never adds them, and one document prints
    one spelling (the other reading is as read, nothing is invented)."""
    spelt = {}
    for fv in found:
        if "ё" in fv.value.lower():
            spelt.setdefault(fold(fv.value), fv.value.lower())
    out = []
    for fv in found:
        low = fv.value.lower()
        yo = spelt.get(low) if "ё" not in low else None
        if yo is None or len(yo) != len(low):
            out.append(fv)
            continue
        value = "".join(
            (y.upper() if c.isupper() else y) if y == "ё" else c
            for c, y in zip(fv.value, yo, strict=True)
        )
        out.append(FieldValue(fv.key, value, fv.evidence, fv.method))
    return out


def name_candidates(view: DocumentView) -> list[FieldValue]:
    """Every full-name candidate: labelled values, «Выдана …», prose."""
    return _with_yo(_name_candidates(view))


def _name_candidates(view: DocumentView) -> list[FieldValue]:
    out = _from_row_labels(view)  # a name's rows, before a label that reads the first of them
    rows = {_where(fv) for fv in out}
    spots = find_values(view, "full_name")
    for hit in find_labels(view, "full_name"):
        out.extend(fv for fv in _from_hit(view, hit, spots) if _where(fv) not in rows)
    seen = {_where(fv) for fv in out}
    more = _from_split_labels(view) + _from_captions(view) + _from_prose(view)
    more += _name_before_birth(view) + _name_before_birth_clause(view)
    for fv in more + _from_cut_labels(view):
        where = _where(fv)
        if where not in seen:
            seen.add(where)
            out.append(fv)
    return out


BORN_AFTER = re.compile(
    r"^\s*(?:г\.\s*р\.|(?:г\.\s*)?года\s+рождения|г\.\s*рождения)", re.IGNORECASE
)
"""«03.11.1975 г.р.», «… года рождения», «… г. года рождения» (a printout's doubled year word)."""
BORN_BEFORE = re.compile(r"(?:родивш\w+|рожденн?\w*|род\.)\s*$", re.IGNORECASE)


def _prose_birth(view: DocumentView) -> list[FieldValue]:
    """«Иванов Иван Иванович, 03.11.1975 г.р.», «родившейся 3 ноября 1975 года»."""
    out = []
    for tl in view.lines:
        low = tl.text.lower()
        nxt = view.next_line(tl)
        wrapped = nxt is not None and nxt.text.lower().startswith("рожд")  # «… года» / «рождения»
        said = any(word in low for word in ("рожд", "г.р", "г. р", "родивш"))
        if not said and not wrapped:
            continue
        for d in find_dates(_dateable(tl.text)):
            after = tl.text[d.end :] + (" " + nxt.text if wrapped and nxt is not None else "")
            if BORN_AFTER.match(after) or BORN_BEFORE.search(tl.text[: d.start]):
                out.append(
                    FieldValue("birth_date", d.value, least_sure(tl, d.start, d.end, 0.9), "prose")
                )
    return out


def _name_before_birth(view: DocumentView) -> list[FieldValue]:
    """The name printed just before «…, 03.11.1975 г.р.» (letter-style printouts)."""
    out = []
    for tl in view.lines:
        low = tl.text.lower()
        if "г.р" not in low and "г. р" not in low and "рожд" not in low:
            continue
        for d in find_dates(_dateable(tl.text)):
            if not BORN_AFTER.match(tl.text[d.end :]):
                continue
            head = tl.text[: d.start].rstrip(" ,")
            for a, _b in tl.offsets:
                run = _name_run(None, tl, a)
                if run is not None and run.end >= len(head) - 1 and run.start >= a:
                    out.append(_candidate(run, 0.9, "prose", False))
                    break
    return out


BIRTH_CLAUSE = re.compile(r",\s*(?:дата|число,?\s*месяц,?\s*год)\s+рождения\b", re.IGNORECASE)
"""The bureau letter's «Гражданин(ка) Иванова Анна Петровна, дата рождения …» (the 1031н
facts in one paragraph): the name is the words right before the clause."""


def _name_before_birth_clause(view: DocumentView) -> list[FieldValue]:
    """Three name words ending right before «, дата рождения», the last a patronymic: the
    name of the letter's sentence also when OCR damaged the word before it («Гражоаанка»).
    A name of two words is not taken here (the damaged word before it could pass for its
    surname); «Гражданин …» finds it (:func:`_from_prose`)."""
    out = []
    for tl in view.lines:
        m = BIRTH_CLAUSE.search(tl.text)
        if m is None:
            continue
        starts = [a for a, _b in tl.offsets if a < m.start()]
        for a in reversed(starts):  # the shortest run first: never glued to the word before
            run = _name_run(None, tl, a)
            if run is None or run.start < a or run.end < m.start() - 1:
                continue
            if len(run.words) < FULL_NAME_WORDS:
                continue
            last = run.words[-1]
            if len(run.words) == FULL_NAME_WORDS and (
                PATR_MASC.search(last) or PATR_FEMN.search(last)
            ):
                out.append(_candidate(run, 0.9, "prose", False))
            break
    return out


OLDEST = 1900
BETWEEN = re.compile(r"[А-Яа-яЁё]{3,}")
"""A word between a label and the date: the date belongs to another label («… Срок, до которого …»)."""
DATE_LITTER = re.compile(r"[‘’‚`'\"„“”]")


GAP_IN_DATE = re.compile(r"(?<=\d)([.-])(\s+)(\d(?:[\d.-]*\d)?)")


def _dateable(text: str) -> str:
    """``text`` as a date parser reads it, same length (offsets still map to the words).

    OCR's quotes become spaces («‘сентября» reads as a month), and a space OCR put after
    a date's separator moves behind the digits («1965- 12-24» → «1965-12-24 »).

    >>> _dateable("‚ 1965- 12-24 и 07.08. 1979г.")
    '  1965-12-24  и 07.08.1979 г.'
    """
    text = DATE_LITTER.sub(" ", text)
    return GAP_IN_DATE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), text)


def _plausible_birth(value: dt.date) -> bool:
    return value.year >= OLDEST and value <= dt.date.today()


def _date_after(tl: TextLine, start: int, method: str) -> list[Any]:
    """The first date at or after ``start`` with no other words between (a birth date's place)."""
    dates = [d for d in find_dates(_dateable(tl.text)) if d.start >= start]
    if not dates:
        return []
    d = dates[0]
    between = tl.text[start : d.start]
    if tl.text[:start].rstrip().endswith("/") and TRANSLATION.match(between):
        between = ""  # «Дата рожд. / Рае оРЫчВ 20.12.1990»: the label's translation, OCR'd
    if method != "next_line" and len(BETWEEN.findall(between)) >= 2:
        return []  # «д рождения Срок, до которого 01.09.2027»: another cell's date
    return [d] if _plausible_birth(d.value) else []


TRANSLATION = re.compile(r"^(?:\s*[^\s\d/]+){1,4}\s*$")
"""The label's translation after a slash on a bilingual blank («Дата рожд. / Date of birth»),
in a scan OCR'd as Cyrillic litter («/ Рае оРЫчВ»): the label's own words, not another cell's."""


SPLIT_BIRTH = re.compile(
    r"^\W*(?:\d{1,2}[.)]?\s*)?(?:число,?\s+месяц,?\s*(?:год\s*)?|год,?\s+число,?\s+месяц,?\s*|"
    r"дата\s+(?=\d))(?=\S)",
    re.I,
)
"""«Число, месяц, / год рождения», «Дата / рождения» wrapped in its cell, the date in the
next cell."""


def _label_goes_on(view: DocumentView, tl: TextLine, word: str, lines: int = 2) -> bool:
    """One of the next ``lines`` lines starts with the rest of the label («… / г. / рождения»)."""
    line: TextLine | None = tl
    for _ in range(lines):
        line = view.next_line(line) if line is not None else None
        if line is None:
            return False
        heads = [w.strip(EDGE) for w in line.text.lower().split() if len(w.strip(EDGE)) >= 3]
        heads = heads[1:] if heads[:1] == ["год"] else heads  # «Число, месяц, … / год рождения»
        if heads and heads[0].startswith(word):
            return True
    return False


def _date_below(view: DocumentView, hit: Hit) -> list[FieldValue]:
    """The date under its label in a grid of label-over-value cells, where another column's
    label shares the label's line («Дата рождения   Причина инвалидности» /
    «29.05.1964 г.   заболевание …»): the date that starts in the label's column."""
    line = hit.last
    start = max(0, hit.end - len(hit.label)) if hit.first is line else 0
    head, tail = line.words_in(start, start + 1), line.words_in(max(0, hit.end - 1), hit.end)
    below = view.next_line(line)
    if not head or not tail or below is None:
        return []
    width = max(1.0, (line.bbox[2] - line.bbox[0]) / max(1, len(line.text)))
    left, right = head[0].bbox[0] - 2 * width, tail[-1].bbox[2]
    out = []
    for d in find_dates(_dateable(below.text)):
        words = below.words_in(d.start, d.end)
        before = below.words_in(0, d.start)
        if not words or not left <= words[0].bbox[0] < right or not _plausible_birth(d.value):
            continue
        if any(w.bbox[0] >= left and any(c.isalpha() for c in w.text) for w in before):
            continue  # words in the column before the date: another value's
        ev = least_sure(below, d.start, d.end, hit.score * 0.95)
        out.append(FieldValue("birth_date", d.value, ev, "next_line"))
    return out[:1]


AGE = re.compile(r"(?i)возраст(?![а-яё])[^:\d]{0,30}:?\s*(\d{1,3})(?!\d)(?!\s*(?:мес|дн|нед))")
"""486н point 4 «Возраст (число полных лет): 56» (and printouts' «Возраст: 57 лет»)."""
AGE_DATE_LABEL = re.compile(r"(?i)разработ|выдач|протокол|освидетельствован|экспертиз")
"""Lines whose date the age may be counted at: development, issue, the protocol's date."""
AGE_AGREES = 0.85
"""Confidence of a birth date whose full years at the document's date are its printed age."""
AGE_DISAGREES = 0.6
AGE_LIFTS_FROM = 0.45
"""The least confidence the age's agreement lifts: the full years tell the year, never the
day or month, so a date OCR hardly saw («1986-01-25» at 0.15 for «…-23») stays doubtful."""


def _full_years(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _printed_age(view: DocumentView) -> tuple[int, list[dt.date]] | None:
    """The printed age and the document's own dates it may be counted at."""
    age = None
    for tl in view.lines:
        m = AGE.search(tl.text)
        if m is not None:
            age = int(m.group(1))
            break
    if age is None or not 0 < age < 120:
        return None
    refs = [
        d.value
        for tl in view.lines
        if AGE_DATE_LABEL.search(tl.text)
        for d in find_dates(_dateable(tl.text))
        if d.value.year >= OLDEST
    ]
    return (age, refs) if refs else None


def _checked_by_age(view: DocumentView, found: list[FieldValue]) -> list[FieldValue]:
    """Two readings of one fact: the date of birth and the printed age («Возраст: 56»).

    Where the date's full years at one of the document's dates equal the age, a date
    read about as surely as the threshold is surer (an OCR doubt about the year would
    not agree); a date OCR hardly saw stays as doubtful as read, since the age says
    nothing of its day and month. Where they agree at none, it is less sure.
    """
    printed = _printed_age(view) if found else None
    if printed is None:
        return found
    age, refs = printed
    out = []
    for fv in found:
        agrees = any(_full_years(fv.value, on) == age for on in refs)
        conf = fv.evidence.confidence
        if agrees and conf >= AGE_LIFTS_FROM:
            conf = max(conf, AGE_AGREES)
        elif not agrees:
            conf *= AGE_DISAGREES
        ev = fv.evidence.model_copy(update={"confidence": round(conf, 3)})
        out.append(FieldValue(fv.key, fv.value, ev, fv.method))
    return out


def birth_candidates(view: DocumentView) -> list[FieldValue]:
    """The date after «Дата рождения» (same line, next cell, next line), and in prose;
    checked against the printed age where the form prints one."""
    return _checked_by_age(view, _birth_candidates(view))


def _birth_candidates(view: DocumentView) -> list[FieldValue]:
    out = [fv for fv in _prose_birth(view) if _plausible_birth(fv.value)]
    for spot in find_values(view, "birth_date"):
        for d in _date_after(spot.line, spot.start, spot.method):
            ev = least_sure(spot.line, d.start, d.end, spot.score)
            out.append(FieldValue("birth_date", d.value, ev, spot.method))
    for hit in find_labels(view, "birth_date"):
        if CAPTION.match(hit.first.text):
            continue  # «(дата рождения)» under the date: see _dates_above_captions
        if not find_dates(_dateable(hit.last.text[hit.end :])):
            out.extend(_date_below(view, hit))
    out.extend(_dates_above_captions(view))
    for tl in view.lines:
        m = SPLIT_BIRTH.match(tl.text)
        if m is None or not _label_goes_on(view, tl, "рожд"):
            continue
        for d in _date_after(tl, m.end(), "table_cell"):
            ev = least_sure(tl, d.start, d.end, 0.95)
            out.append(FieldValue("birth_date", d.value, ev, "table_cell"))
    return out


def _dates_above_captions(view: DocumentView) -> list[FieldValue]:
    """The date alone on the line above «(дата рождения)» / «(родился (ась))»."""
    out = []
    for above in _caption_above(view, BIRTH_CAPTION):
        dates = [d for d in find_dates(_dateable(above.text)) if _plausible_birth(d.value)]
        if len(dates) != 1 or len(BETWEEN.findall(above.text[: dates[0].start])) > 0:
            continue  # another value's line («Инвалидность установлена 25.11.2022 г.»)
        d = dates[0]
        ev = least_sure(above, d.start, d.end, CAPTION_QUALITY)
        out.append(FieldValue("birth_date", d.value, ev, "next_line"))
    return out


class PersonExtractor(Extractor):
    """ФИО and date of birth."""

    code = "person"
    keys = ("full_name", "birth_date")
    version = 11

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the name and date of birth by their labels and from prose."""
        view = DocumentView(span.pages)
        return name_candidates(view) + birth_candidates(view)
