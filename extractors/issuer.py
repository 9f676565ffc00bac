"""The issuing bureau as printed: «Бюро № 5 – филиал ФКУ "ГБ МСЭ по г. Москве" Минтруда России»."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.keyvalue import cell_runs
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.text import fix_lookalikes, fold
from mseflow.reading.page import Word

ISSUER_START = re.compile(
    r"(филиал\s*-[\s-]*бюро\b|бюро\s*(?:№|N|медико)|фку\b|федеральное\s+казенное\s+учреждение|"
    r"главное\s+бюро\s+медико|гб\s+мсэ|фгу\b|фгбу\b|экспертн\w*\s+состав\w*\s*(?:№|N))",
    re.IGNORECASE,
)
"""How a bureau's name starts: «Бюро № 15 – филиал …», «Бюро медико-социальной экспертизы № 23
– филиал …», «ФКУ «ГБ МСЭ по …»», «ФГУ «ГБ МСЭ по …», бюро …», «Федеральное казенное
учреждение «Главное бюро …»», «Экспертный состав № 4 ФКУ …» (the unit first)."""
LABEL_MIN_RATIO = 88.0
"""Least similarity of an OCR-damaged label to its printed wording («Наименованме учреждения»)."""
LABEL_TAIL = re.compile(r"\s*(?:\([^()]{0,60}\))?[\s:.|–—-]*")
"""What may follow a label before its value: a hint in brackets, a colon, a rule or a dash."""
NUMBERED = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*[.)]?\s+")


@cache
def _labels() -> tuple[tuple[str, int], ...]:
    """The labels of ``labels/issuer_labels.txt``: (wording, its word count), longest first."""
    root = resources.files("mseflow.extractors").joinpath("labels")
    text = root.joinpath("issuer_labels.txt").read_text(encoding="utf-8")
    rows = {" ".join(r.split()) for r in text.splitlines() if r.strip() and not r.startswith("#")}
    return tuple(sorted(((r, len(r.split())) for r in rows), key=lambda r: -len(r[0])))


def _name_starts(text: str) -> bool:
    """``text`` begins with a bureau's name (OCR litter and an opening quote aside)."""
    return ISSUER_START.match(text.lstrip(JUNK_EDGE + ' «"-–—.,')) is not None


def label_end(text: str) -> int | None:
    """Where the printed label before a bureau's name ends on a line, or None.

    The label is one of ``issuer_labels.txt`` (after a point number; an OCR-damaged
    wording within :data:`LABEL_MIN_RATIO`), with its bracketed hint, colon or dash. It
    counts only where the name starts right after it, or nothing follows (the name is on
    the next line): «Бюро МСЭ № 5» is a name, not a label and a value.

    >>> text = "Наименование учреждения МСЭ БЮРО № 11 — ФИЛИАЛ ФГУ «ГЛАВНОЕ БЮРО"
    >>> text[label_end(text):]
    'БЮРО № 11 — ФИЛИАЛ ФГУ «ГЛАВНОЕ БЮРО'
    """
    numbered = NUMBERED.match(text)
    pos = numbered.end() if numbered else 0
    low = fold(text)
    words = list(re.finditer(r"\S+", low[pos:]))
    for label, count in _labels():
        if len(words) < count:
            continue
        end = pos + words[count - 1].end()
        got = " ".join(low[pos:end].split()).rstrip(":.")
        if got != label and (len(label) < 10 or fuzz.ratio(got, label) < LABEL_MIN_RATIO):
            continue
        tail = LABEL_TAIL.match(text, end)
        after = tail.end() if tail else end
        if not text[after:].strip() or _name_starts(text[after:]):
            return after
    return _label_head_end(text, pos, words)


def _label_head_end(text: str, pos: int, words: list[re.Match[str]]) -> int | None:
    """A label wrapped inside its table cell, its first words on the name's first line
    («НАИМЕНОВАНИЕ | ФКУ «ГБ МСЭ …» / «УЧРЕЖДЕНИЯ МСЭ | России, бюро № 17»): the words
    before the name start a listed label (two at least, or one of eight letters or more)."""
    low = fold(text)
    for count in range(min(3, len(words)), 0, -1):
        end = pos + words[count - 1].end()
        head = " ".join(low[pos:end].split())
        if count == 1 and len(head) < 8:
            continue
        if not any(label.startswith(head + " ") for label, _ in _labels()):
            continue
        tail = LABEL_TAIL.match(text, end)
        after = tail.end() if tail else end
        if text[after:].strip() and _name_starts(text[after:]):
            return after
    return None


HEAD_LINES = 15


CONT_START = (
    "минтруда", "министерства", "министерство", "россии", "российской", "федерации",
    "медико", "экспертизы", "по ", "филиал", "труда", "социальной", "защиты", "(минтруд",
    "области", "края", "республики", "округа", "г.", "города",
)  # fmt: skip
STOP = re.compile(
    r"справк|индивидуальн|программ|реабилитац|выдава\w*|серия|наименовани|подтверждающ|"
    r"ипра\s+инвалид|^\(",
    re.IGNORECASE,
)
MAX_LINES = 6
"""Lines a bureau's name may run over: a narrow header column wraps the full name of a
branch («Бюро … № 19 - филиал» / «федерального казенного учреждения "Главное бюро» / … /
«Российской Федерации») over five or six lines."""
NAME_ENDS = ("россии", "россии,", "федерации", "федерации,")
"""How the main bureau's name ends: the unit (бюро № N, экспертный состав № N) may follow."""
UNIT_LINE = re.compile(
    r"^(?:(?:филиал\s*-\s*)?бюро|экспертн\w+\s+состав)\s*(?:№|N[oо°]?)\s*\d{1,3}[\s.,;|`']*$",
    re.IGNORECASE,
)
"""A line that is only the unit of the ФКУ named above it («Бюро № 21», «экспертный состав № 4»)."""
JUNK_EDGE = "`‚‘’“”„'|+:;^~_*•=<>\\/!"
"""Characters OCR puts at the edges of words (rules, stamp rims, dirt); never part of a name."""
STARTS = ("бюро", "фку", "фгу", "фгбу", "федеральное", "главное", "филиал", "экспертн")
BAD_ENDS = ("филиал", "–", "-", "—", "по", "и", ",", "№")
UNIT_WORDS = ("бюро", "состав")
"""A unit named at the end of the name is followed by its number («…, бюро № 21 (общего
профиля)», «…, экспертный состав № 4»; 1031н / 486н headers): the word last is a name cut short."""
FOLLOWERS = {
    "медико-социальной": ("экспертизы",),
    "филиал": ("фку", "фгу", "фгбу", "федерального", "–", "-"),
    "федерального": ("казенного", "государственного", "бюджетного", "бюро"),
    "казенного": ("учреждения",),
    "министерства": ("труда", "здравоохранения"),
    "минтруда": ("россии",),
    "автономному": ("округу",),
    "автономного": ("округа",),
    "округу": ("–", "-", "—"),
    "учреждения": ("«", '"', "„", "главн", "гб"),
    "защиты": ("российской", "рф", "(минтруд"),
    "российской": ("федерации",),
    "экспертный": ("состав",),
    "экспертного": ("состава",),
    "фку": ("«", '"', "„", "гб", "главн"),
    "фгу": ("«", '"', "„", "гб", "главн"),
    "фгбу": ("«", '"', "„", "гб", "главн", "фб"),
}
"""Words of a bureau's name and what may follow them: a photo's lines run together in
another order break these pairs («… медико-социальной федерального …»)."""
SUSPECT_QUALITY = 0.2
"""Confidence of an issuer that does not read as a bureau's name: kept as a candidate, never chosen."""
REPAIR_QUALITY = 0.97
"""Confidence kept per word repaired from the bureau-name vocabulary (case, a lost letter)."""
VOCAB_MIN_RATIO = 85.0
NEAR_MISS_RATIO = 75.0
"""An unlisted word this close to a listed one is that word misread («зашиты» for
«защиты»): too far to repair safely, so the name is suspect (null, not wrong)."""
COLUMN_SLACK = 2.0
"""Character widths a cell may start off the name's column and still be its column."""
CELL_SPACE = 3.0
"""Character widths between a label cell's end and the name's column (a table's gap)."""
MIN_NUMBER_CONFIDENCE = 0.89
"""Least OCR confidence of the bureau's number (measured: misread digits 0.72–0.87, right
ones from 0.72 up; a number read at 0.895 is no worse than one at 0.9)."""


