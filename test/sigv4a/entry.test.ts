/**
 * SigV4a as a value from `sigv4-kit/sigv4a`: every signing entry point takes the same `algorithm`
 * value, verifyRequest accepts SigV4a only when listed, and strings are refused with the import to
 * use. (The signatures themselves are checked against aws-c-auth's v4a vectors in vectors.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  createSdkAdapter,
  createSignedFetch,
  createSigner,
  InvalidRequestError,
  presignUrl,
  signRequest,
  type SignedRequest,
  type SigningParams,
  verifyRequest,
  type VerifyOptions,
} from '../../src/index.js';
import { sigv4a } from '../../src/sigv4a.js';
import { captureError, captureRejection } from '../support/errors.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const getCredentials = (id: string) => (id === credentials.accessKeyId ? credentials : undefined);
const url = 'https://mrap.accesspoint.s3-global.amazonaws.com/key.txt';
const params: SigningParams = { credentials, region: 'us-east-1', service: 's3', signingDate: NOW, algorithm: sigv4a({ regionSet: ['*'] }) };

describe('verifyRequest: SigV4a only when listed', () => {
  const signed = signRequest({ method: 'GET', url }, params);
  const presigned = presignUrl({ method: 'GET', url }, { ...params, expiresIn: 300 });

  it('refuses a SigV4a header and a SigV4a presigned URL without algorithms, naming the import', async () => {
    const header = await verifyRequest(signed, { getCredentials, now: NOW });
    expect(header).toMatchObject({ valid: false, code: 'IncompleteSignature' });
    if (!header.valid) expect(header.message).toContain("sigv4a() from 'sigv4-kit/sigv4a'");
    const query = await verifyRequest({ method: 'GET', url: presigned.url, headers: presigned.headers }, { getCredentials, now: NOW });
    expect(query).toMatchObject({ valid: false, code: 'AuthorizationQueryParametersError' });
  });

  it('accepts both when algorithms lists sigv4a(), and still accepts SigV4', async () => {
    const options: VerifyOptions = { getCredentials, now: NOW, algorithms: [sigv4a()] };
    expect(await verifyRequest(signed, options)).toMatchObject({ valid: true, algorithm: 'AWS4-ECDSA-P256-SHA256', parameters: { 'x-amz-region-set': '*' } });
    expect(await verifyRequest({ method: 'GET', url: presigned.url, headers: presigned.headers }, options)).toMatchObject({ valid: true, presigned: true });
    const v4 = signRequest({ method: 'GET', url }, { credentials, region: 'us-east-1', service: 's3', signingDate: NOW });
    expect(await verifyRequest(v4, options)).toMatchObject({ valid: true, algorithm: 'AWS4-HMAC-SHA256' });
  });

  it('refuses strings in algorithms with INVALID_OPTION', async () => {
    const error = await captureRejection(() => verifyRequest(signed, { getCredentials, now: NOW, algorithms: ['AWS4-ECDSA-P256-SHA256' as never] }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).code).toBe('INVALID_OPTION');
  });
});

describe('the same algorithm value in createSigner, createSignedFetch and the SDK adapter', () => {
  const algorithm = sigv4a({ regionSet: ['us-east-1', 'us-west-2'] });
  const options: VerifyOptions = { getCredentials, now: NOW, algorithms: [algorithm] };
  const isV4a = (headers: Record<string, string>) => {
    expect(headers['authorization']).toMatch(/^AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE\/20261128\/s3\/aws4_request, /);
    expect(headers['x-amz-region-set']).toBe('us-east-1,us-west-2');
  };

  it('createSigner: sign and presign', async () => {
    const signer = createSigner({ credentials, region: 'us-east-1', service: 's3', algorithm, clock: () => NOW });
    const signed = await signer.sign({ method: 'GET', url });
    isV4a(signed.headers);
    expect(await verifyRequest(signed, options)).toMatchObject({ valid: true });
    const presigned = await signer.presign({ method: 'GET', url }, { expiresIn: 60 });
    expect(new URL(presigned.url).searchParams.get('X-Amz-Region-Set')).toBe('us-east-1,us-west-2');
  });

  it('createSignedFetch', async () => {
    let seen: SignedRequest | undefined;
    const send = createSignedFetch({ credentials, region: 'us-east-1', service: 's3', algorithm, clock: () => NOW, retry: false, onSigned: (s) => (seen = s), fetch: async () => new Response('') });
    await send(url);
    isV4a(seen!.headers);
    expect(await verifyRequest(seen!, options)).toMatchObject({ valid: true });
  });

  it('createSdkAdapter', async () => {
    const { signer } = createSdkAdapter({ credentials, region: 'us-east-1', service: 's3', algorithm, env: {} });
    const signed = await signer.sign({ method: 'GET', protocol: 'https:', hostname: 'mrap.accesspoint.s3-global.amazonaws.com', path: '/key.txt', headers: {} }, { signingDate: NOW });
    isV4a(signed.headers as Record<string, string>);
  });

  it('createSigner refuses a string algorithm with INVALID_OPTION naming the import', async () => {
    const signer = createSigner({ credentials, region: 'us-east-1', service: 's3', algorithm: 'AWS4-ECDSA-P256-SHA256' as never });
    const error = await captureRejection(() => signer.sign({ method: 'GET', url }));
    expect((error as InvalidRequestError).code).toBe('INVALID_OPTION');
    expect((error as Error).message).toContain("import { sigv4a } from 'sigv4-kit/sigv4a'");
    expect(captureError(() => signRequest({ method: 'GET', url }, { ...params, algorithm: 'AWS4-ECDSA-P256-SHA256' as never }))).toBeInstanceOf(InvalidRequestError);
  });
});
