/**
 * The server-side SigV4a pieces (src/sigv4a/verify.ts) against aws-c-auth's v4a suite: every
 * signature printed in the files verifies for the printed canonical request, and a tampered
 * request or signature does not.
 */
import { describe, expect, it } from 'vitest';
import { SigningKeyCache } from '../../src/index.js';
import { defaultCrypto } from '../../src/crypto/backend.js';
import { buildStringToSign } from '../../src/sigv4/stringToSign.js';
import { sigv4a } from '../../src/sigv4a.js';
import { checkSigV4aSignature, isSigV4aSignature, parseSigV4aCredential, regionSetCovers } from '../../src/sigv4a/verify.js';
import { seeded } from '../support/random.js';
import { v4aCases } from '../support/v4aVectors.js';

const cases = v4aCases();

describe('checkSigV4aSignature on the aws-c-auth v4a files', () => {
  it.each(cases.map((c) => [`${c.name} (${c.mode})`, c] as const))('%s: the printed signatures verify, tampered ones do not', (_label, c) => {
    const keyCache = new SigningKeyCache(4);
    const { accessKeyId, secretAccessKey } = c.params.credentials;
    const amzDate = c.expected.stringToSign.split('\n')[1]!;
    const context = { credentials: { accessKeyId, secretAccessKey }, region: '', service: c.params.service, date: amzDate.slice(0, 8), amzDate, crypto: defaultCrypto, keyCache, parameters: new Map<string, string>() };
    // The string to sign the server builds from the printed canonical request: the algorithm's scope and name.
    const algorithm = sigv4a();
    const scope = algorithm.scope(context);
    const stringToSign = (canonicalRequest: string) => buildStringToSign({ algorithm: algorithm.name, amzDate, scope, canonicalRequestHash: defaultCrypto.sha256Hex(canonicalRequest) });
    expect(stringToSign(c.expected.canonicalRequest)).toBe(c.expected.stringToSign);
    const check = (canonicalRequest: string, signature: string) => algorithm.verifier!.verify(stringToSign(canonicalRequest), signature, context);
    for (const signature of c.expected.signatures) {
      expect(isSigV4aSignature(signature)).toBe(true);
      expect(checkSigV4aSignature(c.expected.stringToSign, signature, context)).toBe(true);
      expect(check(c.expected.canonicalRequest, signature)).toBe(true);
      expect(check(`${c.expected.canonicalRequest}x`, signature)).toBe(false);
      const flipped = signature.slice(0, 20) + (signature[20] === '0' ? '1' : '0') + signature.slice(21);
      expect(check(c.expected.canonicalRequest, flipped)).toBe(false);
    }
    expect(check(c.expected.canonicalRequest, 'ab'.repeat(32))).toBe(false);
    if (c.expected.authorization !== undefined) {
      const credential = /Credential=([^,]+)/.exec(c.expected.authorization)![1]!;
      expect(parseSigV4aCredential(credential)).toEqual({ accessKeyId, date: '20150830', service: c.params.service });
    }
  });
});

describe('SigV4a credential and region set parsing', () => {
  it('parses only four-part, region-less credentials', () => {
    expect(parseSigV4aCredential('AKID/20240101/s3/aws4_request')).toEqual({ accessKeyId: 'AKID', date: '20240101', service: 's3' });
    for (const bad of ['AKID/20240101/us-east-1/s3/aws4_request', 'AKID/2024/s3/aws4_request', 'AKID/20240101/s3/aws4', '/20240101/s3/aws4_request']) {
      expect(parseSigV4aCredential(bad)).toBeUndefined();
    }
  });

  it.each([
    ['*', 'ap-south-1', true], ['us-east-1', 'us-east-1', true], ['us-east-1', 'us-east-2', false],
    ['us-*', 'us-west-2', true], ['us-*', 'eu-west-1', false], ['eu-west-1,us-*', 'us-east-1', true], ['us-east-1.', 'us-east-1x', false],
    ['*-east-*', 'us-east-1', true], ['us-east-1*', 'us-east-1', true], ['', 'us-east-1', false], [' us-west-2 ,x', 'us-west-2', true],
    // Attacker-chosen and checked before the signature: a backtracking matcher would take hours here.
    [`${'*'.repeat(64)}x`, 'ap-southeast-1', false], [`${'*-'.repeat(64)}x`, 'ap-southeast-1', false], ['*'.repeat(64), 'ap-southeast-1', true],
  ] as const)('region set %s covers %s: %s', (set, region, covers) => expect(regionSetCovers(set, region)).toBe(covers));

  it('agrees with a RegExp glob on 5,000 seeded short patterns', () => {
    const rnd = seeded(4096);
    // Independent oracle, safe at these lengths: '*' is '.*', everything else literal.
    const oracle = (glob: string, text: string): boolean => new RegExp(`^${glob.split('*').map((s) => s.replace(/[-.]/g, '\\$&')).join('.*')}$`).test(text);
    const word = (alphabet: string, max: number): string => rnd.array(0, max, () => rnd.pick([...alphabet])).join('');
    for (let n = 0; n < 5000; n++) {
      const glob = word('ab-.*', 7);
      const text = word('ab-.', 7);
      expect(regionSetCovers(glob, text), `${glob} ~ ${text}`).toBe(oracle(glob.trim(), text));
    }
  });
});
