/** verifyRequest: presigned URLs, S3's payload and header rules, and the Authorization header's syntax. */
import { describe, expect, it } from 'vitest';
import { presignUrl, signRequest, type SigningParams, verifyRequest, type VerifyOptions } from '../../src/index.js';
import { constantTimeEqual } from '../../src/verify/outcome.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const TOKEN = 'FQoGZXIvYXdzEXAMPLE/TOKEN+==';
const user = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const temp = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'temp/secret', sessionToken: TOKEN };
const keys = new Map([[user.accessKeyId, user], [temp.accessKeyId, temp]]);
const options: VerifyOptions = { getCredentials: (id) => keys.get(id), now: NOW };
const s3: SigningParams = { credentials: user, region: 'us-east-1', service: 's3', signingDate: NOW };
const OBJECT = 'https://bucket.s3.us-east-1.amazonaws.com/a%20b/%C3%BC%2Bc%3Dd.txt';

type Wire = { method: string; url: string; headers?: Record<string, string>; body?: string };
const code = async (wire: Wire, extra: Partial<VerifyOptions> = {}): Promise<string> => {
  const r = await verifyRequest(wire, { ...options, ...extra });
  return r.valid ? 'valid' : r.code;
};

describe('presigned URLs', () => {
  const p = presignUrl({ method: 'GET', url: OBJECT }, { ...s3, credentials: temp, expiresIn: 900 });
  const wire = { method: 'GET', url: p.url, headers: p.headers };

  it('verify, with the expiry and the token reported', async () => {
    const r = await verifyRequest(wire, options);
    expect(r).toMatchObject({ valid: true, presigned: true, service: 's3', payloadHash: 'UNSIGNED-PAYLOAD', payload: 'unsigned', sessionToken: TOKEN, expiresAt: new Date(NOW.getTime() + 900_000) });
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it.each<[string, () => Wire, Partial<VerifyOptions>, string]>([
    ['used after it expires', () => wire, { now: new Date(NOW.getTime() + 900_001) }, 'RequestExpired'],
    ['used at its last second', () => wire, { now: new Date(NOW.getTime() + 900_000) }, 'valid'],
    ['dated in the future', () => wire, { now: new Date(NOW.getTime() - 301_000) }, 'RequestTimeTooSkewed'],
    ['with X-Amz-Expires raised', () => ({ ...wire, url: wire.url.replace('X-Amz-Expires=900', 'X-Amz-Expires=901') }), {}, 'SignatureDoesNotMatch'],
    ['with X-Amz-Expires over a week', () => ({ ...wire, url: wire.url.replace('X-Amz-Expires=900', 'X-Amz-Expires=604801') }), {}, 'AuthorizationQueryParametersError'],
    ['with X-Amz-Expires not a number', () => ({ ...wire, url: wire.url.replace('X-Amz-Expires=900', 'X-Amz-Expires=-1') }), {}, 'AuthorizationQueryParametersError'],
    ['without X-Amz-Date', () => ({ ...wire, url: wire.url.replace(/X-Amz-Date=[^&]*&/, '') }), {}, 'AuthorizationQueryParametersError'],
    ['with a malformed X-Amz-Date', () => ({ ...wire, url: wire.url.replace(/X-Amz-Date=[^&]*/, 'X-Amz-Date=2026-11-28') }), {}, 'AuthorizationQueryParametersError'],
    ['with X-Amz-Signature twice', () => ({ ...wire, url: `${wire.url}&X-Amz-Signature=${p.signature}` }), {}, 'AuthorizationQueryParametersError'],
    ['with another algorithm', () => ({ ...wire, url: wire.url.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256') }), {}, 'AuthorizationQueryParametersError'],
    ['with a wrong token', () => ({ ...wire, url: wire.url.replace(/X-Amz-Security-Token=[^&]*/, 'X-Amz-Security-Token=x') }), {}, 'InvalidClientTokenId'],
    ['without its token', () => ({ ...wire, url: wire.url.replace(/X-Amz-Security-Token=[^&]*&/, '') }), {}, 'InvalidClientTokenId'],
    ['with the key changed', () => ({ ...wire, url: wire.url.replace('/a%20b/', '/a%20c/') }), {}, 'SignatureDoesNotMatch'],
    ['with a header it did not sign (S3 x-amz-*)', () => ({ ...wire, headers: { ...wire.headers, 'x-amz-meta-x': '1' } }), {}, 'SignatureDoesNotMatch'],
  ])('refused when %s', async (_what, make, extra, expected) => {
    expect(await code(make(), extra)).toBe(expected);
  });

  it('non-S3: the body hash is signed', async () => {
    const q = presignUrl({ method: 'POST', url: 'https://api.example.com/x', body: 'payload' }, { ...s3, service: 'execute-api', expiresIn: 60 });
    expect(await code({ method: 'POST', url: q.url, headers: q.headers, body: 'payload' })).toBe('valid');
    expect(await code({ method: 'POST', url: q.url, headers: q.headers, body: 'payloaD' })).toBe('SignatureDoesNotMatch');
  });

  it("'append' token mode (AWS IoT): the token rides outside the signature", async () => {
    const q = presignUrl({ method: 'GET', url: 'wss://iot.example.com/mqtt' }, { ...s3, service: 'iotdevicegateway', credentials: temp, sessionTokenMode: 'append', expiresIn: 60 });
    expect(await code({ method: 'GET', url: q.url, headers: q.headers })).toBe('SignatureDoesNotMatch');
    expect(await code({ method: 'GET', url: q.url, headers: q.headers }, { sessionTokenMode: 'append' })).toBe('valid');
  });
});

describe('S3 header signing', () => {
  const body = 'object body';
  const signed = signRequest({ method: 'PUT', url: OBJECT, headers: { 'x-amz-meta-owner': 'me' }, body }, s3);
  const wire = { method: 'PUT', url: signed.url, headers: { ...signed.headers }, body };

  it('verifies with single encoding and no normalization of the key', async () => {
    expect(await verifyRequest(wire, options)).toMatchObject({ valid: true, payload: 'verified', canonicalUri: '/a%20b/%C3%BC%2Bc%3Dd.txt' });
    const dots = signRequest({ method: 'GET', url: 'https://b.s3.amazonaws.com/a/./b/../c' }, s3);
    expect(await code({ method: 'GET', url: dots.url, headers: dots.headers })).toBe('valid');
    expect(await code({ method: 'GET', url: 'https://b.s3.amazonaws.com/a/c', headers: dots.headers })).toBe('SignatureDoesNotMatch');
  });

  it.each<[string, () => Wire, string]>([
    ['a body that does not match x-amz-content-sha256', () => ({ ...wire, body: 'other body' }), 'XAmzContentSHA256Mismatch'],
    ['no x-amz-content-sha256 header', () => {
      const s = signRequest({ method: 'GET', url: OBJECT }, { ...s3, contentSha256Header: false });
      return { method: 'GET', url: s.url, headers: s.headers };
    }, 'IncompleteSignature'],
    ['a malformed x-amz-content-sha256', () => ({ ...wire, headers: { ...wire.headers, 'x-amz-content-sha256': 'abc' } }), 'IncompleteSignature'],
    ['an x-amz-* header that is not signed', () => ({ ...wire, headers: { ...wire.headers, 'x-amz-acl': 'public-read' } }), 'SignatureDoesNotMatch'],
  ])('refuses %s', async (_what, make, expected) => {
    expect(await code(make())).toBe(expected);
  });

  it('UNSIGNED-PAYLOAD accepts any body, reported as unsigned; a STREAMING-* body must be a valid aws-chunked one', async () => {
    const unsigned = signRequest({ method: 'PUT', url: OBJECT, body }, { ...s3, payloadHash: 'UNSIGNED-PAYLOAD' });
    expect(await verifyRequest({ method: 'PUT', url: unsigned.url, headers: unsigned.headers, body: 'anything' }, options)).toMatchObject({ valid: true, payload: 'unsigned', payloadHash: 'UNSIGNED-PAYLOAD' });
    // (test/verify/chunkedBody.test.ts checks real aws-chunked bodies.)
    for (const payloadHash of ['STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD']) {
      const s = signRequest({ method: 'PUT', url: OBJECT, body }, { ...s3, payloadHash });
      expect(await verifyRequest({ method: 'PUT', url: s.url, headers: s.headers, body: 'anything' }, options)).toMatchObject({ valid: false });
    }
  });

  it('a non-S3 service with a declared x-amz-content-sha256 checks it against the body', async () => {
    const s = signRequest({ method: 'POST', url: 'https://api.example.com/x', body }, { ...s3, service: 'execute-api', contentSha256Header: true });
    expect(await code({ method: 'POST', url: s.url, headers: s.headers, body })).toBe('valid');
    expect(await code({ method: 'POST', url: s.url, headers: s.headers, body: 'changed' })).toBe('SignatureDoesNotMatch');
    expect(await code({ method: 'POST', url: s.url, headers: s.headers })).toBe('valid'); // body not given: unchecked
  });
});

describe('Authorization header syntax', () => {
  const signed = signRequest({ method: 'GET', url: 'https://api.example.com/' }, { ...s3, service: 'execute-api' });
  const auth = signed.headers['authorization']!;
  const withAuth = (value: unknown): Wire => ({ method: 'GET', url: signed.url, headers: { ...signed.headers, authorization: value as string } });

  it.each([
    ['no spaces after commas', auth.replace(/, /g, ',')],
    ['tabs and extra spaces', auth.replace(/, /g, ' ,\t ').replace(' Credential', '   Credential')],
    ['surrounding whitespace', `  ${auth}\t`],
  ])('accepts %s', async (_what, value) => {
    expect(await code(withAuth(value))).toBe('valid');
  });

  it.each([
    ['another scheme', `AWS ${user.accessKeyId}:abc`],
    ['a lowercase algorithm', auth.replace('AWS4-HMAC-SHA256', 'aws4-hmac-sha256')],
    ['a missing comma', auth.replace(', Signature', ' Signature')],
    ['a repeated field', `${auth}, Signature=${signed.signature}`],
    ['an unknown field', `${auth}, Extra=1`],
    ['a trailing comma', `${auth},`],
    ['no Signature', auth.replace(/, Signature=.*/, '')],
    ['an uppercase signature', auth.replace(signed.signature, signed.signature.toUpperCase())],
    ['a short signature', auth.slice(0, -1)],
    ['unsorted SignedHeaders', auth.replace('host;x-amz-date', 'x-amz-date;host')],
    ['repeated SignedHeaders', auth.replace('host;x-amz-date', 'host;host;x-amz-date')],
    ['uppercase SignedHeaders', auth.replace('host;x-amz-date', 'Host;x-amz-date')],
    ['a 4-part credential', auth.replace('/aws4_request', '')],
    ['a wrong terminator', auth.replace('aws4_request', 'aws5_request')],
    ['a non-ASCII key id', auth.replace('AKIDEXAMPLE', 'AKIDÉXAMPLE')],
    ['a number', 42],
    ['two headers', [auth, auth]],
  ])('refuses %s with IncompleteSignature', async (_what, value) => {
    expect(await code(withAuth(value))).toBe('IncompleteSignature');
  });
});

it('constantTimeEqual compares whole strings', () => {
  expect(constantTimeEqual('abc', 'abc')).toBe(true);
  expect(constantTimeEqual('abc', 'abd')).toBe(false);
  expect(constantTimeEqual('abc', 'ab')).toBe(false);
  expect(constantTimeEqual('', '')).toBe(true);
  expect(constantTimeEqual('a\0', 'a')).toBe(false);
});
