/**
 * Retries of createSignedFetch, with an injected fetch that answers from a script, and injected
 * sleep and randomness: throttling and 5xx are retried with capped, jittered backoff for idempotent
 * methods only; POST/PATCH only when the caller opts in; every attempt is signed afresh.
 */
import { describe, expect, it } from 'vitest';
import { createSignedFetch, NetworkError, type RetryOptions, ServiceError } from '../../src/index.js';
import { captureRejection } from '../support/errors.js';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const URL_ = 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows';

type Answer = Response | Error;

function scripted(answers: Answer[], retry: RetryOptions = {}) {
  const sent: Array<{ method: string; date: string; body: string }> = [];
  const sleeps: number[] = [];
  let tick = Date.parse('2026-03-01T12:00:00Z');
  const send = createSignedFetch({
    credentials: KEYS,
    clock: () => new Date((tick += 1000)),
    fetch: async (_url, init) => {
      const headers = init.headers as Record<string, string>;
      sent.push({ method: String(init.method), date: headers['x-amz-date'] ?? '', body: init.body === undefined ? '' : new TextDecoder().decode(init.body as Uint8Array) });
      const next = answers.shift() ?? new Response('{}');
      if (next instanceof Error) throw next;
      return next;
    },
    retry: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), ...retry },
  });
  return { send, sent, sleeps };
}

const status = (code: number, body = '', headers: Record<string, string> = {}): Response => new Response(body, { status: code, headers });
const throttled = (): Response => status(400, '{"__type":"com.amazonaws.mediaconnect#ThrottlingException","message":"Rate exceeded"}', { 'x-amzn-errortype': 'ThrottlingException' });

describe('createSignedFetch retries', () => {
  it('retries a GET after 503, re-signed, with full-jitter backoff', async () => {
    const { send, sent, sleeps } = scripted([status(503), status(200, '{"flows":[]}')]);
    const response = await send(URL_);
    expect(response.status).toBe(200);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.date).not.toBe(sent[1]!.date);
    expect(sleeps).toEqual([100]); // 0.5 * min(20000, 100 * 2^1)
  });

  it('retries throttling answers (by AWS error code) and gives up after maxAttempts with the last answer', async () => {
    const { send, sent, sleeps } = scripted([throttled(), throttled(), throttled(), status(200)]);
    const response = await send(URL_);
    expect(response.status).toBe(400);
    expect(sent).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('caps the backoff and honours Retry-After up to the cap', async () => {
    const { send, sleeps } = scripted([status(500), status(500), status(429, '', { 'retry-after': '3' }), status(200)], { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 2500 });
    await send(URL_);
    expect(sleeps).toEqual([1000, 1250, 2500]);
  });

  it('never retries a POST or PATCH after a 5xx or a lost connection, unless told to', async () => {
    for (const method of ['POST', 'PATCH']) {
      const answered = scripted([status(503), status(200)]);
      expect((await answered.send(URL_, { method, body: '{}' })).status).toBe(503);
      expect(answered.sent).toHaveLength(1);
      const lost = scripted([new TypeError('fetch failed'), status(200)]);
      const error = await captureRejection(() => lost.send(URL_, { method, body: '{}' }));
      expect(error).toBeInstanceOf(NetworkError); // wrapping fetch's TypeError, with the host
      expect((error as NetworkError).cause).toBeInstanceOf(TypeError);
      expect(lost.sent).toHaveLength(1);
    }
    const optedIn = scripted([status(503), status(200)], { retryNonIdempotent: true });
    expect((await optedIn.send(URL_, { method: 'POST', body: '{"name":"f"}' })).status).toBe(200);
    expect(optedIn.sent.map((s) => s.body)).toEqual(['{"name":"f"}', '{"name":"f"}']);
  });

  it('retries idempotent methods (GET, PUT, DELETE) after a lost connection', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const { send, sent } = scripted([new TypeError('fetch failed'), status(200)]);
      expect((await send(URL_, { method })).status).toBe(200);
      expect(sent).toHaveLength(2);
    }
  });

  it('does not retry 4xx errors that are not throttling, nor with retry: false', async () => {
    const denied = scripted([status(403, '<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>'), status(200)]);
    expect((await denied.send(URL_)).status).toBe(403);
    expect(denied.sent).toHaveLength(1);
    const off = createSignedFetch({ credentials: KEYS, retry: false, fetch: async () => status(503) });
    expect((await off(URL_)).status).toBe(503);
  });

  it('with throwOnError rejects with a ServiceError carrying AWS code, message and request id', async () => {
    const answer = status(403, '<ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/u is not authorized to perform: mediaconnect:DeleteFlow</Message></Error></Errors></ErrorResponse>', { 'x-amzn-requestid': 'req-1' });
    const send = createSignedFetch({ credentials: KEYS, throwOnError: true, fetch: async () => answer });
    const error = await captureRejection(() => send(URL_, { method: 'DELETE' }));
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'SERVICE_ERROR', status: 403, awsCode: 'AccessDenied', requestId: 'req-1' });
    expect((error as ServiceError).awsMessage).toContain('mediaconnect:DeleteFlow');
  });

  it('reads a rest-json error code from x-amzn-ErrorType and keeps secrets out of the error', async () => {
    const echo = status(400, JSON.stringify({ message: `bad token ${KEYS.secretAccessKey}` }), { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/' });
    const send = createSignedFetch({ credentials: KEYS, throwOnError: true, fetch: async () => echo });
    const error = (await captureRejection(() => send(URL_))) as ServiceError;
    expect(error.awsCode).toBe('ValidationException');
    expect(error.message).not.toContain(KEYS.secretAccessKey);
    expect(JSON.stringify(error)).not.toContain(KEYS.secretAccessKey);
  });
});

