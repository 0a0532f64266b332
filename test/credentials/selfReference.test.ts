/**
 * Item 7 of issue 15: a 20,001-profile source_profile chain overflowed the stack, and providers that
 * lead back to themselves recursed until V8 printed "Exception in PromiseRejectCallback" to stderr.
 * Both must end in a typed ProviderError. The stderr check runs the sources, bundled by esbuild, in
 * a child process: V8 prints that line from C++, where no in-process hook can see it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { cached, chain, type CredentialProvider, type FetchLike, fromAssumeRole, ProviderError } from '../../src/index.js';
import { fromIni } from '../../src/node.js';
import { captureRejection } from '../support/errors.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE = 'arn:aws:iam::123456789012:role/r';
let stsCalls = 0;
const stsOk: FetchLike = () => {
  stsCalls++;
  const expiration = new Date(Date.now() + 3_600_000).toISOString();
  return Promise.resolve(new Response(`<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult><Credentials><AccessKeyId>ASIAHOP${stsCalls}</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`));
};

/** A config whose profile p0 assumes a role from p1, ... from p(n-1), which has static keys. */
function chainConfig(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n - 1; i++) parts.push(`[profile p${i}]\nrole_arn = ${ROLE}\nsource_profile = p${i + 1}\n`);
  parts.push(`[profile p${n - 1}]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n`);
  return parts.join('\n');
}

const iniOver = (config: string) => fromIni({
  profile: 'p0', env: { HOME: '/home/u', AWS_REGION: 'us-east-1' }, fetch: stsOk, cache: false,
  readFile: (path: string) => (path === '/home/u/.aws/config' ? Promise.resolve(config) : Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }))),
});

describe('source_profile chains', () => {
  it('a 20,001-profile chain is a ProviderError, not a stack overflow', async () => {
    const error = await captureRejection(iniOver(chainConfig(20_001)));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'PROVIDER_FAILED' });
    expect((error as Error).message).toContain('source_profile chain');
  });

  it('a chain of 5 profiles still works: four AssumeRole hops', async () => {
    stsCalls = 0;
    const credentials = await iniOver(chainConfig(5))();
    expect(credentials.accessKeyId).toBe('ASIAHOP4');
    expect(stsCalls).toBe(4);
  });
});

describe('providers that lead back to themselves', () => {
  const cases: Array<[string, () => CredentialProvider]> = [
    ['fromAssumeRole whose sourceCredentials is itself (no cache)', () => {
      const p: CredentialProvider = fromAssumeRole({ roleArn: ROLE, sourceCredentials: () => p(), region: 'us-east-1', env: {}, fetch: stsOk, cache: false });
      return p;
    }],
    ['fromAssumeRole whose sourceCredentials is itself (cached)', () => {
      const p: CredentialProvider = fromAssumeRole({ roleArn: ROLE, sourceCredentials: () => p(), region: 'us-east-1', env: {}, fetch: stsOk });
      return p;
    }],
    ['a chain that contains itself', () => {
      const p: CredentialProvider = chain(() => p());
      return p;
    }],
    ['a cached provider whose fetch calls it', () => {
      const p: CredentialProvider = cached(() => p());
      return p;
    }],
  ];
  for (const [what, make] of cases) {
    it(`${what}: PROVIDER_FAILED`, async () => {
      const error = await captureRejection(make());
      expect(error).toMatchObject({ code: 'PROVIDER_FAILED' });
      expect((error as Error).message).toContain('leads back to itself');
    });
  }

  it('nothing is printed to stderr (child process running the sources)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigv4kit-self-'));
    try {
      const entry = join(dir, 'entry.ts');
      const src = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
      writeFileSync(entry, `
        import { cached, chain, fromAssumeRole } from ${JSON.stringify(src)};
        const fetch = () => Promise.reject(new Error('no network'));
        const make = [
          () => { const p = fromAssumeRole({ roleArn: '${ROLE}', sourceCredentials: () => p(), region: 'us-east-1', env: {}, fetch, cache: false }); return p; },
          () => { const p = fromAssumeRole({ roleArn: '${ROLE}', sourceCredentials: () => p(), region: 'us-east-1', env: {}, fetch }); return p; },
          () => { const p = chain(() => p()); return p; },
          () => { const p = cached(() => p()); return p; },
        ];
        for (const m of make) await m()().then(() => console.log('resolved'), (e) => console.log(e.code));
      `);
      const out = join(dir, 'out.mjs');
      buildSync({ entryPoints: [entry], outfile: out, bundle: true, format: 'esm', platform: 'node', conditions: ['sigv4-kit-source'], logLevel: 'silent' });
      const run = spawnSync(process.execPath, [out], { encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim().split('\n')).toEqual(['PROVIDER_FAILED', 'PROVIDER_FAILED', 'PROVIDER_FAILED', 'PROVIDER_FAILED']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
