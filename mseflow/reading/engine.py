"""The OCR engine, kept loaded: one Tesseract per worker (per thread), fed raw pixels.

:class:`TesserocrEngine` drives libtesseract through tesserocr: the ``rus`` model is
loaded once per process (per thread, since a ``TessBaseAPI`` is not thread-safe) and
reused for every page; the page goes in as raw 8-bit pixels (``SetImageBytes``), so
nothing is PNG-encoded and nothing touches the disk. Words, boxes and confidences
come from its result iterator. Measured on generated scans (bench/README.md): the
same words and boxes as ``pytesseract.image_to_data`` on 8/8 pages, 1.7× faster.
Each word also carries its characters (:class:`~mseflow.reading.page.Glyph`): their
confidence and, with ``lstm_choice_mode=2`` (on by default; it costs 5–12 % of the main
pass: 0.542 against 0.479 CPU s a page on the bench scans, 0.589 against 0.562 on family 10,
bench/README.md round 11), the closest rival each beat and by how much;
:mod:`mseflow.reading.reread` turns that into honest word confidences, and the extractors
read the rivals of digits (``extractors/issuer.py``, ``extractors/numbers.py``).

:class:`CliEngine` is the fallback when tesserocr is missing (or
``MSEFLOW_OCR_ENGINE=cli``): one ``tesseract`` process per call, the page piped in
as an uncompressed PGM on stdin and the TSV read from stdout, so there are no temp
files either (pytesseract wrote a PNG of every page to /tmp, issue 11).

Both run Tesseract single-threaded (``OMP_THREAD_LIMIT=1``, env-notes trap 3) and
keep OpenBLAS to one thread; parallelism is across processes (:mod:`mseflow.parallel`).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from mseflow.errors import MissingDependencyError
from mseflow.reading.page import Glyph, Word
from mseflow.reading.preprocess import Gray

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

logger = logging.getLogger(__name__)

ENGINE_ENV = "MSEFLOW_OCR_ENGINE"
"""``tesserocr`` (default when importable) or ``cli`` (the tesseract binary)."""
OSD_MIN_CONFIDENCE = 1.0
CHOICES_ENV = "MSEFLOW_OCR_CHOICES"
"""``0`` switches off the per-character rivals (``lstm_choice_mode``); on by default."""
CROP_TIMEOUT_S = 2.0
"""Time cap for re-reading one crop."""
TESSDATA_ENV = "TESSDATA_PREFIX"
"""Folder of the Tesseract models, when set (Tesseract's own variable)."""
SYSTEM_TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
"""Where Debian (and a source build) keep the models, looked at when the library's own
default folder holds none: tesserocr's PyPI wheel bundles a Tesseract whose default is
the current folder, so without this it would find no ``rus`` at all."""
RIVAL_SCALE = 100.0
"""Rating distance (GetBestLSTMSymbolChoices units) that counts as a margin of 1."""


def choices_enabled() -> bool:
    """Whether the engine asks Tesseract for each character's rivals."""
    return os.environ.get(CHOICES_ENV, "1").strip() != "0"


@dataclass(frozen=True, slots=True)
class OcrResult:
    """Words of one recognition pass; ``timed_out`` when the per-page time cap cut it short."""

    words: list[Word] = field(default_factory=list)
    timed_out: bool = False

    @property
    def mean_confidence(self) -> float:
        """Mean word confidence, 0..1 (0 when no words)."""
        if not self.words:
            return 0.0
        return sum(w.confidence for w in self.words) / len(self.words)


class Engine(Protocol):
    """What reading needs from an OCR engine."""

    name: str

    def read(self, gray: Gray, psm: int, timeout_s: float) -> OcrResult:
        """Recognise ``gray``: words with boxes in its pixels and 0..1 confidences."""
        ...

    def orientation(self, gray: Gray) -> int:
        """Clockwise rotation (0/90/180/270) that makes the page upright; 0 when unsure."""
        ...

    def read_crop(self, gray: Gray, psm: int, whitelist: str = "") -> OcrResult:
        """Recognise a small crop (one word or line), only ``whitelist`` characters if given."""
        ...


class TesserocrEngine:
    """libtesseract through tesserocr, the model loaded once and reused."""

    name = "tesserocr"

    def __init__(self, lang: str) -> None:
        import tesserocr

        self._tesserocr = tesserocr
        self._path = tessdata_path()
        self._api = tesserocr.PyTessBaseAPI(path=self._path, lang=lang, psm=tesserocr.PSM.AUTO)
        self._osd: object | None = None
        self._psm = int(tesserocr.PSM.AUTO)
        self._choices = choices_enabled()
        if self._choices:  # rivals per character (GetBestLSTMSymbolChoices)
            self._api.SetVariable("lstm_choice_mode", "2")

    def read(self, gray: Gray, psm: int, timeout_s: float) -> OcrResult:
        """One recognition pass; a pass over ``timeout_s`` gives ``timed_out`` and no words."""
        api = self._api
        if psm != self._psm:
            api.SetPageSegMode(psm)
            self._psm = psm
        pixels = np.ascontiguousarray(gray, dtype=np.uint8)
        height, width = pixels.shape[:2]
        api.SetImageBytes(pixels.tobytes(), width, height, 1, width)
        try:
            done = api.Recognize(timeout=min(max(1, int(timeout_s * 1000)), 2**31 - 1))
        except RuntimeError as exc:  # "Failed to recognize": an empty or odd image
            logger.debug("recognition failed: %s", exc)
            return OcrResult()
        if not done:
            api.Clear()
            return OcrResult(timed_out=True)
        try:
            words = self._words()
        except RuntimeError as exc:  # "No text returned": a blank page
            logger.debug("no words: %s", exc)
            words = []
        api.Clear()
        return OcrResult(words)

    def read_crop(self, gray: Gray, psm: int, whitelist: str = "") -> OcrResult:
        """Re-read a crop through the same loaded model; the page settings come back after."""
        api = self._api
        if whitelist:
            api.SetVariable("tessedit_char_whitelist", whitelist)
        try:
            return self.read(gray, psm, CROP_TIMEOUT_S)
        finally:
            if whitelist:
                api.SetVariable("tessedit_char_whitelist", "")

    def _words(self) -> list[Word]:
        """Words of the last recognition, each with its glyphs, from the result iterator."""
        tesserocr = self._tesserocr
        words: list[Word] = []
        level, symbol = tesserocr.RIL.WORD, tesserocr.RIL.SYMBOL
        item = self._api.GetIterator()
        if item is None:
            return words
        item.Begin()
        while True:
            text = item.GetUTF8Text(level)
            box = item.BoundingBox(level)
            if text and text.strip() and box is not None:
                x0, y0, x1, y1 = box
                conf = round(float(item.Confidence(level)) / 100.0, 3)
                glyphs = _glyphs(item, level, symbol, self._choices)
                bbox = (float(x0), float(y0), float(x1), float(y1))
                words.append(Word(text.strip(), bbox, conf, glyphs))
            if not item.Next(level):
                return words

    def orientation(self, gray: Gray) -> int:
        """Tesseract's OSD on ``gray`` (a half-size copy is enough), with a second loaded API."""
        tesserocr = self._tesserocr
        if self._osd is None:
            self._osd = tesserocr.PyTessBaseAPI(
                path=self._path, lang="osd", psm=tesserocr.PSM.OSD_ONLY
            )
        osd = self._osd
        pixels = np.ascontiguousarray(gray, dtype=np.uint8)
        height, width = pixels.shape[:2]
        osd.SetImageBytes(pixels.tobytes(), width, height, 1, width)  # type: ignore[attr-defined]
        try:
            found = osd.DetectOrientationScript()  # type: ignore[attr-defined]
        except RuntimeError as exc:
            logger.debug("orientation detection failed: %s", exc)
            found = None
        osd.Clear()  # type: ignore[attr-defined]
        if not found or float(found["orient_conf"]) < OSD_MIN_CONFIDENCE:
            return 0
        # orient_deg is how far the image is turned clockwise; the fix turns it back
        return (360 - int(found["orient_deg"])) % 360


def _glyphs(item: object, level: int, symbol: int, choices: bool) -> tuple[Glyph, ...]:
    """The characters of the iterator's current word: confidence and closest rival.

    ``GetBestLSTMSymbolChoices`` (``lstm_choice_mode=2``) lists, per character, the
    readings the LSTM weighed with their ratings (lower is better); the rival is the
    best other one and the margin its distance in ``RIVAL_SCALE`` units. The list may
    open with a blank (the space before the word); it is matched to the symbols only
    when the counts agree.
    """
    chars: list[tuple[str, float]] = []
    while True:
        text = item.GetUTF8Text(symbol)  # type: ignore[attr-defined]
        if text:
            chars.append((text, float(item.Confidence(symbol)) / 100.0))  # type: ignore[attr-defined]
        if item.IsAtFinalElement(level, symbol) or not item.Next(symbol):  # type: ignore[attr-defined]
            break
    rivals: list[tuple[str, float]] = []
    if choices:
        lists = [c for c in item.GetBestLSTMSymbolChoices() if c and c[0][0].strip()]  # type: ignore[attr-defined]
        if len(lists) == len(chars):
            for ch, options in zip(chars, lists, strict=True):
                best = options[0][1]
                other = next(((t, r) for t, r in options[1:] if t != ch[0] and t.strip()), None)
                if other is None:
                    rivals.append(("", 1.0))
                else:
                    rivals.append((other[0], min(1.0, max(0.0, (other[1] - best) / RIVAL_SCALE))))
    if len(rivals) != len(chars):
        rivals = [("", 1.0)] * len(chars)
    return tuple(
        Glyph(t, round(c, 3), r, round(m, 3)) for (t, c), (r, m) in zip(chars, rivals, strict=True)
    )


_ROTATE_RE = re.compile(r"Rotate:\s*(\d+)")
_CONF_RE = re.compile(r"Orientation confidence:\s*([\d.]+)")


class CliEngine:
    """The ``tesseract`` binary, one process per call, the page on stdin as a raw PGM."""

    name = "tesseract-cli"

    def __init__(self, lang: str) -> None:
        binary = shutil.which("tesseract")
        if binary is None:
            raise MissingDependencyError(_INSTALL_HINT)
        self._binary = binary
        self._lang = lang

    def _run(self, gray: Gray, args: list[str], timeout_s: float) -> str | None:
        """Tesseract's stdout for ``gray``; None when it ran past ``timeout_s``."""
        pixels = np.ascontiguousarray(gray, dtype=np.uint8)
        height, width = pixels.shape[:2]
        pgm = b"P5\n%d %d\n255\n" % (width, height) + pixels.tobytes()
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            done = subprocess.run(
                [self._binary, "stdin", "stdout", *args],
                input=pgm,
                capture_output=True,
                timeout=timeout_s,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None
        if done.returncode != 0:
            logger.debug("tesseract exited %d", done.returncode)
            return ""
        return done.stdout.decode("utf-8", errors="replace")

    def read(self, gray: Gray, psm: int, timeout_s: float) -> OcrResult:
        """One recognition pass through ``tesseract ... tsv``."""
        out = self._run(gray, ["-l", self._lang, "--psm", str(psm), "tsv"], timeout_s)
        if out is None:
            return OcrResult(timed_out=True)
        return OcrResult(parse_tsv(out))

    def read_crop(self, gray: Gray, psm: int, whitelist: str = "") -> OcrResult:
        """Re-read a crop (one process per call: slow, but the same engine)."""
        args = ["-l", self._lang, "--psm", str(psm)]
        if whitelist:
            args += ["-c", f"tessedit_char_whitelist={whitelist}"]
        out = self._run(gray, [*args, "tsv"], CROP_TIMEOUT_S)
        return OcrResult(timed_out=True) if out is None else OcrResult(parse_tsv(out))

    def orientation(self, gray: Gray) -> int:
        """``tesseract --psm 0`` (OSD) on ``gray``."""
        out = self._run(gray, ["--psm", "0"], 60.0) or ""
        rotate, conf = _ROTATE_RE.search(out), _CONF_RE.search(out)
        if not rotate or not conf or float(conf.group(1)) < OSD_MIN_CONFIDENCE:
            return 0
        return int(rotate.group(1)) % 360


def parse_tsv(tsv: str) -> list[Word]:
    """Words of Tesseract's TSV output (level 5 rows with text).

    >>> parse_tsv("level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n"
    ...           "5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t30\\t12\\t91.5\\tБюро\\n")
    [Word(text='Бюро', bbox=(10.0, 20.0, 40.0, 32.0), confidence=0.915)]
    """
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (float(c) for c in cells[6:10])
        conf = max(0.0, float(cells[10]))
        words.append(
            Word(cells[11].strip(), (left, top, left + width, top + height), round(conf / 100, 3))
        )
    return words


_INSTALL_HINT = (
    "Tesseract is not installed: install the Debian packages 'tesseract-ocr "
    "tesseract-ocr-rus' (and 'libtesseract-dev libleptonica-dev' to build tesserocr)"
)

_local = threading.local()


def get_engine(lang: str) -> Engine:
    """This thread's engine for ``lang``, created (model loaded) on first use and kept."""
    engines: dict[str, Engine] = _local.__dict__.setdefault("engines", {})
    engine = engines.get(lang)
    if engine is None:
        check_languages(lang)
        engine = TesserocrEngine(lang) if engine_kind() == "tesserocr" else CliEngine(lang)
        engines[lang] = engine
    return engine


@functools.cache
def engine_kind() -> str:
    """``tesserocr`` when it imports (and is not switched off), else ``cli``."""
    if os.environ.get(ENGINE_ENV, "").strip().lower() == "cli":
        return "cli"
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        logger.warning("tesserocr is not installed: OCR falls back to the tesseract binary")
        return "cli"
    return "tesserocr"


@functools.cache
def tesseract_version() -> str:
    """Tesseract's version string of the engine in use, e.g. ``5.3.0``."""
    if engine_kind() == "tesserocr":
        import tesserocr

        first = tesserocr.tesseract_version().splitlines()[0]
        return first.replace("tesseract", "").strip()
    binary = shutil.which("tesseract")
    if binary is None:
        raise MissingDependencyError(_INSTALL_HINT)
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    first = (done.stdout or done.stderr).splitlines()[0] if (done.stdout or done.stderr) else ""
    return first.replace("tesseract", "").strip()


@functools.cache
def tessdata_path() -> str:
    """The models folder tesserocr loads from: ``TESSDATA_PREFIX``, else the library's default
    where it holds models, else the first system folder (``SYSTEM_TESSDATA``) that does.

    The library's default is what Debian's ``libtesseract`` was built with; a wheel's
    bundled Tesseract looks in the current folder, so it is given Debian's models (the
    ones ``tesseract-ocr-rus`` installs) instead of nothing.
    """
    import tesserocr

    given = os.environ.get(TESSDATA_ENV, "").strip()
    if given:
        return given
    default, langs = tesserocr.get_languages()
    if langs:
        return str(default)
    for folder in SYSTEM_TESSDATA:
        if any(Path(folder).glob("*.traineddata")):
            return folder
    return str(default)


@functools.cache
def available_languages() -> frozenset[str]:
    """Tesseract languages installed for the engine in use."""
    if engine_kind() == "tesserocr":
        import tesserocr

        return frozenset(tesserocr.get_languages(tessdata_path())[1])
    binary = shutil.which("tesseract")
    if binary is None:
        raise MissingDependencyError(_INSTALL_HINT)
    done = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, check=False)
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:] if line.strip())


