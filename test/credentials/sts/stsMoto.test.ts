/**
 * STS providers against moto_server with signature and IAM checking on (the shared server of
 * motoGlobalSetup.ts). moto is the independent verifier: it re-signs every request with botocore
 * and checks the key, the session token, identity policies and trust policies.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  fromAssumeRole,
  fromSessionToken,
  fromStatic,
  getCallerIdentity,
  StsError,
} from '../../../src/index.js';
import { fromIni } from '../../../src/node.js';
import { captureRejection } from '../../support/errors.js';
import { describeWithMoto } from '../../support/moto.js';
import { listFlows } from '../mediaconnect.js';

const quiet = { warn: () => {}, env: {} };

describeWithMoto('IAM user keys against moto', (moto) => {
  const user = { accessKeyId: moto.user.accessKeyId, secretAccessKey: moto.user.secretAccessKey };

  it('sign STS GetCallerIdentity, which reports the IAM user', async () => {
    const me = await getCallerIdentity({ credentials: fromStatic(user), endpoint: moto.endpoint, region: moto.region, ...quiet });
    expect(me).toEqual({ account: moto.accountId, arn: moto.user.arn, userId: expect.any(String), principal: 'iam-user' });
  });

  it('sign MediaConnect ListFlows', async () => {
    const answer = await listFlows(moto.endpoint, user);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toHaveProperty('flows');
  });

  it('a wrong secret is refused with AWS code SignatureDoesNotMatch', async () => {
    const error = await captureRejection(() =>
      getCallerIdentity({ credentials: { ...user, secretAccessKey: `${user.secretAccessKey}x` }, endpoint: moto.endpoint, ...quiet }),
    );
    expect(error).toBeInstanceOf(StsError);
    expect(error).toMatchObject({ code: 'STS_ERROR', awsCode: 'SignatureDoesNotMatch', httpStatus: 403, action: 'GetCallerIdentity' });
  });

  it('a denied action surfaces as a typed STS_ERROR with AWS code AccessDenied and a request id', async () => {
    const denied = { accessKeyId: moto.deniedUser.accessKeyId, secretAccessKey: moto.deniedUser.secretAccessKey };
    const provider = fromAssumeRole({ roleArn: moto.roles.basic.arn, sourceCredentials: denied, endpoint: moto.endpoint, ...quiet });
    const error = await captureRejection(provider);
    expect(error).toBeInstanceOf(StsError);
    expect(error).toMatchObject({ name: 'StsError', code: 'STS_ERROR', awsCode: 'AccessDenied', awsType: 'Sender', httpStatus: 403 });
    expect((error as StsError).requestId).toMatch(/\S{10,}/);
    expect((error as Error).message).toContain(moto.deniedUser.arn); // AWS's message, naming the principal
    expect((await listFlows(moto.endpoint, denied)).status).toBe(403);
  });
});

describeWithMoto('AssumeRole against moto', (moto) => {
  const user = { accessKeyId: moto.user.accessKeyId, secretAccessKey: moto.user.secretAccessKey };

  it('yields temporary credentials that moto accepts, for the named session', async () => {
    const provider = fromAssumeRole({
      roleArn: moto.roles.basic.arn,
      roleSessionName: 'unit-basic',
      durationSeconds: 900,
      sourceCredentials: user,
      endpoint: moto.endpoint,
      tags: { project: 'sigv4 kit' },
      transitiveTagKeys: ['project'],
      sourceIdentity: 'alice@example.com',
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mediaconnect:*', Resource: '*' }] },
      ...quiet,
    });
    const creds = await provider();
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(creds.sessionToken).toBeTruthy();
    expect(creds.expiration?.getTime()).toBeGreaterThan(Date.now());
    const me = await getCallerIdentity({ credentials: creds, endpoint: moto.endpoint, ...quiet });
    expect(me).toMatchObject({ principal: 'assumed-role', arn: `arn:aws:sts::${moto.accountId}:assumed-role/${moto.roles.basic.roleName}/unit-basic` });
    expect((await listFlows(moto.endpoint, creds)).status).toBe(200);
  });

  it('with the right ExternalId assumes the cross-account role; a wrong one is AccessDenied', async () => {
    const role = moto.roles.externalId;
    const good = await fromAssumeRole({ roleArn: role.arn, externalId: role.externalId, sourceCredentials: user, endpoint: moto.endpoint, ...quiet })();
    expect((await listFlows(moto.endpoint, good)).status).toBe(200);
    const wrong = fromAssumeRole({ roleArn: role.arn, externalId: 'not-the-external-id', sourceCredentials: user, endpoint: moto.endpoint, ...quiet });
    expect(await captureRejection(wrong)).toMatchObject({ code: 'STS_ERROR', awsCode: 'AccessDenied' });
  });

  it('with MFA sends SerialNumber and the code from the callback (moto does not check them)', async () => {
    const role = moto.roles.mfa;
    const asked: string[] = [];
    const provider = fromAssumeRole({
      roleArn: role.arn,
      serialNumber: role.serialNumber,
      mfaCode: (serial) => (asked.push(serial), role.tokenCode),
      sourceCredentials: user,
      endpoint: moto.endpoint,
      ...quiet,
    });
    expect((await listFlows(moto.endpoint, await provider())).status).toBe(200);
    expect(asked).toEqual([role.serialNumber]);
  });

  it('GetSessionToken with MFA answers with a session (moto returns fixed, unusable keys)', async () => {
    const creds = await fromSessionToken({
      sourceCredentials: user, serialNumber: moto.roles.mfa.serialNumber, mfaCode: () => '123456', durationSeconds: 900, endpoint: moto.endpoint, ...quiet,
    })();
    expect(creds).toMatchObject({ accessKeyId: expect.any(String), sessionToken: expect.any(String) });
    expect(creds.expiration).toBeInstanceOf(Date);
  });
});

describeWithMoto('role chaining from a profile, against moto', (moto) => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sigv4kit-ini-'));
    await writeFile(join(dir, 'credentials'), `[base]\naws_access_key_id = ${moto.user.accessKeyId}\naws_secret_access_key = ${moto.user.secretAccessKey}\n`);
    await writeFile(
      join(dir, 'config'),
      [
        '[profile hop1]',
        `role_arn = ${moto.chain.hop1.arn}`,
        'source_profile = base',
        `role_session_name = ${moto.chain.hop1.sessionName}`,
        '[profile hop2]   ; the cross-account hop',
        `role_arn = ${moto.chain.hop2.arn}`,
        'source_profile = hop1',
        `external_id = ${moto.chain.hop2.externalId}`,
        'role_session_name = chained',
        'duration_seconds = 1800',
        `region = ${moto.region}`,
        `endpoint_url = ${moto.endpoint}`,
        '[profile hop2-wrong-id]',
        `role_arn = ${moto.chain.hop2.arn}`,
        'source_profile = hop1',
        'external_id = wrong-external-id',
        `endpoint_url = ${moto.endpoint}`,
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const env = (): Record<string, string> => ({ AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });

  it('base (static) -> hop1 -> hop2 (ExternalId) yields hop2 credentials that moto accepts', async () => {
    const creds = await fromIni({ profile: 'hop2', env: env(), warn: () => {} })();
    const me = await getCallerIdentity({ credentials: creds, endpoint: moto.endpoint, ...quiet });
    expect(me).toMatchObject({ principal: 'assumed-role', arn: `arn:aws:sts::${moto.accountId}:assumed-role/${moto.chain.hop2.roleName}/chained` });
    expect((await listFlows(moto.endpoint, creds)).status).toBe(200);
  });

  it('the same chain selected only through AWS_PROFILE and the file variables', async () => {
    const creds = await fromIni({ env: { ...env(), AWS_PROFILE: 'hop2' }, warn: () => {} })();
    expect((await listFlows(moto.endpoint, creds)).status).toBe(200);
  });

  it('a wrong external_id in the profile stops with AccessDenied', async () => {
    const error = await captureRejection(fromIni({ profile: 'hop2-wrong-id', env: env(), warn: () => {} }));
    expect(error).toMatchObject({ code: 'STS_ERROR', awsCode: 'AccessDenied', action: 'AssumeRole' });
  });
});
