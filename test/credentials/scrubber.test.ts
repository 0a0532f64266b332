/**
 * Finding 6 of issue 15: secrets echoed by a server into error fields. Fakes echo the session token
 * (or container authorization token) into every field they control, in every spelling: raw,
 * percent-encoded with upper- and lowercase hex, form-encoded, encoded twice. The expected spellings
 * are made here with the platform's encodeURIComponent, not with the library's encoder.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSignedFetch, type FetchLike, fromAssumeRole, sealCredentials, ServiceError, StsError } from '../../src/index.js';
import { fromContainerMetadata } from '../../src/node.js';
import { scrubError, scrubSecrets } from '../../src/redact.js';
import { captureRejection } from '../support/errors.js';
import { sigv4 } from '../cli/io.js';

const TOKEN = 'FQoGZXIvYXdzEXAMPLE//wEaD+Tok=en with space!';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

/** `%2F` → `%2f`: only the hex digits change case (the token's own letters are case-sensitive). */
const lowerHex = (text: string): string => text.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());

/** Every spelling a server might echo, hex in both cases. */
function spellings(secret: string): string[] {
  const component = encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const lower = lowerHex(component);
  return [secret, component, lower, component.replace(/%20/g, '+'), lower.replace(/%20/g, '+'), encodeURIComponent(component), lowerHex(encodeURIComponent(component))];
}

/** Every string the error exposes: own fields, message, stack, cause chain, and how it prints. */
function everythingPrinted(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), String(error)];
  for (let e: unknown = error; e !== null && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    for (const name of Object.getOwnPropertyNames(e)) parts.push(String((e as Record<string, unknown>)[name]));
  }
  return parts.join('\n');
}

function expectScrubbed(error: unknown, secret: string): void {
  const text = everythingPrinted(error);
  for (const spelling of spellings(secret)) expect(text, spelling).not.toContain(spelling);
}

describe('scrubSecrets', () => {
  it('replaces every spelling, in any hex case, and leaves the rest', () => {
    for (const spelling of spellings(TOKEN)) {
      expect(scrubSecrets(`before ${spelling} after`, [TOKEN]), spelling).toBe('before [redacted] after');
    }
    expect(scrubSecrets('a%2fb and a%2Fb and a/b', ['a/b'])).toBe('[redacted] and [redacted] and [redacted]');
    expect(scrubSecrets('nothing here', [TOKEN, ''])).toBe('nothing here');
  });

  it('scrubError cleans every string field, lists of strings and the cause chain, in place', () => {
    const cause = new Error(`inner ${lowerHex(encodeURIComponent(TOKEN))}`);
    const error = Object.assign(new Error(`outer ${TOKEN}`, { cause }), { requestId: TOKEN, tried: Object.freeze([`x: ${TOKEN}`]), count: 3 });
    expect(scrubError(error, [TOKEN])).toBe(error);
    expectScrubbed(error, TOKEN);
    expect(error.tried).toEqual(['x: [redacted]']);
    expect(Object.isFrozen(error.tried)).toBe(true);
    expect(error.count).toBe(3);
  });
});

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

describe('StsError from an STS that echoes the session token everywhere', () => {
  for (const [i, spelling] of spellings(TOKEN).entries()) {
    it(`spelling ${i}: Type, Code, Message, RequestId and the x-amzn-requestid header`, async () => {
      const xmlSafe = spelling.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      const fetch: FetchLike = () => Promise.resolve(new Response(
        `<ErrorResponse xmlns="${NS}"><Error><Type>Sender ${xmlSafe}</Type><Code>AccessDenied${xmlSafe}</Code><Message>echo ${xmlSafe}</Message></Error><RequestId>${xmlSafe}</RequestId></ErrorResponse>`,
        { status: 403, headers: { 'x-amzn-requestid': encodeURIComponent(spelling) } },
      ));
      const provider = fromAssumeRole({
        roleArn: 'arn:aws:iam::123456789012:role/r', sourceCredentials: sealCredentials({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN }),
        region: 'us-east-1', env: {}, fetch, cache: false,
      });
      const error = await captureRejection(provider);
      expect(error).toBeInstanceOf(StsError);
      expect((error as StsError).awsType).toContain('[redacted]');
      expect((error as StsError).requestId).toContain('[redacted]');
      expectScrubbed(error, TOKEN);
    });
  }
});

describe('ServiceError from a service that echoes the session token', () => {
  it('requestId (header), code and message are scrubbed, lowercase percent-encoding included', async () => {
    const lower = lowerHex(encodeURIComponent(TOKEN));
    const fetch: FetchLike = () => Promise.resolve(new Response(
      JSON.stringify({ __type: 'AccessDeniedException', message: `token was ${lower} / ${TOKEN}` }),
      { status: 403, headers: { 'x-amzn-requestid': lower, 'content-type': 'application/json' } },
    ));
    const send = createSignedFetch({ credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN }, region: 'us-east-1', service: 'mediaconnect', fetch, retry: false, throwOnError: true });
    const error = await captureRejection(() => send('https://mediaconnect.us-east-1.amazonaws.com/v1/flows'));
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).requestId).toBe('[redacted]');
    expectScrubbed(error, TOKEN);
  });

  it('sigv4 fetch -v prints neither the echoed header nor the echoed request id', async () => {
    const lower = lowerHex(encodeURIComponent(TOKEN));
    const fetch = (): Promise<Response> => Promise.resolve(new Response(
      `<Error><Code>AccessDenied</Code><Message>you sent ${lower}</Message><RequestId>${TOKEN.replace(/&/g, '&amp;')}</RequestId></Error>`,
      { status: 403, headers: { 'x-echo': TOKEN, 'x-amzn-requestid': lower } },
    ));
    const env = { AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN, AWS_REGION: 'us-east-1' };
    const result = await sigv4(['fetch', '-v', 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows'], env, { fetch });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[redacted]');
    for (const spelling of spellings(TOKEN)) expect(result.stderr, spelling).not.toContain(spelling);
  });
});

describe('container endpoint echoing AWS_CONTAINER_AUTHORIZATION_TOKEN', () => {
  const auth = 'Bearer c0ntainer/Token+value==';
  const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/creds', AWS_CONTAINER_AUTHORIZATION_TOKEN: auth };
  const answers: Array<[string, number, object]> = [
    ['a 401 quoting the token', 401, { Code: 'AccessDeniedException', Message: `invalid token ${auth}` }],
    ['a 403 quoting it percent-encoded in lowercase', 403, { Code: lowerHex(encodeURIComponent(auth)), Message: 'no' }],
    ['a 200 whose Code is not Success', 200, { Code: 'Failure', Message: `bad ${encodeURIComponent(auth)}` }],
  ];
  for (const [what, status, body] of answers) {
    it(what, async () => {
      const fetch: FetchLike = () => Promise.resolve(new Response(JSON.stringify(body), { status }));
      const error = await captureRejection(fromContainerMetadata({ env, fetch, cache: false, retries: 0 }));
      expect(error).toMatchObject({ code: 'PROVIDER_FAILED' });
      expect((error as Error).message).toContain('[redacted]');
      expectScrubbed(error, auth);
    });
  }
});
