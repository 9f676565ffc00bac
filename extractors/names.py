"""A person's name as the record keeps it: nominative, printed letters, particles kept.

Forms print the name in the nominative after «Фамилия, имя, отчество», but in the
dative after «Выдана» («Выдана Ивановой Марии Петровне») and in the genitive or
dative in prose. :func:`to_nominative` puts the words back into the nominative with
pymorphy3 (used directly, env-notes trap 2), keeping upper case, «ё», hyphens and
particles («оглы», «кызы»); words it cannot place (non-Slavic, indeclinable) stay
as printed and the result says it is less sure.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

NAME_WORD = re.compile(r"^[А-ЯЁ][А-ЯЁа-яё]+(?:-[А-ЯЁ][А-ЯЁа-яё]+)?$")
PARTICLES = {"оглы", "кызы", "угли", "уулу", "ибн", "бен", "заде"}
CASES = ("nomn", "gent", "datv")
PATR_MASC = re.compile(r"(?:ич|ича|ичу|ичем|иче)$", re.IGNORECASE)
PATR_FEMN = re.compile(r"(?:вна|вны|вне|вной|вну|чна|чны|чне|чной|чну)$", re.IGNORECASE)


@cache
def _morph() -> Any:
    from mseflow.extractors.models import morph

    return morph()


def _name_parses(word: str) -> list[Any]:
    return [
        p
        for p in _morph().parse(word.lower())
        if p.tag.animacy == "anim" and ({"Surn", "Name", "Patr"} & set(p.tag.grammemes))
    ]


def is_first_name(word: str) -> bool:
    """pymorphy3 knows ``word`` as a first name (any case)."""
    return any("Name" in p.tag.grammemes and p.score >= 0.2 for p in _name_parses(word))


def _gender(words: list[str]) -> str | None:
    low = {w.lower() for w in words}
    if low & {"оглы", "угли", "уулу"}:
        return "masc"
    if "кызы" in low:
        return "femn"
    for w in words[1:]:
        if PATR_MASC.search(w):
            return "masc"
        if PATR_FEMN.search(w):
            return "femn"
    if len(words) >= 2:
        names = [p for p in _name_parses(words[1]) if "Name" in p.tag.grammemes]
        if names:
            return str(max(names, key=lambda p: p.score).tag.gender)
    return None


def _fits(p: Any, gender: str | None) -> bool:
    g = p.tag.gender
    return gender is None or g is None or str(g) == gender or "ms-f" in p.tag.grammemes


def _case(words: list[str], gender: str | None) -> str:
    scores = dict.fromkeys(CASES, 0.0)
    for w in words:
        head = w.split("-")[-1] if "-" in w.strip("-") else w
        for case in CASES:
            best = max(
                (
                    p.score
                    for p in _name_parses(head)
                    if p.tag.case == case and _fits(p, gender) and "Fixd" not in p.tag.grammemes
                ),
                default=0.0,
            )
            scores[case] += best
    best_case = max(scores, key=lambda c: scores[c])
    return "nomn" if scores["nomn"] >= scores[best_case] - 1e-9 else best_case


def _styled(word: str, printed: str) -> str:
    if printed.isupper():
        out = word.upper()
    else:
        out = "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
    if "ё" not in printed.lower():
        out = out.replace("ё", "е").replace("Ё", "Е")
    return out


def _inflect(word: str, case: str, gender: str | None) -> str | None:
    if "-" in word.strip("-"):
        # «Огневой-Алёхиной»: a double surname declines part by part
        parts = [_inflect_one(part, case, gender) for part in word.split("-")]
        if any(part is None for part in parts):
            return None
        return "-".join(part for part in parts if part is not None)
    return _inflect_one(word, case, gender)


def _inflect_one(word: str, case: str, gender: str | None) -> str | None:
    for p in sorted(_name_parses(word), key=lambda p: -p.score):
        if p.tag.case != case or not _fits(p, gender):
            continue
        if "Fixd" in p.tag.grammemes:
            return word
        grammemes = {"nomn", "sing"} | ({gender} if gender and "Surn" in p.tag.grammemes else set())
        form = p.inflect(grammemes) or p.inflect({"nomn"})
        if form is not None:
            return _styled(form.word, word)
    return None


def to_nominative(words: list[str]) -> tuple[list[str], float]:
    """``words`` of a name in the nominative, and how sure (1.0: printed so or all placed).

    >>> to_nominative(["Ивановой", "Марии", "Петровне"])[0]
    ['Иванова', 'Мария', 'Петровна']
    >>> to_nominative(["ИВАНОВ", "ИВАН"])[0]
    ['ИВАНОВ', 'ИВАН']
    """
    core = [w for w in words if w.lower() not in PARTICLES]
    gender = _gender(words)
    case = _case(core, gender)
    if case == "nomn":
        return list(words), 1.0
    out, placed = [], 0
    for w in words:
        if w.lower() in PARTICLES:
            out.append(w)
            placed += 1
            continue
        new = _inflect(w, case, gender)
        out.append(new if new is not None else w)
        placed += new is not None
    return out, 0.9 if placed == len(words) else 0.5
