/**
 * fromCognitoIdentityPool (portable entry) against moto 5.2.1's Cognito Identity (a private server:
 * both calls are unsigned, which the shared server with checking on would refuse), with the pool
 * created by boto3 (test/peers/cognito_pool.py). A loopback fake covers what moto does not model:
 * error answers, a deleted identity, and a hostile server echoing the login token.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsServiceCallError, type FetchLike, fromCognitoIdentityPool } from '../../../src/index.js';
import { captureRejection } from '../../support/errors.js';
import { describeWithMoto } from '../../support/moto.js';
import { stopMoto } from '../../support/motoServer.js';
import { reply, startFake } from '../fakes/server.js';

const POOL_HELPER = fileURLToPath(new URL('../../peers/cognito_pool.py', import.meta.url));
const run = promisify(execFile);

interface Sent {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}
function recording(sent: Sent[]): FetchLike {
  return (url, init) => {
    sent.push({ url, headers: Object.fromEntries(new Headers(init.headers).entries()), body: JSON.parse(String(init.body)) as Record<string, unknown> });
    return fetch(url, init);
  };
}

async function startPrivateMoto(): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`moto_server printed no port: ${seen}`)), 20_000);
    child.stderr?.on('data', (data: Buffer) => {
      seen += data.toString();
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`moto_server exited with ${String(code)}: ${seen}`)));
  });
  child.stderr?.resume();
  return { child, endpoint: `http://127.0.0.1:${port}` };
}

describeWithMoto('fromCognitoIdentityPool against moto', () => {
  let moto: { child: ChildProcess; endpoint: string };
  let poolId = '';
  beforeAll(async () => {
    moto = await startPrivateMoto();
    poolId = (await run('python3', [POOL_HELPER, moto.endpoint, 'eu-west-1', 'sigv4kit_pool'], { timeout: 60_000 })).stdout.trim();
  }, 60_000);
  afterAll(async () => {
    if (moto) await stopMoto(moto.child);
  });

  it('unauthenticated: GetId then GetCredentialsForIdentity, unsigned application/x-amz-json-1.1; SecretKey and epoch-second Expiration read', async () => {
    const sent: Sent[] = [];
    const before = Date.now();
    const creds = await fromCognitoIdentityPool({ identityPoolId: poolId, endpoint: moto.endpoint, fetch: recording(sent), env: {} })();
    // moto 5.2.1's fixed answer, with Expiration = now + 90 s as a JSON number of seconds.
    expect(creds).toMatchObject({ accessKeyId: 'TESTACCESSKEY12345', secretAccessKey: 'ABCSECRETKEY', sessionToken: 'ABC12345' });
    expect(creds.expiration?.getTime()).toBeGreaterThan(before + 85_000);
    expect(creds.expiration?.getTime()).toBeLessThan(Date.now() + 95_000);
    expect(sent.map((s) => s.headers['x-amz-target'])).toEqual(['AWSCognitoIdentityService.GetId', 'AWSCognitoIdentityService.GetCredentialsForIdentity']);
    for (const s of sent) {
      expect(s.url).toBe(`${moto.endpoint}/`);
      expect(s.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(s.headers['authorization']).toBeUndefined();
    }
    expect(sent[0]?.body).toEqual({ IdentityPoolId: poolId });
    expect(sent[1]?.body).toEqual({ IdentityId: expect.stringMatching(/^[a-z0-9-]+:[0-9a-f-]+$/) });
  });

  it('the identity id is kept per provider; refreshing near expiry asks only GetCredentialsForIdentity again', async () => {
    const sent: Sent[] = [];
    let offset = 0;
    const provider = fromCognitoIdentityPool({ identityPoolId: poolId, endpoint: moto.endpoint, fetch: recording(sent), env: {}, clock: () => new Date(Date.now() + offset) });
    await provider();
    const identityId = sent[1]?.body['IdentityId'];
    await provider(); // still fresh: no call
    expect(sent).toHaveLength(2);
    offset = 80_000; // 10 s before moto's 90 s expiry: inside the mandatory window
    await provider();
    expect(sent.map((s) => s.headers['x-amz-target'])).toEqual(['AWSCognitoIdentityService.GetId', 'AWSCognitoIdentityService.GetCredentialsForIdentity', 'AWSCognitoIdentityService.GetCredentialsForIdentity']);
    expect(sent[2]?.body).toEqual({ IdentityId: identityId });
  });

  it('with logins: GetId and GetCredentialsForIdentity carry Logins (and CustomRoleArn); a function login is called on each refresh', async () => {
    const sent: Sent[] = [];
    const provider = `cognito-idp.eu-west-1.amazonaws.com/eu-west-1_sigv4kit`;
    let calls = 0;
    const creds = await fromCognitoIdentityPool({
      identityPoolId: poolId,
      logins: { [provider]: () => `id-token-${++calls}` },
      customRoleArn: 'arn:aws:iam::123456789012:role/cognito-auth',
      endpoint: moto.endpoint,
      fetch: recording(sent),
      env: {},
      cache: false,
    })();
    expect(creds.accessKeyId).toBe('TESTACCESSKEY12345');
    expect(sent[0]?.body).toEqual({ IdentityPoolId: poolId, Logins: { [provider]: 'id-token-1' } });
    expect(sent[1]?.body).toEqual({ IdentityId: expect.any(String), Logins: { [provider]: 'id-token-1' }, CustomRoleArn: 'arn:aws:iam::123456789012:role/cognito-auth' });
  });
});

describe('fromCognitoIdentityPool against a loopback fake', () => {
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.secret-id-token.sig';
  let getIds = 0;
  let deleted = new Set<string>();
  const fake = startFake((request, response, body) => {
    const target = String(request.headers['x-amz-target']);
    const input = JSON.parse(body) as Record<string, unknown>;
    if (target.endsWith('.GetId')) {
      if (input['IdentityPoolId'] === 'eu-west-1:00000000-0000-0000-0000-000000000000') {
        return reply(response, 400, { __type: 'ResourceNotFoundException', message: 'IdentityPool not found' }, { 'x-amzn-errortype': 'ResourceNotFoundException:', 'x-amzn-requestid': 'req-1' });
      }
      if (input['Logins'] !== undefined && input['IdentityPoolId'] === 'eu-west-1:eeeeeeee-0000-0000-0000-000000000000') {
        return reply(response, 400, { __type: 'NotAuthorizedException', message: `Invalid login token ${JSON.stringify(input['Logins'])}` }, { 'x-amzn-errortype': 'NotAuthorizedException:' });
      }
      getIds++;
      return reply(response, 200, { IdentityId: `eu-west-1:identity-${getIds}` });
    }
    const id = String(input['IdentityId']);
    if (deleted.has(id)) return reply(response, 400, { __type: 'ResourceNotFoundException', message: 'Identity not found' }, { 'x-amzn-errortype': 'ResourceNotFoundException:' });
    return reply(response, 200, { IdentityId: id, Credentials: { AccessKeyId: 'ASIACOGNITOFAKE00001', SecretKey: 'cognito-secret', SessionToken: 'cognito-session', Expiration: 1_924_992_000 } });
  });
  let url = '';
  beforeAll(async () => (url = (await fake).url));
  afterAll(async () => (await fake).close());

  it('Expiration in epoch seconds: 1924992000 is 2031-01-01T00:00:00Z; the secret never prints', async () => {
    const creds = await fromCognitoIdentityPool({ identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555', endpoint: url, env: {} })();
    expect(creds.expiration?.toISOString()).toBe('2031-01-01T00:00:00.000Z');
    expect(`${JSON.stringify(creds)} ${inspect(creds)}`).not.toContain('cognito-secret');
  });

  it('errors are AwsServiceCallError with the __type / x-amzn-ErrorType code and request id', async () => {
    const error = await captureRejection(fromCognitoIdentityPool({ identityPoolId: 'eu-west-1:00000000-0000-0000-0000-000000000000', endpoint: url, env: {} }));
    expect(error).toBeInstanceOf(AwsServiceCallError);
    expect(error).toMatchObject({ code: 'PROVIDER_FAILED', awsCode: 'ResourceNotFoundException', httpStatus: 400, requestId: 'req-1', message: expect.stringContaining('IdentityPool not found') });
  });

  it('a login token echoed by the server never reaches the error', async () => {
    const error = await captureRejection(fromCognitoIdentityPool({ identityPoolId: 'eu-west-1:eeeeeeee-0000-0000-0000-000000000000', logins: { 'accounts.google.com': TOKEN }, endpoint: url, env: {} }));
    expect(error).toMatchObject({ awsCode: 'NotAuthorizedException' });
    expect(`${String(error)} ${JSON.stringify(error)} ${inspect(error)}`).not.toContain(TOKEN);
  });

  it('an anonymous identity is never reused once logins are present, and a deleted identity is replaced once', async () => {
    getIds = 0;
    deleted = new Set();
    // The same provider, first without a login, then after the user signed in (logins are read on each call).
    const logins: Record<string, string> = {};
    const provider = fromCognitoIdentityPool({ identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555', logins, endpoint: url, env: {}, cache: false });
    await provider();
    expect(getIds).toBe(1); // anonymous: identity-1
    logins['accounts.google.com'] = TOKEN;
    await provider();
    expect(getIds).toBe(2); // signed in: a new GetId, identity-2
    deleted.add('eu-west-1:identity-2');
    await provider();
    expect(getIds).toBe(3);
  });

  it('region from the pool id: the default endpoint is cognito-identity.<region>.amazonaws.com; AWS_ENDPOINT_URL_COGNITO_IDENTITY overrides', async () => {
    const urls: string[] = [];
    const answer: FetchLike = async (u, init) => {
      urls.push(u);
      const target = new Headers(init.headers).get('x-amz-target') ?? '';
      const body = target.endsWith('GetId') ? { IdentityId: 'ap-south-1:x' } : { Credentials: { AccessKeyId: 'ASIAX', SecretKey: 's', SessionToken: 't', Expiration: 1_924_992_000 } };
      return new Response(JSON.stringify(body), { status: 200 });
    };
    await fromCognitoIdentityPool({ identityPoolId: 'ap-south-1:11111111-2222-3333-4444-555555555555', fetch: answer, env: {} })();
    await fromCognitoIdentityPool({ identityPoolId: 'cn-north-1:11111111-2222-3333-4444-555555555555', fetch: answer, env: {} })();
    await fromCognitoIdentityPool({ identityPoolId: 'ap-south-1:11111111-2222-3333-4444-555555555555', fetch: answer, env: { AWS_ENDPOINT_URL_COGNITO_IDENTITY: 'http://127.0.0.1:9/', AWS_ENDPOINT_URL: 'http://127.0.0.1:8/' } })();
    expect([...new Set(urls)]).toEqual(['https://cognito-identity.ap-south-1.amazonaws.com/', 'https://cognito-identity.cn-north-1.amazonaws.com.cn/', 'http://127.0.0.1:9/']);
    expect(() => fromCognitoIdentityPool({ identityPoolId: 'not-a-pool' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
