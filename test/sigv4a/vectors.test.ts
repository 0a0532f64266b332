/**
 * SigV4a against aws-c-auth's v4a suite and extra/signing-key.json, read in place: canonical request
 * and string to sign exact, signatures checked by verification (ECDSA is randomized), key derivation exact.
 * OpenSSL (node:crypto, called directly here) is the independent verifier.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PresignParams, presignUrl, signRequest } from '../../src/index.js';
import { backend as portableCrypto } from '../../src/crypto/hash.portable.js';
import { deriveSigV4aPublicKey, verifySigV4aSignature } from '../../src/sigv4a/algorithm.js';
import { deriveSigV4aPrivateKey } from '../../src/sigv4a/deriveKey.js';
import { opensslVerifies, v4aCases, type V4aCase } from '../support/v4aVectors.js';
import { decodeQuery, type HeaderPairs, headerSet, sortPairs, VECTORS_DIR } from '../support/vectors.js';

const cases = v4aCases();


const withoutSignature = (authorization: string): string => authorization.trim().replace(/, Signature=[0-9a-f]+$/, '');

function run(c: V4aCase): ReturnType<typeof signRequest> | ReturnType<typeof presignUrl> {
  return c.mode === 'header' ? signRequest(c.request, c.params) : presignUrl(c.request, c.params as PresignParams);
}

describe('aws-c-auth v4a suite', () => {
  it('has the 38 complete cases, in both modes', () => {
    expect(cases).toHaveLength(76);
  });

  describe.each(cases.map((c) => [`${c.name} (${c.mode})`, c] as const))('%s', (_label, c) => {
    it('1-2. canonical request and string to sign are exact', () => {
      const r = run(c);
      expect(r.canonicalRequest).toBe(c.expected.canonicalRequest);
      expect(r.stringToSign).toBe(c.expected.stringToSign);
    });

    it('3. our signature verifies with public-key.json (OpenSSL and verifySigV4aSignature), and not for another string', () => {
      const r = run(c);
      expect(r.signature).toMatch(/^30(?:[0-9a-f]{2}){8,71}$/);
      expect(opensslVerifies(c.publicKey, c.expected.stringToSign, r.signature)).toBe(true);
      expect(verifySigV4aSignature(c.publicKey, r.stringToSign, r.signature)).toBe(true);
      expect(verifySigV4aSignature(c.publicKey, `${r.stringToSign} `, r.signature)).toBe(false);
    });

    it("3. the vector's signatures verify with verifySigV4aSignature", () => {
      expect(c.expected.signatures).toHaveLength(2);
      for (const signature of c.expected.signatures) {
        expect(opensslVerifies(c.publicKey, c.expected.stringToSign, signature)).toBe(true);
        expect(verifySigV4aSignature(c.publicKey, c.expected.stringToSign, signature)).toBe(true);
      }
    });

    it('4. the signed request matches, signature aside', () => {
      const r = run(c);
      if (c.mode === 'header') {
        expect(withoutSignature(r.headers['authorization'] ?? '')).toBe(withoutSignature(c.expected.authorization ?? ''));
        const { authorization: _ours, ...ours } = headerSet(r.headers);
        const { authorization: _theirs, ...theirs } = headerSet(c.expected.headers);
        expect(ours).toEqual(theirs);
      } else {
        const url = (r as { url: string }).url;
        const drop = (pairs: HeaderPairs): HeaderPairs => sortPairs(pairs.filter(([n]) => n !== 'X-Amz-Signature'));
        expect(drop(decodeQuery(url.slice(url.indexOf('?') + 1)))).toEqual(drop(c.expected.query ?? []));
        expect(decodeQuery(url.slice(url.indexOf('?') + 1)).find(([n]) => n === 'X-Amz-Signature')?.[1]).toBe(r.signature);
      }
    });
  });
});

interface V4aKeyVector { name: string; accessKeyId: string; secretAccessKey: string; expected: { privateKey?: string; publicKey: { x: string; y: string } } }

describe('extra/signing-key.json SigV4a derivation', () => {
  const vectors = (JSON.parse(readFileSync(join(VECTORS_DIR, 'extra', 'signing-key.json'), 'utf8')) as { sigv4a: V4aKeyVector[] }).sigv4a;

  it('has the three vectors', () => expect(vectors.map((v) => v.name)).toEqual(['aws-c-auth-fixed-derivation', 'suite-AKIDEXAMPLE', 'chunked-AKIAIOSFODNN7EXAMPLE']));

  it.each(vectors.map((v) => [v.name, v] as const))('%s: private and public key exact', (_name, v) => {
    for (const crypto of [undefined, portableCrypto]) {
      const d = deriveSigV4aPrivateKey(v.accessKeyId, v.secretAccessKey, crypto);
      if (v.expected.privateKey !== undefined) expect(Buffer.from(d).toString('hex')).toBe(v.expected.privateKey);
      expect(deriveSigV4aPublicKey(v.accessKeyId, v.secretAccessKey, crypto)).toEqual(v.expected.publicKey);
    }
  });

  it("every v4a case's public-key.json is the key derived from its credentials", () => {
    for (const c of cases) {
      const { accessKeyId, secretAccessKey } = c.params.credentials;
      expect(deriveSigV4aPublicKey(accessKeyId, secretAccessKey)).toEqual(c.publicKey);
    }
  });
});