@cache
def _vocabulary() -> dict[str, tuple[str, ...]]:
    """Lower-case (ё as е) -> the word's printed forms (a lower-case one first where any)."""
    root = resources.files("mseflow.extractors").joinpath("labels")
    text = root.joinpath("issuer_words.txt").read_text(encoding="utf-8")
    words = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    out: dict[str, list[str]] = {}
    for w in words:
        forms = out.setdefault(fold(w), [])
        forms.insert(0, w) if w.islower() else forms.append(w)
    return {key: tuple(forms) for key, forms in out.items()}


def _continues(text: str, following: str) -> bool:
    """The issuer wraps onto the text ``following`` it: an open quote, a dangling word, or a
    continuing start."""
    body = following.lstrip(JUNK_EDGE + " ,.-–—")
    stripped = text.rstrip(JUNK_EDGE + " .")
    inside_quote = stripped.count("«") > stripped.count("»") or stripped.count('"') % 2 == 1
    if inside_quote and body.startswith("(") and not STOP.search(body.lstrip("(")):
        return True  # «… по Республике Саха» / «(Якутия)» Минтруда России»: inside the quotes
    if _unit_bracket(stripped, body) or _main_bureau_follows(stripped, body):
        return True  # «…, бюро № 11» / «(общего профиля)», «… (ОБЩЕГО» / «ПРОФИЛЯ)»
    if STOP.search(body) or _caption(body):
        return False
    if stripped.count('"') % 2 == 1 or stripped.endswith(("-", "–", "—", " по", " и", ",")):
        return True
    if stripped.endswith(("филиал",)):
        return True
    head = body.lstrip('"«').lower()
    last = fold(stripped.split()[-1]).strip('"«»,') if stripped else ""
    allowed = tuple(a.lstrip('"«„') for a in FOLLOWERS.get(last, ()) if a.lstrip('"«„'))
    if allowed and fold(head).startswith(allowed):
        return True  # «… казенного учреждения» / «"Главное бюро …»: the name goes on
    if UNIT_END.search(stripped) and NAMED.search(stripped) and not body.startswith(BRANCH):
        return False  # «… Российской Федерации, экспертный состав № 1» / «г. Кузнецк, тел.»
    if stripped.endswith("№") and re.match(r"\d{1,3}\b", body):
        return True  # «… экспертный состав №» / «4»: the unit's number wrapped
    unit_word = re.search(r"(?i)(?:бюро|состав|экспертизы)$", stripped)
    if unit_word and re.match(r"(?:№|N[oо°]?)\s*\d{1,3}\b", body):
        return True  # «…» Минтруда России, бюро» / «№ 5»: the unit's sign and number wrapped
    has_unit = re.search(r"(?:бюро|состав\w*)\s*(?:№|N)", stripped, re.IGNORECASE)
    if stripped.lower().endswith(NAME_ENDS) and UNIT_LINE.match(body) and not has_unit:
        return True  # «ФКУ «ГБ МСЭ по …» Минтруда России» / «Бюро № 21»: the bureau's unit
    ends = stripped.lower().endswith(NAME_ENDS) or _ministry_cut_short(stripped)
    if ends and stripped.count("«") == stripped.count("»"):
        return False  # the name is complete: only its unit may follow
    return body[:1].islower() or head.startswith(CONT_START) or _damaged_start(head)


def _ministry_cut_short(stripped: str) -> bool:
    """The name ends with its ministry whose last word OCR cut short («… Минтруда Рос»): it is
    whole, as «… Минтруда России» is (:func:`_complete_last_word` completes it)."""
    words = stripped.split()
    if len(words) < 2 or words[-2].lower() != "минтруда":
        return False
    key = words[-1].lower()
    return len(key) >= CUT_MIN and MINISTRY_ENDS["минтруда"].startswith(key)


UNIT_ONLY = re.compile(
    r"(?i)^(?:экспертн\w*\s+состав\w*|бюро)\s*(?:№|N)\s*\d{1,3}(?:\s*\([^()]{3,60}\))?$"
)
"""A unit alone so far («Экспертный состав № 5 (неврологического профиля)», «Бюро № 3»): the name
of the main bureau it belongs to is still to come (the unit is part of it, Постановление № 588,
п. 2: экспертные составы главного бюро)."""
MAIN_BUREAU = re.compile(
    r"(?i)^[«\"]?(?:фку|фгу|фгбу|федеральн\w+\s+казенн\w+\s+учреждени\w*|главн\w+\s+бюро)\b"
)
"""A line that opens with the main bureau's name («ФКУ «ГБ МСЭ по Пермскому краю» …»)."""


def _main_bureau_follows(stripped: str, body: str) -> bool:
    """«Экспертный состав № 5 (неврологического профиля)» / «ФКУ «ГБ МСЭ по …» Минтруда России»:
    the unit named alone, the main bureau's name on the next line (an FRI extract's value cell)."""
    return UNIT_ONLY.match(stripped) is not None and MAIN_BUREAU.match(body) is not None


def _caption(text: str) -> bool:
    """The line is only a printed label of the field, a caption under the name («учреждение
    медико-социальной экспертизы», as the 1031н form captions the bureau's line): not the name."""
    bare = " ".join(fold(text).strip(JUNK_EDGE + " ()[].,:;").split())
    return any(bare == label for label, _count in _labels())


CONT_FUZZY = 85.0
"""Least likeness of a long continuing word misread by one letter («Минтруоа» for «Минтруда»)."""


def _damaged_start(head: str) -> bool:
    """The next line opens with a long word of :data:`CONT_START` that OCR misread by one
    letter («Минтруоа России» under «… по Вологодской области»»): the name goes on (the
    vocabulary repairs the word, :func:`_repair`)."""
    words = head.split()
    first = words[0].strip(JUNK_EDGE + ",.") if words else ""
    return len(first) >= 6 and any(
        len(word) >= 6 and fuzz.ratio(first, word) >= CONT_FUZZY for word in CONT_START
    )


PROFILE = re.compile(r"(?i)^\((?:[а-яё]+(?:ого|его)\s+){1,3}профиля\)")
"""A unit's profile in brackets: «(общего профиля)», «(смешанного профиля)», «(психиатрического
профиля)» (the bureaus' own names, e.g. «Бюро № 27 (смешанного профиля) – филиал …»)."""
UNIT_NUMBER_END = re.compile(r"(?i)(?:бюро|состав\w*|экспертизы)\s*(?:№|N)\s*\d{1,3}$")
BRACKET_MAX = 80
BRACKET_HINT = re.compile(r"(?i)наименовани|подпис|фамили|инициал|дата|нужное|наличи|печат|м\.\s*п")
"""Words of a form's printed hints in brackets («(подпись)», «(фамилия, …)»): never a unit's."""
"""Characters of a bracketed remark after a unit's number that may still be the unit's own."""


