"""Reads one S3 object back with boto3 (path-style, SigV4) and prints what S3 stored, as JSON.

argv: endpoint bucket key. Credentials come from the environment (AWS_ACCESS_KEY_ID & co.).
Output: {"contentType": ..., "length": ..., "sha256": hex of the stored bytes}. An independent reader
for upload tests: boto3, not the code under test, says what the server kept.
"""
import hashlib
import json
import sys

import boto3
from botocore.config import Config

endpoint, bucket, key = sys.argv[1:4]
s3 = boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1', config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
obj = s3.get_object(Bucket=bucket, Key=key)
body = obj['Body'].read()
print(json.dumps({'contentType': obj['ContentType'], 'length': len(body), 'sha256': hashlib.sha256(body).hexdigest()}))
