/**
 * Seeded fuzz with SigV4a-shaped inputs: DER-like signatures, region sets (hostile wildcards
 * included, with allowed regions set so each goes through the matcher), and credentials or
 * algorithms of the other shape. verifyRequest must answer every one with one of AWS's codes.
 */
import { expect, it } from 'vitest';
import { verifyRequest } from '../../src/index.js';
import { type Random, seeded } from '../support/random.js';
import { check, mutateTimes, options, presignedV4a, signedV4a } from '../support/verifyFuzz.js';

const hex = (rnd: Random, bytes: number): string => Array.from({ length: bytes }, () => rnd.int(0, 255).toString(16).padStart(2, '0')).join('');
const derLength = (n: number): string => (n < 128 ? n.toString(16).padStart(2, '0') : `81${n.toString(16).padStart(2, '0')}`);

/** Signatures shaped like DER ECDSA, mostly wrong in one way: lengths, integer forms, sizes, or one byte. */
function derish(rnd: Random): string {
  const integer = (): string => {
    const body = rnd.pick(['', '00', '80', '00'.repeat(33), 'ff'.repeat(32), hex(rnd, rnd.int(1, 40))]);
    return `02${derLength(body.length / 2)}${body}`;
  };
  const real = signedV4a.signature;
  switch (rnd.int(0, 6)) {
    case 0: return hex(rnd, rnd.int(0, 80)) + (rnd.bool(0.2) ? 'a' : '');
    case 1: { const inner = integer() + integer(); return `30${derLength(inner.length / 2)}${inner}`; }
    case 2: { const inner = integer() + integer(); return `30${derLength(inner.length / 2 + rnd.pick([-1, 1, 2]))}${inner}`; }
    case 3: return `30${'ff'.repeat(rnd.int(1, 300))}`;
    case 4: { const i = rnd.int(0, real.length - 1); return real.slice(0, i) + (real[i] === '0' ? '1' : '0') + real.slice(i + 1); }
    case 5: return rnd.pick([real.slice(0, -2), `${real}00`, real.toUpperCase(), '0'.repeat(64), `3006020100020100`]);
    default: return real;
  }
}

/** Region sets of any shape, including ones that make a backtracking glob matcher hang. */
function regionSetValue(rnd: Random): string {
  return rnd.pick([
    '', ' ', ',', ',,', '*', 'us-*,eu-west-1', 'eu-west-1,us-*', 'us-east-1', `${'*'.repeat(rnd.int(1, 200))}x`, `${'*-'.repeat(rnd.int(1, 200))}x`,
    '*,'.repeat(rnd.int(1, 100)), mutateTimes('us-*,eu-west-1', rnd), 'é', '\u0000', 'A'.repeat(300),
  ]);
}

/** An Authorization header built field by field: each field valid, or of the other algorithm's shape, or broken. */
function v4aAuthorization(rnd: Random): string {
  const original = signedV4a.headers['authorization']!;
  const field = (name: string): string => new RegExp(`${name}=([^,]+)`).exec(original)![1]!;
  const algorithm = rnd.pick(['AWS4-ECDSA-P256-SHA256', 'AWS4-ECDSA-P256-SHA256', 'AWS4-HMAC-SHA256', 'aws4-ecdsa-p256-sha256', 'AWS4-ECDSA-P256-SHA256 ']);
  const credential = rnd.pick([field('Credential'), field('Credential'), 'ASIAEXAMPLE/20261128/us-east-1/mediaconnect/aws4_request', 'ASIAEXAMPLE/20261128/mediaconnect', 'ASIAEXAMPLE//mediaconnect/aws4_request', mutateTimes(field('Credential'), rnd)]);
  const signedHeaders = rnd.pick([field('SignedHeaders'), field('SignedHeaders'), field('SignedHeaders').replace(';x-amz-region-set', ''), 'host;x-amz-date']);
  return `${algorithm} Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=${derish(rnd)}`;
}

function v4aHeaderCase(rnd: Random): { method: string; url: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { ...signedV4a.headers, authorization: v4aAuthorization(rnd) };
  if (rnd.bool(0.5)) headers['x-amz-region-set'] = regionSetValue(rnd);
  if (rnd.bool(0.1)) delete headers['x-amz-region-set'];
  return { method: signedV4a.method, url: signedV4a.url, headers };
}

function v4aPresignCase(rnd: Random): { method: string; url: string; headers: Record<string, string> } {
  const url = new URL(presignedV4a.url);
  const q = url.searchParams;
  if (rnd.bool(0.5)) q.set('X-Amz-Signature', derish(rnd));
  if (rnd.bool(0.4)) q.set('X-Amz-Region-Set', regionSetValue(rnd));
  if (rnd.bool(0.1)) q.delete('X-Amz-Region-Set');
  if (rnd.bool(0.2)) q.set('X-Amz-Credential', rnd.pick(['ASIAEXAMPLE/20261128/us-east-1/mediaconnect/aws4_request', 'ASIAEXAMPLE/20261128/mediaconnect/aws4_request/x']));
  if (rnd.bool(0.1)) q.set('X-Amz-Algorithm', 'AWS4-HMAC-SHA256');
  return { method: 'GET', url: url.href, headers: presignedV4a.headers };
}

it('never throws on 2,000 SigV4a-shaped inputs: DER-like signatures, region sets, credentials of the other shape', async () => {
  const rnd = seeded(4096);
  const seen = new Set<string>();
  for (let n = 0; n < 2000; n++) {
    const c = n % 2 === 0 ? v4aHeaderCase(rnd) : v4aPresignCase(rnd);
    // With allowed regions set, every region set also goes through the wildcard matcher before the signature.
    const opts = rnd.bool(0.5) ? { ...options, regions: ['us-east-1', 'ap-southeast-1'] } : options;
    const label = `v4a-shaped case ${n}: ${JSON.stringify(c)}`;
    const result = await verifyRequest(c, opts).catch((e: unknown) => {
      throw new Error(`${label} threw: ${String(e)}`);
    });
    const sent = n % 2 === 0 ? c.headers['authorization'] ?? '' : c.url;
    check(result, label, n % 2 === 0 ? signedV4a.signature : presignedV4a.signature, sent);
    seen.add(result.valid ? 'valid' : result.code);
  }
  expect([...seen].sort()).toEqual(expect.arrayContaining(['AuthorizationQueryParametersError', 'IncompleteSignature', 'SignatureDoesNotMatch', 'valid']));
});
