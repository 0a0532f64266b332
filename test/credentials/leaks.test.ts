/**
 * Secrets never print: credentials from every provider, and the errors providers throw, rendered
 * through JSON.stringify, util.inspect, %o / %O / %s / %j and String(). Each render must be
 * non-empty (so a render that shows nothing cannot pass) and free of the secret key and token.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fromAssumeRole,
  fromEnv,
  fromStatic,
  fromWebToken,
  sealCredentials,
} from '../../src/index.js';
import { fromContainerMetadata, fromIni, fromInstanceMetadata } from '../../src/node.js';
import type { Credentials } from '../../src/sigv4/types.js';
import { captureError, captureRejection } from '../support/errors.js';
import { startFakeContainer } from './fakes/container.js';
import { startFakeImds } from './fakes/imds.js';
import type { FakeServer } from './fakes/server.js';
import { type FakeSts, startFakeSts } from './fakes/sts.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FQoGZXIvYXdzEXAMPLE//////////wEaDEXAMPLESESSIONTOKEN+a/b=';
const KEYS = { accessKeyId: 'ASIAEXAMPLEKEY123456', secretAccessKey: SECRET, sessionToken: TOKEN };

function renders(value: unknown): Record<string, string> {
  return {
    json: JSON.stringify({ value }),
    inspect: inspect({ value }, { depth: Infinity, showHidden: true }),
    '%o': format('%o', value),
    '%O': format('%O', value),
    '%s': format('%s', value),
    '%j': format('%j', value),
    string: String(value),
  };
}

function expectNoSecrets(value: unknown, secrets: readonly string[] = [SECRET, TOKEN]): void {
  for (const [how, text] of Object.entries(renders(value))) {
    expect(text.length, how).toBeGreaterThan(0);
    for (const secret of secrets) expect(text, `${how} leaks`).not.toContain(secret);
  }
}

let dir = '';
let sts: FakeSts;
let echoing: FakeSts;
const servers: FakeServer[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigv4kit-leaks-'));
  sts = await startFakeSts();
  echoing = await startFakeSts({ echo: true });
});
afterAll(async () => {
  await Promise.all([sts.close(), echoing.close(), ...servers.map((s) => s.close())]);
  await rm(dir, { recursive: true, force: true });
});

describe('credentials never print their secret or token', () => {
  const served = () => ({ ...KEYS, expiration: new Date(Date.now() + 3_600_000) });
  const sources: Array<[string, () => Promise<Credentials>]> = [
    ['sealCredentials', () => Promise.resolve(sealCredentials(KEYS))],
    ['fromStatic', () => fromStatic(KEYS)()],
    ['fromEnv', () => fromEnv({ env: { AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN } })()],
    ['fromIni', async () => {
      await writeFile(join(dir, 'credentials'), `[default]\naws_access_key_id = ${KEYS.accessKeyId}\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n`);
      return fromIni({ env: { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), HOME: dir } })();
    }],
    ['fromInstanceMetadata', async () => {
      const imds = await startFakeImds({ credentials: served });
      servers.push(imds);
      return fromInstanceMetadata({ endpoint: imds.url, env: {} })();
    }],
    ['fromContainerMetadata', async () => {
      const container = await startFakeContainer({ path: '/c', credentials: served });
      servers.push(container);
      return fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/c` } })();
    }],
    ['fromAssumeRole (STS XML)', () => fromAssumeRole({ roleArn: 'arn:aws:iam::123456789012:role/r', sourceCredentials: KEYS, endpoint: sts.url, region: 'us-east-1', env: {} })()],
  ];

  it.each(sources)('%s', async (_name, get) => {
    const creds = await get();
    const secrets = [creds.secretAccessKey, ...(creds.sessionToken ? [creds.sessionToken] : [])];
    expectNoSecrets(creds, secrets);
    expectNoSecrets([creds, { nested: { creds } }], secrets);
    expect(format('%s', creds)).toContain(creds.accessKeyId.slice(0, 4)); // still tells keys apart
  });

  it('the values themselves stay readable, and spreading copies them', () => {
    const creds = sealCredentials(KEYS);
    expect(creds.secretAccessKey).toBe(SECRET);
    expect({ ...creds }).toEqual(KEYS);
    expect(Object.isFrozen(creds)).toBe(true);
  });
});

describe('errors never print a secret or token', () => {
  it('INVALID_CREDENTIALS from a malformed set', () => {
    const error = captureError(() => sealCredentials({ ...KEYS, accessKeyId: 'bad/key' }));
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expectNoSecrets(error);
  });

  it('STS_ERROR from a server that echoes the request (token, session token header) in its message', async () => {
    const webToken = 'eyJhbGciOi+secret/web=identity.token';
    const web = await captureRejection(fromWebToken({ roleArn: 'arn:aws:iam::123456789012:role/w', webIdentityToken: webToken, endpoint: echoing.url, region: 'us-east-1', env: {} }));
    expect(web).toMatchObject({ code: 'STS_ERROR', awsCode: 'AccessDenied' });
    expect((web as Error).message).toContain('[redacted]'); // the echo did arrive, and was scrubbed
    expectNoSecrets(web, [webToken, encodeURIComponent(webToken)]);
    const role = await captureRejection(fromAssumeRole({ roleArn: 'arn:aws:iam::123456789012:role/r', sourceCredentials: KEYS, endpoint: echoing.url, region: 'us-east-1', env: {} }));
    expectNoSecrets(role);
  });

  it('a container token that is refused is not quoted', async () => {
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, `${TOKEN}\r\n`);
    const error = await captureRejection(fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile } }));
    expectNoSecrets(error);
  });

  it('a malformed credentials file names file and line, not the secret on it', async () => {
    const file = join(dir, 'bad-credentials');
    await writeFile(file, `[default]\naws_secret_access_key ${SECRET}\n`);
    const error = await captureRejection(fromIni({ env: { AWS_SHARED_CREDENTIALS_FILE: file, HOME: dir } }));
    expect(error).toMatchObject({ code: 'PROFILE_PARSE_ERROR', file, line: 2 });
    expectNoSecrets(error);
  });
});