describe('createSignedFetch retry quota (the SDKs\' standard retry mode)', () => {
  /** One createSignedFetch whose fetch answers `status` to everything; counts attempts per call. */
  function failing(answer: () => Answer, retry: RetryOptions) {
    let sent = 0;
    let next = answer;
    const send = createSignedFetch({
      credentials: KEYS,
      fetch: async () => {
        sent++;
        const a = next();
        if (a instanceof Error) throw a;
        return a;
      },
      retry: { random: () => 0, sleep: async () => {}, ...retry },
    });
    const attempts = async (): Promise<number> => {
      const before = sent;
      await send(URL_).catch(() => undefined);
      return sent - before;
    };
    return { attempts, answerWith: (a: () => Answer) => void (next = a) };
  }

  it('a retry takes 5 tokens: when the bucket is empty, errors are not retried', async () => {
    const { attempts } = failing(() => status(503), { retryQuota: 12 });
    expect(await attempts()).toBe(3); // 2 retries: 10 tokens, 2 left
    expect(await attempts()).toBe(1); // not enough for a retry
    expect(await attempts()).toBe(1);
  });

  it('a lost connection takes 10; successes give tokens back (1 each, or the cost of their last retry)', async () => {
    const { attempts, answerWith } = failing(() => new TypeError('fetch failed'), { retryQuota: 25 });
    expect(await attempts()).toBe(3); // 20 taken, 5 left
    expect(await attempts()).toBe(1);
    answerWith(() => status(200));
    for (let i = 0; i < 5; i++) expect(await attempts()).toBe(1); // +1 each: 10
    answerWith(() => new TypeError('fetch failed'));
    expect(await attempts()).toBe(2); // one retry (10), then empty
    let first = true;
    answerWith(() => (first ? ((first = false), status(503)) : status(200)));
    expect(await attempts()).toBe(1); // 0 tokens: the 503 is returned as is
  });

  it('a success after a retry gives that retry\'s cost back, never above the capacity', async () => {
    let n = 0;
    const { attempts } = failing(() => (n++ % 2 === 0 ? status(503) : status(200)), { retryQuota: 5 });
    // Every call: 503 (take 5), retry, 200 (give 5 back): the bucket never runs dry.
    for (let i = 0; i < 10; i++) expect(await attempts()).toBe(2);
  });

  it('retryQuota: false sets no limit', async () => {
    const { attempts } = failing(() => status(503), { retryQuota: false, maxAttempts: 4 });
    for (let i = 0; i < 50; i++) expect(await attempts()).toBe(4);
  });

  it('each createSignedFetch has its own bucket', async () => {
    const a = failing(() => status(503), { retryQuota: 10 });
    const b = failing(() => status(503), { retryQuota: 10 });
    expect(await a.attempts()).toBe(3);
    expect(await a.attempts()).toBe(1);
    expect(await b.attempts()).toBe(3);
  });
});
