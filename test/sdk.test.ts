/**
 * createSdkAdapter: sigv4-kit as an AWS SDK v3 client's signer. The SDK's own request (serialized
 * by @aws-sdk/client-mediaconnect) goes to a loopback server, and botocore recomputes the signature
 * from the bytes received; the adapter's contract (copy, same class, no duplicate headers) is
 * checked on @smithy/protocol-http's HttpRequest.
 */
import { CreateFlowCommand, ListFlowsCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { HttpRequest } from '@smithy/protocol-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSdkAdapter, InvalidRequestError } from '../src/index.js';
import { checkWithBotocore, type Loopback, startLoopback } from './fetch/loopback.js';
import { captureRejection } from './support/errors.js';
import { requirePeers } from './support/peers.js';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TEMP = { accessKeyId: 'ASIAEXAMPLE000000002', secretAccessKey: 'temp/secret+EXAMPLE', sessionToken: 'token/EXAMPLE+==', expiration: new Date('2030-01-01T00:00:00Z') };
const DATE = new Date('2026-03-01T12:00:00Z');
const haveBotocore = requirePeers(['python-botocore'], 'SDK adapter wire tests (botocore oracle)');

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(req.method === 'POST' ? '{"flow":{"flowArn":"arn:aws:mediaconnect:us-east-1:123456789012:flow:1-abc:f","name":"f"}}' : '{"flows":[]}');
  });
});
afterAll(() => server.close());

describe.skipIf(!haveBotocore)('createSdkAdapter in a MediaConnectClient (botocore recomputes)', () => {
  it.each([['long-term keys', KEYS], ['temporary credentials', TEMP]] as const)('ListFlows and CreateFlow with %s are signed as botocore derives them', async (_what, credentials) => {
    const client = new MediaConnectClient({ region: 'us-east-1', endpoint: server.url, maxAttempts: 1, ...createSdkAdapter({ credentials, service: 'mediaconnect', region: 'us-east-1', env: {} }) });
    await client.send(new ListFlowsCommand({ MaxResults: 5 }));
    const created = await client.send(new CreateFlowCommand({ Name: 'f', Source: { Name: 's', Protocol: 'rtp', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' } }));
    expect(created.Flow?.Name).toBe('f');
    const [list, create] = server.log.slice(-2);
    expect(list?.target).toBe('/v1/flows?maxResults=5');
    expect(list?.header('x-amz-content-sha256')).toBeDefined();
    expect(create?.header('content-type')).toBe('application/json');
    for (const verdict of await checkWithBotocore([list!, create!], credentials.secretAccessKey, 'sessionToken' in credentials ? credentials.sessionToken : undefined)) {
      expect(verdict.match, verdict.output).toBe(true);
    }
  });
});

describe('createSdkAdapter contract', () => {
  const request = (): HttpRequest =>
    new HttpRequest({ method: 'POST', protocol: 'https:', hostname: 'mediaconnect.eu-west-1.amazonaws.com', path: '/v1/flows', query: { a: 'b c' }, headers: { 'Content-Type': 'application/json', host: 'mediaconnect.eu-west-1.amazonaws.com' }, body: '{"name":"f"}' });

  it('returns a signed copy of the same class and leaves the input alone', async () => {
    const input = request();
    const before = JSON.stringify(input);
    const signed = await createSdkAdapter({ credentials: TEMP }).signer.sign(input, { signingDate: DATE, signingRegion: 'eu-west-1', signingService: 'mediaconnect' });
    expect(JSON.stringify(input)).toBe(before);
    expect(signed).not.toBe(input);
    expect(HttpRequest.isInstance(signed)).toBe(true);
    expect(signed).toBeInstanceOf(HttpRequest);
    expect(signed.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE000000002\/20260301\/eu-west-1\/mediaconnect\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
    expect(Object.keys(signed.headers).filter((n) => n.toLowerCase() === 'content-type')).toEqual(['content-type']);
    expect(signed.headers['x-amz-security-token']).toBe(TEMP.sessionToken);
    expect(signed.query).toEqual({ a: 'b c' });
  });

  it('takes service and region from the host name when the SDK passes none (as for MediaConnect), and an epoch-seconds date', async () => {
    const signed = await createSdkAdapter({ credentials: KEYS, env: {} }).signer.sign(request(), { signingDate: DATE.getTime() / 1000 });
    expect(signed.headers['authorization']).toContain('Credential=AKIDEXAMPLE/20260301/eu-west-1/mediaconnect/aws4_request');
    expect(signed.headers['x-amz-date']).toBe('20260301T120000Z');
  });

  it('signs an S3 stream UNSIGNED-PAYLOAD and refuses a stream elsewhere', async () => {
    const stream = new Blob(['data']).stream();
    const s3 = new HttpRequest({ method: 'PUT', protocol: 'https:', hostname: 'bucket.s3.us-east-1.amazonaws.com', path: '/key', headers: {}, body: stream });
    const signed = await createSdkAdapter({ credentials: KEYS }).signer.sign(s3, { signingDate: DATE });
    expect(signed.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(signed.body).toBe(stream);
    const other = new HttpRequest({ ...request(), body: new Blob(['data']).stream() });
    const error = await captureRejection(() => createSdkAdapter({ credentials: KEYS }).signer.sign(other, { signingDate: DATE }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'INVALID_BODY' });
  });

  it('hands the SDK an identity from the same provider', async () => {
    let calls = 0;
    const adapter = createSdkAdapter({ credentials: async () => (calls++, TEMP) });
    expect(await adapter.credentials()).toEqual({ accessKeyId: TEMP.accessKeyId, secretAccessKey: TEMP.secretAccessKey, sessionToken: TEMP.sessionToken, expiration: TEMP.expiration });
    expect(calls).toBe(1);
  });
});
