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
        if p.tag.animacy == "anim"
        and ({"Surn", "Name", "Patr"} & set(p.tag.grammemes))
        and "plur" not in p.tag.grammemes  # a person's name is one person's
    ]


def is_plain_word(word: str) -> bool:
    """A dictionary word that pymorphy3 never reads as a name («Общее», «Группа», «Бессрочно»)."""
    m = _morph()
    low = word.lower().split("-")[-1]
    if not m.word_is_known(low):
        return False
    return not any({"Surn", "Name", "Patr"} & set(p.tag.grammemes) for p in m.parse(low))


def reads_like_a_name(words: list[str]) -> bool:
    """Not a run of plain dictionary words (form words, a cause, an address in capitals).

    Unknown words (non-Slavic names, «Мухортов») and words pymorphy3 knows as names pass;
    at most one plain word is allowed («Долгих», «Ласточкина» are adjectives too).

    >>> reads_like_a_name(["Общее", "Заболевание"]), reads_like_a_name(["Ким", "Лан"])
    (False, True)
    """
    core = [w for w in words if w.lower() not in PARTICLES]
    return sum(is_plain_word(w) for w in core) < 2


def is_known_word(word: str) -> bool:
    """pymorphy3's dictionary holds ``word`` (any word of the language, a name included)."""
    return bool(_morph().word_is_known(word.lower()))


def is_known_name(word: str) -> bool:
    """pymorphy3's dictionary holds ``word`` as a surname, first name or patronymic (not a guess).

    >>> is_known_name("Ли"), is_known_name("Бо")
    (True, False)
    """
    low = word.lower()
    return _morph().word_is_known(low) and bool(_name_parses(low))


def in_dictionary_as_name(word: str) -> bool:
    """pymorphy3's dictionary holds ``word`` as a name or as an adjective in the singular
    (adjectival surnames: «Белозерская», «Заречный»), each part of a double surname.

    >>> in_dictionary_as_name("ОЛЬШАНСКАЯ-БЕЛОЗЕРСКАЯ"), in_dictionary_as_name("ШЕДРИНА")
    (True, False)
    """
    parts = [p for p in word.lower().split("-") if p]
    return bool(parts) and all(
        is_known_name(part)
        or _morph().word_is_known(part)
        and any(p.tag.POS == "ADJF" and "sing" in p.tag.grammemes for p in _morph().parse(part))
        for part in parts
    )


def spelt_with_yo(word: str) -> bool:
    """pymorphy3's dictionary spells the name ``word`` with «ё» where it has «е» («Елкин»).

    >>> spelt_with_yo("ЕЛКИН"), spelt_with_yo("Ёлкин"), spelt_with_yo("Петров")
    (True, False, False)
    """
    low = word.lower()
    if "ё" in low or "е" not in low:
        return False
    for part in (p for p in low.split("-") if p):
        spellings = {p.word for p in _name_parses(part)}
        if part not in spellings and part.replace("е", "ё") in spellings:
            return True  # «елкин» is only «ёлкин»; «лев» is also spelt «лев»
        if part not in spellings and any(
            "ё" in w and w.replace("ё", "е") == part for w in spellings
        ):
            return True
    return False


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
        names = [
            p for p in _name_parses(words[1]) if "Name" in p.tag.grammemes and p.tag.case in CASES
        ]
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
    # a declinable reading first: «Анне» is also an indeclinable foreign name in every case
    for p in sorted(_name_parses(word), key=lambda p: ("Fixd" in p.tag.grammemes, -p.score)):
        if p.tag.case != case or not _fits(p, gender):
            continue
        if "Fixd" in p.tag.grammemes:
            return word
        grammemes = {"nomn", "sing"} | ({gender} if gender and "Surn" in p.tag.grammemes else set())
        form = p.inflect(grammemes) or p.inflect({"nomn"})
        if form is not None:
            return _styled(form.word, word)
    return None


