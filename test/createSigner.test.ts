import { describe, expect, it } from 'vitest';
import { createSigner, offsetClock, signRequest, type Credentials } from '../src/index.js';

const creds: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const request = { method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows' };

describe('createSigner', () => {
  it('awaits the provider, then reads the clock, then signs with the core', async () => {
    const events: string[] = [];
    let now = new Date('2026-11-28T12:00:00Z');
    const signer = createSigner({
      region: 'us-east-1', service: 'mediaconnect',
      credentials: async () => {
        events.push('provider');
        await new Promise((r) => setTimeout(r, 5));
        now = new Date('2026-11-28T12:00:07Z'); // time passes while credentials are fetched
        return creds;
      },
      clock: () => { events.push('clock'); return now; },
    });
    const signed = await signer.sign(request);
    expect(events).toEqual(['provider', 'clock']);
    expect(signed.headers['x-amz-date']).toBe('20261128T120007Z');
    expect(signed.signature).toBe(signRequest(request, { credentials: creds, region: 'us-east-1', service: 'mediaconnect', signingDate: now }).signature);
  });

  it('takes fixed credentials, per-call overrides and presigns', async () => {
    const signer = createSigner({ credentials: creds, region: 'us-east-1', service: 'mediaconnect', clock: offsetClock(() => new Date('2026-11-28T12:00:00Z'), 90_000) });
    expect((await signer.sign(request, { region: 'eu-west-1' })).credentialScope).toBe('20261128/eu-west-1/mediaconnect/aws4_request');
    const presigned = await signer.presign(request, { expiresIn: 60 });
    expect(presigned.url).toContain('X-Amz-Date=20261128T120130Z');
    expect(presigned.expiresAt.toISOString()).toBe('2026-11-28T12:02:30.000Z');
  });

  it('passes every configured option through to the core', async () => {
    const signingDate = new Date('2026-11-28T12:00:00Z');
    const options = {
      region: 'us-west-2', service: 's3', normalizePath: true, uriEscapePath: true, sessionTokenMode: 'append' as const,
      contentSha256Header: false, payloadHash: 'a'.repeat(64), unsignedHeaders: ['x-b'], signedHeaders: ['x-a', 'x-c'],
    };
    const withToken = { ...creds, sessionToken: 'tok' };
    const input = { method: 'PUT', url: 'https://b.s3.amazonaws.com/a/./k', headers: { 'x-a': '1', 'x-b': '2', 'x-c': '3', 'x-d': '4' } };
    const viaSigner = await createSigner({ ...options, credentials: withToken, clock: () => signingDate }).sign(input);
    const direct = signRequest(input, { ...options, credentials: withToken, signingDate });
    expect(viaSigner.canonicalRequest).toBe(direct.canonicalRequest);
    expect(viaSigner.headers).toEqual(direct.headers);
    expect(direct.signedHeaders).toBe('host;x-a;x-amz-date;x-c'); // the options did take effect
  });
});
