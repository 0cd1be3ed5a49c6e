"""The identifier vault: direct identifiers encrypted with keys from configuration, never the DB.

Keys (docs/adr/0004-identifier-encryption-and-key-rotation.md):
- ``PALERMO_FIELD_KEYS``: a list of Fernet keys, newest first; or ``PALERMO_FIELD_KEY_FILE``: a
  file with one key per line, newest first. Without either, a key file is created once in
  ``VAR_DIR/field_keys`` (mode 0600), as the secret key is, so a fresh install works.
- ``PALERMO_BLIND_INDEX_KEY``: the HMAC key of the blind index (exact-match name lookups). It is
  separate from the encryption keys because rotating those must not change the index.

Encryption uses MultiFernet (AES-128-CBC + HMAC-SHA256, authenticated): it decrypts with any key
in the list and encrypts with the first, so rotation is "put the new key first, run
``palermo cases rotate-keys``, then drop the old key".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "blind_index", "decrypt", "encrypt", "fernet", "generate_key"]


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _key_file() -> Path:
    configured = getattr(settings, "PALERMO_FIELD_KEY_FILE", None)
    if configured:
        return Path(configured)
    var_dir = Path(getattr(settings, "VAR_DIR", Path.cwd() / "var"))
    return var_dir / "field_keys"


def _read_or_create_key_file(path: Path, create: bool) -> list[str]:
    if not path.exists():
        if not create:
            raise ImproperlyConfigured(f"{path}: the identifier key file does not exist")
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(generate_key() + "\n")
    lines = path.read_text(encoding="ascii").split()
    return [line for line in lines if line and not line.startswith("#")]


def configured_keys() -> list[str]:
    """The Fernet keys, newest first, from settings or the key file."""
    keys = getattr(settings, "PALERMO_FIELD_KEYS", None)
    if keys:
        return [k.strip() for k in (keys.split(",") if isinstance(keys, str) else keys)]
    explicit = bool(getattr(settings, "PALERMO_FIELD_KEY_FILE", None))
    return _read_or_create_key_file(_key_file(), create=not explicit)


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode("ascii")) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "PALERMO_FIELD_KEYS: each key must be 32 url-safe base64-encoded bytes "
            "(make one with `palermo cases new-key`)"
        ) from exc


def fernet() -> MultiFernet:
    keys = tuple(configured_keys())
    if not keys:
        raise ImproperlyConfigured("no identifier encryption key configured (PALERMO_FIELD_KEYS)")
    return _fernet(keys)


def encrypt(identifiers: dict[str, str], box: MultiFernet | None = None) -> str:
    """One token for a case's identifiers; "" when there are none (nothing to protect)."""
    kept = {k: v for k, v in identifiers.items() if v not in ("", None)}
    if not kept:
        return ""
    payload = json.dumps(kept, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return (box or fernet()).encrypt(payload).decode("ascii")


def decrypt(token: str, box: MultiFernet | None = None) -> dict[str, str]:
    if not token:
        return {}
    data: dict[str, str] = json.loads((box or fernet()).decrypt(token.encode("ascii")))
    return data


def rotate(token: str, box: MultiFernet) -> str:
    """The token re-encrypted under the first key (MultiFernet.rotate keeps the timestamp)."""
    return box.rotate(token.encode("ascii")).decode("ascii") if token else token


def _index_key() -> bytes:
    key = getattr(settings, "PALERMO_BLIND_INDEX_KEY", None)
    if key:
        return str(key).encode("utf-8")
    # Derived from the secret key, domain-separated, when no dedicated key is configured.
    return hashlib.sha256(b"palermo.cases.blind-index:" + settings.SECRET_KEY.encode()).digest()


def normalise(text: str) -> str:
    """Case, accents and spacing folded, so 'ÉLENA  Petrova' finds 'Elena Petrova'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def blind_index(*parts: Any) -> str:
    """Keyed HMAC-SHA256 of the normalised parts; "" when every part is blank."""
    text = "\x1f".join(normalise(str(p)) for p in parts if p not in ("", None))
    if not text:
        return ""
    return hmac.new(_index_key(), text.encode("utf-8"), hashlib.sha256).hexdigest()


def keyed_hash(*parts: str) -> str:
    """Keyed hash of raw parts (natural keys): an id written by an agency is not stored in clear."""
    return hmac.new(_index_key(), "\x1f".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()
