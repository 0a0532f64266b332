/**
 * moto_server lifecycle for interop tests: started as `python3 -m moto.server` on 127.0.0.1, then
 * provisioned by test/peers/moto_setup.py (needs `pip install "moto[server]" boto3`).
 * Used by the vitest globalSetup (one shared, provisioned server per run) and by tests that need a
 * private server because they flip moto's global auth switch (`reset-auth`), which would race with
 * every other test on a shared one.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { peerMissing, peerScript } from './peers.js';

/** What test/peers/moto_setup.py prints, plus the extras provisioned here. */
export interface MotoSetup {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly authEnabled: boolean;
  readonly user: MotoUser;
  /** A user with no policy at all: everything but GetCallerIdentity is AccessDenied. */
  readonly deniedUser: MotoUser;
  readonly policyArn: string;
  readonly roles: {
    readonly basic: MotoRole;
    readonly externalId: MotoRole & { readonly externalId: string };
    readonly mfa: MotoRole & { readonly serialNumber: string; readonly tokenCode: string };
    readonly webIdentity: MotoRole & { readonly providerArn: string };
    readonly saml: MotoRole & { readonly providerArn: string };
  };
  /** Temporary credentials from AssumeRole on `roles.basic`, minted by moto_setup.py. */
  readonly assumed: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken: string; readonly expiration: string; readonly arn: string };
  /** Extra roles for role chaining, see {@link provisionChainRoles}. */
  readonly chain: ChainRoles;
}
export interface MotoUser { readonly userName: string; readonly arn: string; readonly accessKeyId: string; readonly secretAccessKey: string }
export interface MotoRole { readonly roleName: string; readonly arn: string }
export interface ChainRoles {
  /** Trusts `user`; may call sts:AssumeRole and mediaconnect:ListFlows. */
  readonly hop1: MotoRole & { readonly sessionName: string };
  /** Trusts only hop1's session `hop1.sessionName`, with ExternalId `externalId`; may call mediaconnect:ListFlows. */
  readonly hop2: MotoRole & { readonly externalId: string };
}

/** A running server. */
export interface RunningMoto {
  readonly child: ChildProcess;
  readonly endpoint: string;
  readonly setup: MotoSetup;
}

const run = promisify(execFile);

/** Why moto cannot be used here (and how to get it), or undefined when it can. */
export function motoMissing(): string | undefined {
  return peerMissing('moto');
}

/** Starts moto_server on 127.0.0.1 (free port) with checking on from the first request, and provisions it. */
export async function startMoto(prefix = 'sigv4kit', timeoutMs = 20_000): Promise<RunningMoto> {
  // The moto of the python3 on PATH (the one the probe and moto_setup.py use), not whichever moto_server comes first.
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', '0'], {
    env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const port = await readPort(child, timeoutMs);
    const endpoint = `http://127.0.0.1:${port}`;
    const { stdout } = await run('python3', [peerScript('moto_setup.py'), '--endpoint', endpoint, '--prefix', prefix], { timeout: 60_000 });
    const base = JSON.parse(stdout) as Omit<MotoSetup, 'chain'>;
    const chain = await provisionChainRoles(base, prefix);
    return { child, endpoint, setup: { ...base, chain } };
  } catch (error) {
    await stopMoto(child);
    throw error;
  }
}

function readPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolvePort, reject) => {
    let seen = '';
    const done = (): void => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.stderr?.resume(); // keep draining moto's request log, or the pipe fills and moto blocks
    };
    const timer = setTimeout(() => (done(), reject(new Error(`moto_server printed no port within ${timeoutMs} ms`))), timeoutMs);
    const onData = (data: Buffer): void => {
      seen += data.toString();
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) (done(), resolvePort(Number(match[1])));
    };
    child.once('error', (error) => (done(), reject(error)));
    child.once('exit', (code) => (done(), reject(new Error(`moto_server exited with ${String(code)}: ${seen}`))));
    child.stderr?.on('data', onData);
  });
}

/** SIGTERM, then SIGKILL after 5 s. */
export async function stopMoto(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * moto's `reset-auth`: `'inf'` switches checking off, `0` on, `n` lets the next n requests through
 * unchecked. Global to the server: only use it on a private server.
 */
export async function setMotoAuth(endpoint: string, count: number | 'inf'): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: String(count) });
  if (!response.ok) throw new Error(`moto reset-auth ${count}: HTTP ${response.status}`);
}

/**
 * Creates the two chain roles with checking briefly off (before any test runs), then turns it back
 * on. Done with boto3, not with sigv4-kit: the setup must not depend on the code under test.
 */
async function provisionChainRoles(base: Omit<MotoSetup, 'chain'>, prefix: string): Promise<ChainRoles> {
  const sessionName = `${prefix}-hop1-session`;
  const externalId = `${prefix}-hop2-external-id`;
  const hop1 = `${prefix}-chain-hop1`;
  const hop2 = `${prefix}-chain-hop2`;
  const doc = (statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const allow = (actions: string[]): string => doc([{ Effect: 'Allow', Action: actions, Resource: '*' }]);
  const hop1Principal = `arn:aws:sts::${base.accountId}:assumed-role/${hop1}/${sessionName}`;
  const roles = [
    [hop1, doc([{ Effect: 'Allow', Principal: { AWS: base.user.arn }, Action: 'sts:AssumeRole' }]), allow(['sts:AssumeRole', 'mediaconnect:ListFlows'])],
    [hop2, doc([{ Effect: 'Allow', Principal: { AWS: hop1Principal }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } }]), allow(['mediaconnect:ListFlows'])],
  ];
  await setMotoAuth(base.endpoint, 'inf');
  try {
    await run('python3', ['-c', CREATE_ROLES, base.endpoint, base.region, JSON.stringify(roles)], { timeout: 60_000 });
  } finally {
    await setMotoAuth(base.endpoint, 0);
  }
  const arn = (name: string): string => `arn:aws:iam::${base.accountId}:role/${name}`;
  return { hop1: { roleName: hop1, arn: arn(hop1), sessionName }, hop2: { roleName: hop2, arn: arn(hop2), externalId } };
}

const CREATE_ROLES = `
import json, sys, boto3
endpoint, region, roles = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
iam = boto3.client('iam', endpoint_url=endpoint, region_name=region,
                   aws_access_key_id='AKIABOOTSTRAPDUMMY00', aws_secret_access_key='bootstrap')
for name, trust, policy in roles:
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
    iam.put_role_policy(RoleName=name, PolicyName=name + '-policy', PolicyDocument=policy)
`;

/** What the globalSetup hands to tests (must survive structured cloning). */
export type MotoProvided = { readonly available: true; readonly setup: MotoSetup } | { readonly available: false; readonly reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    moto: MotoProvided;
  }
}