def _unit_bracket(stripped: str, body: str) -> bool:
    """``body`` goes on inside the bracket the name so far left open, or starts with the
    bracketed profile of the unit the name so far ends with («…, бюро № 11» / «(общего
    профиля)»; «Бюро … № 36» / «(смешанного профиля) – филиал …»).

    A profile wording not foreseen still comes through when it closes its bracket on the
    line and is no printed hint (the form's «(наименование …)» stops the name)."""
    if stripped.count("(") > stripped.count(")") and not STOP.search(body):
        return True  # «… БЮРО № 24 (ОБЩЕГО» / «ПРОФИЛЯ)»: inside the unit's bracket
    if not body.startswith("(") or UNIT_NUMBER_END.search(stripped) is None:
        return False
    if PROFILE.match(body):
        return True
    close = body.find(")")
    inner = body[1:close] if 0 < close <= BRACKET_MAX else ""
    words = re.search(r"[А-Яа-яЁё]{3,}", inner) is not None
    return words and STOP.search(inner) is None and BRACKET_HINT.search(inner) is None


def _ends_whole(text: str) -> bool:
    """The name read so far is whole: it ends with its ministry, or with its unit after the
    main bureau was named («…» Минтруда России», «…», бюро медико-социальной экспертизы № 32»)."""
    stripped = canonical_issuer(text).rstrip(JUNK_EDGE + " .")
    if stripped.count("«") != stripped.count("»"):
        return False
    unit = UNIT_END.search(stripped) or re.search(r"(?i)экспертизы\s*№\s*\d{1,3}$", stripped)
    return stripped.lower().endswith(NAME_ENDS) or (
        unit is not None and NAMED.search(stripped) is not None
    )


UNIT_END = re.compile(r"(?:бюро|состав\w*)\s*(?:№|N)\s*\d{1,3}$", re.IGNORECASE)
"""The name ends with its unit («…, экспертный состав № 1», «…, бюро № 23»)."""
NAMED = re.compile(r"(?:россии|федерации)\b.*(?:бюро|состав)|«[^»]+»", re.IGNORECASE)
"""The main bureau was named before the unit (its ministry, or its quoted name)."""
BRANCH = ("–", "-", "—", "филиал")
"""After «Бюро … № 46» the name goes on: «– филиал ФКУ …»."""
_NUMBER_WRAP = re.compile(
    r"(?is).*(?:№\s*\n\s*|(?:бюро|состав|экспертизы)\s*\n\s*(?:№|N[oо°]?)\s*)\d{1,3}[\s.,;]*$"
)
"""«… экспертный состав №» / «4», «…, бюро» / «№ 5»: the unit's number alone on the next line."""


WRAP_HYPHEN = re.compile(r"[А-Яа-яЁё]-$")
"""A word hyphenated at the line's end («по Ханты-» / «Мансийскому»): joined without a space."""


def _is_junk_line(tl: TextLine) -> bool:
    """A line of rules, stamp rims or dirt: no word of three letters, or two faint scraps."""
    if re.search(r"[А-Яа-яЁё]{3,}", tl.text) is None:
        return True
    return len(tl.words) <= 2 and tl.confidence < 0.6


def _lost_text(tl: TextLine) -> bool:
    """A junk line with letters in it: OCR may have lost part of the name there."""
    return re.search(r"[А-Яа-яЁё]", tl.text) is not None


def _clean(text: str) -> str:
    """OCR litter out of a printed name: edge marks, lone punctuation, split hyphens."""
    text = text.replace("{", "(").replace("}", ")")
    text = re.sub(r"(?<=[а-яё])[’‘'`‚](?=[А-ЯЁа-яё])", " ", text)
    out: list[str] = []
    for raw in text.split():
        token = raw.strip(JUNK_EDGE).lstrip(",.")
        if token.endswith(".") and token.lower() not in ("г.",) and len(token) > 2:
            token = token.rstrip(".")  # «МСЭ.», «филиал.»: a speck read as a full stop
        if not re.search(r"[0-9A-Za-zА-Яа-яЁё№«»\"()–—-]", token):
            continue
        if re.fullmatch(r"[-–—−‒]{2,}", token):
            token = "–"  # «профиля -— филиал»: a dash and OCR litter beside it
        if token in ("-", "–", "—") and out and out[-1] in ("-", "–", "—"):
            continue
        out.append(token)
    joined = " ".join(out).lstrip("-–—− ")  # «—ФКУ …»: a label's dash glued to the name
    joined = re.sub(r"(?<=[А-Яа-яЁё])-\s+-(?=[А-Яа-яЁё])", "-", joined)
    return re.sub(r"(?<=[а-яё])- (?=[а-яё])", "-", joined)


def _core(token: str) -> tuple[str, str, str]:
    """A token split into its leading punctuation, the word and its trailing punctuation."""
    m = re.match(r"^([«\"(]*)(.*?)([»\",;)]*)$", token)
    return (m.group(1), m.group(2), m.group(3)) if m else ("", token, "")


CONFUSABLE = str.maketrans("щй", "ши")
"""Letters OCR reads as their look-alike without the tail or breve («зашиты», «краи»)."""


@cache
def _confusables() -> dict[str, str]:
    """A vocabulary word with its look-alike letters folded -> the word (unambiguous only)."""
    out: dict[str, str | None] = {}
    for key in _vocabulary():
        folded = key.translate(CONFUSABLE)
        out[folded] = None if folded in out and out[folded] != key else key
    return {k: v for k, v in out.items() if v is not None}


@cache
def _one_off(key: str) -> str | None:
    """The one listed word of six letters or more that ``key`` is one letter off, if any
    («россни» for «россии»; the fuzzy ratio puts a six-letter word's slip at 83, below
    :data:`VOCAB_MIN_RATIO`)."""
    if len(key) < 6:
        return None
    near = [
        k
        for k in _vocabulary()
        if len(k) >= 6 and Levenshtein.distance(key, k, score_cutoff=1) <= 1
    ]
    return near[0] if len(near) == 1 else None


def _unlisted(word: str, key: str, vocab: dict[str, tuple[str, ...]]) -> tuple[str, int, bool]:
    """A word in no vocabulary entry: (as fixed, words repaired or unknown, still sound)."""
    close = None
    if len(key) >= 5:
        close = process.extractOne(
            key, list(vocab), scorer=fuzz.ratio, score_cutoff=VOCAB_MIN_RATIO
        )
    if close is None and _one_off(key) is not None:
        close = (_one_off(key), 0.0, 0)  # «Россни»: one letter of a six-letter word misread
    if close is not None:
        forms = vocab[close[0]]
        return (forms[0] if word[:1].islower() else forms[-1]), 1, True
    folded = _confusables().get(key.translate(CONFUSABLE))
    if folded is not None and len(key) >= 5:
        forms = vocab[folded]
        return (forms[0] if word[:1].islower() else forms[-1]), 1, True  # «зашиты»: «защиты»
    if len(key) >= 5 and process.extractOne(
        key, list(vocab), scorer=fuzz.ratio, score_cutoff=NEAR_MISS_RATIO
    ):
        return word, 1, False  # «зашиты»: a listed word with a letter misread, not repairable
    if re.fullmatch(r"[а-яё]{3,}(?:-[а-яё]{2,})*", word):
        return word, 1, True  # a plain word of a wording not listed
    return word, 0, False


CAPITAL_LOOKALIKES = {"В": "Б", "Т": "Г", "З": "Э", "3": "Э"}
"""Capitals OCR reads for another of nearly the same shape: «Б» as «В» (its top stroke lost),
«Г» as «Т», «Э» as «З» or «3» («ФКУ «ГВ МСЭ», «ТБ МСЭ», «МСЗ», «Вюро»)."""


