"""Encryption at rest (AES-256-GCM) and blind indexes (HMAC-SHA256) for personal data.

Keys come from the environment (``GONGHUI_DATA_KEYS``, ``GONGHUI_INDEX_KEY``, or their ``*_FILE``
forms) or, for demo and test runs, from a key file outside the database. Each ciphertext carries
the id of the key that made it, so keys can be rotated (``gonghui rotate_data_key``).
"""

import base64
import binascii
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

NONCE_BYTES = 12
SEPARATOR = "$"


class KeyError_(Exception):
    """The configured keys are missing or malformed."""


@dataclass(frozen=True)
class KeyRing:
    current: str
    data_keys: dict  # kid -> AESGCM
    index_key: bytes


_URLSAFE = bytes.maketrans(b"+/", b"-_")  # standard base64 to its URL-safe alphabet


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


def generate_key_file(path, kid="k1"):
    """Write a new key file (demo and development only). Returns its content."""
    content = {
        "current": kid,
        "data_keys": {kid: _b64(AESGCM.generate_key(bit_length=256))},
        "index_key": _b64(secrets.token_bytes(32)),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(content, f, indent=2)
    return content


def _load_config():
    if settings.DATA_KEYS and settings.INDEX_KEY:
        pairs = [p.split(":", 1) for p in settings.DATA_KEYS.split(",") if p.strip()]
        return {
            "current": pairs[0][0].strip(),
            "data_keys": {kid.strip(): key.strip() for kid, key in pairs},
            "index_key": settings.INDEX_KEY,
        }
    path = settings.DATA_KEY_FILE
    if not path.exists():
        if not (settings.DEBUG or settings.TESTING or os.environ.get("GONGHUI_DEMO")):
            raise KeyError_(
                "No data keys: set GONGHUI_DATA_KEYS and GONGHUI_INDEX_KEY, or GONGHUI_DATA_KEY_FILE"
            )
        try:
            return generate_key_file(path)
        except FileExistsError:
            pass
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def keyring() -> KeyRing:
    config = _load_config()
    data_keys = {kid: AESGCM(_unb64(key)) for kid, key in config["data_keys"].items()}
    if config["current"] not in data_keys:
        raise KeyError_("the current data key id is not among the data keys")
    return KeyRing(config["current"], data_keys, _unb64(config["index_key"]))


def reset_keyring():
    keyring.cache_clear()


def encrypt(plaintext: str, kid: str | None = None) -> str:
    """Encrypt text; the result is ``kid$base64(nonce + ciphertext)``."""
    ring = keyring()
    kid = kid or ring.current
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = ring.data_keys[kid].encrypt(nonce, plaintext.encode("utf-8"), kid.encode("ascii"))
    return f"{kid}{SEPARATOR}{_b64(nonce + sealed)}"


def encrypt_many(plaintexts, kid: str | None = None) -> list[str]:
    """``encrypt`` of each text ('' stays '': an empty field has no ciphertext), with one call
    for the random nonces of the whole list (bulk imports encrypt two fields a row)."""
    ring = keyring()
    kid = kid or ring.current
    seal, aad, prefix = ring.data_keys[kid].encrypt, kid.encode("ascii"), f"{kid}{SEPARATOR}"
    nonces = secrets.token_bytes(NONCE_BYTES * len(plaintexts))
    b64, urlsafe = binascii.b2a_base64, _URLSAFE  # what _b64 does, without its two calls
    out = []
    for i, text in enumerate(plaintexts):
        if not text:
            out.append("")
            continue
        nonce = nonces[i * NONCE_BYTES : (i + 1) * NONCE_BYTES]
        sealed = nonce + seal(nonce, text.encode("utf-8"), aad)
        out.append(prefix + b64(sealed, newline=False).translate(urlsafe).decode("ascii"))
    return out


def decrypt(token: str) -> str:
    kid, _, body = token.partition(SEPARATOR)
    raw = _unb64(body)
    aes = keyring().data_keys[kid]
    return aes.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], kid.encode("ascii")).decode("utf-8")


def key_id_of(token: str) -> str:
    return token.partition(SEPARATOR)[0]


def blind_index(value: str, purpose: str = "") -> str:
    """HMAC-SHA256 of a normalised value, truncated to 128 bits (32 hex characters).

    ``purpose`` separates indexes of different kinds of value (an ID number and a phone number
    that happen to be equal must not share an index).
    """
    # hmac.digest: OpenSSL's one-shot HMAC, the same value as hmac.new(...).hexdigest().
    return hmac.digest(keyring().index_key, f"{purpose}\x1f{value}".encode(), "sha256").hex()[:32]


def blind_indexer(purpose: str = ""):
    """``blind_index(value, purpose)`` as a function of ``value``, for many values of one
    purpose (bulk imports): the key and the purpose go into the HMAC once, and each value costs
    a copy of that state and the value's own bytes. Same values as ``blind_index``."""
    keyed = hmac.new(keyring().index_key, f"{purpose}\x1f".encode(), "sha256")

    def index(value: str) -> str:
        mac = keyed.copy()
        mac.update(value.encode())
        return mac.hexdigest()[:32]

    return index
