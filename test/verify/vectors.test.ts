/**
 * Every signed request in AWS's vectors (fixtures/aws-vectors) verifies, and changing any byte of a signed part
 * (method, target, a signed header's name or value, the Authorization header, the body) makes it
 * fail, except where SigV4 itself says two requests are the same (a dot segment that
 * normalization removes), which must then still verify.
 */
import { describe, expect, it } from 'vitest';
import { verifyRequest, type VerifyResult } from '../../src/index.js';
import { sigv4a } from '../../src/sigv4a.js';
import { type SignedVector, signedVectors } from '../support/vectorFiles.js';
import type { HeaderPairs } from '../support/vectors.js';

const vectors = signedVectors();
let equivalentsSeen = 0;

interface Wire {
  method: string;
  target: string;
  headers: HeaderPairs;
  body: string | Uint8Array;
}

function verify(v: SignedVector, wire: Wire): Promise<VerifyResult> {
  // The target alone, as Node's req.url: the host then comes from the Host header, which the client signed.
  return verifyRequest(
    { method: wire.method, url: wire.target, headers: wire.headers, body: wire.body },
    { getCredentials: (id) => (id === v.credentials.accessKeyId ? v.credentials : undefined), now: v.now, algorithms: [sigv4a()], ...v.options },
  );
}

/** Replacement characters for one position: never a case or whitespace variant of the original. */
function replacements(ch: string): string[] {
  const out = [ch.toUpperCase() === 'Z' ? 'Y' : 'Z'];
  if (/[0-9]/.test(ch)) out.push(String((Number(ch) + 1) % 10)); // keeps dates, lengths and expiries numeric
  if (/[a-f]/.test(ch)) out.push(ch === 'f' ? 'a' : String.fromCharCode(ch.charCodeAt(0) + 1)); // keeps hex hex
  return out;
}

function* variants(text: string): Generator<string> {
  for (let i = 0; i < text.length; i++) for (const r of replacements(text[i]!)) yield text.slice(0, i) + r + text.slice(i + 1);
}

/** RFC 3986-style dot-segment and empty-segment removal, written here independently of src/. */
function normalized(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}${out.length > 0 && path.endsWith('/') ? '/' : ''}`;
}

function sameUnderNormalization(v: SignedVector, target: string): boolean {
  if (v.options.normalizePath === false || !target.startsWith('/')) return false;
  const [path = '', query] = v.target.split(/\?(.*)/s);
  const [path2 = '', query2] = target.split(/\?(.*)/s);
  return query === query2 && path !== path2 && normalized(path) === normalized(path2);
}

/** The header lines whose bytes the signature protects (the token is protected by the credentials instead). */
function isProtected(v: SignedVector, name: string): boolean {
  const n = name.toLowerCase();
  return v.signedHeaders.includes(n) || n === 'authorization' || n === 'x-amz-security-token';
}

function* tampered(v: SignedVector): Generator<[string, Wire, boolean]> {
  const base: Wire = { method: v.method, target: v.target, headers: v.headers, body: v.body };
  for (const method of variants(v.method)) yield [`method ${method}`, { ...base, method }, false];
  for (const target of variants(v.target)) yield [`target ${target}`, { ...base, target }, sameUnderNormalization(v, target)];
  for (const [i, [name, value]] of v.headers.entries()) {
    if (!isProtected(v, name)) continue;
    const swap = (pair: [string, string]): HeaderPairs => v.headers.map((h, j) => (j === i ? pair : h));
    for (const n of variants(name)) yield [`header name ${n}`, { ...base, headers: swap([n, value]) }, false];
    for (const val of variants(value)) yield [`header ${name}: ${val}`, { ...base, headers: swap([name, val]) }, false];
  }
  const body = typeof v.body === 'string' ? v.body : Buffer.from(v.body).toString('latin1');
  // UNSIGNED-PAYLOAD (declared, or implied by a presigned S3 URL) leaves the body out of the signature.
  const declared = v.headers.find(([n]) => n.toLowerCase() === 'x-amz-content-sha256')?.[1];
  const bodySigned = declared !== 'UNSIGNED-PAYLOAD' && !(v.mode === 'query' && v.target.includes('%2Fs3%2Faws4_request'));
  if (bodySigned) for (const b of variants(body)) yield [`body ${b}`, { ...base, body: b }, false];
  if (body !== '' && bodySigned) yield ['body removed', { ...base, body: '' }, false];
}

describe.each(vectors)('$id', (v) => {
  it('verifies as published', async () => {
    const result = await verify(v, { method: v.method, target: v.target, headers: v.headers, body: v.body });
    expect(result).toMatchObject({ valid: true, accessKeyId: v.credentials.accessKeyId, presigned: v.mode === 'query' });
    if (result.valid) expect([...result.signedHeaders]).toEqual(v.signedHeaders);
    if (result.valid) expect(result.algorithm).toBe(v.id.includes('/v4a/') ? 'AWS4-ECDSA-P256-SHA256' : 'AWS4-HMAC-SHA256');
  });

  it('fails when any byte of a signed part changes', async () => {
    let checked = 0;
    for (const [what, wire, equivalent] of tampered(v)) {
      const result = await verify(v, wire);
      expect(result.valid, `${what} (${result.valid ? 'accepted' : result.code})`).toBe(equivalent);
      checked++;
      if (equivalent) equivalentsSeen++;
    }
    expect(checked).toBeGreaterThan(v.target.length);
  });
});

it('covers every suite', () => {
  const suites = new Set(vectors.map((v) => v.id.split('/')[0]));
  expect([...suites].sort()).toEqual(['aws-c-auth', 'botocore-aws4', 'extra', 'smithy-rs']);
  expect(vectors.filter((v) => v.mode === 'query').length).toBeGreaterThanOrEqual(38 + 38 + 9);
  expect(vectors.filter((v) => v.id.includes('/v4a/')).length).toBe(76);
  // The dot-segment cases produce equivalent paths, and those were accepted above.
  expect(equivalentsSeen).toBeGreaterThan(0);
});