VOWELS = set("аеёиоуыэюя")
INDECLINABLE_SURNAME = re.compile(r"(?:ых|их|ко|о|е|и|у|ю|э)$")
"""Surname endings that never decline (Долгих, Ткаченко, Гюго), for either gender."""
SURNAME_ENDINGS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("femn", "datv"): (("ской", "ская"), ("цкой", "цкая"), ("овой", "ова"), ("евой", "ева"),
                       ("ёвой", "ёва"), ("иной", "ина"), ("ыной", "ына")),
    ("femn", "gent"): (("ской", "ская"), ("цкой", "цкая"), ("овой", "ова"), ("евой", "ева"),
                       ("ёвой", "ёва"), ("иной", "ина"), ("ыной", "ына")),
    ("masc", "datv"): (("скому", "ский"), ("цкому", "цкий"), ("ову", "ов"), ("еву", "ев"),
                       ("ёву", "ёв"), ("ину", "ин"), ("ыну", "ын")),
    ("masc", "gent"): (("ского", "ский"), ("цкого", "цкий"), ("ова", "ов"), ("ева", "ев"),
                       ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын")),
}  # fmt: skip
"""The regular declension of Russian surnames (-ов/-ин possessive, -ский adjectival)."""
FIRST_ENDINGS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("femn", "datv"): (("ии", "ия"), ("ье", "ья"), ("е", "а")),
    ("femn", "gent"): (("ии", "ия"), ("ьи", "ья"), ("и", "а"), ("ы", "а")),
    ("masc", "datv"): (("ю", "й"), ("у", "")),
    ("masc", "gent"): (("я", "й"), ("а", "")),
}
"""Regular endings of first names outside pymorphy3's dictionary (Гюльнаре, Ирме)."""
ADJECTIVAL_OBLIQUE = ("ому", "ему", "ого", "его")
"""A man's adjectival surname in the dative or genitive: its nominative (-ый, -ий, -ой)
cannot be told from the ending, so it is not guessed (and never kept as printed)."""


def _adjectival(low: str, case: str, gender: str) -> str | None:
    """An adjectival surname («Заречной», «Нагорному») in the nominative, by the dictionary.

    Only a word pymorphy3 knows as a (qualitative or relative, not possessive) adjective:
    its dictionary form says the stressed ending («береговой», «нагорный»), which the
    regular endings cannot. A word it does not know stays unplaced.
    """
    if not _morph().word_is_known(low):
        return None
    for p in _morph().parse(low):
        tag = p.tag
        if (
            tag.POS != "ADJF"
            or tag.case != case
            or tag.number != "sing"
            or str(tag.gender) != gender
            or {"Poss", "Apro", "Anum"} & set(tag.grammemes)
        ):
            continue
        form = p.inflect({"nomn", "sing", gender})
        if form is not None and form.word != low:
            return str(form.word)
    return None


def _by_endings(word: str, case: str, gender: str | None, role: int) -> str | None:
    """``word`` put into the nominative by the regular endings, or None when unsure.

    ``role``: 0 the surname, 1 the first name (the patronymic is always in pymorphy3).
    """
    if gender not in ("masc", "femn") or case not in ("datv", "gent") or role > 1:
        return None
    low = word.lower()
    rules = (SURNAME_ENDINGS if role == 0 else FIRST_ENDINGS)[(gender, case)]
    for old, new in rules:
        stem = low[: -len(old)]
        if not low.endswith(old) or len(stem) < 2:
            continue
        if role == 0 and _adjectival(low, case, gender) not in (None, stem + new):
            return None  # «Береговой»: Берегова or Береговая? The ending cannot tell
        if new == "" and stem[-1] in VOWELS | {"ь", "й"}:
            return None
        if role == 1 and new == "а" and stem[-1] in VOWELS:
            return None
        return _styled(stem + new, word)
    return _surname_by_endings(word, low, case, gender) if role == 0 else None


