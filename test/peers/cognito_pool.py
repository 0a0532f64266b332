"""Creates an Amazon Cognito identity pool in a running moto server with boto3 and prints its id.

Usage: python3 cognito_pool.py ENDPOINT REGION NAME
The pool allows unauthenticated identities and trusts one Cognito user pool provider
(cognito-idp.<region>.amazonaws.com/<region>_sigv4kit) for authenticated ones.
"""
import sys

import boto3

endpoint, region, name = sys.argv[1:4]
client = boto3.client('cognito-identity', endpoint_url=endpoint, region_name=region,
                      aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='unused')
pool = client.create_identity_pool(
    IdentityPoolName=name,
    AllowUnauthenticatedIdentities=True,
    CognitoIdentityProviders=[{'ProviderName': f'cognito-idp.{region}.amazonaws.com/{region}_sigv4kit', 'ClientId': 'app-client'}],
)
print(pool['IdentityPoolId'])
