/**
 * The package as a user gets it: `npm pack` of a fresh clone of this tree, which builds it (the
 * `prepare` script; the real dist/ is left alone: other tests may be reading it), installed into an
 * empty folder with `npm install <tarball>` from the npm cache, then imported in ESM and CommonJS,
 * bundled for the browser, type-checked with and without @types/node, and linted by publint and
 * @arethetypeswrong/cli. The clone is also installed by path, as `npm install ../sigv4-kit` does.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VECTORS_DIR } from '../support/vectors.js';
import { ROOT } from './support/bundle.js';
import { cleanUp, emptyProject, packAndInstall, run, type Packed } from './support/packed.js';

const BIN = join(ROOT, 'node_modules/.bin');
const GET_VANILLA_INPUT = `{ method: 'GET', url: 'https://example.amazonaws.com/' }, {
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  region: 'us-east-1', service: 'service', signingDate: new Date('2015-08-30T12:36:00Z') }`;

let packed: Packed;
let stage: string;
let consumer: string;
let tarball: string;
let files: string[];

const expectedSignature = (): string => readFileSync(join(VECTORS_DIR, 'aws-c-auth/v4/get-vanilla/header-signature.txt'), 'utf8').trim();

beforeAll(() => {
  packed = packAndInstall('pack');
  ({ stage, consumer, tarball, files } = packed);
}, 240_000);

afterAll(() => cleanUp(packed));

describe('npm pack', () => {
  it('of a fresh clone (no dist/) builds first: the tarball holds the Node bundles, the ESM build and its types', () => {
    expect(packed.distBeforePack).toBe(false);
    expect(files).toEqual(expect.arrayContaining(['dist/node-bundle/index.js', 'dist/node-bundle/node.js', 'dist/node-bundle/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/node.d.ts']));
  });

  it('ships only the build, its types, README, LICENSE, CHANGELOG and package.json', () => {
    const stray = files.filter((p) => !/^dist\/.+\.(js|d\.ts)$/.test(p) && !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(p));
    expect(stray).toEqual([]);
    for (const required of ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/node.js', 'dist/node.d.ts', 'dist/crypto/hash.node.js', 'dist/crypto/hash.portable.js']) {
      expect(files).toContain(required);
    }
  });

  it('has a declaration file for every module (the Node bundles are typed by the entry points they bundle)', () => {
    const js = files.filter((p) => p.endsWith('.js') && !p.startsWith('dist/node-bundle/'));
    expect(js.filter((p) => !files.includes(p.replace(/\.js$/, '.d.ts')))).toEqual([]);
  });

  it('bundles the Node entry points: they import each other\'s shared chunks, node: built-ins and @aws-crypto only', () => {
    const bundles = files.filter((p) => p.startsWith('dist/node-bundle/'));
    expect(bundles).toEqual(expect.arrayContaining(['dist/node-bundle/index.js', 'dist/node-bundle/node.js', 'dist/node-bundle/cli.js', 'dist/node-bundle/sigv4a.js', 'dist/node-bundle/chunked.js', 'dist/node-bundle/eventstream.js', 'dist/node-bundle/steps.js', 'dist/node-bundle/explain.js']));
    // `import 'sigv4-kit'` loads a few files, not one per module: that is the point (Node's ESM loader
    // costs ~0.5 ms per file). The lazily loaded parts (verify, aws-chunked) are chunks of their own.
    const loaded = new Set<string>();
    const visit = (file: string): void => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const m of readFileSync(join(stage, 'dist/node-bundle', file), 'utf8').matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"\.\/([^"]+)"/gm)) visit(m[1]!);
    };
    visit('index.js');
    // scripts/build.mjs puts the main entry's static graph in one chunk (rolldown's groups): index.js and
    // that chunk. The parts loaded on first use (STS and Cognito calls, fetch's request path, verify) are
    // chunks of their own (test/ship/mainGraph.test.ts names them).
    expect(loaded.size).toBeLessThanOrEqual(2);
    const specifiers = bundles.flatMap((p) => [...readFileSync(join(stage, p), 'utf8').matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"/gm)].map((m) => m[1]!));
    expect(specifiers.filter((s) => !/^\.\/shared-[\w-]+\.js$|^node:|^@aws-crypto\//.test(s))).toEqual([]);
  });

  it('ships every file that package.json exports and imports point to', () => {
    const pkg = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; imports: Record<string, unknown> };
    const targets: string[] = [];
    const walk = (value: unknown, condition: string): void => {
      if (typeof value === 'string') {
        if (condition !== 'sigv4-kit-source' && value.startsWith('./dist/')) targets.push(value.slice(2));
      } else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
    };
    walk(pkg.exports, '');
    walk(pkg.imports, '');
    expect(targets.length).toBeGreaterThan(4);
    expect(targets.filter((t) => !files.includes(t))).toEqual([]);
  });
});

describe('installed from the tarball into an empty project', () => {
  // The CRCs of chunked uploads are our own (src/crypto/crc32.ts, src/chunked/crc64nvme.ts, zlib.crc32 on
  // Node): crc-32 is gone, and with it the CommonJS module that broke `--platform=neutral` bundles.
  it('installs without running scripts; its one runtime dependency is @aws-crypto/sha256-js', () => {
    console.log(`installed with: ${packed.installedWith}`);
    const installed = JSON.parse(readFileSync(join(consumer, 'node_modules/sigv4-kit/package.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(installed['dependencies'] ?? {})).toEqual(['@aws-crypto/sha256-js']);
    expect(installed).toMatchObject({ type: 'module', sideEffects: false, engines: { node: '>=20.12' } });
  });

  it('ESM: import from sigv4-kit signs get-vanilla; sigv4-kit/node loads and shares its classes', () => {
    writeFileSync(join(consumer, 'esm.mjs'), `import { signRequest, ProviderError } from 'sigv4-kit';
import * as node from 'sigv4-kit/node';
const signed = signRequest(${GET_VANILLA_INPUT});
// An error thrown inside sigv4-kit/node is an instance of the class sigv4-kit exports: one copy of each class.
const shared = await node.fromIni({ profile: 'absent', configFile: '/nonexistent/config', credentialsFile: '/nonexistent/credentials' })()
  .then(() => 'resolved', (e) => e instanceof ProviderError && e.code);
console.log(JSON.stringify({ signature: signed.signature, node: Object.keys(node).sort(), shared }));`);
    const out = JSON.parse(execFileSync(process.execPath, ['esm.mjs'], { cwd: consumer, encoding: 'utf8' })) as { signature: string; node: string[]; shared: unknown };
    expect(out.signature).toBe(expectedSignature());
    expect(out.node).toEqual(expect.arrayContaining(['fromDefaultChain', 'fromIni', 'fromProcess', 'fromContainerMetadata', 'fromInstanceMetadata']));
    expect(out.shared).toBe('PROFILE_NOT_FOUND');
  });

  it('the parts loaded on first use work from the tarball: an STS provider, createSignedFetch, verifyRequest, sigv4-kit/explain', () => {
    // A loopback server: STS AssumeRole answers with fixed temporary keys; /v1/flows answers 200 only to a
    // request signed with those keys (verifyRequest, also loaded on first use), else AWS's 403 body.
    writeFileSync(join(consumer, 'lazy.mjs'), `import { createServer } from 'node:http';
import { createSignedFetch, fromAssumeRole, verifyRequest } from 'sigv4-kit';
import { explainSignatureMismatch } from 'sigv4-kit/explain';
const role = { accessKeyId: 'ASIAROLEEXAMPLE00001', secretAccessKey: 'roleSecretKeyEXAMPLEroleSecretKeyEXAMPLE', sessionToken: 'roleTokenEXAMPLE' };
const server = createServer(async (req, res) => {
  let body = '';
  for await (const piece of req) body += piece;
  if (req.url === '/') {
    const params = new URLSearchParams(body);
    res.setHeader('content-type', 'text/xml');
    res.end(\`<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>\${role.accessKeyId}</AccessKeyId><SecretAccessKey>\${role.secretAccessKey}</SecretAccessKey><SessionToken>\${role.sessionToken}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/demo/\${params.get('RoleSessionName')}</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>\`);
    return;
  }
  const headers = Object.entries(req.headers).map(([k, v]) => [k, String(v)]);
  const result = await verifyRequest({ method: req.method, url: \`http://\${req.headers.host}\${req.url}\`, headers, body }, { getCredentials: (id) => (id === role.accessKeyId ? role : undefined) });
  res.statusCode = result.valid ? 200 : 403;
  res.end(result.valid ? 'ok' : \`{"message":"\${result.message}"}\`);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = \`http://127.0.0.1:\${server.address().port}\`;
const credentials = fromAssumeRole({ roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'pack-test', sourceCredentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, endpoint: url, region: 'us-east-1', env: {} });
const assumed = await credentials();
const aws = createSignedFetch({ credentials, region: 'us-east-1', service: 'mediaconnect', env: {} });
const answer = await aws(\`\${url}/v1/flows\`);
const explained = explainSignatureMismatch('<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>', { canonicalRequest: 'GET\\n/\\n\\nhost:h\\n\\nhost\\nUNSIGNED-PAYLOAD', stringToSign: 'AWS4-HMAC-SHA256\\n20260101T000000Z\\n20260101/us-east-1/s3/aws4_request\\n00' });
server.close();
console.log(JSON.stringify({ accessKeyId: assumed.accessKeyId, accountId: assumed.accountId, status: answer.status, text: await answer.text(), explained: explained.code }));`);
    const out = JSON.parse(execFileSync(process.execPath, ['lazy.mjs'], { cwd: consumer, encoding: 'utf8' })) as Record<string, unknown>;
    expect(out).toEqual({ accessKeyId: 'ASIAROLEEXAMPLE00001', accountId: '123456789012', status: 200, text: 'ok', explained: 'SignatureDoesNotMatch' });
  });

  it('sigv4-kit/chunked from the tarball puts a CRC64NVME trailer on its worker thread with offload: true (dist/chunked/checksumWorker.js is shipped and found)', async () => {
    const { Crc64Nvme } = await import('@aws-sdk/crc64-nvme');
    const size = 12 * 1024 * 1024 + 5;
    const data = Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) % 251);
    const sdk = new Crc64Nvme();
    sdk.update(data);
    const want = Buffer.from(await sdk.digest()).toString('base64');
    // /proc/self/task: one entry per thread of the process (Linux); the worker is the one thread more.
    writeFileSync(join(consumer, 'offload.mjs'), `import { readdirSync } from 'node:fs';
import { signRequest } from 'sigv4-kit';
import { chunkedUploadHeaders, encodeChunkedBody } from 'sigv4-kit/chunked';
const size = ${size};
const data = new Uint8Array(size).map((_, i) => (i * 7 + 3) % 251);
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const seed = signRequest({ method: 'PUT', url: 'https://bucket.s3.us-east-1.amazonaws.com/key', headers: chunkedUploadHeaders({ decodedContentLength: size, checksum: 'CRC64NVME' }) }, { credentials, region: 'us-east-1', service: 's3' });
const threads = () => (process.platform === 'linux' ? readdirSync('/proc/self/task').length : 0);
const before = threads();
async function* source() { for (let at = 0; at < size; at += 65536) { await new Promise((r) => setImmediate(r)); yield data.subarray(at, at + 65536); } }
let tail = '';
for await (const frame of encodeChunkedBody(source(), seed, { credentials, offload: true })) tail = Buffer.from(frame).toString('latin1');
console.log(JSON.stringify({ added: threads() - before, trailer: /x-amz-checksum-crc64nvme:(\\S+)/.exec(tail)?.[1] }));`);
    const out = JSON.parse(execFileSync(process.execPath, ['offload.mjs'], { cwd: consumer, encoding: 'utf8', timeout: 60_000 })) as { added: number; trailer: string };
    expect(out).toEqual({ added: process.platform === 'linux' ? 1 : 0, trailer: want });
  });

  // The package is ESM-only; CommonJS callers use Node's require(esm) (unflagged from 20.19 and 22.12).
  const requireEsm = (process.features as { require_module?: boolean }).require_module === true;
  it(`CJS: require('sigv4-kit') ${requireEsm ? 'signs get-vanilla' : 'fails with ERR_REQUIRE_ESM on this Node'}`, () => {
    writeFileSync(join(consumer, 'cjs.cjs'), `const { signRequest } = require('sigv4-kit');
console.log(signRequest(${GET_VANILLA_INPUT}).signature);`);
    const result = spawnSync(process.execPath, ['cjs.cjs'], { cwd: consumer, encoding: 'utf8' });
    if (requireEsm) expect(result.stdout.trim()).toBe(expectedSignature());
    else expect(result.stderr).toContain('ERR_REQUIRE_ESM');
  });

  it('a browser bundle of the installed package takes the portable SHA-256 and signs get-vanilla without Node globals', async () => {
    const result = await esbuild.build({
      stdin: { contents: `import { signRequest } from 'sigv4-kit'; globalThis.signature = signRequest(${GET_VANILLA_INPUT}).signature;`, resolveDir: consumer },
      absWorkingDir: consumer, bundle: true, format: 'iife', platform: 'browser', write: false, metafile: true, logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('node_modules/sigv4-kit/dist/crypto/hash.portable.js');
    expect(inputs.filter((p) => p.includes('.node.js'))).toEqual([]);
    const realm = createContext({ TextEncoder, URL });
    runInContext(result.outputFiles[0]?.text ?? '', realm);
    expect(runInContext('signature', realm)).toBe(expectedSignature());
  });

  it("sigv4-kit/x509 in a browser bundle takes the portable build (the 'default' condition: WebCrypto, no node: built-in); Node takes the node:crypto one", async () => {
    const browser = await esbuild.build({
      stdin: { contents: `import { signRequestAsync } from 'sigv4-kit'; import { x509, fromRolesAnywhere } from 'sigv4-kit/x509'; globalThis.x = [signRequestAsync, x509, fromRolesAnywhere];`, resolveDir: consumer },
      absWorkingDir: consumer, bundle: true, format: 'iife', platform: 'browser', write: false, metafile: true, logLevel: 'silent',
    });
    const inputs = Object.keys(browser.metafile.inputs);
    expect(inputs).toEqual(expect.arrayContaining(['node_modules/sigv4-kit/dist/x509.portable.js', 'node_modules/sigv4-kit/dist/x509/webcrypto.js']));
    expect(inputs.filter((p) => p.includes('.node.js') || p.includes('node-bundle') || p.endsWith('x509/certificate.js'))).toEqual([]);
    // No import of a built-in (the messages may name node:crypto, as the fix).
    expect(browser.outputFiles[0]?.text).not.toMatch(/(?:\bfrom|\bimport\(|\brequire\()\s*["']node:/);
    const node = await esbuild.build({
      stdin: { contents: `export { x509 } from 'sigv4-kit/x509';`, resolveDir: consumer },
      absWorkingDir: consumer, bundle: true, format: 'esm', platform: 'node', write: false, metafile: true, logLevel: 'silent',
    });
    expect(Object.keys(node.metafile.inputs)).toContain('node_modules/sigv4-kit/dist/node-bundle/x509.js');
  });

  it('a Node bundle takes the Node build (node:crypto); sigv4-kit/node does not resolve for the browser', async () => {
    const node = await esbuild.build({
      stdin: { contents: `export { signRequest } from 'sigv4-kit'; export { fromIni } from 'sigv4-kit/node';`, resolveDir: consumer },
      absWorkingDir: consumer, bundle: true, format: 'esm', platform: 'node', write: false, metafile: true, logLevel: 'silent',
    });
    const inputs = Object.keys(node.metafile.inputs);
    expect(inputs).toEqual(expect.arrayContaining(['node_modules/sigv4-kit/dist/node-bundle/index.js', 'node_modules/sigv4-kit/dist/node-bundle/node.js']));
    expect(inputs.filter((p) => p.includes('crypto.portable') || p.includes('sha256-js'))).toEqual([]);
    expect(node.outputFiles[0]?.text).toMatch(/from "node:crypto"/);
    await expect(esbuild.build({
      stdin: { contents: `export { fromIni } from 'sigv4-kit/node';`, resolveDir: consumer },
      bundle: true, platform: 'browser', write: false, logLevel: 'silent',
    })).rejects.toThrow(/sigv4-kit\/node/);
  });

  it('type-checks for a browser project without @types/node, and for a NodeNext project', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const web = join(consumer, 'web');
    mkdirSync(web);
    writeFileSync(join(web, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], strict: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noEmit: true },
      files: ['web.ts'],
    }));
    writeFileSync(join(web, 'web.ts'), `import { signRequest, signRequestAsync, presignUrl, type SignedRequest } from 'sigv4-kit';
import { x509, type X509Algorithm } from 'sigv4-kit/x509';
const signed: SignedRequest = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, { credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, region: 'us-east-1', service: 'service' });
export const algorithm = (key: CryptoKey): X509Algorithm => x509({ certificate: new Uint8Array(0), privateKey: key });
console.log(signed.signature, presignUrl, signRequestAsync);`);
    expect(run(process.execPath, [tsc, '-p', web], web)).toBe('');

    const nodeProject = join(consumer, 'nodenext');
    mkdirSync(nodeProject);
    writeFileSync(join(nodeProject, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')], strict: true, skipLibCheck: false, noEmit: true },
      files: ['main.ts'],
    }));
    writeFileSync(join(nodeProject, 'main.ts'), `import { signRequest } from 'sigv4-kit';
import { fromDefaultChain } from 'sigv4-kit/node';
export const provider = fromDefaultChain();
export const signature: string = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, { credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, region: 'us-east-1', service: 'service' }).signature;`);
    writeFileSync(join(nodeProject, 'package.json'), JSON.stringify({ type: 'module' }));
    expect(run(process.execPath, [tsc, '-p', nodeProject], nodeProject)).toBe('');
  }, 120_000); // two tsc runs: about 30 s on an idle 2-CPU machine (the default limit), 48 s seen under load
});

// What `git clone ... && cd sigv4-kit && npm ci` leaves (npm ci builds through `prepare`, as npm pack
// did here), installed by path from another project. --install-links copies the package the way a
// git dependency is installed; the default (a symlink) resolves the same files.
describe('installed from the clone by path (npm install --install-links <clone>)', () => {
  let project: string;
  beforeAll(() => {
    project = emptyProject(join(packed.work, 'by-path'), 'by-path');
    run('npm', ['install', '--prefer-offline', '--install-links', '--no-package-lock', stage], project);
  }, 120_000);

  it('npx sigv4 --help runs the installed CLI, not one from the registry', () => {
    const result = spawnSync('npx', ['--no-install', 'sigv4', '--help'], { cwd: project, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: sigv4 <command>/);
    expect(realpathSync(join(project, 'node_modules/.bin/sigv4'))).toBe(join(realpathSync(project), 'node_modules/sigv4-kit/dist/node-bundle/cli.js'));
  });

  it("signs get-vanilla as AWS's vector says, through sigv4-kit and sigv4-kit/node", () => {
    writeFileSync(join(project, 'sign.mjs'), `import { signRequest } from 'sigv4-kit';
import { fromIni } from 'sigv4-kit/node';
console.log(JSON.stringify({ signature: signRequest(${GET_VANILLA_INPUT}).signature, fromIni: typeof fromIni }));`);
    const out = JSON.parse(execFileSync(process.execPath, ['sign.mjs'], { cwd: project, encoding: 'utf8' })) as { signature: string; fromIni: string };
    expect(out).toEqual({ signature: expectedSignature(), fromIni: 'function' });
  });
});

describe('package linters', () => {
  it('publint --strict finds nothing', () => {
    const out = run(join(BIN, 'publint'), ['--strict', stage], stage);
    expect(out).toContain('All good');
  });

  it('@arethetypeswrong/cli (ESM-only profile) passes; the only problems are in the CommonJS / node10 resolutions it excludes', () => {
    const result = spawnSync(join(BIN, 'attw'), [tarball, '--profile', 'esm-only', '--format', 'json'], { encoding: 'utf8' });
    type Problem = { kind: string; resolutionKind?: string; entrypoint: string };
    // --format json groups the problems by kind.
    const report = JSON.parse(result.stdout) as { problems?: Record<string, Problem[]> };
    const counted = Object.values(report.problems ?? {}).flat().filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
    expect(counted).toEqual([]);
    expect(result.status).toBe(0);
  });
});
