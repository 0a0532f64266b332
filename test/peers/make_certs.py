#!/usr/bin/env python3
"""Makes throwaway X.509 test PKIs with `cryptography` (nothing is committed; keys live in a temp folder).

    python3 test/peers/make_certs.py OUTDIR

Writes, for each of rsa (RSA 2048), p256 (EC P-256), p384 (EC P-384): NAME.cert.pem (leaf signed by
a root CA), NAME.key.pem (PKCS#8); and for the intermediate case `NAME-int`: a leaf signed by an
intermediate, with NAME-int.chain.pem holding the intermediate. Also `expired` (P-256, validity in the
past), `far` (P-384, valid to 2051: GeneralizedTime), `maxserial` (RSA, serial 2**159 - 1) and key variants of rsa/p256: rsa.pkcs1.pem, p256.sec1.pem, p256.enc.pem (encrypted PKCS#8,
passphrase "correct horse"). Serials are random 20-octet (159-bit) values, the largest AWS allows.
Prints a JSON object: NAME -> {"serial": decimal string}.
"""
import datetime
import json
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

out = sys.argv[1]
now = datetime.datetime.now(datetime.timezone.utc)
day = datetime.timedelta(days=1)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make(subject, key, issuer_name, issuer_key, ca, not_before=None, not_after=None, serial=None):
    b = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(issuer_name)
         .public_key(key.public_key()).serial_number(serial or int.from_bytes(os.urandom(20), "big") >> 1)
         .not_valid_before(not_before or now - day).not_valid_after(not_after or now + 30 * day)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    return b.sign(issuer_key, hashes.SHA256())


def pem(c):
    return c.public_bytes(serialization.Encoding.PEM)


def write(fname, data):
    with open(os.path.join(out, fname), "wb") as f:
        f.write(data)


def pkcs8(k, password=None):
    enc = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)


root_key = ec.generate_private_key(ec.SECP256R1())
root = make("sigv4-kit test root", root_key, name("sigv4-kit test root"), root_key, True)
write("root.cert.pem", pem(root))
int_key = ec.generate_private_key(ec.SECP384R1())
inter = make("sigv4-kit test intermediate", int_key, root.subject, root_key, True)

gens = {"rsa": lambda: rsa.generate_private_key(65537, 2048), "p256": lambda: ec.generate_private_key(ec.SECP256R1()),
        "p384": lambda: ec.generate_private_key(ec.SECP384R1())}
info = {}
for kind, gen in gens.items():
    for suffix, (issuer, ikey) in (("", (root, root_key)), ("-int", (inter, int_key))):
        key = gen()
        cert = make(f"{kind}{suffix} leaf", key, issuer.subject, ikey, False)
        write(f"{kind}{suffix}.cert.pem", pem(cert))
        write(f"{kind}{suffix}.key.pem", pkcs8(key))
        if suffix:
            write(f"{kind}{suffix}.chain.pem", pem(inter))
        if kind == "rsa" and not suffix:
            write("rsa.pkcs1.pem", key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
        if kind == "p256" and not suffix:
            write("p256.sec1.pem", key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
            write("p256.enc.pem", pkcs8(key, b"correct horse"))
        info[f"{kind}{suffix}"] = {"serial": str(cert.serial_number)}

key = ec.generate_private_key(ec.SECP256R1())
cert = make("expired leaf", key, root.subject, root_key, False, now - 60 * day, now - 30 * day)
write("expired.cert.pem", pem(cert))
write("expired.key.pem", pkcs8(key))
info["expired"] = {"serial": str(cert.serial_number)}

# Validity past 2049: RFC 5280 encodes those dates as GeneralizedTime, not UTCTime.
key = ec.generate_private_key(ec.SECP384R1())
cert = make("far leaf", key, root.subject, root_key, False, now - day, datetime.datetime(2051, 3, 4, 5, 6, 7, tzinfo=datetime.timezone.utc))
write("far.cert.pem", pem(cert))
write("far.key.pem", pkcs8(key))
info["far"] = {"serial": str(cert.serial_number)}

# The largest serial RFC 5280 allows: 20 octets, the high bit clear (2**159 - 1).
key = rsa.generate_private_key(65537, 2048)
cert = make("max-serial leaf", key, root.subject, root_key, False, serial=(1 << 159) - 1)
write("maxserial.cert.pem", pem(cert))
write("maxserial.key.pem", pkcs8(key))
info["maxserial"] = {"serial": str(cert.serial_number)}
print(json.dumps(info))
