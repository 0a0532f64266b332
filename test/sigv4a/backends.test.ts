/**
 * The two SigV4a ECDSA backends (node:crypto and the portable BigInt P-256), the signing parameters
 * that select SigV4a, and the key cache. Independent references: RFC 6979 appendix A.2.5 (P-256,
 * SHA-256, deterministic nonces) and OpenSSL called directly.
 */
import { createPublicKey, generateKeyPairSync, verify as opensslVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, presignUrl, signRequest, SigningKeyCache, type SigningParams } from '../../src/index.js';
import { deriveSigV4aPublicKey, sigv4a, verifySigV4aSignature } from '../../src/sigv4a.js';
import { ecdsa as nodeEcdsa } from '../../src/sigv4a/ecdsa.node.js';
import { ecdsa as portableEcdsa } from '../../src/sigv4a/ecdsa.portable.js';
import { captureError } from '../support/errors.js';
import { seeded } from '../support/random.js';

const big = (h: string): bigint => BigInt(`0x${h}`);

function opensslVerifies(publicKey: { x: bigint; y: bigint }, message: string, derHex: string): boolean {
  const b64 = (v: bigint): string => Buffer.from(v.toString(16).padStart(64, '0'), 'hex').toString('base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64(publicKey.x), y: b64(publicKey.y) }, format: 'jwk' });
  return opensslVerify('sha256', Buffer.from(message), { key, dsaEncoding: 'der' }, Buffer.from(derHex, 'hex'));
}

/** Random P-256 private keys made by OpenSSL, with their public points. */
function opensslKeys(count: number): Array<{ d: Uint8Array; x: bigint; y: bigint }> {
  return Array.from({ length: count }, () => {
    const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    const field = (v: string | undefined): Buffer => Buffer.from(v ?? '', 'base64url');
    return { d: new Uint8Array(field(jwk.d)), x: big(field(jwk.x).toString('hex')), y: big(field(jwk.y).toString('hex')) };
  });
}

describe('portable ECDSA (BigInt P-256, RFC 6979 nonces)', () => {
  // RFC 6979 A.2.5: private key x, public key (Ux, Uy), and the (r, s) pairs for SHA-256.
  const x = 'c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721';
  const rfc = {
    sample: ['efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716', 'f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8'],
    test: ['f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367', '019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083'],
  };

  it('derives the RFC 6979 A.2.5 public key, like OpenSSL', () => {
    const d = Buffer.from(x, 'hex');
    const expected = { x: big('60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6'), y: big('7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299') };
    expect(portableEcdsa.publicKey(d)).toEqual(expected);
    expect(nodeEcdsa.publicKey(d)).toEqual(expected);
  });

  it.each(Object.entries(rfc))('signs %j exactly as RFC 6979 A.2.5 prints', (message, [r, s]) => {
    const der = portableEcdsa.sign(Buffer.from(x, 'hex'), message);
    // Both values have their high bit set, so DER prepends a zero byte to each.
    const int = (v: string): string => (parseInt(v.slice(0, 2), 16) >= 0x80 ? `022100${v}` : `0220${v}`);
    const body = int(r!) + int(s!);
    expect(der).toBe(`30${(body.length / 2).toString(16)}${body}`);
  });

  it('agrees with OpenSSL both ways on random keys and messages', () => {
    const r = seeded(7);
    for (const key of opensslKeys(12)) {
      const message = `AWS4-ECDSA-P256-SHA256\n${r.int(0, 1e9)}\n${'é中'.repeat(r.int(0, 3))}`;
      expect(portableEcdsa.publicKey(key.d)).toEqual({ x: key.x, y: key.y });
      const portableSig = portableEcdsa.sign(key.d, message);
      expect(opensslVerifies(key, message, portableSig)).toBe(true);
      const nodeSig = nodeEcdsa.sign(key.d, message);
      expect(portableEcdsa.verify(key, message, Buffer.from(nodeSig, 'hex'))).toBe(true);
      expect(portableEcdsa.verify(key, `${message}.`, Buffer.from(nodeSig, 'hex'))).toBe(false);
      expect(nodeEcdsa.verify(key, message, Buffer.from(portableSig, 'hex'))).toBe(true);
    }
  });
});

describe('verifySigV4aSignature', () => {
  const id = 'AKIDEXAMPLE';
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
  const publicKey = deriveSigV4aPublicKey(id, secret);
  const params: SigningParams = { credentials: { accessKeyId: id, secretAccessKey: secret }, region: 'us-east-1', service: 'service', algorithm: sigv4a(), signingDate: new Date('2015-08-30T12:36:00Z') };
  const signed = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, params);

  it('accepts the aws-chunked "*" padding to 144 characters', () => {
    expect(verifySigV4aSignature(publicKey, signed.stringToSign, signed.signature.padEnd(144, '*'))).toBe(true);
  });

  it('answers false, without throwing, for malformed or non-strict DER', () => {
    const sig = signed.signature;
    const bad = [
      '', 'zz', sig.slice(0, -2), `${sig}00`, `31${sig.slice(2)}`,
      // r with a superfluous leading zero byte (length + 1): valid BER, invalid DER.
      (() => { const b = Buffer.from(sig, 'hex'); const rLen = b[3]!; const r = b.subarray(4, 4 + rLen); const rest = b.subarray(4 + rLen); const body = Buffer.concat([Buffer.from([2, rLen + 1, 0]), r, rest]); return Buffer.concat([Buffer.from([0x30, body.length]), body]).toString('hex'); })(),
      '3006020100020101', // r = 0
      `3026022100${'ff'.repeat(32)}020101`, // r >= n
    ];
    for (const signature of bad) expect(verifySigV4aSignature(publicKey, signed.stringToSign, signature)).toBe(false);
    expect(verifySigV4aSignature(publicKey, signed.stringToSign, 42 as unknown as string)).toBe(false);
  });

  it('refuses a public key that is not a P-256 point with INVALID_OPTION', () => {
    for (const key of [{ x: publicKey.x, y: publicKey.x }, { x: 'abc', y: publicKey.y }, null, {}]) {
      const error = captureError(() => verifySigV4aSignature(key as typeof publicKey, signed.stringToSign, signed.signature));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).code).toBe('INVALID_OPTION');
    }
  });
});

