"""Sealed ballots: the poll's key pair, the scrutineers' shares of its private key, sealing.

See docs/decisions/0012-sealed-ballots.md. When a secret electronic poll opens, a fresh X25519
key pair is made in memory. The public key is stored on the poll; the private key is split in
two XOR halves: the 总监票人 holds one half, every 监票人 holds the other, each wrapped with that
person's own passphrase (Argon2id → XSalsa20-Poly1305, PyNaCl). The private key itself is never
written anywhere, so the chief together with any one 监票人 can open the ballots, nobody alone
can, and neither can whoever holds the database. Ballots are sealed (``SealedBox``) at cast time
and padded to one length per poll, so neither their content nor their size says how anyone voted.
"""

import json

from nacl import pwhash, secret, utils
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

KDF = pwhash.argon2id
PASSPHRASE_MIN = 8
WRITE_IN_MAX = 50  # characters of one write-in name (Candidate.name has the same limit)


class WrongPassphrase(Exception):
    """A passphrase did not open its share, or the shares do not make the poll's key."""


def new_key_pair():
    """(public key bytes, private key bytes) of a fresh X25519 key pair."""
    private = PrivateKey.generate()
    return bytes(private.public_key), bytes(private)


def split_key(private):
    """Two random-looking halves whose XOR is the private key: (chief's, each member's)."""
    chief = utils.random(len(private))
    return chief, bytes(a ^ b for a, b in zip(private, chief, strict=True))


def wrap_share(share, passphrase):
    """(salt, ciphertext) of a share, keyed by Argon2id of the holder's passphrase."""
    salt = utils.random(KDF.SALTBYTES)
    box = secret.SecretBox(_derive(passphrase, salt))
    return salt, bytes(box.encrypt(share))


def unwrap_share(salt, wrapped, passphrase):
    try:
        return secret.SecretBox(_derive(passphrase, bytes(salt))).decrypt(bytes(wrapped))
    except CryptoError:
        raise WrongPassphrase from None


def _derive(passphrase, salt):
    return KDF.kdf(
        secret.SecretBox.KEY_SIZE,
        passphrase.encode(),
        salt,
        opslimit=KDF.OPSLIMIT_INTERACTIVE,
        memlimit=KDF.MEMLIMIT_INTERACTIVE,
    )


def join_key(chief_share, member_share, public_key):
    """The private key from the two halves, checked against the poll's public key."""
    private = PrivateKey(bytes(a ^ b for a, b in zip(chief_share, member_share, strict=True)))
    if bytes(private.public_key) != bytes(public_key):
        raise WrongPassphrase
    return private


def padded_size(*, candidates, seats, write_ins):
    """One plaintext length for every ballot of a poll (a multiple of 256 bytes): room for the
    receipt hash, a mark per candidate and, where allowed, a full-length write-in per seat."""
    room = 256 + 48 * candidates + (seats * (WRITE_IN_MAX * 4 + 8) if write_ins else 0)
    return -(-room // 256) * 256


def seal(public_key, payload, size):
    """Seal ``payload`` (a dict) for the holder of the poll's private key, padded to ``size``."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    if len(data) > size:
        raise ValueError("ballot larger than its padded size")
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(data + b" " * (size - len(data))))


def unseal(private_key, sealed):
    return json.loads(SealedBox(private_key).decrypt(bytes(sealed)).decode())
