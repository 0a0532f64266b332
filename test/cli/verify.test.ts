/** `sigv4 verify` (runVerify) with injected stdin, files and environment, on AWS's own signed requests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVerify, type VerifyIo } from '../../src/cli/commands/verify.js';
import { VECTORS_DIR } from '../support/vectors.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267';

interface Run { code: number; stdout: string; stderr: string; json: Record<string, unknown> | undefined }

async function run(argv: string[], stdin: VerifyIo['stdin'], files: Record<string, string> = {}, env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runVerify(argv, {
    stdin, env,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    readFile: async (path) => {
      const content = files[path];
      if (content === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return content;
    },
  });
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}

const AT = ['--now', '20150830T123600Z'];
const jsonKey = JSON.stringify({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN });

describe('on aws-c-auth vectors', () => {
  const vector = (name: string, file = 'header-signed-request.txt'): string => readFileSync(join(VECTORS_DIR, 'aws-c-auth', 'v4', name, file), 'utf8');
  const withToken = vector('get-vanilla-with-session-token');

  it('valid: exit 0, the result as JSON, the token redacted', async () => {
    const r = await run(['--credentials', 'creds.json', ...AT], withToken, { 'creds.json': jsonKey });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ valid: true, accessKeyId: 'AKIDEXAMPLE', service: 'service', presigned: false, sessionToken: '[redacted]' });
    expect(r.stdout).not.toContain(TOKEN);
    expect(r.stdout).not.toContain(SECRET);
  });

  it('invalid: exit 1 with AWS\'s code', async () => {
    const r = await run(['--credentials', 'creds.json', ...AT], withToken.replace('GET / ', 'GET /x '), { 'creds.json': jsonKey });
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
    expect(r.stdout).not.toContain(TOKEN);
    const late = await run(['--credentials', 'creds.json', '--now', '2015-08-30T12:41:01Z'], withToken, { 'creds.json': jsonKey });
    expect(late.json).toMatchObject({ valid: false, code: 'RequestTimeTooSkewed' });
    expect((await run(['--credentials', 'creds.json', ...AT, '--region', 'eu-west-1'], withToken, { 'creds.json': jsonKey })).json).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('reads an INI profile (credentials or config file), and the environment', async () => {
    const ini = `[default]\naws_access_key_id = WRONG\naws_secret_access_key = x\n\n[profile ci]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n`;
    expect((await run(['--credentials', 'config', '--profile', 'ci', ...AT], withToken, { config: ini })).code).toBe(0);
    expect((await run(['--credentials', 'config', ...AT], withToken, { config: ini }, { AWS_PROFILE: 'ci' })).code).toBe(0);
    expect((await run(['--credentials', 'config', ...AT], withToken, { config: ini })).json).toMatchObject({ code: 'InvalidClientTokenId' });
    const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN };
    expect((await run(AT, withToken, {}, env)).code).toBe(0);
    expect((await run(AT, withToken, {}, { ...env, AWS_SESSION_TOKEN: '' })).json).toMatchObject({ code: 'InvalidClientTokenId' });
  });

  it('reads stdin as a stream of chunks, and handles presigned requests and path options', async () => {
    const bytes = new TextEncoder().encode(vector('get-vanilla-query-order-key-case', 'query-signed-request.txt'));
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    }
    const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: SECRET };
    expect((await run(AT, chunks(), {}, env)).json).toMatchObject({ valid: true, presigned: true });
    const unnormalized = vector('get-relative-relative-unnormalized');
    expect((await run(AT, unnormalized, {}, env)).code).toBe(1);
    expect((await run([...AT, '--no-normalize-path'], unnormalized, {}, env)).code).toBe(0);
  });
});

describe('usage errors exit 2 with a message on stderr', () => {
  const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: SECRET };
  it.each<[string, string[], string, Record<string, string>, Record<string, string>]>([
    ['an unknown flag', ['--frobnicate'], 'GET / HTTP/1.1\n\n', {}, env],
    ['a flag without its value', ['--now'], 'GET / HTTP/1.1\n\n', {}, env],
    ['a bad --now', ['--now', 'yesterday'], 'GET / HTTP/1.1\n\n', {}, env],
    ['a bad --max-skew', ['--max-skew', 'lots'], 'GET / HTTP/1.1\nHost: h\n\n', {}, env],
    ['no credentials anywhere', [], 'GET / HTTP/1.1\n\n', {}, {}],
    ['an unreadable credentials file', ['--credentials', 'missing.json'], 'GET / HTTP/1.1\n\n', {}, {}],
    ['a credentials file that is not JSON', ['--credentials', 'c.json'], 'GET / HTTP/1.1\n\n', { 'c.json': '{nope' }, {}],
    ['a profile that is not in the file', ['--credentials', 'c', '--profile', 'x'], 'GET / HTTP/1.1\n\n', { c: '[default]\naws_access_key_id=a\naws_secret_access_key=b\n' }, {}],
    ['stdin that is not an HTTP request', [], '\u0000garbage', {}, env],
  ])('%s', async (_what, argv, stdin, files, environment) => {
    const r = await run(argv, stdin, files, environment);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sigv4 verify: ./);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain(SECRET);
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await run(['--help'], '');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: sigv4 verify/);
  });
});
