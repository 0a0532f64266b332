"""Where botocore 1.43 sends a request for a service, given an environment and a config file.

Usage: python3 endpoint_url.py CASES_JSON
CASES_JSON is a list of {"env": {...}, "config": "<config file text>", "profile": "p", "service": "sso-oidc"}.
Prints a JSON list with, for each case, the scheme://host[:port] of the request botocore's client
would send (one operation of the service is called; a before-send hook records the URL and answers
in place of the network, so nothing leaves the process).
"""
import json
import os
import sys
import tempfile
from urllib.parse import urlsplit

import botocore.session
from botocore.awsrequest import AWSResponse

CALLS = {
    'sts': ('get_caller_identity', {}),
    'sso': ('get_role_credentials', {'roleName': 'r', 'accountId': '123456789012', 'accessToken': 't'}),
    'sso-oidc': ('create_token', {'clientId': 'a', 'clientSecret': 'b', 'grantType': 'refresh_token', 'refreshToken': 'c'}),
    'signin': ('create_o_auth2_token', {'tokenInput': {'clientId': 'a', 'grantType': 'refresh_token', 'refreshToken': 'c'}}),
    'cognito-identity': ('get_id', {'IdentityPoolId': 'us-east-1:11111111-2222-3333-4444-555555555555'}),
}


class _Raw:
    def stream(self, **kwargs):
        return iter([b'{}'])


cases = json.loads(sys.argv[1])
out = []
for case in cases:
    with tempfile.TemporaryDirectory() as home:
        config = os.path.join(home, 'config')
        with open(config, 'w') as f:
            f.write(case['config'])
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update({'HOME': home, 'AWS_CONFIG_FILE': config, 'AWS_SHARED_CREDENTIALS_FILE': os.path.join(home, 'none'),
                           'AWS_EC2_METADATA_DISABLED': 'true', 'PATH': saved.get('PATH', '')})
        os.environ.update(case['env'])
        seen = []

        def record(request, **kwargs):
            seen.append(request.url)
            return AWSResponse(request.url, 400, {}, _Raw())

        try:
            session = botocore.session.Session(profile=case.get('profile'))
            client = session.create_client(case['service'], region_name=case.get('region', 'us-east-1'),
                                           aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='x')
            client.meta.events.register('before-send', record)
            name, params = CALLS[case['service']]
            try:
                getattr(client, name)(**params)
            except Exception:
                pass  # the fake 400 answer: only the URL matters
            parts = urlsplit(seen[0])
            out.append(f'{parts.scheme}://{parts.netloc}')
        finally:
            os.environ.clear()
            os.environ.update(saved)
print(json.dumps(out))
