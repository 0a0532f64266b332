/** fromContainerMetadata against a loopback fake of the ECS / EKS Pod Identity agents. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkFullUri } from '../../../src/credentials/metadata/containerUrl.js';
import { type FetchLike, NoCredentialsError } from '../../../src/index.js';
import { fromContainerMetadata } from '../../../src/node.js';
import { captureRejection } from '../../support/errors.js';
import { describeWithMoto } from '../../support/moto.js';
import { startFakeContainer } from '../fakes/container.js';
import type { FakeServer } from '../fakes/server.js';
import { listFlows } from '../mediaconnect.js';

const issue = () => ({ accessKeyId: 'ASIACONTAINEREXAMPLE', secretAccessKey: 'containerSecretEXAMPLE/abc+def', sessionToken: 'container-token', expiration: new Date(Date.now() + 3_600_000) });
const noFetch: FetchLike = () => Promise.reject(new Error('the provider must not send this request'));

let fake: FakeServer | undefined;
let dir = '';
beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'sigv4kit-container-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('container credential endpoints', () => {
  it('ECS relative URI: GET <agent>/<relative path>, no Authorization header', async () => {
    fake = await startFakeContainer({ path: '/v2/credentials/7f3a-task', credentials: issue });
    const provider = fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/7f3a-task' }, relativeUriBase: fake.url, cache: false });
    expect(await provider()).toMatchObject({ accessKeyId: 'ASIACONTAINEREXAMPLE', sessionToken: 'container-token' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.headers['authorization']).toBeUndefined();
  });

  it('full URI with AWS_CONTAINER_AUTHORIZATION_TOKEN sends it as the Authorization header', async () => {
    fake = await startFakeContainer({ path: '/creds', authorization: () => 'Basic c2lndjRraXQ=', credentials: issue });
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/creds`, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'Basic c2lndjRraXQ=' };
    expect((await fromContainerMetadata({ env, cache: false })()).accessKeyId).toBe('ASIACONTAINEREXAMPLE');
  });

  it('EKS Pod Identity: the token file is re-read on every fetch and wins over the token variable', async () => {
    let current = 'eks-pod-identity-token-1';
    fake = await startFakeContainer({ path: '/v1/credentials', authorization: () => current, credentials: issue });
    const tokenFile = join(dir, 'eks-pod-identity-token');
    await writeFile(tokenFile, current);
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/v1/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'stale' };
    const provider = fromContainerMetadata({ env, cache: false });
    await provider();
    current = 'eks-pod-identity-token-2'; // the agent rotated the token
    await writeFile(tokenFile, current);
    await provider();
    expect(fake.requests.map((r) => r.headers['authorization'])).toEqual(['eks-pod-identity-token-1', 'eks-pod-identity-token-2']);
  });

  it('refuses a token with CR/LF (even a trailing newline) before sending anything', async () => {
    const tokenFile = join(dir, 'token-with-newline');
    await writeFile(tokenFile, 'token\n');
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/creds', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile };
    const error = await captureRejection(fromContainerMetadata({ env, fetch: noFetch, cache: false }));
    expect(error).toMatchObject({ code: 'PROVIDER_FAILED' });
    expect((error as Error).message).not.toContain('token\n');
  });

  it('the relative URI wins when both are set', async () => {
    fake = await startFakeContainer({ path: '/relative', credentials: issue });
    const env = { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/relative', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/full' };
    await fromContainerMetadata({ env, relativeUriBase: fake.url, cache: false })();
    expect(fake.requests.map((r) => r.path)).toEqual(['/relative']);
  });

  it('retries a 5xx, and surfaces the agent error Code of a 4xx', async () => {
    fake = await startFakeContainer({ path: '/creds', credentials: issue, failFirst: 1 });
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/creds` };
    expect((await fromContainerMetadata({ env, retryDelayMs: 0, cache: false })()).accessKeyId).toBe('ASIACONTAINEREXAMPLE');
    expect(fake.requests).toHaveLength(2);
    const denied = await captureRejection(fromContainerMetadata({ env: { ...env, AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/other` }, cache: false }));
    expect((denied as Error).message).toContain('HTTP 404: NotFound');
  });

  it('NO_CREDENTIALS when neither URI variable is set', async () => {
    expect(await captureRejection(fromContainerMetadata({ env: {}, fetch: noFetch }))).toBeInstanceOf(NoCredentialsError);
  });
});

describe('AWS_CONTAINER_CREDENTIALS_FULL_URI guard (no request is sent)', () => {
  const lookup = (answers: Record<string, string[]>) => (host: string) => Promise.resolve(answers[host] ?? []);

  it.each([
    ['http://127.0.0.1:8080/creds', 'http://127.0.0.1:8080/creds'],
    ['http://127.1/creds', 'http://127.0.0.1/creds'],
    ['http://[::1]:80/creds', 'http://[::1]/creds'],
    ['http://localhost/creds', 'http://localhost/creds'],
    ['http://169.254.170.2/v2/credentials/x', 'http://169.254.170.2/v2/credentials/x'],
    ['http://169.254.170.23/v1/credentials', 'http://169.254.170.23/v1/credentials'],
    ['http://[fd00:ec2::23]/v1/credentials', 'http://[fd00:ec2::23]/v1/credentials'],
    ['https://creds.example.com/role', 'https://creds.example.com/role'],
  ])('accepts %s', async (uri, expected) => {
    expect(await checkFullUri(uri, lookup({}))).toBe(expected);
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/creds', 'ftp://127.0.0.1/creds', 'http://user:pw@127.0.0.1/'])('refuses %s', async (uri) => {
    expect(await captureRejection(() => checkFullUri(uri, lookup({})))).toMatchObject({ code: 'PROVIDER_FAILED' });
  });

  it('accepts an http host name only if every address it resolves to is allowed, and connects to that address', async () => {
    expect(await checkFullUri('http://agent.local:81/c', lookup({ 'agent.local': ['127.0.0.9'] }))).toBe('http://127.0.0.9:81/c');
    expect(await checkFullUri('http://pod.local/c', lookup({ 'pod.local': ['fd00:ec2::23'] }))).toBe('http://[fd00:ec2::23]/c');
    const mixed = await captureRejection(() => checkFullUri('http://evil.local/c', lookup({ 'evil.local': ['127.0.0.1', '10.1.2.3'] })));
    expect(mixed).toMatchObject({ code: 'PROVIDER_FAILED' });
  });

  it('the provider refuses the IMDS address without sending a request', async () => {
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/x' };
    expect(await captureRejection(fromContainerMetadata({ env, fetch: noFetch }))).toMatchObject({ code: 'PROVIDER_FAILED' });
  });
});

describeWithMoto('container fake serving moto-minted credentials', (moto) => {
  it('the provider returns credentials moto accepts', async () => {
    const assumed = { ...moto.assumed, expiration: new Date(Date.now() + 3_600_000) };
    fake = await startFakeContainer({ path: '/v1/credentials', authorization: () => 'pod-token', credentials: () => assumed });
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/v1/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'pod-token' };
    expect((await listFlows(moto.endpoint, await fromContainerMetadata({ env })())).status).toBe(200);
  });
});
