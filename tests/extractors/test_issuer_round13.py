"""The issuer, round 13 (helper `issuer13`): OCR damage to one word of a bureau's name.

The words a bureau's name may lose to OCR are checked against closed lists taken from the
real names (``labels/issuer_profiles.txt``: the profiles of the bureaus under Приказ
Минтруда России № 979н; ``labels/issuer_words.txt``: «филиал», «Минтруда России»). A word
within a letter or two of exactly one listed word is that word; a word near a listed one but
not repairable to one alone leaves the issuer null (a wrong bureau is worse than none); a
word near none is a wording not listed, kept as printed. One row per damage seen on scans.
"""

from __future__ import annotations

import pytest

from mseflow.extractors.issuer import _profile

from .test_issuer_round7 import CERT, HINT, _issuer

HEAD = "Бюро № 36 ({profile} профиля) - {branch} ФКУ «ГБ МСЭ по Оренбургской области»"
NAME = "Бюро № 36 ({profile} профиля) – филиал ФКУ «ГБ МСЭ по Оренбургской области» Минтруда России"
CARDIO = NAME.format(profile="кардиологического")
DAMAGED_CAPTION = (
    "—безияенование- фе: атоното-тосударственяого учреждения медякотсоциииднойэкхти?ртизее"
)
"""The form's caption under the name («(наименование федерального государственного …)») as OCR
read it off a blurred scan: its bracket and its words damaged beyond the label table."""


def _rows(profile: str, ministry: str = "Минтруда России", branch: str = "филиал") -> list[str]:
    return [HEAD.format(profile=profile, branch=branch), ministry, HINT, *CERT]


DAMAGE = [
    pytest.param(_rows("кардиологического", "Минтруда - России"), {}, CARDIO, id="stray-dash-in-the-ministry"),
    pytest.param([HEAD.format(profile="смешанного", branch="филиал"), "Минтруда Рос", DAMAGED_CAPTION, *CERT], {}, NAME.format(profile="смешанного"), id="ministry-cut-short-caption-damaged"),
    pytest.param(_rows("кардиологического", "Минтруда Рос"), {}, CARDIO, id="ministry-cut-short"),
    pytest.param(_rows("кардчологического"), {"(кардчологического": 0.362}, CARDIO, id="profile-one-letter-misread"),
    pytest.param(_rows("карочологического"), {"(карочологического": 0.405}, CARDIO, id="profile-two-letters-misread"),
    pytest.param(_rows("кароцологического"), {"(кароцологического": 0.514}, CARDIO, id="profile-two-letters-misread-read-surely"),
    pytest.param(_rows("карочологического", branch="филиол"), {"филиол": 0.66}, CARDIO, id="profile-and-branch-misread"),
    pytest.param(_rows("психиатрическго"), {}, NAME.format(profile="психиатрического"), id="profile-lost-letter"),
    pytest.param(_rows("хирургического"), {}, NAME.format(profile="хирургического"), id="profile-listed"),
    # negatives: no guess
    pytest.param(_rows("пехиатрического"), {}, None, id="profile-between-two-listed-null"),
    pytest.param(_rows("карбиомогичесного"), {"(карбиомогичесного": 0.4}, None, id="profile-damaged-beyond-repair-null"),
    pytest.param(_rows("кардиологического", "Минтруда Ро"), {}, None, id="ministry-cut-to-two-letters-null"),
    pytest.param(["ФКУ «ГБ МСЭ по Оренбургской области» Минтруда России, экспертный сост", HINT, *CERT], {}, None, id="unit-cut-short-null"),
    pytest.param(_rows("сурдологического"), {}, NAME.format(profile="сурдологического"), id="profile-not-listed-kept-as-printed"),
    pytest.param(_rows("сурдологического"), {"(сурдологического": 0.4}, None, id="profile-not-listed-read-with-doubt-null"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "unsure", "expected"), DAMAGE)
def test_damaged_word_of_the_name(rows: list[str], unsure: dict[str, float], expected: str) -> None:
    assert _issuer(rows, "ocr", unsure) == expected


def test_damage_upper_case_name() -> None:
    rows = [
        "БЮРО № 36 (КАРДЧОЛОГИЧЕСКОГО ПРОФИЛЯ) - ФИЛИАЛ ФКУ «ГБ МСЭ ПО ОРЕНБУРГСКОЙ ОБЛАСТИ»",
        "МИНТРУДА - РОССИИ",
        HINT,
        *CERT,
    ]
    assert _issuer(rows, "ocr", {}) == CARDIO.upper()


def test_dash_where_the_name_prints_one_is_kept() -> None:
    rows = [
        "ФКУ «ГБ МСЭ по Ханты-Мансийскому автономному округу - Югре» Минтруда России, бюро № 4",
        HINT,
        *CERT,
    ]
    assert _issuer(rows, "ocr", {}) == (
        "ФКУ «ГБ МСЭ по Ханты-Мансийскому автономному округу – Югре» Минтруда России, бюро № 4"
    )


PROFILES = [
    ("кардиологического", "кардиологического"),
    ("кардчологического", "кардиологического"),
    ("неврологичсского", "неврологического"),
    ("онкологичекого", "онкологического"),
    ("травматолого-ортопедичесного", "травматолого-ортопедического"),
    ("общего", "общего"),
    ("обшего", "общего"),
    ("пехиатрического", None),
    ("сурдологического", None),
    ("обшеео", None),
]


@pytest.mark.parametrize(("word", "expected"), PROFILES)
def test_profile_closed_list(word: str, expected: str | None) -> None:
    assert _profile(word) == expected
