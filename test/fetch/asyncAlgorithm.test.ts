/**
 * createSignedFetch with an algorithm that signs only asynchronously (signerAsync, as the WebCrypto
 * x509): the request it sends carries the signature @smithy/signature-v4 computes for it.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { createSignedFetch } from '../../src/index.js';
import type { SigningAlgorithm } from '../../src/sigv4/algorithm.js';
import { SIGV4 } from '../../src/sigv4/hmac.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const signingDate = new Date('2015-08-30T12:36:00Z');

/** SigV4 whose HMAC answers through a promise. */
const asyncOnlySigV4: SigningAlgorithm = {
  name: SIGV4.name,
  scope: (c) => SIGV4.scope(c),
  signerAsync: (c, scope) => {
    const sign = SIGV4.signer!(c, scope);
    return async (stringToSign) => sign(stringToSign);
  },
};

describe('createSignedFetch with an async-only algorithm', () => {
  it('sends the request signed as @smithy/signature-v4 signs it', async () => {
    const sent: Record<string, string>[] = [];
    const aws = createSignedFetch({
      credentials, region: 'us-east-1', service: 'mediaconnect', algorithm: asyncOnlySigV4, clock: () => signingDate, contentSha256Header: false,
      fetch: async (_url, init) => {
        sent.push(Object.fromEntries(new Headers(init?.headers).entries()));
        return new Response('{}', { status: 200 });
      },
    });
    const response = await aws('https://mediaconnect.us-east-1.amazonaws.com/v1/flows?maxResults=20', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(response.status).toBe(200);
    const smithy = new SignatureV4({ credentials, region: 'us-east-1', service: 'mediaconnect', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    const theirs = await smithy.sign(new HttpRequest({
      method: 'POST', protocol: 'https:', hostname: 'mediaconnect.us-east-1.amazonaws.com', path: '/v1/flows', query: { maxResults: '20' },
      headers: { host: 'mediaconnect.us-east-1.amazonaws.com', 'content-type': 'application/json' }, body: '{"a":1}',
    }), { signingDate });
    expect(sent).toHaveLength(1);
    expect(sent[0]!['authorization']).toBe(theirs.headers['authorization']);
  });
});
