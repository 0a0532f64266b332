/**
 * Seeded fuzz: 10,000 malformed Authorization headers and presign queries. verifyRequest must
 * always answer (never throw), with one of AWS's codes, and never accept a request whose
 * signature it was not given.
 */
import { expect, it } from 'vitest';
import { presignUrl, signRequest, verifyRequest, type VerifyFailureCode, type VerifyResult } from '../../src/index.js';
import { type Random, seeded } from '../support/random.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const TOKEN = 'FQoGZXIvYXdzEXAMPLE/TOKEN+==';
const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: TOKEN };
const params = { credentials, region: 'us-east-1', service: 'mediaconnect', signingDate: NOW };
const request = { method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows?maxResults=5' };
const signed = signRequest(request, params);
const presigned = presignUrl(request, { ...params, expiresIn: 900 });
const v4a = { ...params, algorithm: 'AWS4-ECDSA-P256-SHA256' as const, regionSet: ['us-*', 'eu-west-1'] };
const signedV4a = signRequest(request, v4a);
const presignedV4a = presignUrl(request, { ...v4a, expiresIn: 900 });
const CODES = new Set<VerifyFailureCode>([
  'SignatureDoesNotMatch', 'IncompleteSignature', 'MissingAuthenticationToken', 'InvalidClientTokenId', 'ExpiredToken',
  'RequestTimeTooSkewed', 'RequestExpired', 'AuthorizationQueryParametersError', 'XAmzContentSHA256Mismatch',
]);
const options = { getCredentials: (id: string) => (id === credentials.accessKeyId ? credentials : undefined), now: NOW };

const JUNK = [' ', '  ', '\t', ',', ', ', ';', '=', '/', '%', '%ZZ', '%C3', '%E2%82', '+', '&', '?', '#', '"', "'", '\\',
  'é', 'ሴ', '😀', '\ud800', '\u0000', '\u00a0', '\u2028', 'AWS4-HMAC-SHA256', 'Credential=', 'SignedHeaders=', 'Signature=',
  'aws4_request', 'host', 'X-Amz-Date=', 'X-Amz-Expires=999999999', 'X-Amz-Signature=', '0'.repeat(64), 'A'.repeat(300)];

/** One random edit: delete, duplicate, insert junk, swap case, truncate or repeat a slice. */
function mutate(text: string, rnd: Random): string {
  const i = rnd.int(0, text.length);
  const j = Math.min(text.length, i + rnd.int(0, 40));
  switch (rnd.int(0, 6)) {
    case 0: return text.slice(0, i) + text.slice(j);
    case 1: return text.slice(0, j) + text.slice(i, j) + text.slice(j);
    case 2: return text.slice(0, i) + rnd.pick(JUNK) + text.slice(i);
    case 3: return text.slice(0, i) + text.slice(i, j).toUpperCase() + text.slice(j);
    case 4: return text.slice(0, i);
    case 5: return rnd.pick(JUNK).repeat(rnd.int(1, 50));
    default: return text.slice(0, i) + rnd.pick(JUNK) + text.slice(j);
  }
}

function mutateTimes(text: string, rnd: Random): string {
  let out = text;
  for (let n = rnd.int(1, 4); n > 0; n--) out = mutate(out, rnd);
  return out;
}

/** Authorization values of any shape, strings or not. */
function authorizationValue(rnd: Random, from: typeof signed): unknown {
  const original = from.headers['authorization']!;
  switch (rnd.int(0, 9)) {
    case 0: return rnd.pick([undefined, null, 42, true, {}, [], [original, original], [original, 7], Symbol.for('x')]);
    case 1: return original.replace(/, /g, rnd.pick([',', ' ', ',  ', ' , ', '']));
    default: return mutateTimes(original, rnd);
  }
}

function headerCase(rnd: Random, from = signed): { method: string; url: string; headers: unknown } {
  const { authorization: _, ...rest } = from.headers;
  const value = authorizationValue(rnd, from);
  const shape = rnd.int(0, 2);
  const headers = shape === 0 ? { ...rest, authorization: value }
    : shape === 1 ? [...Object.entries(rest), ['Authorization', value]]
    : [...Object.entries(rest), ['authorization', value], ['authorization', rnd.pick([value, 'x'])]];
  return { method: from.method, url: from.url, headers };
}

function presignCase(rnd: Random, from = presigned): { method: string; url: string; headers: unknown } {
  const [base = '', query = ''] = from.url.split('?');
  let pairs = query.split('&');
  if (rnd.bool(0.3)) pairs = rnd.shuffle(pairs);
  if (rnd.bool(0.3)) pairs.push(rnd.pick(pairs));
  if (rnd.bool(0.3)) pairs.splice(rnd.int(0, pairs.length - 1), 1);
  const k = rnd.int(0, pairs.length - 1);
  pairs[k] = mutateTimes(pairs[k]!, rnd);
  return { method: 'GET', url: `${base}?${pairs.join('&')}`, headers: from.headers };
}

function check(result: VerifyResult, label: string, signature: string, sent: string): void {
  if (result.valid) {
    // Accepting is fine only if the request still carries the real signature (a harmless edit).
    expect(sent, label).toContain(signature);
    return;
  }
  expect(CODES.has(result.code), `${label}: ${result.code}`).toBe(true);
  expect(typeof result.message).toBe('string');
  expect(result.message).not.toContain(TOKEN);
  expect(result.message).not.toContain(credentials.secretAccessKey);
}

it('never throws on 5,000 malformed Authorization headers', async () => {
  const rnd = seeded(20261128);
  const seen = new Set<string>();
  for (let n = 0; n < 5000; n++) {
    const c = headerCase(rnd);
    const label = `case ${n}`;
    const result = await verifyRequest(c as Parameters<typeof verifyRequest>[0], options).catch((e: unknown) => {
      throw new Error(`${label} threw: ${String(e)} for ${String(JSON.stringify(c.headers))}`);
    });
    seen.add(result.valid ? 'valid' : result.code);
    check(result, label, signed.signature, JSON.stringify(c.headers) ?? '');
  }
  expect(seen.has('IncompleteSignature')).toBe(true);
});

it('never throws on 5,000 malformed presign queries', async () => {
  const rnd = seeded(604800);
  const seen = new Set<string>();
  for (let n = 0; n < 5000; n++) {
    const c = presignCase(rnd);
    const result = await verifyRequest(c as Parameters<typeof verifyRequest>[0], options).catch((e: unknown) => {
      throw new Error(`case ${n} threw: ${String(e)} for ${c.url}`);
    });
    seen.add(result.valid ? 'valid' : result.code);
    check(result, `case ${n}: ${c.url}`, presigned.signature, c.url);
  }
  expect(seen.has('AuthorizationQueryParametersError')).toBe(true);
  expect(seen.has('SignatureDoesNotMatch')).toBe(true);
});

it('never throws on 1,000 malformed SigV4a Authorization headers and 1,000 presign queries', async () => {
  const rnd = seeded(256);
  const seen = new Set<string>();
  expect((await verifyRequest({ ...signedV4a, headers: signedV4a.headers }, options)).valid).toBe(true);
  for (let n = 0; n < 1000; n++) {
    const h = headerCase(rnd, signedV4a);
    const a = await verifyRequest(h as Parameters<typeof verifyRequest>[0], options).catch((e: unknown) => {
      throw new Error(`v4a header case ${n} threw: ${String(e)}`);
    });
    check(a, `v4a header case ${n}`, signedV4a.signature, JSON.stringify(h.headers) ?? '');
    const q = presignCase(rnd, presignedV4a);
    const b = await verifyRequest(q as Parameters<typeof verifyRequest>[0], options).catch((e: unknown) => {
      throw new Error(`v4a presign case ${n} threw: ${String(e)} for ${q.url}`);
    });
    check(b, `v4a presign case ${n}: ${q.url}`, presignedV4a.signature, q.url);
    seen.add(a.valid ? 'valid' : a.code).add(b.valid ? 'valid' : b.code);
  }
  expect(seen.has('IncompleteSignature')).toBe(true);
  expect(seen.has('SignatureDoesNotMatch')).toBe(true);
});
