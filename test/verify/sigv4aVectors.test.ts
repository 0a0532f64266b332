/**
 * aws-c-auth/v4a in verifyRequest. The files print two signatures per mode (ECDSA is randomized):
 * the one inside `*-signed-request.txt` (also run through verify-vectors.test.ts) and the one in
 * `*-signature.txt`. Both must verify in the signed request, and changing a signed part (method,
 * path, a signed header value, the region set, the query) must give SignatureDoesNotMatch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyRequest, type VerifyResult } from '../../src/index.js';
import { sigv4a } from '../../src/sigv4a.js';
import { V4A_DIR } from '../support/v4aVectors.js';
import { type SignedVector, signedVectors } from '../support/vectorFiles.js';
import type { HeaderPairs } from '../support/vectors.js';

const vectors = signedVectors().filter((v) => v.id.startsWith('aws-c-auth/v4a/'));

interface Wire {
  method: string;
  target: string;
  headers: HeaderPairs;
}

const find = (headers: HeaderPairs, name: string): string | undefined => headers.find(([n]) => n.toLowerCase() === name)?.[1];

/** The vector's request with the signature from `header-signature.txt` / `query-signature.txt` put in. */
function withFileSignature(v: SignedVector): { wire: Wire; signature: string } {
  const name = /^aws-c-auth\/v4a\/(.+) \((header|query)\)$/.exec(v.id)!;
  const signature = readFileSync(join(V4A_DIR, name[1]!, `${v.mode}-signature.txt`), 'utf8');
  if (v.mode === 'query') {
    return { signature, wire: { method: v.method, headers: v.headers, target: v.target.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${signature}`) } };
  }
  const headers: HeaderPairs = v.headers.map(([n, val]) => [n, n.toLowerCase() === 'authorization' ? val.replace(/Signature=[0-9a-f]+$/, `Signature=${signature}`) : val]);
  return { signature, wire: { method: v.method, target: v.target, headers } };
}

function verify(v: SignedVector, wire: Wire): Promise<VerifyResult> {
  return verifyRequest(
    { method: wire.method, url: wire.target, headers: wire.headers, body: v.body },
    { getCredentials: (id) => (id === v.credentials.accessKeyId ? v.credentials : undefined), now: v.now, algorithms: [sigv4a()], ...v.options },
  );
}

/** Changes the last character, keeping the length, and a hex digit a hex digit (so a hash stays well-formed). */
function flipLast(text: string): string {
  const last = text.slice(-1);
  const hex = '0123456789abcdef';
  const next = hex.includes(last) ? hex[(hex.indexOf(last) + 1) % 16]! : last === 'Z' ? 'Y' : 'Z';
  return text.slice(0, -1) + next;
}

// Time headers have their own codes (skew, scope date); a changed token is refused before the
// signature, as AWS does, with InvalidClientTokenId. verify-vectors.test.ts flips those too.
const OWN_CODES = new Set(['x-amz-date', 'x-amz-security-token']);

/** One change per signed part. */
function* changes(v: SignedVector, wire: Wire): Generator<[string, Wire]> {
  yield ['method', { ...wire, method: flipLast(wire.method) }];
  const q = wire.target.indexOf('?');
  const [path, query] = q < 0 ? [wire.target, ''] : [wire.target.slice(0, q), wire.target.slice(q)];
  // Appending keeps a dot segment that normalization would drop from swallowing the change.
  yield ['path', { ...wire, target: `${/[A-Za-z0-9]$/.test(path) ? flipLast(path) : `${path}Z`}${query}` }];
  for (const [i, [name, value]] of wire.headers.entries()) {
    const lower = name.toLowerCase();
    if (!v.signedHeaders.includes(lower) || OWN_CODES.has(lower)) continue;
    const headers = wire.headers.map((h, j): [string, string] => (j === i ? [name, flipLast(value)] : h));
    yield [`header ${lower}`, { ...wire, headers }];
  }
  if (v.mode === 'header') {
    const widened = wire.headers.map(([n, val]): [string, string] => [n, n.toLowerCase() === 'x-amz-region-set' ? '*' : val]);
    yield ['region set widened to *', { ...wire, headers: widened }];
    yield ['query', { ...wire, target: query === '' ? `${path}?Param1=value1` : `${path}${flipLast(query)}` }];
  } else {
    yield ['X-Amz-Region-Set', { ...wire, target: wire.target.replace(/X-Amz-Region-Set=us-east-1/, 'X-Amz-Region-Set=us-east-2') }];
    yield ['X-Amz-Region-Set widened to *', { ...wire, target: wire.target.replace(/X-Amz-Region-Set=us-east-1/, 'X-Amz-Region-Set=%2A') }];
    yield ['X-Amz-Expires', { ...wire, target: wire.target.replace(/X-Amz-Expires=(\d+)/, (_, n: string) => `X-Amz-Expires=${Number(n) - 1}`) }];
    const own = /[?&](?!X-Amz-)[^=&]+=[^&]*/.exec(wire.target);
    if (own !== null) yield ['query parameter', { ...wire, target: wire.target.replace(own[0], flipLast(own[0])) }];
  }
}

describe.each(vectors)('$id', (v) => {
  it('verifies with the signature from the *-signature.txt file too', async () => {
    const { wire, signature } = withFileSignature(v);
    expect(JSON.stringify(wire)).toContain(signature);
    expect(await verify(v, wire)).toMatchObject({ valid: true, algorithm: 'AWS4-ECDSA-P256-SHA256', parameters: { 'x-amz-region-set': 'us-east-1' }, accessKeyId: 'AKIDEXAMPLE' });
  });

  it('gives SignatureDoesNotMatch when a signed part changes, with either printed signature', async () => {
    const published: Wire = { method: v.method, target: v.target, headers: v.headers };
    for (const wire of [published, withFileSignature(v).wire]) {
      const seen: string[] = [];
      for (const [what, changed] of changes(v, wire)) {
        expect(changed, what).not.toEqual(wire);
        const result = await verify(v, changed);
        expect(result.valid ? 'accepted' : result.code, what).toBe('SignatureDoesNotMatch');
        seen.push(what);
      }
      expect(seen).toEqual(expect.arrayContaining(['method', 'path', 'header host', v.mode === 'header' ? 'header x-amz-region-set' : 'X-Amz-Region-Set']));
    }
  });
});

it('covers all 38 complete cases in both modes', () => {
  expect(vectors.length).toBe(76);
  expect(vectors.filter((v) => v.mode === 'query').every((v) => find(v.headers, 'authorization') === undefined && v.target.includes('X-Amz-Region-Set=us-east-1'))).toBe(true);
  expect(vectors.filter((v) => v.mode === 'header').every((v) => find(v.headers, 'x-amz-region-set') === 'us-east-1')).toBe(true);
});
