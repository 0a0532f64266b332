/**
 * Seeded fuzz: 12,000 malformed Authorization headers and presign queries (SigV4, and SigV4a by
 * random edits; verify-fuzz-v4a.test.ts builds SigV4a-shaped ones). verifyRequest must
 * always answer (never throw), with one of AWS's codes, and never accept a request whose
 * signature it was not given.
 */
import { expect, it } from 'vitest';
import { verifyRequest } from '../../src/index.js';
import { type Random, seeded } from '../support/random.js';
import { check, mutateTimes, options, presigned, presignedV4a, signed, signedV4a } from '../support/verifyFuzz.js';

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
