"""What one review station serves, and the rule for which addresses it may listen on."""

from __future__ import annotations

import getpass
import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from mseflow.errors import ConfigError
from mseflow.settings import Settings

TOKEN_ENV = "MSEFLOW_REVIEW_TOKEN"
MIN_TOKEN_CHARS = 16
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


@dataclass
class ReviewConfig:
    """The output folder, the settings records are re-validated with, and access control.

    ``token``: when set, every request needs it (bearer header, or a session opened
    through the login form). ``None`` means loopback use without login.
    """

    out_dir: Path
    settings: Settings = field(default_factory=Settings)
    token: str | None = None
    host: str = "127.0.0.1"
    source_dirs: list[Path] = field(default_factory=list)
    default_reviewer: str = field(default_factory=lambda: _os_user())

    @property
    def database(self) -> Path:
        """``OUT/records.sqlite``: records, reviews and exports."""
        return self.out_dir / "records.sqlite"

    @property
    def auth_on(self) -> bool:
        """Whether requests must carry the token or a logged-in session."""
        return bool(self.token)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"


def is_loopback(host: str) -> bool:
    """``127.0.0.1``, ``::1``, ``localhost``: addresses only this machine can reach."""
    name = host.strip("[]").casefold()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse a non-loopback address without a token (and a token too short to hold)."""
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise ConfigError(
            f"{TOKEN_ENV} is too short: use at least {MIN_TOKEN_CHARS} random characters "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(24))')"
        )
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"refusing to listen on {host}: the review station shows personal data, so an "
            f"address other than 127.0.0.1 needs a token. Set {TOKEN_ENV} (at least "
            f"{MIN_TOKEN_CHARS} random characters) and give it to the reviewers, or run "
            "without --host to stay on this computer"
        )


def config_from_env(
    out_dir: Path, host: str, settings: Settings, source_dirs: list[Path]
) -> ReviewConfig:
    """A checked config: the token from ``MSEFLOW_REVIEW_TOKEN`` (raises :class:`ConfigError`)."""
    token = os.environ.get(TOKEN_ENV) or None
    check_bind(host, token)
    if not (out_dir / "records.sqlite").exists():
        raise ConfigError(
            f"no records in {out_dir}: run 'mseflow process FILES --out {out_dir}' first"
        )
    return ReviewConfig(
        out_dir=out_dir, settings=settings, token=token, host=host, source_dirs=source_dirs
    )
