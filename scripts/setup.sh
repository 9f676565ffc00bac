#!/usr/bin/env bash
# Set up mseflow on a fresh Debian machine (run as root, or with sudo available):
#   - Debian packages: Tesseract with Russian data, its headers (tesserocr is built against
#     Debian's libtesseract 5.3, the engine bench/accuracy.py was measured with), poppler,
#     DejaVu fonts, PostgreSQL (tests);
#   - .venv at the repository root with the project and its test extras, pinned by constraints.txt.
# Idempotent: a second run checks and skips (a few seconds).
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the review station's browser tests (Playwright drives /usr/bin/chromium);
# libtesseract-dev, libleptonica-dev, pkg-config: tesserocr is built against Debian's Tesseract
APT_PACKAGES=(
    tesseract-ocr tesseract-ocr-rus libtesseract-dev libleptonica-dev pkg-config
    poppler-utils fonts-dejavu-core fonts-paratype fonts-liberation2 postgresql chromium
    fonts-freefont-ttf fonts-linuxlibertine ghostscript fonts-urw-base35 fonts-cmu fonts-crosextra-carlito
    fonts-noto-core fonts-noto-mono fonts-roboto-unhinted fonts-open-sans
    librsvg2-bin fonts-cantarell fonts-inter fonts-ebgaramond fonts-jetbrains-mono
    mupdf-tools fonts-lato fonts-go fonts-comfortaa fonts-anonymous-pro
    libcairo2 fonts-sil-charis fonts-sil-gentiumplus fonts-sil-andika fonts-oldstandard fonts-hack
    fonts-croscore fonts-tuffy fonts-sjfonts fonts-gnutypewriter
    fonts-stix fonts-vollkorn fonts-jura fonts-firacode
    libreoffice-writer-nogui fonts-sil-doulos fonts-clear-sans fonts-manrope fonts-triod-postnaja
    libegl1 libxkbcommon0 libfontconfig1 libgl1 libglib2.0-0 libdbus-1-3
)
PYTHON=${PYTHON:-python3}

log() { printf '[setup] %s\n' "$*" >&2; }

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    log "installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    log "Debian packages present"
fi

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { log "Python 3.11+ needed"; exit 1; }
if [ ! -x .venv/bin/python ]; then
    log "creating .venv"
    "$PYTHON" -m venv .venv
fi

stamp=.venv/.mseflow-installed
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "installing Python packages (pinned by constraints.txt; about 2 minutes the first time)"
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 'setuptools<82' wheel
    # tesserocr from its sdist, linked to Debian's libtesseract (its wheel bundles another
    # Tesseract whose output differs); Cython for that build pinned by constraints.txt too
    .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt \
        --build-constraint constraints.txt --no-binary tesserocr -e '.[test]'
    echo "$want" > "$stamp"
else
    log "Python packages up to date"
fi
# The project's own modules are an editable install: without their bytecode caches (this
# environment sets PYTHONDONTWRITEBYTECODE=1) every command compiles them again, ~0.3 CPU s
# of each start-up (bench/README.md, issue 13). pip writes these caches for an installed
# wheel; a module edited later is compiled in memory until the next setup, never run stale.
.venv/bin/python -m compileall -q mseflow extractors validators flows >/dev/null
.venv/bin/mseflow --version >&2
