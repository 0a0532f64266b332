/**
 * mfaSession: an MFA code once per MFA session (GetSessionToken with the code, then AssumeRole from the
 * cached session) instead of once per role session. Against the loopback fake STS, calls counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fromAssumeRole } from '../../../src/index.js';
import { memoryFiles } from '../../support/memoryFiles.js';
import { fromIni } from '../../../src/node.js';
import { type FakeSts, startFakeSts } from '../fakes/sts.js';

const KEYS = { accessKeyId: 'AKIDALICEEXAMPLE0001', secretAccessKey: 'aliceSecretKeyEXAMPLE/abcdefghijklmnop' };
const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
const ROLE = 'arn:aws:iam::123456789012:role/admin';
const HOUR = 3_600_000;

let fake: FakeSts | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function mfa() {
  const asked: string[] = [];
  return { asked, mfaCode: (serial: string) => (asked.push(serial), String(100_000 + asked.length)) };
}

const actions = (sts: FakeSts) => sts.bodies().map((b) => b.get('Action'));
const accessKeyOf = (authorization: unknown) => /Credential=([^/]+)\//.exec(String(authorization))?.[1];

describe('mfaSession', () => {
  it('asks for a code once in 3 role sessions: GetSessionToken with the code, AssumeRole from the session without one', async () => {
    let now = Date.now();
    fake = await startFakeSts({ now: () => now });
    const { asked, mfaCode } = mfa();
    const provider = fromAssumeRole({
      endpoint: fake.url, region: 'us-east-1', env: {}, clock: () => new Date(now),
      roleArn: ROLE, sourceCredentials: KEYS, serialNumber: SERIAL, mfaCode, mfaSession: true,
    });
    await provider();
    now += 2 * HOUR; // the 1-hour role session has expired; the 12-hour MFA session has not
    await provider();
    now += 2 * HOUR;
    await provider();
    expect(asked).toEqual([SERIAL]);
    expect(actions(fake)).toEqual(['GetSessionToken', 'AssumeRole', 'AssumeRole', 'AssumeRole']);
    const [session, ...roles] = fake.bodies();
    expect(session?.get('SerialNumber')).toBe(SERIAL);
    expect(session?.get('TokenCode')).toBe('100001');
    for (const role of roles) expect([role.get('SerialNumber'), role.get('TokenCode')]).toEqual([null, null]);
    // GetSessionToken is signed with the user's keys, AssumeRole with the session's.
    expect(fake.requests.map((r) => accessKeyOf(r.headers['authorization']))).toEqual([KEYS.accessKeyId, ...Array(3).fill('ASIAFAKEGETSESSIONTO')]);
  });

  it('without it (the default), every role session asks for a code, as the AWS CLI does', async () => {
    let now = Date.now();
    fake = await startFakeSts({ now: () => now });
    const { asked, mfaCode } = mfa();
    const provider = fromAssumeRole({ endpoint: fake.url, region: 'us-east-1', env: {}, clock: () => new Date(now), roleArn: ROLE, sourceCredentials: KEYS, serialNumber: SERIAL, mfaCode });
    await provider();
    now += 2 * HOUR;
    await provider();
    expect(asked).toEqual([SERIAL, SERIAL]);
    expect(actions(fake)).toEqual(['AssumeRole', 'AssumeRole']);
  });

  it('profiles: two role profiles with the same source and mfa_serial share one MFA session across refreshes', async () => {
    fake = await startFakeSts();
    const config = `[profile alice]\naws_access_key_id = ${KEYS.accessKeyId}\naws_secret_access_key = ${KEYS.secretAccessKey}\n\n` +
      `[profile admin]\nrole_arn = ${ROLE}\nsource_profile = alice\nmfa_serial = ${SERIAL}\n\n` +
      `[profile audit]\nrole_arn = arn:aws:iam::123456789012:role/audit\nsource_profile = alice\nmfa_serial = ${SERIAL}\n`;
    const readFile = memoryFiles({ '/c': config });
    const { asked, mfaCode } = mfa();
    const common = { configFile: '/c', credentialsFile: '/k', readFile, env: {}, endpoint: fake.url, region: 'us-east-1', mfaCode, mfaSession: true, cache: false as const };
    const admin = fromIni({ ...common, profile: 'admin' });
    await admin();
    await admin(); // uncached: the profile walk is rebuilt, the MFA session is not
    expect(asked).toEqual([SERIAL]);
    expect(actions(fake)).toEqual(['GetSessionToken', 'AssumeRole', 'AssumeRole']);
  });
});
