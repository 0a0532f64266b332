/**
 * Finding 5 of issue 15: no backoff once cached credentials had expired and STS kept failing (50
 * signing loops made 2,565 AssumeRole calls in 2 s), and a hanging STS held every caller for its
 * whole timeout. STS is a fake `fetch` that counts calls; the clock is injected. Counts are in
 * attempts: what one uncached AssumeRole attempt costs in STS calls is measured first, so STS-level
 * retries (if any) do not change what is asserted.
 */
import { describe, expect, it } from 'vitest';
import { type CacheOptions, type CredentialProvider, type FetchLike, fromAssumeRole, sealCredentials } from '../../src/index.js';
import { captureRejection } from '../support/errors.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An STS whose answers the test switches: 'ok' (credentials for 15 minutes), 'fail' (500 InternalFailure) or 'hang'. */
function fakeSts(clock: () => Date) {
  const state = { mode: 'ok' as 'ok' | 'fail' | 'hang', calls: 0 };
  const fetch: FetchLike = (_url, init) => {
    state.calls++;
    if (state.mode === 'hang') return new Promise<Response>(() => undefined); // never answers, ignores the abort signal
    if (state.mode === 'fail') {
      return Promise.resolve(new Response(`<ErrorResponse xmlns="${NS}"><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>down</Message></Error><RequestId>r</RequestId></ErrorResponse>`, { status: 500 }));
    }
    void init;
    const expiration = new Date(clock().getTime() + 15 * 60_000).toISOString();
    return Promise.resolve(new Response(`<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult><Credentials><AccessKeyId>ASIAFAKE${state.calls}</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`));
  };
  return { state, fetch };
}

function setup(cache: CacheOptions | false = {}) {
  let now = T0;
  const clock = (): Date => new Date(now);
  const sts = fakeSts(clock);
  const options = { roleArn: 'arn:aws:iam::123456789012:role/r', sourceCredentials: sealCredentials({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }), region: 'us-east-1', env: {}, fetch: sts.fetch, clock };
  const provider = fromAssumeRole({ ...options, cache: cache === false ? false : { random: () => 0, ...cache } });
  const uncached = fromAssumeRole({ ...options, cache: false });
  return { sts, provider, uncached, clock, advance: (ms: number) => (now += ms), at: (ms: number) => (now = T0 + ms) };
}

/** STS calls one failing attempt makes. */
async function callsPerFailedAttempt(): Promise<number> {
  const { sts, uncached } = setup(false);
  sts.state.mode = 'fail';
  await captureRejection(uncached);
  return sts.state.calls;
}

/** `loops` concurrent loops, each calling `provider` `times` times in a row, moving the clock `step` ms per call. */
async function signingLoops(provider: CredentialProvider, loops: number, times: number, onCall: () => void): Promise<{ ok: number; failed: number }> {
  const counts = { ok: 0, failed: 0 };
  await Promise.all(Array.from({ length: loops }, async () => {
    for (let i = 0; i < times; i++) {
      onCall();
      await provider().then(() => counts.ok++, () => counts.failed++);
    }
  }));
  return counts;
}

describe('a failing STS with nothing valid cached', () => {
  it('1,000 concurrent callers, then 50 loops of 20 calls in the same second: one AssumeRole attempt', async () => {
    const per = await callsPerFailedAttempt();
    const { sts, provider, advance } = setup();
    sts.state.mode = 'fail';
    const first = await Promise.all(Array.from({ length: 1000 }, () => captureRejection(provider)));
    expect(first.every((e) => (e as { code?: string }).code === 'STS_ERROR')).toBe(true);
    expect(sts.state.calls).toBe(per);
    const loops = await signingLoops(provider, 50, 20, () => advance(0.9)); // 900 ms in all
    expect(loops).toEqual({ ok: 0, failed: 1000 });
    expect(sts.state.calls).toBe(per);
    advance(101); // past the 1 s backoff: one new attempt
    await captureRejection(provider);
    expect(sts.state.calls).toBe(2 * per);
  });

  it('after the cached credentials expired: 50 loops over 2.5 s make at most one attempt per backoff, and recover when STS does', async () => {
    const per = await callsPerFailedAttempt();
    const { sts, provider, at, advance } = setup();
    await provider();
    expect(sts.state.calls).toBe(1);
    sts.state.mode = 'fail';
    at(15 * 60_000); // expired
    const loops = await signingLoops(provider, 50, 50, () => advance(1)); // 2,500 calls over 2.5 s
    expect(loops.ok).toBe(0);
    // Backoff 1 s (random() = 0): attempts at 0, ~1 s, ~2 s. The old cache made one per call.
    const attempts = (sts.state.calls - 1) / per;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(3);
    sts.state.mode = 'ok';
    advance(3000);
    expect((await provider()).accessKeyId).toMatch(/^ASIAFAKE/);
  });

  it('the backoff is jittered within failureBackoffMs', async () => {
    for (const [random, wait] of [[0, 2000], [0.5, 3500], [0.999, 4997]] as const) {
      const { sts, provider, advance } = setup({ failureBackoffMs: [2000, 5000], random: () => random });
      sts.state.mode = 'fail';
      await captureRejection(provider);
      const calls = sts.state.calls;
      advance(wait - 1);
      await captureRejection(provider);
      expect(sts.state.calls, `random ${random}`).toBe(calls);
      advance(1);
      await captureRejection(provider);
      expect(sts.state.calls, `random ${random}`).toBe(2 * calls);
    }
  });
});

describe('a hanging STS', () => {
  it('1,000 callers with nothing cached share one attempt and get PROVIDER_FAILED after maxWaitMs', async () => {
    const { sts, provider } = setup({ maxWaitMs: 100 });
    sts.state.mode = 'hang';
    const errors = await Promise.all(Array.from({ length: 1000 }, () => captureRejection(provider)));
    expect(errors.every((e) => (e as { code?: string }).code === 'PROVIDER_FAILED')).toBe(true);
    expect((errors[0] as Error).message).toContain('100 ms');
    expect(sts.state.calls).toBe(1);
  });

  it('in the mandatory window (valid credentials in hand) 1,000 callers get them after mandatoryWaitMs, not after the STS timeout', async () => {
    const { sts, provider, at } = setup({ mandatoryWaitMs: 50 });
    const first = await provider();
    sts.state.mode = 'hang';
    at(14.5 * 60_000); // 30 s before expiry: mandatory window
    const all = await Promise.all(Array.from({ length: 1000 }, () => provider()));
    expect(all.every((c) => c === first)).toBe(true);
    expect(sts.state.calls).toBe(2);
  });
});
