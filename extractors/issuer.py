"""The issuing bureau as printed: «Бюро № 5 – филиал ФКУ "ГБ МСЭ по г. Москве" Минтруда России»."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.text import fix_lookalikes

ISSUER_START = re.compile(
    r"(филиал\s*-[\s-]*бюро\b|бюро\s*(?:№|N|медико)|фку\b|федеральное\s+казенное\s+учреждение|"
    r"главное\s+бюро\s+медико|гб\s+мсэ|фгу\b)",
    re.IGNORECASE,
)
LABEL_PREFIX = re.compile(
    r"^(наименование\s+(?:федерального\s+)?(?:учреждения|бюро)[^:]*:?|выдана\s*:?)\s*",
    re.IGNORECASE,
)
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
MIN_NUMBER_CONFIDENCE = 0.9
"""Least OCR confidence of the bureau's number (measured: misread digits 0.72–0.87)."""


@cache
def _vocabulary() -> dict[str, tuple[str, ...]]:
    """Lower-case (ё as е) -> the word's printed forms (a lower-case one first where any)."""
    root = resources.files("mseflow.extractors").joinpath("labels")
    text = root.joinpath("issuer_words.txt").read_text(encoding="utf-8")
    words = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    out: dict[str, list[str]] = {}
    for w in words:
        forms = out.setdefault(w.lower().replace("ё", "е"), [])
        forms.insert(0, w) if w.islower() else forms.append(w)
    return {key: tuple(forms) for key, forms in out.items()}


def _continues(text: str, nxt: TextLine) -> bool:
    """The issuer wraps onto ``nxt``: an open quote, a dangling word, or a continuing start."""
    body = nxt.text.lstrip(JUNK_EDGE + " ,.-–—")
    if STOP.search(body):
        return False
    stripped = text.rstrip(JUNK_EDGE + " .")
    if stripped.count('"') % 2 == 1 or stripped.endswith(("-", "–", "—", " по", " и", ",")):
        return True
    if stripped.endswith(("филиал",)):
        return True
    head = body.lstrip('"«').lower()
    last = stripped.split()[-1].lower().replace("ё", "е").strip('"«»,') if stripped else ""
    allowed = tuple(a.lstrip('"«„') for a in FOLLOWERS.get(last, ()) if a.lstrip('"«„'))
    if allowed and head.replace("ё", "е").startswith(allowed):
        return True  # «… казенного учреждения» / «"Главное бюро …»: the name goes on
    if stripped.endswith("№") and re.match(r"\d{1,3}\b", body):
        return True  # «… экспертный состав №» / «4»: the unit's number wrapped
    has_unit = re.search(r"(?:бюро|состав\w*)\s*(?:№|N)", stripped, re.IGNORECASE)
    if stripped.lower().endswith(NAME_ENDS) and UNIT_LINE.match(body) and not has_unit:
        return True  # «ФКУ «ГБ МСЭ по …» Минтруда России» / «Бюро № 21»: the bureau's unit
    if stripped.lower().endswith(NAME_ENDS) and stripped.count("«") == stripped.count("»"):
        return False  # the name is complete: only its unit may follow
    return body[:1].islower() or head.startswith(CONT_START)


_NUMBER_WRAP = re.compile(r"(?s).*№\s*\n\s*\d{1,3}[\s.,;]*$")
"""«… экспертный состав №» / «4»: the unit's number alone on the next line."""


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
    joined = " ".join(out)
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


def _unlisted(word: str, key: str, vocab: dict[str, tuple[str, ...]]) -> tuple[str, int, bool]:
    """A word in no vocabulary entry: (as fixed, words repaired or unknown, still sound)."""
    close = None
    if len(key) >= 5:
        close = process.extractOne(
            key, list(vocab), scorer=fuzz.ratio, score_cutoff=VOCAB_MIN_RATIO
        )
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


