"""The issuing bureau as printed: «Бюро № 5 – филиал ФКУ "ГБ МСЭ по г. Москве" Минтруда России»."""

from __future__ import annotations

import re

from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.text import fix_lookalikes

ISSUER_START = re.compile(
    r"(бюро\s*(?:№|N|медико)|фку\b|федеральное\s+казенное\s+учреждение|"
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
    r"справк|индивидуальн\w*\s+программ|серия|наименовани|подтверждающ|ипра\s+инвалид|^\(",
    re.IGNORECASE,
)
MAX_LINES = 4


def _continues(text: str, nxt: TextLine) -> bool:
    """The issuer wraps onto ``nxt``: an open quote, a dangling word, or a continuing start."""
    if STOP.search(nxt.text):
        return False
    stripped = text.rstrip()
    if stripped.count('"') % 2 == 1 or stripped.endswith(("-", "–", "—", " по", " и", ",")):
        return True
    if stripped.endswith(("филиал",)):
        return True
    head = nxt.text.lstrip('"«').lower()
    return nxt.text[:1].islower() or head.startswith(CONT_START)


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


def extract_issuer(view: DocumentView) -> FieldValue | None:
    """The bureau / ФКУ line in the header, joined with its wrapped continuation."""
    found = _issuer_line(view)
    if found is None:
        return None
    tl, start = found
    prefix = LABEL_PREFIX.match(tl.text)
    if prefix and prefix.end() < start:
        start = prefix.end()
    text = _printed(tl, start)
    norm = tl.text[start:]
    evidence = tl.evidence(start)
    line, count = tl, 1
    while count < MAX_LINES:
        nxt = view.next_line(line)
        if nxt is None or not _continues(norm, nxt):
            break
        text, norm = f"{text} {_printed(nxt, 0)}", f"{norm} {nxt.text}"
        line, count = nxt, count + 1
    if count > 1:
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
    text = canonical_issuer(text)
    return FieldValue("issuer", text, evidence)


class IssuerExtractor(Extractor):
    """The МСЭ bureau that issued the document."""

    code = "issuer"
    keys = ("issuer",)
    version = 2

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the issuer from the page header."""
        fv = extract_issuer(DocumentView(span.pages))
        return [fv] if fv is not None else []
