"""Values chosen on printed choice lines: the option the officer marked («нужное подчеркнуть»).

Basis: blank forms print the choices on one line and the officer underlines, circles or
ticks one, or strikes out the others (the reading stage finds the mark:
:mod:`mseflow.reading.marks`). Certificate form of Order 1031н and IPRA form of Order
486н: «Инвалидность установлена: впервые / повторно», «на срок до ____ / бессрочно»;
the IPRA's work conclusion «Трудовая деятельность: доступна / противопоказана»
(«способен / неспособен к трудовой деятельности»); the group «I / II / III», the degree
of restriction of the ability to work, the cause when chosen from a printed list
(Постановление № 588, п. 14).

Each kind of choice line is one row of :data:`CHOICES`: what the line must say
(its label or the line above) and how the marked option reads as a value. An unmarked
line gives nothing here (the reading stage only reports unambiguous marks), so a
printed option list never becomes a value by itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from mseflow.contract import DocType, Evidence
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.text import normalise_line, roman_to_int
from mseflow.reading.page import OptionMark, PageText

INDEFINITE = re.compile(r"бессроч", re.IGNORECASE)
"""The option «бессрочно», also as the reading cut it («бессроч» where the line's words ran
into «(нужное подчеркнуть)»): no other word begins so."""
INCAPABLE_OPTION = re.compile(
    r"^(?:полностью\s+)?(?:противопоказан|неспособ|не\s+способ|невозможн|нетрудоспособ)",
    re.IGNORECASE,
)
WORK_OPTION = re.compile(r"доступн|противопоказ|способ|возможн", re.IGNORECASE)
WORK_CONTEXT = re.compile(r"трудов\w*\s+деятельност|трудоспособн|к\s+труду", re.IGNORECASE)
NOT_WORK_CONCLUSION = re.compile(
    r"услови|вид\w*\s+трудов|фактор|класс|рекоменд|временн|обучени", re.IGNORECASE
)
"""Choice lines about working conditions, kinds of work or sick leave: not the conclusion."""
BOTH_WORK_OPTIONS = (re.compile(r"доступн", re.I), re.compile(r"противопоказ", re.I))
"""A scanned line whose options the OCR ran together still prints both conclusions."""
GROUP_CONTEXT = re.compile(r"групп|\bгр\.\s*инв", re.IGNORECASE)
"""The group's label, or its abbreviation «Гр. инв.» of register printouts."""
DEGREE_CONTEXT = re.compile(r"степен", re.IGNORECASE)
NOT_GROUP = re.compile(r"кров|подгрупп", re.IGNORECASE)
SPELLED = re.compile(r"^(перв|втор|трет)", re.IGNORECASE)
SPELLED_VALUE = {"перв": 1, "втор": 2, "трет": 3}
DIGIT_SLASH = re.compile(r"\d\s*/\s*\d{2,}")
"""A number like «1234.5.67/2025»: its «/» separates no options."""
CAUSE_CONTEXT = re.compile(r"причин|\bприч\.\s*инв", re.IGNORECASE)
CAUSE_MIN = 0.9


@dataclass(frozen=True, slots=True)
class Context:
    """A marked choice line as an extractor reads it."""

    mark: OptionMark
    line: str
    """The choice line's text (normalised), with the line above it (a block title)."""
    own: str
    """The choice line's own text (normalised)."""


def read_number(option: str) -> int | None:
    """A group or degree option: «II», «2», «вторая», «II (вторая)».

    >>> [read_number(t) for t in ("II", "3", "вторая", "II (вторая)", "повторно")]
    [2, 3, 2, 2, None]
    """
    words = option.split()
    if not words:
        return None
    value = roman_to_int(words[0])
    if value is not None:
        return value
    m = SPELLED.match(words[0])
    return SPELLED_VALUE[m.group(1).lower()] if m else None


def choice_pieces(text: str) -> list[str]:
    """The options of a printed choice «a / b / c» in ``text`` (empty when it is none).

    >>> choice_pieces("Группа: I / II / III")
    ['Группа: I', 'II', 'III']
    >>> choice_pieces("№ 1234.5.67/2025")
    []
    """
    pieces = [p.strip() for p in DIGIT_SLASH.sub("", text).split("/")]
    if len(pieces) < 2 or not all(any(ch.isalnum() or ch == "_" for ch in p) for p in pieces):
        return []
    return [p.strip() for p in text.split("/")]


def numbered_choices(text: str) -> bool:
    """``text`` prints two or more numbers (I / II / III, 1 / 2 / 3) to choose from.

    >>> numbered_choices("трудовая деятельность: I / II / III"), numbered_choices("II (вторая)")
    (True, False)
    """
    pieces = choice_pieces(text)
    if not pieces:
        return False
    last_words = [pieces[0].split()[-1], *(p.split()[0] for p in pieces[1:] if p.split())]
    return sum(read_number(w) is not None for w in last_words) >= 2


ALL_NUMBERS = re.compile(
    r"\b(?:I|1)\s*[,/]\s*(?:II|2)\s*[,/]\s*(?:III|3)\b|перв\w+\s*,\s*втор\w+\s*,\s*трет"
    r"|(?<!\S)(?:I|1)\s+(?:II|2)\s+(?:III|3)(?!\S)",
    re.IGNORECASE,
)
"""All three groups or degrees printed as options of a blank form («I, II, III», «I / II / III»,
or side by side in boxes «I II III»; 1031н: «Группа инвалидности», «Степень ограничения
способности к трудовой деятельности» with «(нужное подчеркнуть)»): no value."""


