"""botocore 1.43's credential resolution for one profile, printed as JSON.

Usage: python3 sso_credentials.py PROFILE
Runs in the environment it is given (HOME, AWS_CONFIG_FILE, AWS_ENDPOINT_URL_SSO, ...). Prints
{"accessKeyId", "secretAccessKey", "sessionToken", "accountId", "expiration", "method"}, or
{"error": "<class name>", "message": "..."} when botocore refuses.
"""
import json
import sys

import botocore.session

try:
    session = botocore.session.Session(profile=sys.argv[1])
    credentials = session.get_credentials()
    frozen = credentials.get_frozen_credentials()
    expiry = getattr(credentials, '_expiry_time', None)
    print(json.dumps({
        'accessKeyId': frozen.access_key,
        'secretAccessKey': frozen.secret_key,
        'sessionToken': frozen.token,
        'accountId': getattr(frozen, 'account_id', None),
        'expiration': expiry.isoformat() if expiry is not None else None,
        'method': credentials.method,
    }))
except Exception as error:  # the test compares refusals too
    print(json.dumps({'error': type(error).__name__, 'message': str(error)}))