def _capital_slip(word: str) -> str | None:
    """The listed word ``word`` is with its look-alike capitals swapped back, if exactly one
    (each capital alone, or all of them; a word listed as printed is never changed).

    >>> _capital_slip("ГВ"), _capital_slip("ТБ"), _capital_slip("МСЗ"), _capital_slip("Вюро")
    ('ГБ', 'ГБ', 'МСЭ', 'Бюро')
    >>> _capital_slip("Вологодской") is None
    True
    """
    spots = [i for i, ch in enumerate(word) if ch in CAPITAL_LOOKALIKES]
    if not spots:
        return None
    vocab = _vocabulary()
    tries = [[i] for i in spots] + ([spots] if len(spots) > 1 else [])
    found = set()
    for swap in tries:
        chars = list(word)
        for i in swap:
            chars[i] = CAPITAL_LOOKALIKES[chars[i]]
        fixed = "".join(chars)
        if fixed in vocab.get(fold(fixed), ()):
            found.add(fixed)
    return found.pop() if len(found) == 1 else None


SURE_CAPITALS = "АБДЕЁРУФ"
"""Capitals whose small letter has another shape (а, б, д, е, ё, р, у, ф): a listed word that
starts with one is printed capitalised («филиал Федерального казенного учреждения»). Other
capitals (О/о, Э/э, С/с, …) differ from their small letter by size only, and OCR swaps them
(«(Офтальмологического профиля)»), so the vocabulary's case stands for those."""


