"""Signs one request with botocore's SigV4Auth and prints what botocore sends, as JSON.

Input (argv[1], JSON): method, url, headers (object), body (string, optional), service, region,
timestamp (YYYYMMDDTHHMMSSZ), accessKeyId, secretAccessKey, payloadSigningEnabled (bool, default true).
Output: {"headers": {...}}, the headers botocore sends (Authorization included). The signing time is fixed by replacing
botocore.auth.get_current_datetime, so the result is reproducible. Used as an independent oracle.
"""
import datetime
import json
import sys

import botocore.auth as auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

spec = json.loads(sys.argv[1])
when = datetime.datetime.strptime(spec['timestamp'], '%Y%m%dT%H%M%SZ')
auth.get_current_datetime = lambda *a, **k: when
body = spec.get('body')
req = AWSRequest(method=spec['method'], url=spec['url'], headers=spec.get('headers', {}), data=None if body is None else body.encode())
req.context['payload_signing_enabled'] = spec.get('payloadSigningEnabled', True)
signer = auth.SigV4Auth(Credentials(spec['accessKeyId'], spec['secretAccessKey']), spec['service'], spec['region'])
signer.add_auth(req)
print(json.dumps({'headers': dict(req.headers.items())}))
