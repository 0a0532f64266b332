/** cached(): single flight, refresh windows, serve-stale with backoff, never an expired set. Clock injected. */
import { describe, expect, it } from 'vitest';
import { cached, type CredentialProvider, fromAssumeRole, type FetchLike, NoCredentialsError, sealCredentials } from '../../src/index.js';
import type { Credentials } from '../../src/sigv4/types.js';
import { captureRejection } from '../support/errors.js';
import { describeWithMoto } from '../support/moto.js';
import { listFlows } from './mediaconnect.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A source whose answers the test scripts: counts calls, can fail, can be held open. */
function scriptedSource(lifetimeMs: number, clock: () => Date) {
  const state = { calls: 0, fail: false, gate: undefined as Promise<void> | undefined };
  const provider: CredentialProvider = async () => {
    state.calls++;
    const n = state.calls;
    if (state.gate) await state.gate;
    if (state.fail) throw new Error('STS is down');
    return sealCredentials({ accessKeyId: `ASIAEXAMPLE${String(n).padStart(9, '0')}`, secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date(clock().getTime() + lifetimeMs) });
  };
  return { state, provider };
}

function setup(lifetimeMs = 60 * MINUTE) {
  let now = T0;
  const clock = () => new Date(now);
  const source = scriptedSource(lifetimeMs, clock);
  const provider = cached(source.provider, { clock, random: () => 0 });
  return { source, provider, at: (ms: number) => (now = T0 + ms) };
}

const thousand = (provider: CredentialProvider): Promise<Credentials[]> => Promise.all(Array.from({ length: 1000 }, () => provider()));

describe('single flight under load', () => {
  it('1,000 concurrent first calls cause one fetch', async () => {
    const { source, provider } = setup();
    const all = await thousand(provider);
    expect(source.state.calls).toBe(1);
    expect(new Set(all).size).toBe(1);
  });

  it.each([
    ['in the advisory window (14 min left)', 46 * MINUTE, 'old'],
    ['in the mandatory window (30 s left)', 59.5 * MINUTE, 'new'],
    ['after expiry', 61 * MINUTE, 'new'],
  ])('1,000 concurrent callers %s cause exactly one refresh', async (_when, at, served) => {
    const { source, provider, at: setNow } = setup();
    const first = await provider();
    setNow(at);
    let open!: () => void;
    source.state.gate = new Promise((resolve) => (open = resolve));
    const pending = thousand(provider);
    await Promise.resolve();
    open();
    const all = await pending;
    expect(source.state.calls).toBe(2);
    expect(new Set(all).size).toBe(1);
    expect(all[0] === first).toBe(served === 'old');
    source.state.gate = undefined;
    await new Promise((resolve) => setTimeout(resolve, 0)); // a background refresh settles
    expect((await provider()).accessKeyId).toBe('ASIAEXAMPLE000000002'); // the refreshed set is now current
    expect(source.state.calls).toBe(2);
  });
});

describe('refresh windows', () => {
  it('chooses the advisory window from the lifetime: 15 min at 60-minute credentials', async () => {
    const { source, provider, at } = setup(60 * MINUTE);
    await provider();
    at(44 * MINUTE + 59_000); // 15 min 1 s left
    await provider();
    expect(source.state.calls).toBe(1);
    at(45 * MINUTE + 1000);
    await provider();
    await Promise.resolve();
    expect(source.state.calls).toBe(2);
  });

  it('4-minute credentials are not refetched on every call (window capped at half the lifetime)', async () => {
    const { source, provider, at } = setup(4 * MINUTE);
    await provider();
    at(1 * MINUTE);
    await provider();
    at(1.9 * MINUTE);
    await provider();
    expect(source.state.calls).toBe(1);
  });

  it('credentials without an expiry are fetched once', async () => {
    let calls = 0;
    const provider = cached(async () => (calls++, sealCredentials({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' })), { clock: () => new Date(T0 + calls * 1e12) });
    await provider();
    await provider();
    expect(calls).toBe(1);
  });
});

describe('failing refresh', () => {
  it('a failure in the early window keeps the old credentials, and retries only after the backoff', async () => {
    const { source, provider, at } = setup();
    const first = await provider();
    source.state.fail = true;
    at(50 * MINUTE); // advisory window
    expect(await provider()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(source.state.calls).toBe(2);
    at(54 * MINUTE); // inside the 5-minute backoff: no new attempt, old set served
    expect(await provider()).toBe(first);
    expect(source.state.calls).toBe(2);
    source.state.fail = false;
    at(55 * MINUTE + 1000); // backoff over
    await provider();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(source.state.calls).toBe(3);
    expect((await provider()).accessKeyId).toBe('ASIAEXAMPLE000000003');
  });

  it('a failure in the mandatory window still serves the valid old credentials', async () => {
    const { source, provider, at } = setup();
    const first = await provider();
    source.state.fail = true;
    at(59.5 * MINUTE);
    expect(await provider()).toBe(first);
  });

  it('never returns an expired set: once expired, the failure reaches the caller', async () => {
    const { source, provider, at } = setup();
    await provider();
    source.state.fail = true;
    at(60 * MINUTE); // the exact expiry instant counts as expired
    expect(await captureRejection(provider)).toMatchObject({ code: 'PROVIDER_FAILED' });
  });

  it('refuses credentials that are already expired when they arrive', async () => {
    const provider = cached(async () => sealCredentials({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', expiration: new Date(T0 - 1) }), { clock: () => new Date(T0) });
    expect(await captureRejection(provider)).toMatchObject({ code: 'CREDENTIALS_EXPIRED' });
  });

  it('passes NO_CREDENTIALS through unchanged, so a chain can move on', async () => {
    const provider = cached(() => Promise.reject(new NoCredentialsError(['x: not set'])));
    expect(await captureRejection(provider)).toBeInstanceOf(NoCredentialsError);
  });

  it('remembers a failure for the failure backoff (1 s at random() = 0), then tries again', async () => {
    const { source, provider, at } = setup();
    source.state.fail = true;
    await captureRejection(provider);
    source.state.fail = false;
    at(999);
    expect(await captureRejection(provider)).toMatchObject({ code: 'PROVIDER_FAILED' });
    expect(source.state.calls).toBe(1);
    at(1000);
    expect((await provider()).accessKeyId).toBe('ASIAEXAMPLE000000002');
  });
});

describeWithMoto('refresh under load against moto STS', (moto) => {
  it('1,000 concurrent callers around expiry make exactly one AssumeRole call, and moto accepts the new keys', async () => {
    let stsCalls = 0;
    const counting: FetchLike = (url, init) => (stsCalls++, fetch(url, init));
    let now = Date.now();
    const provider = fromAssumeRole({
      roleArn: moto.roles.basic.arn, durationSeconds: 900, sourceCredentials: moto.user,
      endpoint: moto.endpoint, fetch: counting, clock: () => new Date(now), env: {}, warn: () => {},
    });
    const first = await provider();
    now = (first.expiration?.getTime() ?? 0) - 30_000; // 30 s before expiry: the mandatory window
    const all = await thousand(provider);
    expect(stsCalls).toBe(2);
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(all[0]?.accessKeyId).not.toBe(first.accessKeyId);
    expect((await listFlows(moto.endpoint, all[0] as Credentials)).status).toBe(200);
  });
});
