"""OCR-tolerant text normalisation: look-alike letters, Roman numerals, dashes, spaces.

Every function here works on one word or one line and returns text; none raises on
odd input. Word-level functions keep the word count, so character offsets in a
normalised line still map back to the words (and boxes) they came from.
"""

from __future__ import annotations

import re

LATIN_TO_CYRILLIC = str.maketrans("ABCEHKMOPTXYaceopxyЁё", "АВСЕНКМОРТХУасеорхуЕе")
"""Latin letters that OCR and copy-paste swap for their Cyrillic twins (ё folded to е)."""

_LOOKALIKES_ONLY = str.maketrans("ABCEHKMOPTXYaceopxy", "АВСЕНКМОРТХУасеорху")

PUNCT_MAP = str.maketrans(
    {
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "'": '"',
        "–": "-",
        "—": "-",
        "‑": "-",
        "−": "-",
        "\u00a0": " ",
        "\u00ad": "",
    }
)

_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LATIN = re.compile(r"[a-zA-Z]")
_SPACES = re.compile(r"\s+")

ROMAN_OCR = {
    "I": 1,
    "l": 1,
    "|": 1,
    "1": 1,
    "II": 2,
    "П": 2,
    "Il": 2,
    "lI": 2,
    "ll": 2,
    "11": 2,
    "III": 3,
    "Ш": 3,
    "Ill": 3,
    "lll": 3,
    "111": 3,
    "И": 2,
    "Т": 1,
    "ТТ": 2,
    "ТТТ": 3,
    "ПІ": 3,
    "ІІ": 2,
    "ІІІ": 3,
    "IIl": 3,
    "IlI": 3,
    # Slab-serif «I» (typewriter and monospace faces) has bars top and bottom that the
    # Russian model reads as «Т»: «III» comes back as «Т1Т», «ТlТ», «ТIТ», «Т|Т».
    "Т1Т": 3,
    "ТlТ": 3,
    "ТIТ": 3,
    "Т|Т": 3,
    # «III» whose first two strokes merged into «П» and the third, slab-serifed, read as
    # «Т» or «I» («ПТ группа», seen on pencil-filled and toner-copied certificates).
    "ПТ": 3,
    "ПI": 3,
    "Пl": 3,
}
"""Spellings of I/II/III as OCR returns them (env-notes trap 10: «II» comes back as «П»)."""


def fix_lookalikes(word: str) -> str:
    """Fold look-alike Latin letters into Cyrillic inside a Cyrillic word; keep everything else.

    >>> fix_lookalikes("Пётp")
    'Пётр'
    """
    if _CYRILLIC.search(word) and _LATIN.search(word):
        return word.translate(_LOOKALIKES_ONLY)
    return word


def normalise_word(word: str) -> str:
    """Fold look-alike Latin letters into Cyrillic inside Cyrillic words; unify dashes and quotes.

    >>> normalise_word("MCЭ-2015")
    'МСЭ-2015'
    >>> normalise_word("«ГБ")
    '"ГБ'
    >>> normalise_word("No")
    'No'
    """
    word = word.translate(PUNCT_MAP)
    if _CYRILLIC.search(word) and _LATIN.search(word):
        word = word.translate(LATIN_TO_CYRILLIC)
    return word.replace("ё", "е").replace("Ё", "Е")


def fold(text: str) -> str:
    """Lower case with «ё» as «е»: the key a printed word is looked up by in the label tables
    (Russian print writes «ё» or «е» at will: «Приёмная», «Приемная»).

    >>> fold("ПРИЁМНАЯ Бюро")
    'приемная бюро'
    """
    return text.lower().replace("ё", "е")


def normalise_line(text: str) -> str:
    """Normalise every word of a line and collapse runs of spaces.

    >>> normalise_line("  Cерия   MCЭ–2015 ")
    'Серия МСЭ-2015'
    """
    return " ".join(normalise_word(w) for w in _SPACES.split(text.strip()) if w)


def join_hyphenated(lines: list[str]) -> str:
    """Join lines into one text, gluing words broken by a hyphen at a line end.

    >>> join_hyphenated(["полностью неспособен к тру-", "довой деятельности"])
    'полностью неспособен к трудовой деятельности'

    A compound's own hyphen stays: «медико-» / «социальной» is «медико-социальной», since
    the glued word is unknown to morphology while its second part is a word.

    >>> join_hyphenated(["учреждение медико-", "социальной экспертизы"])
    'учреждение медико-социальной экспертизы'
    """
    out = ""
    for line in lines:
        line = line.strip()
        if out.endswith("-") and line[:1].islower():
            out = out[:-1] + ("-" if _compound_hyphen(out[:-1], line) else "") + line
        else:
            out = f"{out} {line}" if out else line
    return out


_LAST_WORD = re.compile(r"(\w+)$")
_FIRST_WORD = re.compile(r"^(\w+)")


def _compound_hyphen(head: str, tail: str) -> bool:
    """``head``'s last word ends like a compound's first part («медико», «социально») and,
    glued to ``tail``'s first word, makes no word that morphology knows while that word is one."""
    last, first = _LAST_WORD.search(head), _FIRST_WORD.match(tail)
    if last is None or first is None or last.group(1)[-1:].lower() not in {"о", "е"}:
        return False
    from mseflow.extractors.models import morph

    known = morph().word_is_known
    return known(first.group(1).lower()) and not known((last.group(1) + first.group(1)).lower())


def roman_to_int(token: str) -> int | None:
    """Read a group/degree numeral written as I/II/III, as OCR damages it, or as a digit.

    >>> [roman_to_int(t) for t in ("II", "П", "Ш", "3", "IV", "x")]
    [2, 2, 3, 3, None, None]
    """
    token = token.strip(" .,;:()")
    if token in {"1", "2", "3"}:
        return int(token)
    return ROMAN_OCR.get(token)


def squash(text: str) -> str:
    """Lower-case, fold look-alikes and keep letters/digits only: a key for fuzzy comparison.

    >>> squash("Трудовая  деятельность:")
    'трудовая деятельность'
    """
    text = normalise_line(text).lower()
    text = re.sub(r"[^0-9а-яa-z]+", " ", text)
    return text.strip()
