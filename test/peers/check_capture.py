#!/usr/bin/env python3
"""Recompute the SigV4 signature of captured raw HTTP requests with botocore, the independent oracle.

Needs: Python 3.10+ with `pip install boto3` (botocore).
Run by test/fetch/loopback.ts (checkWithBotocore) on the bytes a loopback server recorded:

    python3 test/peers/check_capture.py --secret SECRET [--token TOKEN] FILE.http [FILE.http ...]

A header-signed request is re-signed with botocore's SigV4Auth (S3SigV4Auth when the credential
scope names s3), given only the headers named in SignedHeaders and the capture's X-Amz-Date as
the time. A presigned URL is re-signed with SigV4QueryAuth / S3SigV4QueryAuth, the clock frozen
at its X-Amz-Date. Prints one verdict per file (and botocore's canonical request for header
signing); exits 1 when any botocore signature differs from the captured one.

botocore never signs user-agent, expect and a few hop-by-hop headers (SIGNED_HEADERS_BLACKLIST),
so a capture that signs one of them cannot be re-derived here even when it is valid.
"""
import argparse
import datetime
import sys
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

QUERY_AUTH = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
              "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"}


def parse_raw(raw: bytes):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = [(name, value.strip()) for name, _, value in (line.partition(":") for line in lines[1:])]
    return method, target, headers, body


def between(s: str, start: str, end: str) -> str:
    return s.partition(start)[2].partition(end)[0]


def check(raw: bytes, secret: str, token: str | None) -> dict:
    method, target, headers, body = parse_raw(raw)
    lower = {}
    for name, value in headers:
        lower.setdefault(name.lower(), value)
    url = f"http://{lower['host']}{target}"
    if "authorization" in lower:
        auth_header = lower["authorization"]
        akid, _date, region, service, _ = between(auth_header, "Credential=", ",").split("/")
        signed = between(auth_header, "SignedHeaders=", ",").split(";")
        captured = auth_header.partition("Signature=")[2].strip()
        req = AWSRequest(method=method, url=url, data=body)
        for name, value in headers:
            if name.lower() in signed:
                req.headers[name] = value  # HTTPHeaders appends: repeated headers are kept
        req.context["timestamp"] = lower["x-amz-date"]
        auth = (S3SigV4Auth if service == "s3" else SigV4Auth)(Credentials(akid, secret, token), service, region)
        canonical = auth.canonical_request(req)
        ours = auth.signature(auth.string_to_sign(req, canonical), req)
        return {"mode": "header", "scope": f"{service}/{region}", "canonical_request": canonical,
                "match": ours == captured}
    parts = urlsplit(url)
    q = dict(parse_qsl(parts.query, keep_blank_values=True))
    akid, _date, region, service, _ = q["X-Amz-Credential"].split("/")
    # The URL without its auth parameters, in the caller's own encoding.
    kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0] not in QUERY_AUTH]
    base = f"{parts.scheme}://{parts.netloc}{parts.path}" + ("?" + "&".join(kept) if kept else "")
    req = AWSRequest(method=method, url=base, data=body)
    cls = S3SigV4QueryAuth if service == "s3" else SigV4QueryAuth
    auth = cls(Credentials(akid, secret, token), service, region, expires=int(q["X-Amz-Expires"]))
    frozen = datetime.datetime.strptime(q["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=frozen):
        auth.add_auth(req)
    ours = dict(parse_qsl(urlsplit(req.url).query, keep_blank_values=True)).get("X-Amz-Signature")
    return {"mode": "query", "scope": f"{service}/{region}", "match": ours == q["X-Amz-Signature"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--secret", required=True)
    ap.add_argument("--token")
    args = ap.parse_args()
    bad = 0
    for path in args.files:
        with open(path, "rb") as f:
            r = check(f.read(), args.secret, args.token)
        bad += not r["match"]
        verdict = "botocore agrees" if r["match"] else "botocore derives another signature"
        print(f"{'OK  ' if r['match'] else 'FAIL'} {path} ({r['mode']}, {r['scope']}): {verdict}")
        if "canonical_request" in r:
            print("  canonical request:\n    " + r["canonical_request"].replace("\n", "\n    "))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