def _repair_word(word: str, first: bool, nxt: str) -> tuple[str, int, bool]:
    """One word of a name: (in its printed case, repairs counted, still sound)."""
    vocab = _vocabulary()
    key = word.lower().replace("ё", "е")
    parts = key.split("-")
    if len(parts) == 2 and key not in vocab and all(len(p) > 2 and p in vocab for p in parts):
        return word.replace("-", " "), 1, True  # «казенного-учреждения»
    if key in vocab:
        forms = vocab[key]
        keep = word in forms or (word.isupper() and len(word) > 3)
        fixed = word if keep else forms[0]  # printed «казённого» keeps its «ё»
        if first:
            fixed = fixed[:1].upper() + fixed[1:]
        return fixed, int(fixed != word), True
    if nxt == "профиля" and re.fullmatch(r"[А-Яа-яЁё]+(?:ого|его)", word):
        return word.lower(), int(word.lower() != word), True  # «(кардиологического профиля)»
    if re.fullmatch(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*", word):
        if len(key) >= 6 and process.extractOne(
            key, list(vocab), scorer=fuzz.ratio, score_cutoff=NEAR_MISS_RATIO
        ):
            return _unlisted(word, key, vocab)  # «Минтрупа», «Минтоула»: a listed word misread
        return word, 0, True  # a region's name, as printed
    return _unlisted(word, key, vocab)


def _repair(text: str) -> tuple[str, int, bool]:
    """(name with vocabulary words in their printed case, words repaired, reads as a name)."""
    tokens = text.split()
    out: list[str] = []
    repaired, sound = 0, True
    for i, token in enumerate(tokens):
        lead, word, trail = _core(token)
        nxt = _core(tokens[i + 1])[1].lower() if i + 1 < len(tokens) else ""
        if re.fullmatch(r"\d{1,4}", word) and not (i and _core(tokens[i - 1])[1] in ("№", "N")):
            sound = False  # «экспертизы 1 по …»: a speck read as a digit, or a number lost its «№»
        if not word or word in ("-", "–", "—", "№") or re.fullmatch(r"\d{1,4}", word):
            out.append(token)
            continue
        fixed, count, ok = _repair_word(word, i == 0, nxt)
        repaired, sound = repaired + count, sound and ok
        after_name = i > 0 and _core(out[-1])[1].lower() in ("россии", "федерации")
        if word == "Бюро" and i > 0 and not out[-1].startswith("«") and not after_name:
            sound = False  # a second name's start: lines of two blocks were joined
        out.append(f"{lead}{fixed}{trail}")
    return " ".join(out), repaired, sound


def issuer_reads_as_name(text: str) -> bool:
    """A bureau's name: starts like one, «№» has a number, nothing dangles, quotes close."""
    words = text.split()
    if not words or not words[0].lower().startswith(STARTS):
        return False  # «Главное …» in quotes: the start of the name was lost
    for w, nxt in zip(words, words[1:], strict=False):
        allowed = FOLLOWERS.get(w.lower().replace("ё", "е"))
        if allowed and not nxt.lower().replace("ё", "е").startswith(allowed):
            return False
    for i, w in enumerate(words):
        if w == "№" and (i + 1 >= len(words) or not re.match(r"\d", words[i + 1])):
            return False
        before = words[i - 1].lower() if i else ""
        unit_end = before.endswith(("профиля)", "профиля")) or before.isdigit()
        dash = w in ("–", "-", "—") and unit_end and i + 1 < len(words)
        if dash and not words[i + 1].lower().startswith("филиал"):
            return False  # «№ 41 (… профиля) – федерального …»: «филиал» was lost
    last = words[-1].lower().replace("ё", "е").rstrip(".,")
    if last in BAD_ENDS or last in FOLLOWERS:
        return False  # cut short: «… филиал федерального», «… казённого учреждения»
    if any(a.lower() == b.lower() and len(a) > 1 for a, b in zip(words, words[1:], strict=False)):
        return False  # «по по», «Бюро бюро»: a line read twice or two columns run together
    return text.count("«") == text.count("»")


def _doubtful_number(view: DocumentView, first: TextLine, last: TextLine, value: str) -> bool:
    """An OCR'd bureau number read with less than :data:`MIN_NUMBER_CONFIDENCE`.

    «№ 31» read as «№ 51» names another bureau; the digits are the one part of the name
    that the bureau-name vocabulary cannot check or repair.
    """
    if first.page.source != "ocr":
        return False
    start, end = view.lines.index(first), view.lines.index(last)
    return any(
        any(ch.isdigit() for ch in w.text)
        and w.confidence < MIN_NUMBER_CONFIDENCE
        and re.sub(r"\D", "", w.text) in value
        for tl in view.lines[start : end + 1]
        for w in tl.words
    )


def canonical_issuer(text: str) -> str:
    """Single spaces, a free-standing dash as the en dash the form prints, «» quotes.

    >>> canonical_issuer('Бюро № 5 - филиал ФКУ "ГБ МСЭ по г. Москве"  Минтруда России')
    'Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России'
    >>> canonical_issuer("Бюро медико-социальной экспертизы Л 3 - филиал")
    'Бюро медико-социальной экспертизы № 3 – филиал'
    """
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    # OCR reads «№» after «Бюро» / «экспертизы» as «Л», «N», «Ne», «Мо», «No»
    text = re.sub(r"(?i)(бюро|экспертизы)\s+(?:Л|N[еeо°]?|Ns|Мо|No|Nо)\.?\s*(?=\d)", r"\1 № ", text)
    text = re.sub(r"№(?=\d)", "№ ", text)
    text = re.sub(r"(?<=\s)[-—−‒](?=\s)", "–", text)
    text = re.sub(r'"([^"]*)"', r"«\1»", text)
    return text


def _printed(tl: TextLine, start: int) -> str:
    """The words from ``start`` on, as printed (look-alike letters fixed)."""
    return " ".join(fix_lookalikes(w.text) for w in tl.words_in(start, len(tl.text)))


def _issuer_line(view: DocumentView) -> tuple[TextLine, int] | None:
    first_page = view.pages[0] if view.pages else None
    for tl in view.lines:
        if tl.page is not first_page or tl.index >= HEAD_LINES:
            continue
        m = ISSUER_START.search(tl.text)
        if m and "подпис" not in tl.text.lower():
            return tl, m.start()
    return None


def _line_before(view: DocumentView, tl: TextLine) -> TextLine | None:
    pos = view.lines.index(tl)
    if pos == 0 or view.lines[pos - 1].page is not tl.page:
        return None
    return view.lines[pos - 1]


def extract_issuer(view: DocumentView) -> FieldValue | None:
    """The bureau / ФКУ line in the header, joined with its wrapped continuation.

    A name that does not read as a bureau's (OCR litter left in it, cut short, two
    header blocks run together) stays a candidate with a low confidence: null, not wrong.
    """
    found = _issuer_line(view)
    if found is None:
        return None
    tl, start = found
    prefix = LABEL_PREFIX.match(tl.text)
    if prefix and prefix.end() < start:
        start = prefix.end()
    elif re.search(r"[А-Яа-яЁё]{3,}", tl.text[:start]):
        # «Вюро №. 45- филиал ФКУ …»: words before the start OCR damaged; the name began there
        start = len(tl.text) - len(tl.text.lstrip(JUNK_EDGE + " -–—.,"))
    first = tl
    text, norm = _printed(tl, start), tl.text[start:]
    before = _line_before(view, tl)
    starts_lower = tl.text[start:].lstrip(JUNK_EDGE + " ")[:1].islower()
    ends_comma = before is not None and before.text.rstrip(JUNK_EDGE + " ").endswith(",")
    if before is not None and starts_lower and ends_comma:
        # «…» Минтруда России,» / «бюро № 11»: the name began on the line above
        text, norm, first = f"{_printed(before, 0)} {text}", f"{before.text} {norm}", before
    evidence = first.evidence(start if first is tl else 0)
    line, count, skipped, lost = tl, 1, 0, False
    while count < MAX_LINES:
        nxt = view.next_line(line)
        wrapped_number = nxt is not None and _NUMBER_WRAP.match(f"{norm}\n{nxt.text}")
        if (
            nxt is not None
            and skipped == 0
            and _is_junk_line(nxt)
            and not STOP.search(nxt.text)
            and not wrapped_number
        ):
            skipped, line = 1, nxt
            beside = nxt.bbox[1] < tl.bbox[3] + 0.5 * (tl.bbox[3] - tl.bbox[1]) or count > 1
            lost = _lost_text(nxt) and beside  # a scrap beside the name: part of it was lost
            continue
        if nxt is None or not _continues(norm, nxt):
            break
        glue = "" if WRAP_HYPHEN.search(text) and nxt.text[:1].isalpha() else " "
        text, norm = f"{text}{glue}{_printed(nxt, 0)}", f"{norm}{glue}{nxt.text}"
        line, count = nxt, count + 1
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
    value, repaired, sound = _repair(_clean(canonical_issuer(text)))
    value, dash = re.subn(r"(?<=[\d)])\s+(?=филиал\b)", " – ", canonical_issuer(value))
    repaired += dash  # «№ 27 (… профиля) – филиал»: the dash OCR lost
    quality = REPAIR_QUALITY**repaired
    if (
        not sound
        or lost
        or not issuer_reads_as_name(value)
        or _doubtful_number(view, first, line, value)
    ):
        quality = SUSPECT_QUALITY
    evidence.confidence = round(evidence.confidence * quality, 3)
    return FieldValue("issuer", value, evidence)


class IssuerExtractor(Extractor):
    """The МСЭ bureau that issued the document."""

    code = "issuer"
    keys = ("issuer",)
    version = 4

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the issuer from the page header."""
        fv = extract_issuer(DocumentView(span.pages))
        return [fv] if fv is not None else []