def check_languages(lang: str) -> None:
    """Raise :class:`MissingDependencyError` with the fix when a language is not installed."""
    missing = [part for part in lang.split("+") if part not in available_languages()]
    if missing:
        raise MissingDependencyError(
            f"Tesseract language data missing: {', '.join(missing)}; install the Debian "
            f"package 'tesseract-ocr-{missing[0]}'"
        )


def describe_engine() -> str:
    """One line for ``mseflow --version``: which OCR engine and Tesseract build are in use."""
    try:
        version = tesseract_version()
    except MissingDependencyError:
        return "OCR engine: none (Tesseract not installed)"
    if engine_kind() == "tesserocr":
        import tesserocr

        build = "system libtesseract" if _linked_to_system() else "bundled in the wheel"
        models = tessdata_path().rstrip("/")
        return (
            f"OCR engine: tesserocr {tesserocr.__version__}, Tesseract {version} ({build}), "
            f"models in {models}"
        )
    return f"OCR engine: tesseract binary {version} (fallback; tesserocr not installed)"


def _linked_to_system() -> bool:
    """True when tesserocr is linked against the system's libtesseract (built from the sdist)."""
    import tesserocr

    return not (Path(tesserocr.__file__).resolve().parent.parent / "tesserocr.libs").is_dir()
