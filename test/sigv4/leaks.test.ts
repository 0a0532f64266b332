/** Secrets never show in JSON.stringify, util.inspect or %o of anything the signer returns. */
import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { presignUrl, signRequest } from '../../src/index.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FQoGZXIvYXdzEXAMPLE/SESSION+TOKEN==';
const params = {
  credentials: { accessKeyId: 'ASIAEXAMPLEKEY123456', secretAccessKey: SECRET, sessionToken: TOKEN },
  region: 'us-east-1', service: 'mediaconnect', signingDate: new Date('2026-11-28T12:00:00Z'),
};
const request = { method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows' };
const encodedToken = encodeURIComponent(TOKEN);

const renders = (value: unknown): Array<[string, string]> => [
  ['JSON.stringify', JSON.stringify({ value })],
  ['util.inspect', inspect({ value }, { depth: Infinity, showHidden: false })],
  ['%o', format('%o', value)],
  ['%j', format('%j', value)],
];

describe.each([
  ['signRequest result', () => signRequest(request, params)],
  ['signRequest headers', () => signRequest(request, params).headers],
  ["signRequest result, 'append' mode", () => signRequest(request, { ...params, sessionTokenMode: 'append' })],
  ['presignUrl result', () => presignUrl(request, { ...params, expiresIn: 900 })],
  ["presignUrl result, 'append' mode", () => presignUrl(request, { ...params, expiresIn: 900, sessionTokenMode: 'append' })],
])('%s', (_label, make) => {
  it.each(renders(make()))('%s shows neither the secret nor the token', (_how, out) => {
    expect(out).toContain('[redacted]'); // the value was rendered, with the token replaced
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(encodedToken);
  });
});

it('keeps the token usable: field access and spreading are unchanged', () => {
  const signed = signRequest(request, params);
  expect(signed.headers['x-amz-security-token']).toBe(TOKEN);
  expect({ ...signed.headers }['x-amz-security-token']).toBe(TOKEN);
  expect(new Headers(signed.headers).get('x-amz-security-token')).toBe(TOKEN);
  expect(Object.keys(signed.headers)).not.toContain('toJSON');
  expect(presignUrl(request, { ...params, expiresIn: 60 }).url).toContain(`X-Amz-Security-Token=${encodedToken.replace(/%2B/g, '%2B')}`);
});