def _surname_by_endings(word: str, low: str, case: str, gender: str) -> str | None:
    """A surname no regular possessive or «-ский» ending placed: adjectival, indeclinable
    or a consonant stem."""
    adjective = _adjectival(low, case, gender)
    if adjective is not None:
        return _styled(adjective, word)  # «Заречной» → «Заречная», «Нагорному» → «Нагорный»
    if gender == "masc" and low.endswith(ADJECTIVAL_OBLIQUE):
        return None  # «Кривонудному»: Кривонудный or Кривонудной? No dictionary says — unsure
    if gender == "masc" and case == "datv" and low[-1] == "у" and low[-2] not in VOWELS | {"ь"}:
        # «Абрамяну», «Шульцу», «Мельнику», «Хвану»: a man's consonant-stem surname in the
        # dative (an indeclinable «-у» follows a vowel: «Шоу», «Ландау»)
        return _styled(low[:-1], word)
    if INDECLINABLE_SURNAME.search(low) or (gender == "femn" and low[-1] not in VOWELS | {"й"}):
        return word  # «Долгих», «Оганесян» (a woman's): printed so in every case
    if gender == "masc" and case == "gent" and low[-1] == "а" and low[-2] not in VOWELS:
        return _styled(low[:-1], word)
    return None


PATRONYMIC_CASES = re.compile(r"(ич|[вч]н|шн)(?:а|у|ем|е|ы|ой|у)$", re.IGNORECASE)
"""Oblique endings of a patronymic: «-ичу», «-ича», «-овне», «-ичны», «-ишне»."""


def _patronymic(word: str) -> str | None:
    """A patronymic in the nominative by its regular endings («Саввичне» → «Саввична»).

    >>> _patronymic("Саввичне"), _patronymic("ФОМИЧУ"), _patronymic("Петрович")
    ('Саввична', 'ФОМИЧ', None)
    """
    m = PATRONYMIC_CASES.search(word)
    if m is None:
        return None
    stem = word[: m.start()] + m.group(1)
    if m.group(1).lower() == "ич":
        return stem
    return stem + ("А" if word.isupper() else "а")


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
    out, placed, guessed, role = [], 0, 0, 0
    for w in words:
        if w.lower() in PARTICLES:
            out.append(w)
            placed += 1
            continue
        new = _patronymic(w) if role == 2 else None
        new = new if new is not None else _inflect(w, case, gender)
        if new is None and "-" not in w.strip("-"):
            new = _by_endings(w, case, gender, role)
            guessed += new is not None
        elif new is None:
            parts = [_by_endings(part, case, gender, role) for part in w.split("-")]
            if all(part is not None for part in parts):
                new = "-".join(part for part in parts if part is not None)
                guessed += 1
        out.append(new if new is not None else w)
        placed += new is not None
        role += 1
    if placed < len(words):
        return out, 0.5
    return out, 0.9 if not guessed else 0.8


HARD_SIGN_MISREAD = re.compile(r"[ъЪ](?![еёюяЕЁЮЯ])")


def fix_hard_sign(word: str) -> str:
    """«ъ» where Russian spelling never writes it (not before е, ё, ю, я) as the «ь» OCR
    misread («Илъич» → «Ильич»); «Подъячев» keeps its «ъ».

    >>> fix_hard_sign("Илъич"), fix_hard_sign("ПОДЪЯЧЕВ"), fix_hard_sign("Игоръ")
    ('Ильич', 'ПОДЪЯЧЕВ', 'Игорь')
    """
    return HARD_SIGN_MISREAD.sub(lambda m: "ь" if m.group(0) == "ъ" else "Ь", word)


OCR_CONFUSABLE: tuple[tuple[str, str], ...] = (
    ("д", "л"), ("ц", "и"), ("ц", "щ"), ("ш", "щ"), ("и", "н"), ("н", "п"), ("и", "п"),
    ("м", "н"), ("м", "л"), ("л", "п"), ("в", "б"), ("з", "э"), ("к", "х"), ("т", "г"),
    ("у", "ч"), ("с", "е"), ("о", "с"), ("а", "о"), ("ы", "ь"), ("ж", "х"), ("ю", "о"),
    ("д", "о"),
)  # fmt: skip
"""Cyrillic letters Tesseract takes one for another in printed names (a stroke lost or
added: Д/Л, Ц/И/Щ, Ш/Щ, И/Н/П, М/Н; a round letter at low resolution: О/С/А/Е; Д/О: the
descenders of «д» cut off — a name filled in on the form's rule, whose erasure takes them,
or a bad threshold — leave an «о»: «Куорявцев» for «Кудрявцев», «поотверждающая»)."""


@cache
def _swaps() -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = {}
    for a, b in OCR_CONFUSABLE:
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {k: tuple(sorted(v)) for k, v in out.items()}


