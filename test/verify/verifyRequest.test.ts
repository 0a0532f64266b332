/**
 * verifyRequest on header-signed requests: what it accepts, and each refusal with AWS's code.
 * Requests come from signRequest (the signer is checked against AWS's vectors elsewhere); the
 * vectors and real clients check verification independently (verify-vectors, interop/verify-peers).
 */
import { createHash } from 'node:crypto';
import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { signRequest, type SigningParams, verifyRequest, type VerifyOptions, type VerifyResult } from '../../src/index.js';
import { captureRejection } from '../support/errors.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FQoGZXIvYXdzEXAMPLE/SESSION+TOKEN==';
const NOW = new Date('2026-11-28T12:00:00Z');
const user = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET };
const temp = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN };
const keys = new Map([[user.accessKeyId, user], [temp.accessKeyId, temp]]);
const options: VerifyOptions = { getCredentials: (id) => keys.get(id), now: NOW };
const params: SigningParams = { credentials: user, region: 'us-east-1', service: 'mediaconnect', signingDate: NOW };
const BODY = '{"name":"flow"}';
const base = { method: 'POST', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows?maxResults=5&nextToken=a%20b', headers: { 'content-type': 'application/json' }, body: BODY };

type Wire = { method: string; url: string; headers: Record<string, string>; body?: string };
function signed(overrides: Partial<SigningParams> = {}, request = base): Wire {
  const s = signRequest(request, { ...params, ...overrides });
  return { method: s.method, url: s.url, headers: { ...s.headers }, body: BODY };
}
const verify = (wire: Wire, extra: Partial<VerifyOptions> = {}): Promise<VerifyResult> => verifyRequest(wire, { ...options, ...extra });
const code = async (wire: Wire, extra: Partial<VerifyOptions> = {}): Promise<string> => {
  const r = await verify(wire, extra);
  return r.valid ? 'valid' : r.code;
};

describe('accepts', () => {
  it('a header-signed request, and reports who signed it and what is covered', async () => {
    const request = signed();
    expect(await verify(request)).toEqual({
      valid: true, accessKeyId: 'AKIDEXAMPLE', algorithm: 'AWS4-HMAC-SHA256', region: 'us-east-1', service: 'mediaconnect',
      signature: /Signature=([0-9a-f]{64})$/.exec(String(new Headers(request.headers as HeadersInit).get('authorization')))?.[1],
      signedHeaders: ['content-type', 'host', 'x-amz-date'], signingDate: NOW, presigned: false,
      credentialScope: '20261128/us-east-1/mediaconnect/aws4_request',
      payloadHash: createHash('sha256').update(BODY).digest('hex'),
      payload: 'verified', canonicalUri: '/v1/flows',
    });
  });

  it('the raw request target with the Host header, as a Node server sees it', async () => {
    const wire = signed();
    const url = new URL(wire.url);
    expect((await verify({ ...wire, url: `${url.pathname}${url.search}` })).valid).toBe(true);
  });

  it('temporary credentials presenting their token; the result prints it redacted', async () => {
    const result = await verify(signed({ credentials: temp }));
    expect(result).toMatchObject({ valid: true, accessKeyId: 'ASIAEXAMPLE', sessionToken: TOKEN });
    for (const out of [JSON.stringify(result), inspect(result, { depth: 5 }), format('%o', result)]) {
      expect(out).toContain('[redacted]');
      expect(out).not.toContain(TOKEN);
      expect(out).not.toContain(SECRET);
    }
  });

  it('an async getCredentials, a date at the edge of the window, allowed region and service', async () => {
    const wire = signed();
    const getCredentials = async (id: string): Promise<typeof user | undefined> => keys.get(id);
    for (const now of [new Date(NOW.getTime() - 300_000), new Date(NOW.getTime() + 300_000)]) {
      expect((await verify(wire, { getCredentials, now, regions: ['us-east-1'], services: new Set(['mediaconnect']) })).valid).toBe(true);
    }
  });

  it('no body given: the signature covers the empty body, reported as unchecked', async () => {
    const s = signRequest({ method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows' }, params);
    expect(await verify({ method: 'GET', url: s.url, headers: s.headers })).toMatchObject({ valid: true, payload: 'unchecked' });
  });

  it('an unsigned token header (token added after signing)', async () => {
    const wire = signed({ credentials: temp, sessionTokenMode: 'append' });
    expect(wire.headers['authorization']).not.toContain('x-amz-security-token');
    expect((await verify(wire)).valid).toBe(true);
  });
});

describe('refuses a tampered copy', () => {
  const wire = signed({ credentials: temp });
  it.each<[string, (w: Wire) => Wire, string]>([
    ['method', (w) => ({ ...w, method: 'PUT' }), 'SignatureDoesNotMatch'],
    ['path', (w) => ({ ...w, url: w.url.replace('/v1/flows', '/v1/flowz') }), 'SignatureDoesNotMatch'],
    ['path encoding (%2F for /)', (w) => ({ ...w, url: w.url.replace('/v1/flows', '/v1%2Fflows') }), 'SignatureDoesNotMatch'],
    ['query value', (w) => ({ ...w, url: w.url.replace('maxResults=5', 'maxResults=6') }), 'SignatureDoesNotMatch'],
    ['added query parameter', (w) => ({ ...w, url: `${w.url}&admin=true` }), 'SignatureDoesNotMatch'],
    // No form semantics: '+' is a plus sign, not the space the client meant.
    ['query space sent as +', (w) => ({ ...w, url: w.url.replace('a%20b', 'a+b') }), 'SignatureDoesNotMatch'],
    ['signed header value', (w) => ({ ...w, headers: { ...w.headers, 'content-type': 'text/plain' } }), 'SignatureDoesNotMatch'],
    ['signed header removed', (w) => ({ ...w, headers: { ...w.headers, 'content-type': undefined as unknown as string } }), 'SignatureDoesNotMatch'],
    ['host', (w) => ({ ...w, url: w.url.replace('mediaconnect.us-east-1', 'evil'), headers: { ...w.headers, host: 'evil.amazonaws.com' } }), 'SignatureDoesNotMatch'],
    ['body', (w) => ({ ...w, body: '{"name":"other"}' }), 'SignatureDoesNotMatch'],
    ['empty body', (w) => ({ ...w, body: '' }), 'SignatureDoesNotMatch'],
    ['signature', (w) => ({ ...w, headers: { ...w.headers, authorization: w.headers['authorization']!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } }), 'SignatureDoesNotMatch'],
    ['token', (w) => ({ ...w, headers: { ...w.headers, 'x-amz-security-token': `${TOKEN}x` } }), 'InvalidClientTokenId'],
    ['token removed', (w) => ({ ...w, headers: { ...w.headers, 'x-amz-security-token': undefined as unknown as string } }), 'InvalidClientTokenId'],
    ['date (past the window)', (w) => ({ ...w, headers: { ...w.headers, 'x-amz-date': '20261128T115459Z' } }), 'RequestTimeTooSkewed'],
    ['date (within the window)', (w) => ({ ...w, headers: { ...w.headers, 'x-amz-date': '20261128T120001Z' } }), 'SignatureDoesNotMatch'],
    ['scope region', (w) => ({ ...w, headers: { ...w.headers, authorization: w.headers['authorization']!.replace('us-east-1', 'us-west-2') } }), 'SignatureDoesNotMatch'],
  ])('%s', async (_what, tamper, expected) => {
    expect(await code(wire)).toBe('valid');
    expect(await code(tamper(wire))).toBe(expected);
  });

  it('a SignatureDoesNotMatch carries the canonical request and string to sign, token redacted in JSON', async () => {
    const result = await verify({ ...wire, method: 'PUT' });
    expect(result).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch', accessKeyId: 'ASIAEXAMPLE' });
    if (result.valid) return;
    expect(result.canonicalRequest?.split('\n')[0]).toBe('PUT');
    expect(result.stringToSign?.split('\n').slice(0, 3)).toEqual(['AWS4-HMAC-SHA256', '20261128T120000Z', '20261128/us-east-1/mediaconnect/aws4_request']);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(result.message).not.toContain(TOKEN);
  });
});

describe('refuses', () => {
  it.each<[string, () => Wire, Partial<VerifyOptions>, string]>([
    ['an unknown access key', () => signed({ credentials: { ...user, accessKeyId: 'AKIDUNKNOWN' } }), {}, 'InvalidClientTokenId'],
    ['a wrong secret', () => signed({ credentials: { ...user, secretAccessKey: 'wrong' } }), {}, 'SignatureDoesNotMatch'],
    ['a token with a long-term key', () => signed({ credentials: { ...user, sessionToken: TOKEN } }), {}, 'InvalidClientTokenId'],
    ['temporary credentials without their token', () => signed({ credentials: { ...temp, sessionToken: undefined } }), {}, 'InvalidClientTokenId'],
    ['expired temporary credentials', () => signed({ credentials: temp }), { getCredentials: () => ({ ...temp, expiration: NOW }) }, 'ExpiredToken'],
    ['a request from the future', () => signed({ signingDate: new Date(NOW.getTime() + 301_000) }), {}, 'RequestTimeTooSkewed'],
    ['an old request', () => signed(), { now: new Date(NOW.getTime() + 301_000) }, 'RequestTimeTooSkewed'],
    ['a region not allowed', () => signed(), { regions: ['eu-west-1'] }, 'SignatureDoesNotMatch'],
    ['a service not allowed', () => signed(), { services: ['s3'] }, 'SignatureDoesNotMatch'],
    ['no authentication at all', () => ({ method: 'GET', url: 'https://example.com/', headers: {} }), {}, 'MissingAuthenticationToken'],
    ['both an Authorization header and presigning parameters', () => {
      const w = signed();
      return { ...w, url: `${w.url}&X-Amz-Algorithm=AWS4-HMAC-SHA256` };
    }, {}, 'AuthorizationQueryParametersError'],
  ])('%s', async (_what, make, extra, expected) => {
    expect(await code(make(), extra)).toBe(expected);
  });

  it('host not signed', async () => {
    const w = signed();
    const authorization = w.headers['authorization']!.replace('content-type;host;x-amz-date', 'content-type;x-amz-date');
    expect(await verify({ ...w, headers: { ...w.headers, authorization } })).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch', message: expect.stringContaining("'Host'") });
  });

  it('a credential scope dated another day', async () => {
    const w = signed();
    const authorization = w.headers['authorization']!.replace('/20261128/', '/20261127/');
    expect(await verify({ ...w, headers: { ...w.headers, authorization } })).toMatchObject({ code: 'SignatureDoesNotMatch', message: expect.stringContaining('Date in Credential scope') });
  });

  it('a Date header instead of X-Amz-Date is read as the signing time', async () => {
    const w = signed();
    const { 'x-amz-date': _, ...rest } = w.headers;
    const result = await verify({ ...w, headers: { ...rest, date: 'Sat, 28 Nov 2026 12:00:00 GMT' } });
    // x-amz-date is signed, so it must be there; the Date header still gave a well-formed time.
    expect(result).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    expect(await code({ ...w, headers: { ...rest, date: 'yesterday' } })).toBe('IncompleteSignature');
    expect(await code({ ...w, headers: rest })).toBe('IncompleteSignature');
  });
});

describe('bad options are the server\'s bug and throw', () => {
  it.each<[string, Partial<VerifyOptions> | null]>([
    ['no getCredentials', { getCredentials: undefined as unknown as VerifyOptions['getCredentials'] }],
    ['an invalid now', { now: new Date(Number.NaN) }],
    ['a negative skew', { maxSkewSeconds: -1 }],
    ['regions that are not strings', { regions: [1] as unknown as string[] }],
    ['a bad token mode', { sessionTokenMode: 'omit' as unknown as 'sign' }],
  ])('%s', async (_what, extra) => {
    expect(await captureRejection(() => verifyRequest(signed(), { ...options, ...extra }))).toMatchObject({ name: 'InvalidRequestError', code: 'INVALID_OPTION' });
  });

  it('getCredentials returning something that is not credentials', async () => {
    const error = await captureRejection(() => verifyRequest(signed(), { ...options, getCredentials: () => ({ secretAccessKey: '' }) }));
    expect(error).toMatchObject({ name: 'CredentialsError', code: 'INVALID_CREDENTIALS' });
  });

  it('a getCredentials failure propagates', async () => {
    const failure = new Error('database down');
    expect(await captureRejection(() => verifyRequest(signed(), { ...options, getCredentials: () => Promise.reject(failure) }))).toBe(failure);
  });

  it('a stream body (verification needs the bytes)', async () => {
    const error = await captureRejection(() => verifyRequest({ ...signed(), body: new ReadableStream() as unknown as string }, options));
    expect(error).toMatchObject({ name: 'InvalidRequestError', code: 'INVALID_BODY' });
  });
});

describe('the HttpRequest shape (@smithy/protocol-http), as signRequest takes it', () => {
  it('a request signed by @smithy/signature-v4 verifies as the HttpRequest it signed; changed copies do not', async () => {
    const { HttpRequest } = await import('@smithy/protocol-http');
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Hash } = await import('@smithy/hash-node');
    const smithy = new SignatureV4({ credentials: temp, region: 'us-east-1', service: 'mediaconnect', sha256: Hash.bind(null, 'sha256') });
    const request = new HttpRequest({
      method: 'POST', protocol: 'https:', hostname: 'mediaconnect.us-east-1.amazonaws.com', path: '/v1/flows',
      query: { maxResults: '5', nextToken: 'a b/c', tag: ['x', 'y'] },
      headers: { host: 'mediaconnect.us-east-1.amazonaws.com', 'content-type': 'application/json' }, body: BODY,
    });
    const signedRequest = await smithy.sign(request, { signingDate: NOW });
    expect(await verifyRequest(signedRequest, options)).toMatchObject({ valid: true, accessKeyId: temp.accessKeyId, payload: 'verified', sessionToken: TOKEN });
    const copy = (patch: Record<string, unknown>) => new HttpRequest({ ...signedRequest, ...patch });
    expect(await verifyRequest(copy({ query: { ...signedRequest.query, maxResults: '6' } }), options)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    expect(await verifyRequest(copy({ path: '/v1/flowz' }), options)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    expect(await verifyRequest(copy({ body: '{}' }), options)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    expect(await verifyRequest(copy({ headers: { ...signedRequest.headers, 'content-type': 'text/plain' } }), options)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    // Without a host header the host comes from hostname, as for signRequest.
    const { host: _host, ...withoutHost } = signedRequest.headers;
    expect(await verifyRequest(copy({ headers: withoutHost }), options)).toMatchObject({ valid: true });
    expect(await verifyRequest(copy({ headers: withoutHost, hostname: 'other.example.com' }), options)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
  });

  it('signRequest of an HttpRequest verifies in the same shape, presigned too', async () => {
    const { HttpRequest } = await import('@smithy/protocol-http');
    const { presignUrl } = await import('../../src/index.js');
    const request = new HttpRequest({ method: 'GET', protocol: 'https:', hostname: 'bucket.s3.us-east-1.amazonaws.com', path: '/a%20b.txt', query: { versionId: '3' }, headers: {} });
    const s = signRequest(request, { ...params, service: 's3' });
    expect(await verifyRequest(new HttpRequest({ ...request, headers: s.headers }), options)).toMatchObject({ valid: true, service: 's3' });
    const p = presignUrl(request, { ...params, service: 's3', expiresIn: 60 });
    const query = Object.fromEntries(new URL(p.url).searchParams);
    expect(await verifyRequest(new HttpRequest({ ...request, query }), options)).toMatchObject({ valid: true, presigned: true });
    expect(await verifyRequest(new HttpRequest({ ...request, query: { ...query, versionId: '4' } }), options)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
  });
});
