"""botocore as an independent peer for the credential tests: the same fake endpoints, botocore's outcome.

Usage (environment chosen by the test: AWS_ENDPOINT_URL_STS, AWS_EC2_METADATA_SERVICE_ENDPOINT, ...):
  botocore_credentials.py sts ACTION     call STS ACTION (AssumeRole, GetSessionToken, GetCallerIdentity)
  botocore_credentials.py chain          resolve the default credential chain
Prints one JSON object: {"ok": true, ...} or {"ok": false, "error": <class>, "code": <AWS code>, "status": <HTTP>}.
"""
import json
import sys

import botocore.session
from botocore.exceptions import ClientError


def sts(action):
    client = botocore.session.get_session().create_client('sts')
    params = {
        'AssumeRole': {'RoleArn': 'arn:aws:iam::123456789012:role/deploy', 'RoleSessionName': 'peer'},
        'GetSessionToken': {},
        'GetCallerIdentity': {},
    }[action]
    method = {'AssumeRole': client.assume_role, 'GetSessionToken': client.get_session_token, 'GetCallerIdentity': client.get_caller_identity}[action]
    try:
        answer = method(**params)
    except ClientError as error:
        meta = error.response.get('ResponseMetadata', {})
        return {'ok': False, 'error': 'ClientError', 'code': error.response.get('Error', {}).get('Code') or None,
                'status': meta.get('HTTPStatusCode'), 'attempts': meta.get('RetryAttempts', 0) + 1}
    except Exception as error:  # connection errors and the like
        return {'ok': False, 'error': type(error).__name__}
    return {'ok': True, 'attempts': answer['ResponseMetadata'].get('RetryAttempts', 0) + 1}


def chain():
    try:
        credentials = botocore.session.get_session().get_credentials()
    except Exception as error:
        return {'ok': False, 'error': type(error).__name__, 'message': str(error)}
    if credentials is None:
        return {'ok': True, 'accessKey': None}
    frozen = credentials.get_frozen_credentials()
    expiry = getattr(credentials, '_expiry_time', None)
    return {'ok': True, 'accessKey': frozen.access_key, 'method': credentials.method,
            'expiresInFuture': None if expiry is None else not credentials.refresh_needed(refresh_in=0),
            'accountId': getattr(frozen, 'account_id', None)}


if __name__ == '__main__':
    command = sys.argv[1]
    print(json.dumps(sts(sys.argv[2]) if command == 'sts' else chain()))