ROLES = ("Surn", "Name", "Patr")
"""pymorphy3's grammeme of each part of a name, in printed order."""


@cache
def ocr_neighbour(word: str, role: str) -> str | None:
    """A ``role`` («Surn», «Name», «Patr») pymorphy3's dictionary knows one OCR-confusable
    letter away from ``word``, where ``word`` itself is in no dictionary («ЛЕБЕЛЕВ» →
    «лебедев», «Шульи» → «шульц»).

    None where ``word`` is a known word (a real name, a word of the language) or no such
    neighbour exists: an unknown name with no known look-alike in its role (non-Slavic,
    rare: «Зарина» is no misread surname «Зорина») is no sign of a misread.

    >>> ocr_neighbour("ЛЕБЕЛЕВ", "Surn"), ocr_neighbour("Лебедев", "Surn")
    ('лебедев', None)
    >>> ocr_neighbour("Гвелесиани", "Surn"), ocr_neighbour("Зарина", "Name")
    (None, None)

    A word pymorphy3 knows only as a plural name is a misread too: one person's name is
    never plural («Нуриев-Каи», «Каи» the plural of «Кай», for «Нуриев-Кац»). A
    patronymic, formed by rule from a first name and so nearly always in the dictionary,
    counts as misread with any one letter changed, lost or added («Тимоеевич» for
    «Тимофеевич», the «ф» lost in a split).

    >>> ocr_neighbour("Нуриев-Каи", "Surn") is not None, ocr_neighbour("Тимоеевич", "Patr")
    (True, 'тимофеевич')
    """
    for part in (p for p in word.lower().split("-") if p):
        if len(part) < 3 or (_morph().word_is_known(part) and not _plural_name_only(part)):
            continue
        for cand in _one_edit(part, role == "Patr"):
            if _morph().word_is_known(cand) and any(
                role in p.tag.grammemes for p in _name_parses(cand)
            ):
                return cand
    return None


CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _one_edit(part: str, any_letter: bool) -> list[str]:
    """The words one OCR-confusable letter from ``part``; with ``any_letter`` also those one
    letter changed, lost or added anywhere."""
    swaps = _swaps()
    out = [part[:i] + o + part[i + 1 :] for i, ch in enumerate(part) for o in swaps.get(ch, ())]
    if any_letter:
        out += [part[:i] + o + part[i + 1 :] for i in range(len(part)) for o in CYRILLIC]
        out += [part[:i] + o + part[i:] for i in range(len(part) + 1) for o in CYRILLIC]
        out += [part[:i] + part[i + 1 :] for i in range(len(part))]
    return [c for c in out if c != part]


def _plural_name_only(part: str) -> bool:
    """pymorphy3 reads ``part`` as a name only in the plural («каи», «марии» aside: «Марии» is
    also the singular genitive, so it is not plural-only)."""
    parses = [
        p
        for p in _morph().parse(part)
        if p.tag.animacy == "anim" and {"Surn", "Name", "Patr"} & set(p.tag.grammemes)
    ]
    return bool(parses) and all("plur" in p.tag.grammemes for p in parses)


@cache
def lost_first_letter(word: str) -> str | None:
    """A name pymorphy3 knows one letter longer at the front than ``word``, which OCR read
    with a small first letter («рик» of «Эрик»: the capital lost altogether, not only read
    small), or None.

    >>> lost_first_letter("рик") is not None, lost_first_letter("Рик"), lost_first_letter("ильдару")
    (True, None, None)
    """
    if not word[:1].islower() or len(word) < 2:
        return None
    for letter in CYRILLIC:
        cand = letter + word.lower()
        if _morph().word_is_known(cand) and _name_parses(cand):
            return cand
    return None


PATRONYMIC_SHAPE = re.compile(
    r"(?:ич|ича|ичу|ичем|иче|[вч]на|[вч]ны|[вч]не|[вч]ной|[вч]ну|шна|шны|шне|оглы|кызы|угли|уулу)$",
    re.IGNORECASE,
)
"""A patronymic's endings in any case (-ович/-евич/-ич, -овна/-евна/-ична/-инична, «-оглы»)."""
PREFIX_LOOKUPS = 4000
"""Dictionary words looked at to find a patronymic a cut word begins (enough for any stem)."""


