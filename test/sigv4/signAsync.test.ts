/**
 * signRequestAsync / presignUrlAsync: with SigV4 and SigV4a the synchronous calls; with an algorithm
 * that signs only asynchronously, the same output with the awaited signature in its slot. Expected
 * values come from @smithy/signature-v4.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { createSigner, InvalidRequestError, presignUrl, presignUrlAsync, signRequest, signRequestAsync, type SigningParams } from '../../src/index.js';
import { createSdkAdapter } from '../../src/sdk.js';
import { SIGV4 } from '../../src/sigv4/hmac.js';
import type { SigningAlgorithm } from '../../src/sigv4/algorithm.js';
import { sigv4a } from '../../src/sigv4a.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FQoGZXIvYXdzEXAMPLE' };
const signingDate = new Date('2015-08-30T12:36:00Z');
const params: SigningParams = { credentials, region: 'us-east-1', service: 'mediaconnect', signingDate };
const request = { method: 'POST', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows?maxResults=20&a=b%20c', headers: { 'content-type': 'application/json', 'x-custom': ' two  spaces ' }, body: '{"name":"flow"}' };

/** SigV4 whose HMAC runs behind a promise: the shape of a WebCrypto key (signerAsync only). */
const asyncOnlySigV4: SigningAlgorithm = {
  name: SIGV4.name,
  scope: (c) => SIGV4.scope(c),
  signerAsync: (c, scope) => {
    const sign = SIGV4.signer!(c, scope);
    return async (stringToSign) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return sign(stringToSign);
    };
  },
};

function smithy() {
  return new SignatureV4({ credentials, region: 'us-east-1', service: 'mediaconnect', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
}

function smithyRequest() {
  const url = new URL(request.url);
  return new HttpRequest({
    method: request.method, protocol: 'https:', hostname: url.hostname, path: url.pathname,
    query: { maxResults: '20', a: 'b c' }, headers: { ...request.headers, host: url.hostname }, body: request.body,
  });
}

describe('signRequestAsync / presignUrlAsync', () => {
  it('SigV4: signRequestAsync equals signRequest and @smithy/signature-v4', async () => {
    const theirs = await smithy().sign(smithyRequest(), { signingDate });
    const sync = signRequest(request, params);
    const viaAsync = await signRequestAsync(request, params);
    expect(viaAsync).toEqual(sync);
    expect(viaAsync.headers['authorization']).toBe(theirs.headers['authorization']);
  });

  it('an async-only algorithm: the same request as the sync SigV4 path, the signature awaited (equals smithy)', async () => {
    const theirs = await smithy().sign(smithyRequest(), { signingDate });
    const viaAsync = await signRequestAsync(request, { ...params, algorithm: asyncOnlySigV4 });
    const sync = signRequest(request, params);
    expect(viaAsync.headers['authorization']).toBe(theirs.headers['authorization']);
    expect({ ...viaAsync, headers: { ...viaAsync.headers } }).toEqual({ ...sync, headers: { ...sync.headers } });
    // The session token is still redacted when printed.
    expect(JSON.stringify(viaAsync)).not.toContain(credentials.sessionToken);
    expect(viaAsync.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('presignUrlAsync equals presignUrl and @smithy/signature-v4, for SigV4 and an async-only algorithm', async () => {
    const theirs = await smithy().presign(smithyRequest(), { signingDate, expiresIn: 900 });
    const expected = new URLSearchParams(Object.entries(theirs.query as Record<string, string>)).get('X-Amz-Signature');
    const sync = presignUrl(request, { ...params, expiresIn: 900 });
    const viaAsync = await presignUrlAsync(request, { ...params, expiresIn: 900 });
    const asyncOnly = await presignUrlAsync(request, { ...params, expiresIn: 900, algorithm: asyncOnlySigV4 });
    expect(viaAsync).toEqual(sync);
    expect({ ...asyncOnly }).toEqual({ ...sync });
    expect(asyncOnly.signature).toBe(expected);
    expect(new URL(asyncOnly.url).searchParams.get('X-Amz-Signature')).toBe(expected);
  });

  it('SigV4a: the async calls are the sync path (same canonical request and string to sign, ECDSA signature)', async () => {
    const v4a = { ...params, algorithm: sigv4a() };
    const sync = signRequest(request, v4a);
    const viaAsync = await signRequestAsync(request, v4a);
    expect(viaAsync.canonicalRequest).toBe(sync.canonicalRequest);
    expect(viaAsync.stringToSign).toBe(sync.stringToSign);
    expect(viaAsync.headers['authorization']!.replace(/Signature=\w+$/, '')).toBe(sync.headers['authorization']!.replace(/Signature=\w+$/, ''));
    expect(viaAsync.signature).toMatch(/^[0-9a-f]{16,}$/);
    const presigned = await presignUrlAsync(request, { ...v4a, expiresIn: 60 });
    expect(presigned.stringToSign).toBe(presignUrl(request, { ...v4a, expiresIn: 60 }).stringToSign);
  });

  it('signRequest and presignUrl refuse an async-only algorithm with INVALID_OPTION naming signRequestAsync', () => {
    for (const call of [() => signRequest(request, { ...params, algorithm: asyncOnlySigV4 }), () => presignUrl(request, { ...params, algorithm: asyncOnlySigV4, expiresIn: 60 })]) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).code).toBe('INVALID_OPTION');
      expect((error as Error).message).toMatch(/signRequestAsync/);
    }
  });

  it('input errors are rejections, not throws', async () => {
    const p = signRequestAsync({ method: 'GET', url: 'not a url' }, { ...params, algorithm: asyncOnlySigV4 });
    await expect(p).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('createSigner and the SDK adapter take the async path for an async-only algorithm (signatures equal smithy)', async () => {
    const theirs = await smithy().sign(smithyRequest(), { signingDate });
    const signer = createSigner({ credentials, region: 'us-east-1', service: 'mediaconnect', algorithm: asyncOnlySigV4 });
    const signed = await signer.sign(request, { signingDate });
    expect(signed.headers['authorization']).toBe(theirs.headers['authorization']);
    const presigned = await signer.presign(request, { signingDate, expiresIn: 900 });
    expect(presigned.url).toBe(presignUrl(request, { ...params, expiresIn: 900 }).url);

    const adapter = createSdkAdapter({ credentials, region: 'us-east-1', service: 'mediaconnect', algorithm: asyncOnlySigV4, contentSha256Header: false });
    const viaSdk = await adapter.signer.sign(smithyRequest(), { signingDate });
    expect(viaSdk.headers['authorization']).toBe(theirs.headers['authorization']);
  });
});