def _repair_word(word: str, first: bool, nxt: str) -> tuple[str, int, bool]:
    """One word of a name: (in its printed case, repairs counted, still sound)."""
    vocab = _vocabulary()
    key = fold(word)
    parts = key.split("-")
    if len(parts) == 2 and key not in vocab and all(len(p) > 2 and p in vocab for p in parts):
        return word.replace("-", " "), 1, True  # «казенного-учреждения»
    if key in vocab:
        forms = vocab[key]
        keep = (
            word in forms
            or (word.isupper() and len(word) > 3)
            or (word[:1] in SURE_CAPITALS and word == word.capitalize() and word.lower() in forms)
        )
        fixed = word if keep else forms[0]  # printed «казённого» keeps its «ё»
        if first:
            fixed = fixed[:1].upper() + fixed[1:]
        return fixed, int(fixed != word), True
    slip = _capital_slip(word)
    if slip is not None:
        return slip, 1, True  # «ГВ МСЭ», «ТБ МСЭ», «МСЗ», «Вюро»: a capital misread
    if nxt == "профиля" and re.fullmatch(r"[А-Яа-яЁё]{4,}(?:-[А-Яа-яЁё]+)?", word):
        # «(кардиологического профиля)», «(ПСИХИАТРИЧЕСКОГО ПРОФИЛЯ)» of a name in capitals;
        # OCR may have damaged the ending too («психиатрическго»)
        return _profile_word(word, key)
    if re.fullmatch(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*", word):
        if len(key) >= 6 and process.extractOne(
            key, list(vocab), scorer=fuzz.ratio, score_cutoff=NEAR_MISS_RATIO
        ):
            return _unlisted(word, key, vocab)  # «Минтрупа», «Минтоула»: a listed word misread
        return word, 0, True  # a region's name, as printed
    return _unlisted(word, key, vocab)


@cache
def _profiles() -> tuple[str, ...]:
    """The bureaus' profiles of ``labels/issuer_profiles.txt`` (lower case, ё as е)."""
    root = resources.files("mseflow.extractors").joinpath("labels")
    text = root.joinpath("issuer_profiles.txt").read_text(encoding="utf-8")
    rows = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    return tuple(fold(w) for w in rows)


PROFILE_EDITS_LONG = 12
"""A profile word of this many letters may hold two misread letters, a shorter one one."""
PROFILE_MARGIN = 2
"""Edits by which the nearest listed profile must beat the next one (no guess between two:
«педиатрического» and «психиатрического» are three letters apart)."""


def _profile(key: str) -> str | None:
    """The one listed profile ``key`` is, or is within a letter or two of, else None.

    >>> _profile("кароцологического"), _profile("хирургического"), _profile("общего")
    ('кардиологического', 'хирургического', 'общего')
    >>> _profile("пехиатрического") is None  # between «педиатрического» and «психиатрического»
    True
    """
    near = _near_profiles(key)
    if not near:
        return None
    best, word = near[0]
    return word if len(near) == 1 or near[1][0] - best >= PROFILE_MARGIN else None


def _near_profiles(key: str) -> list[tuple[int, str]]:
    """(edits, profile) of the listed profiles within reach of ``key`` (two misread letters
    in a word of :data:`PROFILE_EDITS_LONG` letters or more, one in a shorter word), nearest
    first, with the ones within :data:`PROFILE_MARGIN` more edits (to judge a tie)."""
    allowed = 2 if len(key) >= PROFILE_EDITS_LONG else 1
    cutoff = allowed + PROFILE_MARGIN
    near = sorted((Levenshtein.distance(key, p, score_cutoff=cutoff), p) for p in _profiles())
    return [n for n in near if n[0] < cutoff] if near and near[0][0] <= allowed else []


def _profile_word(word: str, key: str) -> tuple[str, int, bool]:
    """A unit's profile before «профиля»: (as printed, repairs, sound).

    A listed profile, or a word a letter or two off exactly one (OCR's «кардчологического»,
    «кароцологического»), is that profile. A word as near two listed ones is damaged but
    cannot be repaired: the name is suspect (null rather than a wrong bureau). A word farther
    from every listed one is a profile not listed (the list never gates), kept as printed:
    its OCR confidence, which no list vouches for, stays the name's (:func:`_least_sure_word`).
    """
    found = _profile(key)
    if found is not None:
        return found, int(found != word), True
    return word.lower(), int(word.lower() != word), not _near_profiles(key)


def _listed(word: str) -> bool:
    """A word of the vocabulary, also after an OCR slip the repair undoes (a lost letter, a
    look-alike: «зашиты»)."""
    key = fold(word)
    vocab = _vocabulary()
    if key in vocab or all(p in vocab for p in key.split("-") if p):
        return True
    if len(key) >= 5 and _confusables().get(key.translate(CONFUSABLE)) is not None:
        return True
    if _one_off(key) is not None or (len(key) >= 5 and _profile(key) is not None):
        return True
    return len(key) >= 5 and (
        process.extractOne(key, list(vocab), scorer=fuzz.ratio, score_cutoff=VOCAB_MIN_RATIO)
        is not None
    )


def _join_split_words(tokens: list[str]) -> tuple[list[str], int]:
    """Words OCR split with a space put back («медико-соц иальной»): two pieces, neither a
    listed word, that together are one (or one a letter off, :func:`_one_letter_off`). Gives
    the tokens and the joins made."""
    vocab = _vocabulary()
    out: list[str] = []
    joins = 0
    for token in tokens:
        if out:
            a, b = _core(out[-1])[1].lower(), _core(token)[1].lower()
            # whole («медико-соц иальной»), or split where OCR lost a letter («про иля»)
            unlisted = bool(a and b) and a not in vocab and b not in vocab
            if unlisted and ((a + b) in vocab or _one_letter_off(a + b)):
                out[-1] += token
                joins += 1
                continue
        out.append(token)
    return out, joins


SPLIT_MIN = 6
"""Least letters of a listed word whose two pieces, one letter lost, are joined back."""


def _one_letter_off(joined: str) -> bool:
    """``joined`` (two pieces, neither listed) is one listed word of :data:`SPLIT_MIN` letters or
    more with one letter lost or misread, and no other listed word is as near."""
    if len(joined) < SPLIT_MIN - 1 or not joined.isalpha():
        return False
    near = [
        w
        for w in _vocabulary()
        if len(w) >= SPLIT_MIN and Levenshtein.distance(joined, w, score_cutoff=1) <= 1
    ]
    return len(near) == 1


DASHES = ("-", "–", "—", "−")


def _drop_stray_dashes(tokens: list[str]) -> tuple[list[str], int]:
    """A lone dash between a word and the word its name prints right after it, where no dash
    belongs («Минтруда - России»: a speck or a rule's piece read as a dash). Gives the tokens
    and the dashes dropped."""
    out: list[str] = []
    dropped = 0
    for i, token in enumerate(tokens):
        if token in DASHES and 0 < i < len(tokens) - 1:
            before, after = _core(tokens[i - 1]), _core(tokens[i + 1])
            allowed = FOLLOWERS.get(fold(before[1]), ())
            followers = tuple(a for a in allowed if a.isalpha())  # the words, not the dashes
            follows = bool(followers) and fold(after[1]).startswith(followers)
            if not before[2] and not after[0] and follows and token not in allowed:
                dropped += 1
                continue
        out.append(token)
    return out, dropped


CUT_MIN = 3
"""Least letters a name's last word cut short keeps to be completed («Минтруда Рос»)."""
MINISTRY_ENDS = {"минтруда": "россии", "российской": "федерации"}
"""How the ministry a bureau's name ends with ends: «Минтруда России», «Министерства труда и
социальной защиты Российской Федерации» (the unit, when it follows, has its own number)."""


def _complete_last_word(tokens: list[str]) -> tuple[list[str], int]:
    """The ministry's last word cut short at the name's end (OCR lost the rest: «… Минтруда
    Рос»), completed when it starts the word that ends the ministry («Минтруда России»). Only
    the ministry: a unit cut short («экспертный сост») lost its number too, and stays so."""
    if len(tokens) < 2:
        return tokens, 0
    lead, word, trail = _core(tokens[-1])
    end = MINISTRY_ENDS.get(fold(_core(tokens[-2])[1]))
    key = fold(word)
    if end is None or len(key) < CUT_MIN or key == end or trail or lead:
        return tokens, 0
    if not end.startswith(key) or not word.isalpha():
        return tokens, 0
    forms = _vocabulary().get(end, (end,))
    fixed = forms[-1] if word[:1].isupper() else forms[0]
    return [*tokens[:-1], fixed.upper() if word.isupper() and len(word) > 1 else fixed], 1


def _repair(text: str, region: frozenset[str] = frozenset()) -> tuple[str, int, bool]:
    """(name with vocabulary words in their printed case, words repaired, reads as a name).

    ``region``: the words of the listed subject the name ends with, kept as printed."""
    tokens, repaired = _join_split_words(text.split())
    out: list[str] = []
    sound = True
    depth, closed = 0, False
    letters = [t for t in tokens if re.search(r"[А-Яа-яЁё]", t)]
    capitals = sum(t.isupper() for t in letters) >= 0.8 * max(1, len(letters))
    remark = False
    tokens, dropped = _drop_stray_dashes(tokens)
    tokens, completed = _complete_last_word(tokens)
    repaired += dropped + completed
    for i, token in enumerate(tokens):
        lead, word, trail = _core(token)
        nxt = _core(tokens[i + 1])[1].lower() if i + 1 < len(tokens) else ""
        after_number = i > 0 and re.fullmatch(r"\d{1,3}", _core(tokens[i - 1])[1]) is not None
        remark = (remark or (after_number and lead.startswith("("))) and ")" not in lead
        profile = nxt.startswith("профил") and re.fullmatch(
            r"[А-Яа-яЁё]+(?:ого|его)", word, re.IGNORECASE
        )
        # «бюро № 7 (по освидетельствованию детей)»: the unit's own remark, in no table
        profile = profile or (remark and re.fullmatch(r"[а-яё]+", word) is not None)
        remark = remark and ")" not in trail
        if closed and re.search(r"[А-Яа-яЁё]", word) and not _listed(word) and not profile:
            sound = False  # «…» Минтпулз Реми»: after the quoted name only the ministry and unit
        depth += token.count("«") - token.count("»")
        closed = closed or ("»" in token and depth <= 0)
        if re.fullmatch(r"\d{1,4}", word) and not (i and _core(tokens[i - 1])[1] in ("№", "N")):
            sound = False  # «экспертизы 1 по …»: a speck read as a digit, or a number lost its «№»
        if not word or word in ("-", "–", "—", "№") or re.fullmatch(r"\d{1,4}", word):
            out.append(token)
            continue
        if _region_key(word) in region and word.lower() not in ("по", "г"):
            out.append(token)  # a word of the listed region («ЧУВАШСКОЙ»): as printed
            continue
        fixed, count, ok = _repair_word(word, i == 0, nxt)
        if capitals and word.isupper():
            fixed = fixed.upper()  # «ПО», «И», «МИЗИСТЕРСТВА» of a name printed in capitals
            count = int(fixed != word)
        repaired, sound = repaired + count, sound and ok
        after_name = i > 0 and _core(out[-1])[1].lower() in ("россии", "федерации")
        if word == "Бюро" and i > 0 and not out[-1].startswith("«") and not after_name:
            sound = False  # a second name's start: lines of two blocks were joined
        if fold(word) == "труда" and not trail and nxt == "социальной":
            fixed, repaired = f"{fixed} {'И' if word.isupper() else 'и'}", repaired + 1
            # «Министерства труда социальной защиты»: the ministry's «и» lost (a speck's size)
        allowed = FOLLOWERS.get(fold(word), ())
        if trail == "," and nxt and nxt.startswith(tuple(a for a in allowed if a.isalpha())):
            trail, repaired = "", repaired + 1  # «Министерства, труда»: a speck read as a comma
        out.append(f"{lead}{fixed}{trail}")
    return " ".join(out), repaired, sound


def issuer_reads_as_name(text: str) -> bool:
    """A bureau's name: starts like one, «№» has a number, nothing dangles, quotes close."""
    words = text.split()
    if not words or not words[0].lower().startswith(STARTS):
        return False  # «Главное …» in quotes: the start of the name was lost
    for w, nxt in zip(words, words[1:], strict=False):
        allowed = FOLLOWERS.get(fold(w))
        if allowed and not fold(nxt).startswith(allowed):
            return False
    for i, w in enumerate(words):
        if w == "№" and (i + 1 >= len(words) or not re.match(r"\d", words[i + 1])):
            return False
        before = words[i - 1].lower() if i else ""
        unit_end = before.endswith(("профиля)", "профиля")) or before.isdigit()
        dash = w in ("–", "-", "—") and unit_end and i + 1 < len(words)
        if dash and not words[i + 1].lower().startswith("филиал"):
            return False  # «№ 41 (… профиля) – федерального …»: «филиал» was lost
    last = fold(words[-1]).rstrip(".,")
    if last in BAD_ENDS or last in FOLLOWERS:
        return False  # cut short: «… филиал федерального», «… казённого учреждения»
    if last in UNIT_WORDS and len(words) > 2:
        return False  # «… Минтруда России, бюро»: the unit's number (and profile) lost
    if any(a.lower() == b.lower() and len(a) > 1 for a, b in zip(words, words[1:], strict=False)):
        return False  # «по по», «Бюро бюро»: a line read twice or two columns run together
    return text.count("«") == text.count("»")


REGION = re.compile(
    r"(?<![А-Яа-яЁё])по\s+(?P<region>[^«»\"]+?)(?=\s*»|\s*\"|\s+(?:Минтруда|Министерства)\b|,\s|$)",
    re.IGNORECASE,
)
"""The subject of the Federation a bureau's name ends with: «… по <region>» up to the closing
quote, the ministry, or a comma before the unit."""
REGION_MAX_EDITS = 2
"""Letters of a region's name OCR may have misread for it to be repaired («Якития»)."""
REGION_MARGIN = 3
"""Edits by which the nearest listed region must beat the next one (no guess between two)."""
REGION_LETTERS_PER_EDIT = 8
"""A long region's name may hold one more misread letter per this many letters
(«Чувашской Юсспубликс – Чувашии»: three in 26 letters), still within :data:`REGION_MARGIN`
of the next subject."""


def region_edits(key: str) -> int:
    """Misread letters a region of ``key``'s length may hold and still be repaired.

    >>> region_edits("якутия"), region_edits("чувашскойреспубликечувашии")
    (2, 3)
    """
    return max(REGION_MAX_EDITS, len(key) // REGION_LETTERS_PER_EDIT)


def _region_key(text: str) -> str:
    return re.sub(r"[^а-я]", "", fold(text))


@cache
def _regions() -> dict[str, str]:
    """Normalised (letters only) -> the subject's name as printed, from ``regions.txt``."""
    root = resources.files("mseflow.extractors").joinpath("labels")
    text = root.joinpath("regions.txt").read_text(encoding="utf-8")
    names = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    return {_region_key(n): n for n in names}


REGION_NEAR_MISS = 4
"""Edits within which an unlisted region may be a listed one misread beyond repair."""
NEAR_MISS_REGION_QUALITY = 0.8
"""Confidence kept by a name whose OCR'd region is a few letters off a listed subject: only
a region read surely («Шмуркской» at 0.99) stays; a doubtful read («Калушемой») is null."""


def _near_region_miss(value: str) -> bool:
    """The region is no listed subject but a few letters off one: perhaps an OCR misread too
    far to repair («по Калушемой области» for «Калужской»), perhaps a wording not listed."""
    m = REGION.search(value)
    if m is None:
        return False
    key = _region_key(m.group("region"))
    if not key or key in _regions():
        return False
    cutoff = REGION_NEAR_MISS + 1
    return any(Levenshtein.distance(key, k, score_cutoff=cutoff) < cutoff for k in _regions())


def checked_region(value: str, repair: bool = True) -> tuple[str, int, frozenset[str]]:
    """The name with its region checked against the subjects of the Federation.

    Gives (the name, 1 when its region was repaired else 0, the region's words when it is a
    listed subject). A region one or two letters from exactly one subject («Якития», «Чувашской
    Республике Чувашии» without its dash) is that subject when ``repair`` (OCR pages only); a
    region matching none is kept as printed and its words stay unverified.

    >>> checked_region("ФКУ «ГБ МСЭ по Республике Саха (Якития)» Минтруда России")[:2]
    ('ФКУ «ГБ МСЭ по Республике Саха (Якутия)» Минтруда России', 1)
    """
    m = REGION.search(value)
    if m is None:
        return value, 0, frozenset()
    printed = m.group("region").strip()
    key = _region_key(printed)
    regions = _regions()
    fixed = 0
    if key in regions:
        name = regions[key]
    else:
        fixed = 1
        allowed = region_edits(key)
        near = sorted(
            (Levenshtein.distance(key, k, score_cutoff=allowed + REGION_MARGIN), k) for k in regions
        )
        best, second = near[0], near[1]
        if best[0] > allowed or second[0] - best[0] < REGION_MARGIN:
            return value, 0, frozenset()
        name = regions[best[1]]
    words = frozenset(_region_key(w) for w in name.split() if _region_key(w))
    if printed.isupper():
        name = name.upper()  # «ПО ХАНТЫ-МАНСИЙСКОМУ …»: printed in capitals, kept so
    if not repair or name == printed:
        return value, 0, words
    start, end = m.span("region")
    return f"{value[:start]}{name}{value[end:]}", fixed, words  # a lost dash is no repair


def _word_key(word: Word) -> str:
    text = fix_lookalikes(word.text).strip(JUNK_EDGE + '«»"().,;:-–—')
    return fold(text)


def _verified(key: str, region: frozenset[str]) -> bool:
    """A word the structure of a bureau's name vouches for: a listed word (or one letter
    off it, repaired), or a piece of the listed region the name ends with (the region as a
    whole matched a subject within :data:`REGION_MAX_EDITS` letters). Words OCR glued with
    an apostrophe («интруда'РоСсии,») are judged part by part."""
    parts = [p for p in re.split(r"[^а-яa-z0-9-]+", key) if p]
    if len(parts) > 1:
        return all(_verified(p, region) for p in parts)
    letters = _region_key(key)
    if region and letters and any(letters in r or fuzz.ratio(letters, r) >= 80 for r in region):
        return True
    return _listed(key)


def _least_sure_word(words: list[Word], region: frozenset[str]) -> float:
    """The OCR confidence of the least sure word no part of a bureau's name vouches for
    (a region not listed, a scrap of litter); 1.0 when every word is vouched for. Digits
    are judged apart (:func:`_doubtful_number`)."""
    least = 1.0
    for w in words:
        key = _word_key(w)
        if not re.search(r"[а-я]", key) or _verified(key, region):
            continue
        least = min(least, w.confidence)
    return least


NAME_END = re.compile(
    r"(?i)(?:Минтруда\s+России|Российской\s+Федерации|России)\b"
    r"(?:\s*,?\s*(?:бюро|экспертн\w+\s+состав)\s*(?:№|N)\s*\d{1,3}(?![\d.]))?"
)
"""Where a bureau's name ends: its ministry («Минтруда России», «… Российской Федерации»),
then perhaps its unit («, бюро № 23», «, экспертный состав № 6») — the forms of the
bureaus' own headers (e.g. «ФКУ «ГБ МСЭ по Республике Марий Эл» Минтруда России, бюро № 23»)."""


def name_end(text: str) -> str:
    """``text`` up to the end of the bureau's name, when words of a neighbour follow it.

    Only a plain word after the end is cut off (an address, «Отдел кадров», a heading); a
    digit, «№» or a bracket after it may be the name's own damaged unit, and is left for the
    other checks to judge.

    >>> name_end("ФКУ «ГБ МСЭ по Ульяновской области» Минтруда России, бюро № 34 Отдел кадров")
    'ФКУ «ГБ МСЭ по Ульяновской области» Минтруда России, бюро № 34'
    """
    for m in NAME_END.finditer(text):
        before = text[: m.start()]
        if before.count("«") != before.count("»") or before.count('"') % 2 == 1:
            continue  # inside the quoted name
        rest = text[m.end() :].lstrip(" ,.;")
        head = rest.split()[:2]
        if not head or any(re.search(r"[\d№]", w) for w in head):
            return text
        first = head[0].lower()
        city = re.match(r"г\.\s*[А-ЯЁ]", rest) is not None
        unit = any(fuzz.ratio(first, u) >= 60 for u in UNIT_WORDS)
        unit = unit or (len(head) > 1 and head[1].lower().startswith("профил"))
        if (city or re.fullmatch(r"[а-яёa-z]{2,}[,.:;]?", first)) and not unit:
            return text[: m.end()]
        return text
    return text


UNIT_WORDS = ("бюро", "экспертный", "состав", "филиал", "филиала", "(минтруд", "минтруд")


MINISTRY = re.compile(r"(?i)\bминтруд|министерств\w*\s+труда")
"""The ministry a ГБ МСЭ's name ends with («Минтруда России»)."""
MINISTRY_LINES = 3


def _ministry_left_behind(view: DocumentView, last: TextLine, value: str) -> bool:
    """A name that ends at its closing quote while the ministry it ends with is printed on a
    line just under it, not joined (columns read out of order, a label cell between): the
    name was cut short, so it is suspect rather than a shorter name."""
    if MINISTRY.search(value) or not value.rstrip().endswith("»"):
        return False
    line: TextLine | None = last
    for _ in range(MINISTRY_LINES):
        line = view.next_line(line) if line is not None else None
        if line is None or STOP.search(line.text):
            return False
        if MINISTRY.search(line.text):
            return True
    return False


def _doubtful_number(view: DocumentView, first: TextLine, last: TextLine, value: str) -> bool:
    """An OCR'd bureau number read with less than :data:`MIN_NUMBER_CONFIDENCE`.

    «№ 31» read as «№ 51» names another bureau; the digits are the one part of the name
    that the bureau-name vocabulary cannot check or repair.
    """
    if first.page.source != "ocr":
        return False
    start, end = view.lines.index(first), view.lines.index(last)
    doubtful = {
        re.sub(r"\D", "", w.text)
        for tl in view.lines[start : end + 1]
        for w in tl.words
        if any(ch.isdigit() for ch in w.text)
        and _doubtful_digits(w)
        and re.sub(r"\D", "", w.text) in value
    }
    if not doubtful:
        return False
    elsewhere = [tl for i, tl in enumerate(view.lines) if not start <= i <= end]
    return not _read_again(doubtful, value, elsewhere)


BUREAU_NUMBER = re.compile(r"(?i)\bбюро\W{0,3}(?:№|N[eо°]?)\W{0,2}(\d{1,3})(?!\d)")
"""«Бюро № 40», «Бюро №40»: the bureau's number as its round seal prints it."""


def _read_again(doubtful: set[str], value: str, lines: list[TextLine]) -> bool:
    """Every doubtful number of the name is the bureau's number, and another line of the
    document — the bureau's seal («М.П.» «Бюро № 40»), in other type and another place —
    reads that same number: two independent readings agree, so neither is a misread digit
    (a misread «31» / «51» would have to be misread the same way twice)."""
    own = BUREAU_NUMBER.search(value)
    if own is None or doubtful != {own.group(1)}:
        return False
    return any(m.group(1) == own.group(1) for tl in lines for m in BUREAU_NUMBER.finditer(tl.text))


def _doubtful_digits(word: Word) -> bool:
    """A number word OCR may have misread: read with less than :data:`MIN_NUMBER_CONFIDENCE`,
    unless the engine's reading of each digit clears it: every digit read surely
    (:data:`DIGIT_SURE`) and no
    other digit among its rivals («3» over «5», whatever the margin, stays doubtful).

    A short number's word confidence also falls for rivals that are no digits («5» over
    «у», «6» over «б»: a letter is never a bureau's number) and for the rules and specks
    around it; the digits' own readings tell those apart from a misread «31» / «51».
    """
    if word.confidence >= MIN_NUMBER_CONFIDENCE:
        return False
    digits = [g for g in word.glyphs if g.text.isdigit()]
    if not digits or len(digits) != sum(ch.isdigit() for ch in word.text):
        return True
    return any(g.confidence < DIGIT_SURE or g.rival.isdigit() for g in digits)


DIGIT_SURE = 0.95
"""Least engine confidence of each digit for a number word under
:data:`MIN_NUMBER_CONFIDENCE` to count as read surely (the right bureau numbers of the
family-8 tuning scans read 0.96–0.98 per digit)."""


def canonical_issuer(text: str) -> str:
    """Single spaces, a free-standing dash as the en dash the form prints, «» quotes.

    >>> canonical_issuer('Бюро № 5 - филиал ФКУ "ГБ МСЭ по г. Москве"  Минтруда России')
    'Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России'
    >>> canonical_issuer("Бюро медико-социальной экспертизы Л 3 - филиал")
    'Бюро медико-социальной экспертизы № 3 – филиал'
    >>> canonical_issuer("ФКУ «ГБ МСЭ по Ханты-Мансийскому автономному округу– Югре»")
    'ФКУ «ГБ МСЭ по Ханты-Мансийскому автономному округу – Югре»'
    >>> canonical_issuer("ФКУ <ГБ МСЭ пог Санкт-Петербургу» Минтруда России. бюро М№ 18")
    'ФКУ «ГБ МСЭ по г. Санкт-Петербургу» Минтруда России, бюро № 18'
    >>> canonical_issuer("Бюро медико-социальной экспертизы № 29— филиал ФКУ")
    'Бюро медико-социальной экспертизы № 29 – филиал ФКУ'
    """
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    text = re.sub(r"(?<!\S)<(?=[А-ЯЁA-Z])", "«", text)  # «<ГБ МСЭ»: the guillemet read as «<»
    text = re.sub(r"(?<=[А-Яа-яЁё)])>(?=[\s,]|$)", "»", text)
    text = re.sub(r"(?<!\S)[A-Za-zА-Яа-я]{1,2}№", "№", text)  # «М№ 11»: a speck glued to «№»
    text = re.sub(r"(?<![А-Яа-яЁё])по\s*г\.?\s+(?=[А-ЯЁ])", "по г. ", text)  # «пог Санкт-…»
    # «… Минтруда России. бюро № 18»: the comma before the unit read as a full stop
    text = re.sub(r"(?i)\b(России|Федерации)\.\s+(?=(?:бюро|экспертн\w*\s+состав))", r"\1, ", text)
    # OCR reads «№» after «Бюро» / «экспертизы» as «Л», «N», «Ne», «Мо», «No»
    text = re.sub(r"(?i)(бюро|экспертизы)\s+(?:Л|N[еeо°]?|Ns|Мо|No|Nо)\.?\s*(?=\d)", r"\1 № ", text)
    text = re.sub(r"№(?=\d)", "№ ", text)
    text = re.sub(r"(?<=\s)[-—−‒](?=\s)", "–", text)
    # «№ 29— филиал», «№ 29 —филиал»: the dash after the unit's number lost a space
    text = re.sub(r"(?<=\d)\s*[—–]\s*(?=(?i:филиал))", " – ", text)
    # «округу– Югре»: a space the text layer lost beside a dash between words
    text = re.sub(r"(?<=[^\s\d])\s*[–—]\s+(?=\S)|\s+[–—](?=[^\s\d])", " – ", text)
    text = re.sub(r'"([^"]*)"', r"«\1»", text)
    text = re.sub(r"«\s+", "«", re.sub(r"\s+»", "»", text))  # «Югре »: a space OCR put inside
    return re.sub(r"\b(?:ФК\s+У|Ф\s+КУ)\b", "ФКУ", text)  # «ФК У»: the abbreviation split


def _printed(tl: TextLine, start: int, end: int | None = None) -> str:
    """The words from ``start`` on (to ``end``), as printed (look-alike letters fixed)."""
    stop = len(tl.text) if end is None else end
    return " ".join(fix_lookalikes(w.text) for w in tl.words_in(start, stop))


def _issuer_line(view: DocumentView) -> tuple[TextLine, int] | None:
    """The line the bureau's name starts on, and where: in the header's first lines, else
    under or after its label anywhere on the first page (printouts list it lower down)."""
    first_page = view.pages[0] if view.pages else None
    lines = [tl for tl in view.lines if tl.page is first_page]
    for tl in lines:
        if tl.index >= HEAD_LINES:
            break
        m = ISSUER_START.search(tl.text)
        label = label_end(tl.text) if m else None
        if label is not None and not tl.text[label:].strip():
            continue  # «Наименование бюро медико-социальной экспертизы»: the label alone
        if m and "подпис" not in tl.text.lower():
            return tl, m.start()
    for i, tl in enumerate(lines):
        end = label_end(tl.text)
        if end is None:
            continue
        if tl.text[end:].strip():
            return tl, end
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or not _name_starts(nxt.text):
            nxt = _cell_right_of(lines, tl)
        if nxt is not None and _name_starts(nxt.text):
            return nxt, ISSUER_START.search(nxt.text).start()  # type: ignore[union-attr]
    return None


def _cell_right_of(lines: list[TextLine], label: TextLine) -> TextLine | None:
    """The line in the label's row right of it: the value cell of a label | value table
    whose cells a text layer gives as lines of their own, the labels' column first (an FRI
    extract's «Учреждение МСЭ | Экспертный состав № 4 … / ФКУ «ГБ МСЭ …»»)."""
    top, bottom = label.bbox[1], label.bbox[3]
    half = 0.5 * (bottom - top)
    row = [
        tl
        for tl in lines
        if tl.bbox[0] > label.bbox[2] and tl.bbox[1] < bottom - half and tl.bbox[3] > top + half
    ]
    return min(row, key=lambda tl: tl.bbox[0], default=None)


def _column_part(nxt: TextLine, left: float, width: float) -> tuple[int, int] | None | bool:
    """Where the name's column is on ``nxt`` when the name sits in a value column.

    ``left``: the x where the name starts on its first line; ``width``: a character's
    width there. A line cut into cells of which one starts at that column gives that
    cell's range (the cell left of it is a label: «Учреждение МСЭ | медико-социальной …»);
    a line whose only cell ends left of the column gives ``False`` (a label cell between
    the name's lines); any other line ``None`` (read it whole: headers are centred, so
    their lines start anywhere near the first).
    """
    runs = cell_runs(nxt)
    if len(runs) >= 2:
        for start, end, x0, _x1 in runs[1:]:
            if abs(x0 - left) <= COLUMN_SLACK * width:
                return start, end
        return None
    if runs and runs[0][3] < left - CELL_SPACE * width:
        return False
    return None


def _closes_bracket(norm: str, following: str) -> bool:
    """``following`` closes the bracket the name so far left open, with a word or two and
    no printed hint: the rest of the unit's profile, wherever the line starts."""
    if norm.count("(") <= norm.count(")"):
        return False
    m = re.match(r"\s*([^()]{3,40})\)", following)
    return (
        m is not None
        and len(m.group(1).split()) <= 2
        and STOP.search(m.group(1)) is None
        and BRACKET_HINT.search(m.group(1)) is None
    )


def _line_before(view: DocumentView, tl: TextLine) -> TextLine | None:
    pos = view.lines.index(tl)
    if pos == 0 or view.lines[pos - 1].page is not tl.page:
        return None
    return view.lines[pos - 1]


def _follow(
    view: DocumentView, tl: TextLine, start: int, text: str, norm: str, used: list[Word]
) -> tuple[str, str, TextLine, int, bool]:
    """The name begun at ``start`` on ``tl``, followed over the lines it wraps onto.

    Gives the printed and normalised text, the last line, the lines used, and whether a
    scrap beside the name suggests OCR lost part of it. In a value column only the
    column's cell of each line is read, and a label cell between the name's lines is
    passed over.
    """
    head_words = tl.words_in(start, start + 1)
    left = head_words[0].bbox[0] if head_words else tl.bbox[0]
    width = max(1.0, sum(w.bbox[2] - w.bbox[0] for w in tl.words) / max(1, len(tl.text)))
    line, count, skipped, lost = tl, 1, 0, False
    while count < MAX_LINES:
        nxt = view.next_line(line)
        if nxt is None:
            break
        part = _column_part(nxt, left, width)
        if part is False and _closes_bracket(norm, nxt.text):
            part = None  # «… БЮРО № 24 (ОБЩЕГО» / «ПРОФИЛЯ)» wrapped to the left margin
        if part is False and skipped == 0 and not STOP.search(nxt.text):
            after = view.next_line(nxt)
            if after is not None and _column_part(after, left, width) is not False:
                skipped, line = 1, nxt  # a label cell between the name's lines
                continue
        if isinstance(part, tuple):
            piece, piece_norm = _printed(nxt, *part), nxt.text[part[0] : part[1]]
            piece_words = nxt.words_in(*part)
        else:
            piece, piece_norm = _printed(nxt, 0), nxt.text
            piece_words = list(nxt.words)
        wrapped_number = _NUMBER_WRAP.match(f"{norm}\n{nxt.text}")
        if skipped == 0 and _is_junk_line(nxt) and not STOP.search(nxt.text) and not wrapped_number:
            skipped, line = 1, nxt
            beside = nxt.bbox[1] < tl.bbox[3] + 0.5 * (tl.bbox[3] - tl.bbox[1]) or count > 1
            # a scrap beside the name: part of it was lost, unless the name is whole and
            # the scrap a letter or two (a speck, a stamp's rim: «и» under «… № 32»)
            speck = len(re.findall(r"[А-Яа-яЁё]", nxt.text)) <= 2 and _ends_whole(norm)
            lost = _lost_text(nxt) and beside and not speck
            continue
        if not _continues(norm, piece_norm):
            break
        glue = "" if WRAP_HYPHEN.search(text) and piece_norm[:1].isalpha() else " "
        text, norm = f"{text}{glue}{piece}", f"{norm}{glue}{piece_norm}"
        line, count = nxt, count + 1
        used.extend(piece_words)
    return text, norm, line, count, lost


def extract_issuer(view: DocumentView) -> FieldValue | None:
    """The bureau / ФКУ line in the header, joined with its wrapped continuation.

    A name that does not read as a bureau's (OCR litter left in it, cut short, two
    header blocks run together) stays a candidate with a low confidence: null, not wrong.
    """
    found = _issuer_line(view)
    if found is None:
        return None
    tl, start = found
    labelled = label_end(tl.text)
    if labelled is not None and tl.text[labelled:].strip():
        start = labelled  # «Наименование учреждения МСЭ БЮРО № 11 …», «Выдана: ФКУ …»
    elif re.search(r"[А-Яа-яЁё]{3,}", tl.text[:start]):
        # «Вюро №. 45- филиал ФКУ …»: words before the start OCR damaged; the name began there
        start = len(tl.text) - len(tl.text.lstrip(JUNK_EDGE + " -–—.,"))
    first = tl
    text, norm = _printed(tl, start), tl.text[start:]
    used = tl.words_in(start, len(tl.text))
    before = _line_before(view, tl)
    starts_lower = tl.text[start:].lstrip(JUNK_EDGE + " ")[:1].islower()
    ends_comma = before is not None and before.text.rstrip(JUNK_EDGE + " ").endswith(",")
    if before is not None and starts_lower and ends_comma:
        # «…» Минтруда России,» / «бюро № 11»: the name began on the line above
        text, norm, first = f"{_printed(before, 0)} {text}", f"{before.text} {norm}", before
        used = list(before.words) + used
    evidence = first.evidence(start if first is tl else 0)
    text, norm, line, count, lost = _follow(view, tl, start, text, norm, used)
    kept = name_end(text)
    if kept != text:  # «… Минтруда России, бюро № 34 Отдел кадров г. …»: a neighbour joined
        text, used = kept, used[: len(kept.split())]
    if count > 1 or first is not tl:
        box = (
            [
                min(evidence.bbox[0], line.bbox[0]),
                evidence.bbox[1],
                max(evidence.bbox[2], line.bbox[2]),
                line.bbox[3],
            ]
            if evidence.bbox
            else None
        )
        evidence = evidence.model_copy(update={"bbox": box, "text": text})
    ocr = first.page.source == "ocr"
    value, region_fixed, region_words = checked_region(_clean(canonical_issuer(text)), ocr)
    unlisted_region = ocr and not region_words and _near_region_miss(value)
    value, repaired, sound = _repair(value, region_words)
    value, dash = re.subn(r"(?<=[\d)])\s+(?=филиал\b)", " – ", canonical_issuer(value))
    repaired += dash + region_fixed  # «№ 27 (… профиля) – филиал»: the dash OCR lost
    quality = REPAIR_QUALITY**repaired
    if (
        not sound
        or lost
        or not issuer_reads_as_name(value)
        or _doubtful_number(view, first, line, value)
        or _ministry_left_behind(view, line, value)
    ):
        quality = SUSPECT_QUALITY
    if ocr:
        evidence.confidence = min(evidence.confidence, _least_sure_word(used, region_words))
    if unlisted_region:
        quality *= NEAR_MISS_REGION_QUALITY
    evidence.confidence = round(evidence.confidence * quality, 3)
    return FieldValue("issuer", value, evidence)


class IssuerExtractor(Extractor):
    """The МСЭ bureau that issued the document."""

    code = "issuer"
    keys = ("issuer",)
    version = 14

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the issuer from the page header."""
        fv = extract_issuer(DocumentView(span.pages))
        return [fv] if fv is not None else []
