"""The signed token in a badge's QR code: "<registration id>.<serial>.<signature>".

No personal data, and short enough (about 25 characters, QR version 2) to scan from a
phone at arm's length. The signature is an HMAC-SHA256 under the app's secret key,
truncated to 72 bits: forging one takes ~2^71 tries against a door that answers slowly.
"""

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, Signer
from itsdangerous.signer import HMACAlgorithm

from ascn.ids import parse_id

SIGNATURE_BYTES = 9


class _TruncatedHMAC(HMACAlgorithm):
    def get_signature(self, key: bytes, value: bytes) -> bytes:
        return hmac.new(key, msg=value, digestmod=self.digest_method).digest()[:SIGNATURE_BYTES]


def _signer() -> Signer:
    return Signer(
        current_app.config["SECRET_KEY"],
        salt="ascn.badge",
        sep=".",
        digest_method=hashlib.sha256,
        algorithm=_TruncatedHMAC(hashlib.sha256),
    )


def sign(registration_id: int, serial: int) -> str:
    return _signer().sign(f"{registration_id}.{serial}").decode("ascii")


def read(token: str) -> tuple[int, int] | None:
    """(registration id, serial) of a genuine token; None for anything else."""
    token = (token or "").strip()
    if len(token) > 80:
        return None
    try:
        value = _signer().unsign(token).decode("ascii")
    except (BadSignature, UnicodeError, ValueError):
        return None
    registration_id, _, serial = value.partition(".")
    registration_id, serial = parse_id(registration_id), parse_id(serial)
    if registration_id is None or serial is None:
        return None
    return registration_id, serial
