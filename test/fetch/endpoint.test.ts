/** hintsFromHost against endpoint host names as AWS documents them (service endpoints, S3 endpoints, FIPS, dual-stack, China). */
import { describe, expect, it } from 'vitest';
import { hintsFromHost } from '../../src/index.js';

describe('hintsFromHost', () => {
  it.each([
    ['mediaconnect.us-east-1.amazonaws.com', 'mediaconnect', 'us-east-1'],
    ['sts.eu-west-1.amazonaws.com', 'sts', 'eu-west-1'],
    ['kms-fips.us-gov-west-1.amazonaws.com', 'kms', 'us-gov-west-1'],
    ['ec2.dualstack.ap-south-1.amazonaws.com', 'ec2', 'ap-south-1'],
    ['mediaconnect.us-east-1.api.aws', 'mediaconnect', 'us-east-1'],
    ['mediaconnect.cn-north-1.amazonaws.com.cn', 'mediaconnect', 'cn-north-1'],
    ['abc123.execute-api.eu-central-1.amazonaws.com', 'execute-api', 'eu-central-1'],
    ['email.us-west-2.amazonaws.com', 'ses', 'us-west-2'],
    ['runtime.sagemaker.us-east-2.amazonaws.com', 'sagemaker', 'us-east-2'],
    // S3: virtual-hosted, path-style, dual-stack, FIPS, legacy dash form, global
    ['my-bucket.s3.eu-west-1.amazonaws.com', 's3', 'eu-west-1'],
    ['my.dotted.bucket.s3.eu-west-1.amazonaws.com', 's3', 'eu-west-1'],
    ['s3.us-west-2.amazonaws.com', 's3', 'us-west-2'],
    ['my-bucket.s3.dualstack.us-east-2.amazonaws.com', 's3', 'us-east-2'],
    ['s3-fips.us-gov-west-1.amazonaws.com', 's3', 'us-gov-west-1'],
    ['s3-us-west-2.amazonaws.com', 's3', 'us-west-2'],
    ['my-bucket.s3-eu-west-1.amazonaws.com', 's3', 'eu-west-1'],
    ['s3.amazonaws.com', 's3', 'us-east-1'],
    ['my-bucket.s3.amazonaws.com', 's3', 'us-east-1'],
    ['ap-1234567890.s3-accesspoint.us-east-1.amazonaws.com', 's3', 'us-east-1'],
    // global endpoints
    ['sts.amazonaws.com', 'sts', 'us-east-1'],
    ['iam.amazonaws.com', 'iam', 'us-east-1'],
    ['iam.amazonaws.com.cn', 'iam', 'cn-north-1'],
    ['MediaConnect.US-EAST-1.amazonaws.com.', 'mediaconnect', 'us-east-1'],
  ])('%s → %s in %s', (host, service, region) => {
    expect(hintsFromHost(host)).toEqual({ service, region });
  });

  it.each(['127.0.0.1', 'localhost', 'example.com', 'amazonaws.com', 'bucket.example.com', 'foo.amazonaws.com', 'a.b.amazonaws.com'])('%s says nothing', (host) => {
    expect(hintsFromHost(host)).toEqual({});
  });
});
