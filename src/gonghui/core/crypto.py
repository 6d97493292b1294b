"""Field encryption for personal information: AES-GCM at rest, HMAC-SHA256 for exact lookup.

Keys are derived from settings.PII_KEY (environment or generated into var/ on first run).
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


@lru_cache(maxsize=4)
def _keys(master: str) -> tuple[bytes, bytes]:
    material = HKDF(algorithm=SHA256(), length=64, salt=b"gonghui-pii", info=b"v1").derive(
        master.encode()
    )
    return material[:32], material[32:]


def _enc_key() -> bytes:
    return _keys(settings.PII_KEY)[0]


def _mac_key() -> bytes:
    return _keys(settings.PII_KEY)[1]


@lru_cache(maxsize=4)
def _aead(key: bytes) -> AESGCM:
    return AESGCM(key)


def encrypt(plaintext: str, *, purpose: str) -> str:
    """Encrypt with a random nonce; `purpose` is bound as associated data."""
    if plaintext == "":
        return ""
    nonce = os.urandom(12)
    ct = _aead(_enc_key()).encrypt(nonce, plaintext.encode(), purpose.encode())
    return base64.b64encode(nonce + ct).decode()


def decrypt(token: str, *, purpose: str) -> str:
    """Decrypt a value produced by encrypt(); raises if tampered with."""
    if not token:
        return ""
    blob = base64.b64decode(token)
    return _aead(_enc_key()).decrypt(blob[:12], blob[12:], purpose.encode()).decode()


def lookup_hash(value: str, *, purpose: str) -> str:
    """Keyed hash for exact-match lookup without storing the value."""
    if value == "":
        return ""
    return hmac.new(_mac_key(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
