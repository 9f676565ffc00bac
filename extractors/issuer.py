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


def _continues(tl: TextLine, text: str) -> bool:
    """The issuer wraps onto the next line (open quote or a dangling word)."""
    return text.count('"') % 2 == 1 or text.rstrip().endswith(("-", "по", "филиал", "—"))


def canonical_issuer(text: str) -> str:
    """Single spaces, a free-standing dash as the en dash the form prints, «» quotes.

    >>> canonical_issuer('Бюро № 5 - филиал ФКУ "ГБ МСЭ по г. Москве"  Минтруда России')
    'Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России'
    """
    text = re.sub(r"\s+", " ", text).strip(" ,;")
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
    evidence = tl.evidence(start)
    nxt = view.next_line(tl)
    if nxt is not None and _continues(tl, tl.text[start:]):
        text = f"{text} {_printed(nxt, 0)}"
    text = canonical_issuer(text)
    return FieldValue("issuer", text, evidence)


class IssuerExtractor(Extractor):
    """The МСЭ bureau that issued the document."""

    code = "issuer"
    keys = ("issuer",)
    version = 1

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the issuer from the page header."""
        fv = extract_issuer(DocumentView(span.pages))
        return [fv] if fv is not None else []
