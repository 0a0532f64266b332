/**
 * getCallerIdentity and the root-user guard. moto has no root user, so root answers
 * come from the loopback fake STS; ARN shapes are AWS's documented GetCallerIdentity examples.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { classifyPrincipal, fromStatic, getCallerIdentity, StsError, withRootCheck } from '../../../src/index.js';
import { captureError, captureRejection } from '../../support/errors.js';
import { type FakeSts, startFakeSts } from '../fakes/sts.js';

const ROOT_KEYS = { accessKeyId: 'AKIAROOTEXAMPLE00001', secretAccessKey: 'rootSecretEXAMPLE' };
let sts: FakeSts | undefined;
afterEach(async () => {
  await sts?.close();
  sts = undefined;
});

describe('classifyPrincipal', () => {
  it.each([
    ['arn:aws:iam::123456789012:root', 'root'],
    ['arn:aws-cn:iam::123456789012:root', 'root'],
    ['arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob', 'iam-user'],
    ['arn:aws:sts::123456789012:assumed-role/my-role-name/my-role-session-name', 'assumed-role'],
    ['arn:aws-us-gov:sts::123456789012:federated-user/my-federated-user-name', 'federated-user'],
  ])('%s is %s', (arn, kind) => {
    expect(classifyPrincipal(arn)).toBe(kind);
  });

  it("refuses ARNs of no AWS principal shape (moto's unchecked arn:aws:sts::…:user/moto)", () => {
    expect(captureError(() => classifyPrincipal('arn:aws:sts::123456789012:user/moto'))).toMatchObject({ code: 'PROVIDER_FAILED' });
  });
});

describe('root credentials', () => {
  it('getCallerIdentity reports root and warns through the injected hook', async () => {
    sts = await startFakeSts({ callerArn: 'arn:aws:iam::123456789012:root' });
    const warnings: string[] = [];
    const me = await getCallerIdentity({ credentials: ROOT_KEYS, endpoint: sts.url, region: 'us-east-1', env: {}, warn: (m) => warnings.push(m) });
    expect(me).toEqual({ account: '123456789012', arn: 'arn:aws:iam::123456789012:root', userId: 'AIDAFAKE', principal: 'root' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('root user');
    expect(warnings[0]).not.toContain(ROOT_KEYS.secretAccessKey);
  });

  it('refuseRoot turns that into ROOT_CREDENTIALS_REFUSED', async () => {
    sts = await startFakeSts({ callerArn: 'arn:aws:iam::123456789012:root' });
    const error = await captureRejection(() => getCallerIdentity({ credentials: ROOT_KEYS, endpoint: sts?.url, region: 'us-east-1', env: {}, refuseRoot: true }));
    expect(error).toMatchObject({ name: 'CredentialsError', code: 'ROOT_CREDENTIALS_REFUSED' });
  });

  it('withRootCheck checks each access key once and warns once, however often it is called', async () => {
    sts = await startFakeSts({ callerArn: 'arn:aws:iam::123456789012:root' });
    const warnings: string[] = [];
    const provider = withRootCheck(fromStatic(ROOT_KEYS), { endpoint: sts.url, region: 'us-east-1', env: {}, warn: (m) => warnings.push(m) });
    await Promise.all([provider(), provider(), provider()]);
    await provider();
    expect(sts.bodies().filter((b) => b.get('Action') === 'GetCallerIdentity')).toHaveLength(1);
    expect(warnings).toHaveLength(1);
  });

  it('withRootCheck with refuseRoot never hands root credentials out', async () => {
    sts = await startFakeSts({ callerArn: 'arn:aws:iam::123456789012:root' });
    const provider = withRootCheck(fromStatic(ROOT_KEYS), { endpoint: sts.url, region: 'us-east-1', env: {}, refuseRoot: true });
    expect(await captureRejection(provider)).toMatchObject({ code: 'ROOT_CREDENTIALS_REFUSED' });
  });

  it('an IAM user gets no warning', async () => {
    sts = await startFakeSts({ callerArn: 'arn:aws:iam::123456789012:user/alice' });
    const warnings: string[] = [];
    const provider = withRootCheck(fromStatic(ROOT_KEYS), { endpoint: sts.url, region: 'us-east-1', env: {}, warn: (m) => warnings.push(m), refuseRoot: true });
    expect((await provider()).accessKeyId).toBe(ROOT_KEYS.accessKeyId);
    expect(warnings).toEqual([]);
  });

  it('STS errors carry the AWS code, type, status and request id from the documented ErrorResponse', async () => {
    sts = await startFakeSts({ error: [403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'] });
    const error = await captureRejection(() => getCallerIdentity({ credentials: ROOT_KEYS, endpoint: sts?.url, region: 'us-east-1', env: {} }));
    expect(error).toBeInstanceOf(StsError);
    expect(error).toMatchObject({ awsCode: 'InvalidClientTokenId', awsType: 'Sender', httpStatus: 403, requestId: 'fake-request-id' });
  });
});