describe('SigV4a signing parameters', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const base: SigningParams = { credentials, region: 'us-east-1', service: 's3', signingDate: new Date('2024-01-02T03:04:05Z') };
  const request = { method: 'GET', url: 'https://mrap.accesspoint.s3-global.amazonaws.com/key.txt' };
  const publicKey = deriveSigV4aPublicKey(credentials.accessKeyId, credentials.secretAccessKey);

  it("signs a region set, '*' included, and scopes without region", () => {
    for (const [regionSet, header] of [[['*'], '*'], [['us-east-1', 'eu-*'], 'us-east-1,eu-*']] as const) {
      const signed = signRequest(request, { ...base, algorithm: sigv4a({ regionSet }) });
      expect(signed.headers['x-amz-region-set']).toBe(header);
      expect(signed.canonicalRequest).toContain(`\nx-amz-region-set:${header}\n`);
      expect(signed.signedHeaders).toBe('host;x-amz-content-sha256;x-amz-date;x-amz-region-set');
      expect(signed.credentialScope).toBe('20240102/s3/aws4_request');
      expect(signed.headers['authorization']).toMatch(/^AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE\/20240102\/s3\/aws4_request, SignedHeaders=/);
      expect(signed.stringToSign.split('\n')[0]).toBe('AWS4-ECDSA-P256-SHA256');
      expect(verifySigV4aSignature(publicKey, signed.stringToSign, signed.signature)).toBe(true);
    }
  });

  it('presigns with X-Amz-Region-Set signed into the query', () => {
    const url = new URL(presignUrl(request, { ...base, algorithm: sigv4a({ regionSet: ['*'] }), expiresIn: 60 }).url);
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-ECDSA-P256-SHA256');
    expect(url.searchParams.get('X-Amz-Region-Set')).toBe('*');
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20240102/s3/aws4_request');
    const presigned = presignUrl(request, { ...base, algorithm: sigv4a({ regionSet: ['*'] }), expiresIn: 60 });
    expect(presigned.canonicalRequest).toContain('&X-Amz-Region-Set=%2A&');
    expect(verifySigV4aSignature(publicKey, presigned.stringToSign, presigned.signature)).toBe(true);
    // The algorithm's own parameter is reserved when presigning with it.
    const error = captureError(() => presignUrl({ method: 'GET', url: `${request.url}?X-Amz-Region-Set=x` }, { ...base, algorithm: sigv4a(), expiresIn: 60 }));
    expect((error as InvalidRequestError).code).toBe('INVALID_QUERY');
  });

  it('refuses a string algorithm and a top-level regionSet with INVALID_OPTION naming the import', () => {
    const bad: Array<Record<string, unknown>> = [
      { algorithm: 'AWS4-ECDSA-P256-SHA256' },
      { algorithm: 'AWS4-HMAC-SHA256' },
      { algorithm: 'AWS4-HMAC-SHA512' },
      { algorithm: {} },
      { regionSet: ['*'] },
      { algorithm: sigv4a(), regionSet: ['*'] },
    ];
    for (const extra of bad) {
      const error = captureError(() => signRequest(request, { ...base, ...extra } as SigningParams));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).code).toBe('INVALID_OPTION');
    }
    const error = captureError(() => signRequest(request, { ...base, algorithm: 'AWS4-ECDSA-P256-SHA256' } as unknown as SigningParams));
    expect((error as InvalidRequestError).message).toContain("import { sigv4a } from 'sigv4-kit/sigv4a'");
  });

  it('refuses bad regionSet values when sigv4a() is built, with INVALID_OPTION', () => {
    for (const regionSet of [[], ['us-east-1,us-west-2'], [''], 'us-east-1', [42]]) {
      const error = captureError(() => sigv4a({ regionSet: regionSet as string[] }));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).code).toBe('INVALID_OPTION');
    }
  });

  it('derives the key once per access key and secret, in the signing-key cache', () => {
    const keyCache = new SigningKeyCache(8);
    const v4a = { ...base, keyCache, algorithm: sigv4a() };
    signRequest(request, v4a);
    signRequest(request, { ...v4a, signingDate: new Date('2025-06-07T00:00:00Z'), service: 'other' });
    expect(keyCache.size).toBe(1);
    signRequest(request, { ...base, keyCache });
    expect(keyCache.size).toBe(2);
    // A rotated secret for the same key id is never served the old key.
    const rotated = { ...credentials, secretAccessKey: 'another/secret+key' };
    const signed = signRequest(request, { ...v4a, credentials: rotated });
    expect(verifySigV4aSignature(deriveSigV4aPublicKey(rotated.accessKeyId, rotated.secretAccessKey), signed.stringToSign, signed.signature)).toBe(true);
    expect(verifySigV4aSignature(publicKey, signed.stringToSign, signed.signature)).toBe(false);
    expect(JSON.stringify(keyCache)).not.toContain(credentials.secretAccessKey);
  });
});
