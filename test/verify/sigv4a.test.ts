/** verifyRequest on SigV4a (AWS4-ECDSA-P256-SHA256): round trips, region sets, and what must be refused. */
import { describe, expect, it } from 'vitest';
import { presignUrl, signRequest, verifyRequest as verifyAny, type SigningParams, type VerifyOptions } from '../../src/index.js';
import { sigv4a } from '../../src/sigv4a.js';

// SigV4a is accepted only when listed: every call here lists it (the refusal without it is tested below).
const verifyRequest = (request: Parameters<typeof verifyAny>[0], options: VerifyOptions) => verifyAny(request, { algorithms: [sigv4a()], ...options });

const NOW = new Date('2026-11-28T12:00:00Z');
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const getCredentials = (id: string) => (id === credentials.accessKeyId ? credentials : undefined);
const request = { method: 'POST', url: 'https://mrap.accesspoint.s3-global.amazonaws.com/key.txt?tagging', headers: { 'content-type': 'text/plain' }, body: 'hello' };
const params = (regionSet: string[]): SigningParams => ({ credentials, region: 'us-east-1', service: 's3', signingDate: NOW, algorithm: sigv4a({ regionSet }) });

describe('verifyRequest with SigV4a', () => {
  it.each([[['*']], [['us-east-1', 'us-west-2']], [['us-*']]])('accepts a header-signed request for region set %j and reports it', async (regionSet) => {
    const signed = signRequest(request, params(regionSet));
    const result = await verifyRequest({ ...signed, body: request.body }, { getCredentials, now: NOW, regions: ['us-west-2'] });
    expect(result).toMatchObject({ valid: true, algorithm: 'AWS4-ECDSA-P256-SHA256', parameters: { 'x-amz-region-set': regionSet.join(',') }, region: '', service: 's3' });
  });

  it.each([[['*']], [['us-east-1', 'us-west-2']]])('accepts a presigned SigV4a URL for region set %j and reports it', async (regionSet) => {
    const { url, headers } = presignUrl({ method: 'GET', url: 'https://mrap.accesspoint.s3-global.amazonaws.com/key.txt' }, { ...params(regionSet), expiresIn: 300 });
    expect(await verifyRequest({ method: 'GET', url, headers }, { getCredentials, now: NOW, regions: ['us-west-2'] }))
      .toMatchObject({ valid: true, presigned: true, algorithm: 'AWS4-ECDSA-P256-SHA256', parameters: { 'x-amz-region-set': regionSet.join(',') }, region: '' });
  });

  // AWS documents 403 SignatureDoesNotMatch ("Credential should be scoped to a valid Region") when the
  // signed scope does not name the endpoint's region; a region set that misses it is the same refusal.
  it('refuses a presigned URL whose region set misses every allowed region, and one whose set was widened', async () => {
    const { url, headers } = presignUrl({ method: 'GET', url: 'https://mrap.accesspoint.s3-global.amazonaws.com/key.txt' }, { ...params(['us-east-1', 'us-west-2']), expiresIn: 300 });
    const notHere = await verifyRequest({ method: 'GET', url, headers }, { getCredentials, now: NOW, regions: ['eu-west-1', 'ap-south-1'] });
    expect(notHere).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    if (!notHere.valid) expect(notHere.message).toContain('us-east-1,us-west-2');
    const widened = url.replace('X-Amz-Region-Set=us-east-1%2Cus-west-2', 'X-Amz-Region-Set=%2A');
    expect(widened).not.toBe(url);
    expect(await verifyRequest({ method: 'GET', url: widened, headers }, { getCredentials, now: NOW })).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
  });

  it('answers a region set made to backtrack (checked before the signature) with the region refusal', async () => {
    const signed = signRequest(request, params(['us-east-1']));
    const hostile = `${'*'.repeat(64)}x,${'*-'.repeat(64)}x`;
    const result = await verifyRequest({ ...signed, headers: { ...signed.headers, 'x-amz-region-set': hostile }, body: request.body }, { getCredentials, now: NOW, regions: ['ap-southeast-1'] });
    expect(result).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    if (!result.valid) expect(result.message).toContain('does not cover');
  });

  it('refuses a region set that does not cover the endpoint, a widened region set, and an unsigned one', async () => {
    const signed = signRequest(request, params(['us-east-1', 'us-west-2']));
    const notHere = await verifyRequest({ ...signed, body: request.body }, { getCredentials, now: NOW, regions: ['eu-west-1'] });
    expect(notHere).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    const widened = await verifyRequest({ ...signed, headers: { ...signed.headers, 'x-amz-region-set': '*' }, body: request.body }, { getCredentials, now: NOW });
    expect(widened).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    // A region set outside SignedHeaders could be widened in transit: refused before any signature check.
    const authorization = (signed.headers['authorization'] ?? '').replace(';x-amz-region-set', '');
    const unsigned = await verifyRequest({ ...signed, headers: { ...signed.headers, authorization }, body: request.body }, { getCredentials, now: NOW });
    expect(unsigned).toMatchObject({ valid: false, code: 'IncompleteSignature' });
  });

  it('refuses a changed body (S3: XAmzContentSHA256Mismatch), a wrong secret, and a signature from another key', async () => {
    const signed = signRequest(request, params(['*']));
    expect(await verifyRequest({ ...signed, body: 'HELLO' }, { getCredentials, now: NOW })).toMatchObject({ valid: false, code: 'XAmzContentSHA256Mismatch' });
    const wrong = await verifyRequest({ ...signed, body: request.body }, { getCredentials: () => ({ ...credentials, secretAccessKey: 'other' }), now: NOW });
    expect(wrong).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    const other = signRequest(request, { ...params(['*']), credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'someone-else' } });
    expect(await verifyRequest({ ...other, body: request.body }, { getCredentials, now: NOW })).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
  });
});