CHOICE_NUMERAL = r"(?:III|II|I|[123]|Ш|П)"
"""A group or degree numeral as a blank prints it, with OCR's «Ш» for III and «П» for II."""
HINTED_CHOICE = re.compile(
    rf"(?<!\w){CHOICE_NUMERAL}\s*[,/]\s*{CHOICE_NUMERAL}(?!\w)[^()]*\(\s*нужн", re.IGNORECASE
)
"""Two or more numerals before the blank's hint «(нужное подчеркнуть / обвести)» (1031н,
«Группа инвалидности: I, II, III (нужное подчеркнуть)»): the options themselves, even when OCR
lost one of them under the mark or a stamp («1, Ш (нужное обвести)»), so none is the value."""


def printed_choice(text: str) -> bool:
    """``text`` prints the numbers to choose from (:data:`ALL_NUMBERS`, :func:`numbered_choices`):
    the marked one is read from the mark, never the first of them.

    >>> printed_choice("Степень ограничения …: I, II, III (нужное подчеркнуть)")
    True
    >>> printed_choice("Группа инвалидности: 1, Ш (нужное обвести)")
    True
    >>> printed_choice("Группа инвалидности: II (вторая)")
    False
    """
    return bool(ALL_NUMBERS.search(text) or HINTED_CHOICE.search(text)) or numbered_choices(text)


def _indefinite(ctx: Context) -> Any:
    if not any(INDEFINITE.search(o) for o in ctx.mark.options):
        return None
    return True if INDEFINITE.search(ctx.mark.option) else None


def _incapable(ctx: Context) -> Any:
    if not WORK_CONTEXT.search(ctx.line) or NOT_WORK_CONCLUSION.search(ctx.own):
        return None
    listed = sum(bool(WORK_OPTION.search(o)) for o in ctx.mark.options)
    if listed < 2 and not (
        BOTH_WORK_OPTIONS[0].search(ctx.own) and BOTH_WORK_OPTIONS[1].search(ctx.own)
    ):
        return None  # not a choice between the two conclusions
    return True if INCAPABLE_OPTION.search(normalise_line(ctx.mark.option)) else None


PLAIN_NUMERALS = frozenset({"I", "II", "III", "1", "2", "3"})
"""Numerals printed as the choices of a group or degree, as such (no OCR look-alikes)."""


def _spaced_numerals(ctx: Context) -> bool:
    """The marked option is one of two or more numerals printed side by side without
    separators («Группа: I II III», each in its own box or circle; «1 2 3»)."""
    if ctx.mark.option.strip() not in PLAIN_NUMERALS:
        return False
    run = best = 0
    for word in ctx.own.split():
        run = run + 1 if word.strip(".,;:()[]") in PLAIN_NUMERALS else 0
        best = max(best, run)
    return best >= 2


def _numbers(ctx: Context) -> int | None:
    listed = sum(read_number(o) is not None for o in ctx.mark.options)
    if listed < 2 and not _spaced_numerals(ctx):
        return None
    return read_number(ctx.mark.option)


def _group(ctx: Context) -> Any:
    if not GROUP_CONTEXT.search(ctx.line) or DEGREE_CONTEXT.search(ctx.own):
        return None
    return None if NOT_GROUP.search(ctx.own) else _numbers(ctx)


def _degree(ctx: Context) -> Any:
    if not DEGREE_CONTEXT.search(ctx.own) or not WORK_CONTEXT.search(ctx.line):
        return None
    return _numbers(ctx)


def _cause(ctx: Context) -> Any:
    from mseflow.extractors.cause import match_cause  # cause defers to this module

    causes = [match_cause(o) for o in ctx.mark.options]
    listed = sum(c is not None and c[3] >= CAUSE_MIN for c in causes)
    if listed < 2 and not (listed and CAUSE_CONTEXT.search(ctx.line)):
        return None
    found = match_cause(ctx.mark.option)
    return found[0].value if found is not None and found[3] >= CAUSE_MIN else None


CHOICES: tuple[tuple[str, Callable[[Context], Any]], ...] = (
    ("indefinite", _indefinite),
    ("incapable_of_work", _incapable),
    ("work_restriction_degree", _degree),
    ("disability_group", _group),
    ("disability_cause", _cause),
)
"""Each kind of choice line: the key it gives and how its marked option reads."""


def _context(page: PageText, mark: OptionMark) -> Context:
    lines = page.lines[max(0, mark.line - 1) : mark.line + 1]
    own = normalise_line(page.lines[mark.line].text)
    return Context(mark, normalise_line(" ".join(line.text for line in lines)), own)


def marked_candidates(pages: list[PageText]) -> list[FieldValue]:
    """A ``marked_option`` candidate for every mark that reads as a value of some key."""
    out: list[FieldValue] = []
    for page in pages:
        for mark in page.marks:
            if mark.listed or not 0 <= mark.line < len(page.lines):
                continue  # a list's chosen row is no choice line's value (worklists reads it)
            ctx = _context(page, mark)
            for key, read in CHOICES:
                value = read(ctx)
                if value is None:
                    continue
                ev = Evidence(
                    page=page.number,
                    bbox=[round(v, 2) for v in mark.bbox],
                    text=mark.option,
                    confidence=round(mark.confidence, 3),
                )
                out.append(FieldValue(key, value, ev, "marked_option"))
                break
    return out


class OptionsExtractor(Extractor):
    """Values chosen by a mark on a printed choice line (underlined, circled, ticked, or
    the others struck out)."""

    code = "options"
    keys = (
        "indefinite",
        "incapable_of_work",
        "work_restriction_degree",
        "disability_group",
        "disability_cause",
    )
    version = 4
    doc_types = frozenset({DocType.mse_certificate, DocType.ipra})
    secondary: ClassVar[bool] = True
    """Proposes candidates for keys other extractors read too (the resolver weighs both)."""

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the marked options of the span's pages."""
        return marked_candidates(span.pages)
