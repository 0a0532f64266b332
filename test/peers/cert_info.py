#!/usr/bin/env python3
"""Prints what Python `cryptography` reads from PEM certificates, as the independent oracle of
test/x509/der.test.ts:

    python3 test/peers/cert_info.py CERT.pem ...

One JSON object: path -> {serial (decimal), notBefore / notAfter (ISO, UTC), keyType (rsa | ec),
curve (P-256 | P-384 | null), spki (base64 DER of SubjectPublicKeyInfo), der (base64 DER)}.
"""
import base64
import json
import sys

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

CURVES = {"secp256r1": "P-256", "secp384r1": "P-384"}
out = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        cert = x509.load_pem_x509_certificate(f.read())
    key = cert.public_key()
    out[path] = {
        "serial": str(cert.serial_number),
        "notBefore": cert.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "notAfter": cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "keyType": "rsa" if isinstance(key, rsa.RSAPublicKey) else "ec",
        "curve": CURVES.get(key.curve.name) if isinstance(key, ec.EllipticCurvePublicKey) else None,
        "spki": base64.b64encode(key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode(),
        "der": base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode(),
    }
print(json.dumps(out))
