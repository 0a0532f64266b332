#!/usr/bin/env python3
"""A loopback fake of IAM Roles Anywhere's CreateSession that checks X.509 signatures independently.

Needs: Python 3.10+ with botocore (pip install boto3) and cryptography.
Run by test/x509/rolesAnywhere.test.ts:

    python3 test/peers/rolesanywhere_fake.py --cert CERT.pem [--chain CHAIN.pem] --region R \
        --trust-anchor-arn ARN --profile-arn ARN --role-arn ARN

Binds 127.0.0.1 on a free port and prints `PORT <n>` on stdout, then one JSON line per request it
judged (`{"ok": bool, "reason": ...}`). For `POST /sessions`:
- the canonical request is recomputed with botocore's SigV4Auth canonicalizer over the headers named
  in SignedHeaders (user-agent is never signed: botocore's blacklist agrees with AWS's helper);
- the string to sign is `algorithm \\n X-Amz-Date \\n scope \\n hex(sha256(canonical request))`;
- the signature is verified with `cryptography` (RSA PKCS#1 v1.5 / ECDSA, SHA-256, DER) against the
  public key of the certificate given by --cert, which X-Amz-X509 must be byte for byte (base64 DER);
- the credential's serial must be that certificate's serial in decimal, x-amz-x509 (and the chain
  when present) must be signed, the certificate must be valid now, the algorithm must match the key;
- the JSON body's ARNs and durationSeconds are checked.
Answers 201 with CreateSession's JSON on success; 403 AccessDeniedException (x-amzn-ErrorType
`AccessDeniedException:http://internal.amazon.com/...`) with the reason otherwise.
"""
import argparse
import base64
import datetime
import hashlib
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa


def load_certs(path):
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificates(f.read())


def between(s, start, end):
    return s.partition(start)[2].partition(end)[0]


def judge(method, path, headers, body, args, cert, chain):
    lower = {}
    for name, value in headers:
        lower.setdefault(name.lower(), value)
    if method != "POST" or path.split("?")[0] != "/sessions":
        return f"not POST /sessions: {method} {path}"
    auth = lower.get("authorization", "")
    algorithm = auth.split(" ", 1)[0]
    expected_alg = "AWS4-X509-RSA-SHA256" if isinstance(cert.public_key(), rsa.RSAPublicKey) else "AWS4-X509-ECDSA-SHA256"
    if algorithm != expected_alg:
        return f"algorithm {algorithm!r}, expected {expected_alg}"
    credential = between(auth, "Credential=", ",")
    serial, date, region, service, terminator = credential.split("/")
    if serial != str(cert.serial_number):
        return f"wrong serial {serial}, certificate serial is {cert.serial_number}"
    if service != "rolesanywhere" or terminator != "aws4_request" or region != args.region:
        return f"bad scope {credential}"
    signed = between(auth, "SignedHeaders=", ",").split(";")
    signature = auth.partition("Signature=")[2].strip()
    if "x-amz-x509" not in signed:
        return "x-amz-x509 not signed"
    der = cert.public_bytes(serialization.Encoding.DER)
    if base64.b64decode(lower.get("x-amz-x509", ""), validate=True) != der:
        return "X-Amz-X509 is not the certificate"
    if chain:
        if "x-amz-x509-chain" not in signed:
            return "x-amz-x509-chain not signed"
        sent = [base64.b64decode(p, validate=True) for p in lower.get("x-amz-x509-chain", "").split(",")]
        if sent != [c.public_bytes(serialization.Encoding.DER) for c in chain]:
            return "X-Amz-X509-Chain is not the intermediates"
    now = datetime.datetime.now(datetime.timezone.utc)
    if not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
        return f"certificate not valid now (valid {cert.not_valid_before_utc} to {cert.not_valid_after_utc})"
    amz_date = lower.get("x-amz-date", "")
    if not amz_date.startswith(date):
        return "X-Amz-Date does not match the scope date"
    req = AWSRequest(method=method, url=f"http://{lower['host']}{path}", data=body)
    for name, value in headers:
        if name.lower() in signed:
            req.headers[name] = value
    req.context["timestamp"] = amz_date
    canonical = SigV4Auth(Credentials("unused", "unused"), service, region).canonical_request(req)
    string_to_sign = "\n".join([algorithm, amz_date, f"{date}/{region}/{service}/aws4_request",
                                hashlib.sha256(canonical.encode("utf-8")).hexdigest()])
    try:
        sig = bytes.fromhex(signature)
        key = cert.public_key()
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(sig, string_to_sign.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
        else:
            key.verify(sig, string_to_sign.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return "signature does not verify"
    try:
        doc = json.loads(body)
    except ValueError:
        return "body is not JSON"
    for field, want in (("trustAnchorArn", args.trust_anchor_arn), ("profileArn", args.profile_arn), ("roleArn", args.role_arn)):
        if doc.get(field) != want:
            return f"{field} {doc.get(field)!r}, expected {want!r}"
    duration = doc.get("durationSeconds", 3600)
    if not isinstance(duration, int) or not 900 <= duration <= 43200:
        return f"durationSeconds {duration!r}"
    return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--chain")
    p.add_argument("--region", required=True)
    p.add_argument("--trust-anchor-arn", required=True)
    p.add_argument("--profile-arn", required=True)
    p.add_argument("--role-arn", required=True)
    args = p.parse_args()
    cert = load_certs(args.cert)[0]
    chain = load_certs(args.chain) if args.chain else []
    counter = {"n": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            reason = judge(self.command, self.path, list(self.headers.items()), body, args, cert, chain)
            print(json.dumps({"ok": reason is None, "reason": reason}), flush=True)
            if reason is not None:
                payload = json.dumps({"message": f"Access denied: {reason}"}).encode()
                self.send_response(403)
                self.send_header("x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/com.amazonaws.rolesanywhere/")
            else:
                counter["n"] += 1
                duration = json.loads(body).get("durationSeconds", 3600)
                exp = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=duration)).strftime("%Y-%m-%dT%H:%M:%SZ")
                payload = json.dumps({"credentialSet": [{
                    "assumedRoleUser": {"arn": args.role_arn.replace(":role/", ":assumed-role/") + "/" + str(cert.serial_number), "assumedRoleId": "AROAFAKE:" + str(cert.serial_number)},
                    "credentials": {"accessKeyId": f"ASIAFAKE{counter['n']:08d}", "secretAccessKey": f"fake-secret-{counter['n']}",
                                    "sessionToken": f"fake-token-{counter['n']}", "expiration": exp},
                    "packedPolicySize": 0, "roleArn": args.role_arn, "sourceIdentity": ""}],
                    "subjectArn": "arn:aws:rolesanywhere:" + args.region + ":123456789012:subject/fake"}).encode()
                self.send_response(201)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = HTTPServer(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
