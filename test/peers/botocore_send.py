"""Signs one request with botocore's SigV4Auth and sends it with urllib (an independent signer and client).

Usage: botocore_send.py METHOD URL SERVICE REGION [BODY [SENT_BODY]]
Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN).
SENT_BODY, when given, is sent instead of BODY: a request tampered with after signing.
Prints {"status": ..., "body": ...} as JSON.
"""
import json
import os
import sys
import urllib.error
import urllib.request

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

method, url, service, region = sys.argv[1:5]
body = sys.argv[5].encode() if len(sys.argv) > 5 else b''
sent = sys.argv[6].encode() if len(sys.argv) > 6 else body
credentials = Credentials(os.environ['AWS_ACCESS_KEY_ID'], os.environ['AWS_SECRET_ACCESS_KEY'], os.environ.get('AWS_SESSION_TOKEN'))
request = AWSRequest(method=method, url=url, data=body, headers={'Content-Type': 'text/plain'} if body else {})
SigV4Auth(credentials, service, region).add_auth(request)
prepared = request.prepare()
outgoing = urllib.request.Request(prepared.url, data=sent if method not in ('GET', 'HEAD') else None, method=method, headers=dict(prepared.headers.items()))
try:
    with urllib.request.urlopen(outgoing, timeout=30) as response:
        print(json.dumps({'status': response.status, 'body': response.read().decode()}))
except urllib.error.HTTPError as error:
    print(json.dumps({'status': error.code, 'body': error.read().decode()}))
