"""How far a PDF's text layer can be trusted: look-alike letters mended, a poor layer refused.

A scanned PDF often carries an invisible text layer that a scanner's own OCR wrote
(a «sandwich» PDF). Such a layer reads the page's layout perfectly but spells some
letters with their look-alikes from another script: Latin «o», «a», «e», «c», «p»,
«x» inside Russian words («Всеволодoвич», «сpок»), digits «0» and «3» for «О» and «З»
(«3АКЛЮЧЕНИЕ»). A value read from such a word is wrong for the HR officer (a name
spelt with a Latin letter does not match the register). Typed documents show the same
slip where a typist switched the keyboard layout mid-word.

No Russian word mixes scripts, so a word that does is mended letter by letter
(:func:`mend_word`): inside a run of letters that holds a letter only Cyrillic has
(«н», «ц», «Б»…), every Latin look-alike becomes its Cyrillic twin (and the other way
round for a run with a letter only Latin has; a run made of look-alikes alone goes to
the script most of its letters are in, a tie to Cyrillic, the forms' language), and a lone «0» or «3»
between Cyrillic letters (or opening or closing a Cyrillic word of two or more letters,
with no other digit beside it) becomes «О» / «З». Only characters with a Cyrillic
twin of the same shape are changed (``LATIN_TO_CYRILLIC``); digit runs, numbers with a
letter suffix («2026г»), ordinals («3-я») and all-Latin words are left as they are.

A word that still mixes scripts after mending (a Latin letter with no Cyrillic twin
inside a Russian word, «Tимoфeй» aside) is *implausible*. :func:`judge_layer` counts
the mended and implausible words of a page: a layer with more than
``MAX_IMPLAUSIBLE_SHARE`` implausible words, or more than ``MAX_MENDED_SHARE`` mended
ones, is untrustworthy — :mod:`mseflow.reading.files` then reads the page's scan by OCR
instead, so that wrong text from a poor layer never wins over the image.

Sources: the Unicode confusables data (UTS #39, ``confusables.txt``) lists these
Latin/Cyrillic pairs as the same glyph; the list here keeps only those identical in
the fonts of Russian forms (Times, Arial, DejaVu).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from mseflow.reading.page import Word

LATIN_TO_CYRILLIC = {
    "a": "а",
    "c": "с",
    "e": "е",
    "o": "о",
    "p": "р",
    "x": "х",
    "y": "у",
    "A": "А",
    "B": "В",
    "C": "С",
    "E": "Е",
    "H": "Н",
    "K": "К",
    "M": "М",
    "O": "О",
    "P": "Р",
    "T": "Т",
    "X": "Х",
}
"""Latin letters drawn like a Cyrillic one (UTS #39 confusables, same glyph in Times/Arial)."""
CYRILLIC_TO_LATIN = {cyr: lat for lat, cyr in LATIN_TO_CYRILLIC.items()}
DIGIT_TO_CYRILLIC = {"0": ("О", "о"), "3": ("З", "з")}
"""Digits a scanner's OCR writes for a Cyrillic letter: (capital, small)."""
MAX_IMPLAUSIBLE_SHARE = 0.02
"""Share of a page's words that may still mix scripts after mending (a trustworthy layer: 0)."""
MAX_MENDED_SHARE = 0.25
"""Share of a page's words that may need mending before the layer is refused altogether."""
MIN_WORDS_TO_JUDGE = 20
"""A page with fewer words is not refused (too little to judge by)."""

_RUN = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")


def _is_cyrillic(ch: str) -> bool:
    return "а" <= ch.lower() <= "я" or ch in "Ёё"


def _is_latin(ch: str) -> bool:
    return "a" <= ch.lower() <= "z"


def _mend_run(run: str) -> str:
    """One run of letters and digits with its look-alikes put in the majority script."""
    cyr = sum(_is_cyrillic(ch) for ch in run)
    lat = sum(_is_latin(ch) for ch in run)
    if cyr and lat:
        own_cyr = any(_is_cyrillic(ch) and ch not in CYRILLIC_TO_LATIN for ch in run)
        own_lat = any(_is_latin(ch) and ch not in LATIN_TO_CYRILLIC for ch in run)
        if own_cyr and own_lat:
            return run  # letters of both scripts with no twin: nothing to mend by
        if own_cyr or (not own_lat and cyr >= lat):
            run = "".join(LATIN_TO_CYRILLIC.get(ch, ch) for ch in run)
        else:
            run = "".join(CYRILLIC_TO_LATIN.get(ch, ch) for ch in run)
    if cyr + lat == len(run) or not cyr:
        return run
    digits = [i for i, ch in enumerate(run) if ch.isdigit()]
    if len(digits) > 2 or any(run[i] not in DIGIT_TO_CYRILLIC for i in digits):
        return run  # a number with letters («2026г», «12а»), not a misread letter
    if any(b - a == 1 for a, b in zip(digits, digits[1:], strict=False)):
        return run  # two digits side by side are a number
    chars = list(run)
    for i in digits:
        before = run[i - 1] if i > 0 else ""
        after = run[i + 1] if i + 1 < len(run) else ""
        inside = _is_cyrillic(before) and _is_cyrillic(after)
        opening = not before and len(run) >= 3 and all(_is_cyrillic(c) for c in run[1:3])
        closing = not after and len(run) >= 3 and all(_is_cyrillic(c) for c in run[-3:-1])
        if not (inside or opening or closing):
            continue
        capital, small = DIGIT_TO_CYRILLIC[run[i]]
        neighbours = [c for c in (before, after) if c]
        upper = opening and after.islower() or all(c.isupper() for c in neighbours)
        chars[i] = capital if upper else small
    return "".join(chars)


def mend_word(text: str) -> str:
    """``text`` with look-alike letters of the wrong script put right (see the module doc).

    >>> mend_word("Всеволодoвич"), mend_word("(подпиcь)"), mend_word("3АКЛЮЧЕНИЕ")
    ('Всеволодович', '(подпись)', 'ЗАКЛЮЧЕНИЕ')
    >>> mend_word("2026г."), mend_word("3-я"), mend_word("МСЭ-2022"), mend_word("email")
    ('2026г.', '3-я', 'МСЭ-2022', 'email')
    >>> mend_word("Д0ГОВОР"), mend_word("з0на"), mend_word("0бщее")
    ('ДОГОВОР', 'зона', 'Общее')
    """
    return _RUN.sub(lambda m: _mend_run(m.group(0)), text)


def implausible(text: str) -> bool:
    """True when a word still mixes Cyrillic with Latin letters or with digits inside it.

    >>> implausible("Tимофей"), implausible("Тимофей"), implausible("2026г."), implausible("W")
    (True, False, False, False)
    """
    for run in _RUN.findall(text):
        has_cyr = any(_is_cyrillic(ch) for ch in run)
        if has_cyr and any(_is_latin(ch) for ch in run):
            return True
    return False


@dataclass(frozen=True)
class LayerVerdict:
    """What :func:`judge_layer` found on a page's text layer."""

    words: int
    mended: int
    implausible: int

    @property
    def trustworthy(self) -> bool:
        """Few enough words mended, almost none beyond mending (see the module doc)."""
        if self.words < MIN_WORDS_TO_JUDGE:
            return True
        return (
            self.implausible <= MAX_IMPLAUSIBLE_SHARE * self.words
            and self.mended <= MAX_MENDED_SHARE * self.words
        )


def cyrillic_share(texts: Iterable[str]) -> float:
    """Share of Cyrillic among the letters of ``texts`` (0 when there are none)."""
    cyr = lat = 0
    for text in texts:
        cyr += sum(_is_cyrillic(ch) for ch in text)
        lat += sum(_is_latin(ch) for ch in text)
    return cyr / (cyr + lat) if cyr + lat else 0.0


def mend_lone_letter(text: str) -> str:
    """A word whose only letter is a Latin look-alike («c», «o», «A.») in its Cyrillic twin.

    Used only on pages written in Russian (``RUSSIAN_PAGE_SHARE``): the prepositions and
    conjunctions «с», «о», «а», «у» and initials are the words a scanner's OCR spells so.

    >>> mend_lone_letter("c"), mend_lone_letter("A."), mend_lone_letter("(a)"), mend_lone_letter("of")
    ('с', 'А.', '(а)', 'of')
    """
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) != 1 or letters[0] not in LATIN_TO_CYRILLIC:
        return text
    return text.replace(letters[0], LATIN_TO_CYRILLIC[letters[0]])


RUSSIAN_PAGE_SHARE = 0.9
"""Share of Cyrillic letters from which a page counts as written in Russian."""


def mend_words(words: Iterable[Word]) -> tuple[list[Word], LayerVerdict]:
    """The words with look-alikes mended, and the verdict on the layer they came from."""
    given = list(words)
    russian = cyrillic_share(w.text for w in given) >= RUSSIAN_PAGE_SHARE
    out: list[Word] = []
    mended = bad = total = 0
    for word in given:
        total += 1
        text = mend_word(word.text)
        if russian:
            text = mend_lone_letter(text)
        if text != word.text:
            mended += 1
            word = Word(text, word.bbox, word.confidence, word.glyphs)
        if implausible(text):
            bad += 1
        out.append(word)
    return out, LayerVerdict(total, mended, bad)


def judge_text(text: str) -> LayerVerdict:
    """:func:`mend_words`' verdict on plain text (words split at white space)."""
    return mend_words(Word(w, (0.0, 0.0, 0.0, 0.0)) for w in text.split())[1]
