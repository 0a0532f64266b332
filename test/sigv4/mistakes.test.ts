/**
 * Everyday mistakes from issue 20 ("the first hour"), in the signing core: each test shows the
 * signer does what an independent implementation does, or refuses the input with a message that
 * names the fix. Oracles: botocore (test/peers/botocore_sign.py), @smithy/signature-v4, moto.
 */
import { describe, expect, it } from 'vitest';
import { createSigner, type Credentials, CredentialsError, fromStatic, InvalidRequestError, signRequest, type SigningParams } from '../../src/index.js';
import { describeWithMoto } from '../support/moto.js';
import { requirePeers, runPeer } from '../support/peers.js';
import { sigv4a } from '../../src/sigv4a.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const date = new Date('2026-11-28T12:00:00Z');
const params: SigningParams = { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, region: 'us-east-1', service: 'mediaconnect', signingDate: date };
const hasBotocore = requirePeers(['python-botocore'], 'botocore oracle for payload markers');

/** botocore's SigV4Auth on the same request: the headers it sends. */
async function botocoreHeaders(spec: Record<string, unknown>): Promise<Record<string, string>> {
  const input = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, region: 'us-east-1', timestamp: '20261128T120000Z', ...spec };
  const result = await runPeer('python3', ['test/peers/botocore_sign.py', JSON.stringify(input)], {});
  expect(result.code, result.stderr).toBe(0);
  const headers = (JSON.parse(result.stdout) as { headers: Record<string, string> }).headers;
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

describe('item 3: a payload marker for a non-S3 service sends x-amz-content-sha256', () => {
  const request = { method: 'POST', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows', headers: { 'Content-Type': 'application/json' }, body: '{"name":"f"}' };

  it.runIf(hasBotocore)("UNSIGNED-PAYLOAD: header and signature are botocore's (payload signing disabled)", async () => {
    const theirs = await botocoreHeaders({ ...request, service: 'mediaconnect', payloadSigningEnabled: false });
    const ours = signRequest(request, { ...params, payloadHash: 'UNSIGNED-PAYLOAD' });
    expect(ours.headers['x-amz-content-sha256']).toBe(theirs['x-amz-content-sha256']);
    expect(ours.headers['authorization']).toBe(theirs['authorization']);
  });

  it('sends it for every marker even with contentSha256Header: false, and not for a body hash', () => {
    for (const marker of ['UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD']) {
      const signed = signRequest(request, { ...params, payloadHash: marker, contentSha256Header: false });
      expect(signed.headers['x-amz-content-sha256'], marker).toBe(marker);
      expect(signed.signedHeaders, marker).toBe('content-type;host;x-amz-content-sha256;x-amz-date');
    }
    const hashed = signRequest(request, { ...params, payloadHash: 'a'.repeat(64) });
    expect(hashed.headers['x-amz-content-sha256']).toBeUndefined();
  });
});

describeWithMoto('item 3 against moto (botocore re-signs inside it)', (moto) => {
  it('an UNSIGNED-PAYLOAD STS POST is accepted', async () => {
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const signed = signRequest(
      { method: 'POST', url: `${moto.endpoint}/`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
      { credentials: { accessKeyId: moto.user.accessKeyId, secretAccessKey: moto.user.secretAccessKey }, region: 'us-east-1', service: 'sts', payloadHash: 'UNSIGNED-PAYLOAD' },
    );
    const { host: _host, ...headers } = signed.headers;
    const response = await fetch(signed.url, { method: 'POST', headers, body });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.text()).toContain(moto.user.arn);
  });
});

describe('item 4: a header in both unsignedHeaders and signedHeaders', () => {
  it("is signed (signedHeaders wins), as @smithy/signature-v4's signableHeaders override its unsignableHeaders", async () => {
    const { Hash } = await import('@smithy/hash-node');
    const { HttpRequest } = await import('@smithy/protocol-http');
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const headers = { 'x-a': '1', 'x-b': '2' };
    const ours = signRequest({ method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows', headers }, { ...params, unsignedHeaders: ['x-b'], signedHeaders: ['x-a', 'X-B'] });
    expect(ours.signedHeaders).toBe('host;x-a;x-amz-date;x-b');
    const smithy = new SignatureV4({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, region: 'us-east-1', service: 'mediaconnect', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    const request = new HttpRequest({ method: 'GET', protocol: 'https:', hostname: 'mediaconnect.us-east-1.amazonaws.com', path: '/v1/flows', headers: { ...headers, host: 'mediaconnect.us-east-1.amazonaws.com' } });
    const theirs = await smithy.sign(request, { signingDate: date, unsignableHeaders: new Set(['x-b']), signableHeaders: new Set(['x-a', 'x-b']) });
    expect(ours.headers['authorization']).toBe(theirs.headers['authorization']);
    // unsignedHeaders alone still leaves it out.
    expect(signRequest({ method: 'GET', url: 'https://e.com/', headers }, { ...params, unsignedHeaders: ['x-b'] }).signedHeaders).toBe('host;x-a;x-amz-date');
  });
});

describe('item 8: a provider function given to the synchronous signRequest', () => {
  it('says it is a provider and names the fix (await it, or createSigner)', async () => {
    const provider = fromStatic({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET });
    const request = { method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows' };
    const error = captureError(() => signRequest(request, { ...params, credentials: provider as unknown as Credentials }));
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'credentials is a provider: await it, or use createSigner' });
    // Both named fixes work and give the same signature as the keys themselves.
    const expected = signRequest(request, params).signature;
    expect(signRequest(request, { ...params, credentials: await provider() }).signature).toBe(expected);
    expect((await createSigner({ ...params, credentials: provider, clock: () => date }).sign(request)).signature).toBe(expected);
  });
});

describe('item 9: a region that is not lowercase letters, digits and dashes', () => {
  it.each(['US-EAST-1', 'us_east_1', ' us-east-1', 'us-east-1.', 'eu-west-1\u00e9', '*'])('refuses %j with the reason, before signing', (region) => {
    const error = captureError(() => signRequest({ method: 'GET', url: 'https://e.com/' }, { ...params, region }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'INVALID_REGION', message: 'region must be lowercase letters, digits and "-", e.g. us-east-1' });
  });

  it('accepts real and emulator regions, and * as a SigV4a region set', () => {
    for (const region of ['us-east-1', 'us-gov-west-1', 'cn-north-1', 'eu-isoe-west-1', 'xx-fake-1']) {
      expect(signRequest({ method: 'GET', url: 'https://e.com/' }, { ...params, region }).credentialScope).toBe(`20261128/${region}/mediaconnect/aws4_request`);
    }
    const v4a = signRequest({ method: 'GET', url: 'https://e.com/' }, { ...params, region: '*', algorithm: sigv4a() });
    expect(v4a.headers['x-amz-region-set']).toBe('*');
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