@cache
def cut_patronymic(word: str) -> bool:
    """``word`` is the start of a patronymic, cut short («ВИКТ» of «Викторовна», «Маратови»):
    no patronymic ending of its own, and pymorphy3's dictionary holds a patronymic that
    begins with it.

    >>> cut_patronymic("ВИКТ"), cut_patronymic("Викторовна"), cut_patronymic("Лан")
    (True, False, False)
    """
    low = word.lower()
    if len(low) < 3 or PATRONYMIC_SHAPE.search(low) or "-" in low:
        return False
    for n, p in enumerate(_morph().iter_known_word_parses(low)):
        if n >= PREFIX_LOOKUPS:
            break
        if "Patr" in p.tag.grammemes and p.word != low:
            return True
    return False


FEMALE_SURNAME = re.compile(r"(?:[оеё]ва|[иы]на|ская|цкая)$", re.IGNORECASE)
MALE_SURNAME = re.compile(r"(?:[оеё]в|[иы]н|ский|цкий)$", re.IGNORECASE)


def _first_name_gender(word: str) -> str | None:
    if not _morph().word_is_known(word.lower()):
        return None  # a guess from the ending says nothing of a name it does not know
    genders = {
        str(p.tag.gender)
        for p in _name_parses(word)
        if "Name" in p.tag.grammemes and p.tag.case == "nomn" and p.score >= 0.05
    }
    genders.discard("None")
    return genders.pop() if len(genders) == 1 else None


def disagrees(words: list[str]) -> bool:
    """The parts of a name in the nominative do not make one person's name: the
    patronymic still in an oblique case («Соболева Галина Рустамовне»), or the parts
    of two genders (a man's patronymic after a woman's surname or first name).

    >>> disagrees(["Соболева", "Галина", "Рустамовне"]), disagrees(["Полякова", "Вера", "Ильич"])
    (True, True)
    >>> disagrees(["Ким", "Лан"]), disagrees(["Алиев", "Рашид", "Гейдар", "оглы"])
    (False, False)
    """
    core = [w for w in words if w.lower() not in PARTICLES]
    if len(core) < 2:
        return False
    genders: set[str] = set()
    if len(core) >= 3 and len(words) == len(core):
        patr = core[2].lower()
        if re.search(r"(?:ича|ичу|ичем|иче|[вчш]ны|[вчш]не|[вчш]ной|[вчш]ну)$", patr):
            return True  # an oblique patronymic left in the nominative name
        if re.search(r"ич$", patr):
            genders.add("masc")
        elif re.search(r"[вчш]на$", patr):
            genders.add("femn")
    surname = core[0].split("-")[-1]
    if FEMALE_SURNAME.search(surname):
        genders.add("femn")
    elif MALE_SURNAME.search(surname):
        genders.add("masc")
    first = _first_name_gender(core[1])
    if first in ("masc", "femn"):
        genders.add(first)
    return len(genders) > 1


PATRONYMIC_SUFFIX = re.compile(
    r"(?:ьевич|ьевна|ович|овна|евич|евна|инична|ична|ич)$", re.IGNORECASE
)


def patronymic_of_a_name(word: str) -> bool:
    """``word`` is a patronymic pymorphy3 knows, or one formed from a first name it knows
    («Арсеньевич» of Арсений, «Никитич» of Никита, «Андреевна» of Андрей, «Рустамович»);
    False for «Арсеизевич» (no name «Арсеиз»: a letter OCR misread) and for a word with no
    patronymic's ending.

    >>> patronymic_of_a_name("Арсеньевич"), patronymic_of_a_name("Арсеизевич")
    (True, False)
    """
    m = PATRONYMIC_SUFFIX.search(word)
    if m is None:
        return False
    if in_dictionary_as_name(word):
        return True
    stem = word[: m.start()]
    if len(stem) < 2:
        return False
    suffix = m.group(0).lower()
    tries = [stem, stem + "й", stem + "а", stem + "я", stem + "ий", stem + "ей"]
    if suffix.startswith("ь"):
        tries += [stem + "ий", stem + "ья", stem + "ь"]
    return any(is_known_name(t) and is_first_name(t) for t in tries)
