/** Shared by the verifyRequest fuzz tests: signed fixtures, random edits, and what every answer must satisfy. */
import { expect } from 'vitest';
import { presignUrl, signRequest, type VerifyFailureCode, type VerifyResult } from '../../src/index.js';
import { sigv4a } from '../../src/sigv4a.js';
import type { Random } from './random.js';

export const NOW = new Date('2026-11-28T12:00:00Z');
const TOKEN = 'FQoGZXIvYXdzEXAMPLE/TOKEN+==';
export const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: TOKEN };
const params = { credentials, region: 'us-east-1', service: 'mediaconnect', signingDate: NOW };
const request = { method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows?maxResults=5' };
export const signed = signRequest(request, params);
export const presigned = presignUrl(request, { ...params, expiresIn: 900 });
const v4a = { ...params, algorithm: sigv4a({ regionSet: ['us-*', 'eu-west-1'] }) };
export const signedV4a = signRequest(request, v4a);
export const presignedV4a = presignUrl(request, { ...v4a, expiresIn: 900 });
const CODES = new Set<VerifyFailureCode>([
  'SignatureDoesNotMatch', 'IncompleteSignature', 'MissingAuthenticationToken', 'InvalidClientTokenId', 'ExpiredToken',
  'RequestTimeTooSkewed', 'RequestExpired', 'AuthorizationQueryParametersError', 'XAmzContentSHA256Mismatch',
  // S3's refusal of an Authorization header (or headers, or URL) over the caps read before authentication.
  'RequestHeaderSectionTooLarge',
]);
export const options = { getCredentials: (id: string) => (id === credentials.accessKeyId ? credentials : undefined), now: NOW, algorithms: [sigv4a()] };

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

/** One to four random edits. */
export function mutateTimes(text: string, rnd: Random): string {
  let out = text;
  for (let n = rnd.int(1, 4); n > 0; n--) out = mutate(out, rnd);
  return out;
}

/** A refusal carries one of AWS's codes and no secret; an acceptance only while the real signature is still sent. */
export function check(result: VerifyResult, label: string, signature: string, sent: string): void {
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
