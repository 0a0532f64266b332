/**
 * `sigv4 credential-process` (flags of aws_signing_helper) in-process and as the built binary that
 * botocore runs from a `credential_process` profile, and the same profile through our default chain,
 * all against the Python CreateSession fake (test/peers/rolesanywhere_fake.py).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDefaultChain } from '../../src/node.js';
import { BIN, ensureBuilt } from '../cli/bin.js';
import { sigv4 } from '../cli/io.js';
import { requirePeers, runPython, tempDir, type TempDir } from '../support/peers.js';
import { type Fake, makePki, type Pki, PROFILE_ARN, ROLE_ARN, startFake, TRUST_ANCHOR_ARN } from './fake.js';

const havePeers = requirePeers(['python-botocore'], 'sigv4 credential-process tests (botocore + cryptography)');

describe.skipIf(!havePeers)('sigv4 credential-process', () => {
  let dir: TempDir;
  let pki: Pki;
  let fake: Fake;
  beforeAll(async () => {
    dir = tempDir('sigv4kit-cp-');
    pki = makePki(dir);
    fake = await startFake(pki, 'rsa-int.cert.pem', 'rsa-int.chain.pem');
    ensureBuilt();
  }, 300_000);
  afterAll(() => {
    fake?.stop();
    dir?.dispose();
  });

  const flags = () => [
    '--certificate', pki.path('rsa-int.cert.pem'), '--private-key', pki.path('rsa-int.key.pem'), '--intermediates', pki.path('rsa-int.chain.pem'),
    '--trust-anchor-arn', TRUST_ANCHOR_ARN, '--profile-arn', PROFILE_ARN, '--role-arn', ROLE_ARN, '--session-duration', '1800',
  ];

  it('prints credential_process JSON and nothing else (Version 1, keys, Expiration)', async () => {
    const before = fake.verdicts.length;
    const result = await sigv4(['credential-process', ...flags(), '--endpoint', fake.endpoint]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['AccessKeyId', 'Expiration', 'SecretAccessKey', 'SessionToken', 'Version']);
    expect(out['Version']).toBe(1);
    expect(out['AccessKeyId']).toMatch(/^ASIAFAKE\d{8}$/);
    const lifetime = Date.parse(String(out['Expiration'])) - Date.now();
    expect(lifetime).toBeGreaterThan(1700_000);
    expect(lifetime).toBeLessThan(1810_000);
    expect((await fake.settled(before + 1))[before]).toEqual({ ok: true, reason: null });
  });

  it('missing flags are a usage error; an expired certificate is diagnosed locally with its dates', async () => {
    const usage = await sigv4(['credential-process', '--certificate', pki.path('rsa.cert.pem')]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/missing --private-key, --trust-anchor-arn, --profile-arn, --role-arn/);
    const before = fake.verdicts.length;
    const expired = await sigv4(['credential-process', '--certificate', pki.path('expired.cert.pem'), '--private-key', pki.path('expired.key.pem'),
      '--trust-anchor-arn', TRUST_ANCHOR_ARN, '--profile-arn', PROFILE_ARN, '--role-arn', ROLE_ARN, '--endpoint', fake.endpoint]);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toBe('');
    expect(expired.stderr).toMatch(/CREDENTIALS_EXPIRED: the certificate \(serial \d+\) expired at \d{4}-\d\d-\d\dT/);
    expect(expired.stderr).not.toContain('PRIVATE KEY');
    expect(fake.verdicts.length).toBe(before);
  });

  it('AccessDeniedException names trust anchor, profile and role trust policy', async () => {
    const before = fake.verdicts.length;
    const denied = await sigv4(['credential-process', ...flags().map((f) => (f === ROLE_ARN ? 'arn:aws:iam::123456789012:role/other' : f)), '--endpoint', fake.endpoint]);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toBe('');
    expect(denied.stderr).toMatch(/AccessDeniedException.*trust anchor.*profile.*role trust policy/);
    // The fake's verdict line may trail its HTTP answer: wait for it here, or it lands in the next test's slot.
    expect((await fake.settled(before + 1))[before]).toMatchObject({ ok: false, reason: expect.stringContaining('role/other') });
  });

  function config(): string {
    const command = [process.execPath, BIN, 'credential-process', ...flags()].join(' ');
    return dir.file('config', `[profile onprem]\nregion = eu-west-1\ncredential_process = ${command}\n`);
  }

  it('botocore uses it as a credential_process profile', async () => {
    const before = fake.verdicts.length;
    const script = 'import botocore.session, json\nc = botocore.session.Session(profile="onprem").get_credentials().get_frozen_credentials()\nprint(json.dumps([c.access_key, c.secret_key, c.token]))';
    const result = await runPython(script, {
      HOME: dir.path, AWS_CONFIG_FILE: config(), AWS_SHARED_CREDENTIALS_FILE: dir.file('credentials', ''),
      AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL_ROLESANYWHERE: fake.endpoint,
    });
    expect(result.stderr).toBe('');
    const [key, secret, token] = JSON.parse(result.stdout) as string[];
    const n = Number(key!.slice(-8));
    expect(key).toMatch(/^ASIAFAKE\d{8}$/);
    expect(secret).toBe(`fake-secret-${n}`);
    expect(token).toBe(`fake-token-${n}`);
    expect((await fake.settled(before + 1))[before]).toEqual({ ok: true, reason: null });
  });

  it('the default chain resolves the same profile (AWS_PROFILE) through sigv4 credential-process', async () => {
    const before = fake.verdicts.length;
    const credentials = await fromDefaultChain({
      env: { HOME: dir.path, AWS_PROFILE: 'onprem', AWS_CONFIG_FILE: config(), AWS_SHARED_CREDENTIALS_FILE: dir.file('credentials', ''),
        AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL_ROLESANYWHERE: fake.endpoint, PATH: process.env['PATH'] ?? '' },
    })();
    const n = Number(credentials.accessKeyId.slice(-8));
    expect(credentials.accessKeyId).toMatch(/^ASIAFAKE\d{8}$/);
    expect(credentials.sessionToken).toBe(`fake-token-${n}`);
    expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now() + 1700_000);
    expect((await fake.settled(before + 1))[before]).toEqual({ ok: true, reason: null });
  });
});
