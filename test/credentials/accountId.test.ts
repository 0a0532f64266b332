/**
 * accountId travels with the credentials from every source that names it: AWS_ACCOUNT_ID, a profile's
 * aws_account_id, credential_process AccountId, the container and IMDS documents' AccountId (STS: see
 * sts/stsRetry.test.ts). It is not a secret, so it prints; a malformed one is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fromEnv, sealCredentials } from '../../src/index.js';
import { fromContainerMetadata, fromIni, fromInstanceMetadata } from '../../src/node.js';
import { readProcessOutput } from '../../src/credentials/profile/process.js';
import { captureError, captureRejection } from '../support/errors.js';
import { startFakeContainer } from './fakes/container.js';
import { startFakeImds } from './fakes/imds.js';
import type { FakeServer } from './fakes/server.js';
import { memoryFiles } from '../support/memoryFiles.js';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const hour = () => new Date(Date.now() + 3_600_000);

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('accountId', () => {
  it('AWS_ACCOUNT_ID', async () => {
    const creds = await fromEnv({ env: { AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey, AWS_ACCOUNT_ID: '123456789012' } })();
    expect(creds.accountId).toBe('123456789012');
    expect(JSON.parse(JSON.stringify(creds))).toMatchObject({ accountId: '123456789012', secretAccessKey: '[redacted]' });
  });

  it('a profile\'s aws_account_id', async () => {
    const config = '[profile p]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = s\naws_account_id = 210987654321\n';
    const creds = await fromIni({ profile: 'p', configFile: '/c', credentialsFile: '/k', readFile: memoryFiles({ '/c': config }), env: {}, cache: false })();
    expect(creds.accountId).toBe('210987654321');
  });

  it('credential_process AccountId', () => {
    const out = JSON.stringify({ Version: 1, AccessKeyId: 'AKIDEXAMPLE', SecretAccessKey: 's', AccountId: '111122223333' });
    expect(readProcessOutput(out, new Date()).accountId).toBe('111122223333');
  });

  it('the container endpoint\'s AccountId', async () => {
    fake = await startFakeContainer({ path: '/c', credentials: () => ({ accessKeyId: 'ASIACONTAINER0000001', secretAccessKey: 's', sessionToken: 't', expiration: hour(), accountId: '444455556666' }) });
    const creds = await fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/c` }, cache: false })();
    expect(creds.accountId).toBe('444455556666');
  });

  it('the IMDS document\'s AccountId, and none when IMDS sends none', async () => {
    let accountId: string | undefined = '777788889999';
    fake = await startFakeImds({ credentials: () => ({ accessKeyId: 'ASIAIMDS000000000001', secretAccessKey: 's', sessionToken: 't', expiration: hour(), ...(accountId ? { accountId } : {}) }) });
    const imds = fromInstanceMetadata({ endpoint: fake.url, env: {}, cache: false });
    expect((await imds()).accountId).toBe('777788889999');
    accountId = undefined;
    expect((await imds()).accountId).toBeUndefined();
  });

  it.each(['12345', '12345678901a', ' 123456789012'])('refuses %j with INVALID_CREDENTIALS, naming the settings', async (bad) => {
    const error = captureError(() => sealCredentials({ ...KEYS, accountId: bad }));
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((error as Error).message).toContain('AWS_ACCOUNT_ID');
    const fromEnvError = await captureRejection(fromEnv({ env: { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 's', AWS_ACCOUNT_ID: `x${bad}` } }));
    expect(fromEnvError).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});
