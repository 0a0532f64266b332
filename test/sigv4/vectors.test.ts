/**
 * AWS's SigV4 vectors in fixtures/aws-vectors: every case checked at every stage
 * (canonical request, string to sign, signature, signed request).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presignUrl, signRequest, type PresignParams } from '../../src/index.js';
import { computeSignature, deriveSigningKey } from '../../src/steps.js';
import { allSigV4Cases, decodeQuery, headerSet, sortPairs, type VectorCase, VECTORS_DIR } from '../support/vectors.js';

const cases = allSigV4Cases();


const normalizeAuthorization = (value: string): string => value.trim().replace(/,\s*/g, ', ');

type Result = ReturnType<typeof signRequest> | ReturnType<typeof presignUrl>;
type Check = (result: Result) => void;

/** The stages this case publishes an expectation for, and nothing else (no empty or skipped checks). */
function stageChecks(c: VectorCase): Array<[string, Check]> {
  const { expected: e } = c;
  const checks: Array<[string, Check]> = [];
  if (e.canonicalRequest !== undefined) checks.push(['1. canonical request', (r) => expect(r.canonicalRequest).toBe(e.canonicalRequest)]);
  if (e.stringToSign !== undefined) checks.push(['2. string to sign', (r) => expect(r.stringToSign).toBe(e.stringToSign)]);
  if (e.signature !== undefined) checks.push(['3-4. signature', (r) => expect(r.signature).toBe(e.signature)]);
  if (c.mode === 'header' && e.authorization !== undefined) {
    checks.push(['5. authorization header', (r) => expect(normalizeAuthorization(r.headers['authorization'] ?? '')).toBe(normalizeAuthorization(e.authorization ?? ''))]);
  }
  if (c.mode === 'header' && e.headers !== undefined) {
    checks.push(['5. signed request headers', (r) => expect(headerSet(r.headers)).toEqual(headerSet(e.headers ?? []))]);
  }
  if (c.mode === 'query' && e.query !== undefined) {
    checks.push(['5. presigned URL parameters', (r) => {
      const url = (r as { url: string }).url;
      const got = decodeQuery(url.slice(url.indexOf('?') + 1));
      expect(sortPairs(got)).toEqual(sortPairs(e.query ?? []));
      // The signature comes after the canonical query it signs; only an appended token follows it.
      expect(got.at(-1)?.[0]).toBe(c.appendedToken ? 'X-Amz-Security-Token' : 'X-Amz-Signature');
    }]);
  }
  if (c.mode === 'query' && e.url !== undefined) checks.push(['5. presigned URL', (r) => expect((r as { url: string }).url).toBe(e.url)]);
  if (c.appendedToken !== undefined) {
    checks.push(['5. token added after signing, outside the signature', (r) => {
      expect(r.canonicalRequest).not.toContain(c.appendedToken);
      if (c.mode === 'header') expect(r.headers['x-amz-security-token']).toBe(c.appendedToken);
    }]);
  }
  return checks;
}

function run(c: VectorCase): Result {
  return c.mode === 'header' ? signRequest(c.request, c.params) : presignUrl(c.request, c.params as PresignParams);
}

describe('SigV4 vectors', () => {
  it('loads every suite', () => {
    const suites = new Set(cases.map((c) => c.suite));
    expect([...suites].sort()).toEqual(['aws-c-auth/v4', 'botocore-aws4', 'extra/header-sign', 'extra/presign', 'smithy-rs']);
    expect(cases.filter((c) => c.suite === 'aws-c-auth/v4')).toHaveLength(76);
    expect(cases.filter((c) => c.suite === 'botocore-aws4')).toHaveLength(34);
  });

  describe.each(cases.map((c) => [`${c.suite} ${c.name} (${c.mode})`, c] as const))('%s', (_label, c) => {
    it.each(stageChecks(c))('%s', (_stage, check) => check(run(c)));
  });
});

interface KeyVector { name: string; secretAccessKey: string; date: string; region: string; service: string; stringToSign?: string; expected: { kSigning?: string; signature?: string } }

describe('extra/signing-key.json', () => {
  const vectors = (JSON.parse(readFileSync(join(VECTORS_DIR, 'extra', 'signing-key.json'), 'utf8')) as { sigv4: KeyVector[] }).sigv4;
  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const key = deriveSigningKey(v.secretAccessKey, v);
    if (v.expected.kSigning) expect(Buffer.from(key).toString('hex')).toBe(v.expected.kSigning);
    if (v.expected.signature) expect(computeSignature(key, v.stringToSign ?? '')).toBe(v.expected.signature);
    expect(v.expected.kSigning ?? v.expected.signature).toBeTruthy();
  });
});
