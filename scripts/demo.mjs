#!/usr/bin/env node
// `npm run demo`: sigv4-kit end to end on this machine, no AWS account and no network.
// Starts a MediaConnect-style endpoint (with a minimal STS) on 127.0.0.1, guarded by sigv4-kit's own
// verifier, then: ListFlows with long-term keys, AssumeRole + ListFlows with temporary credentials,
// and a request tampered with after signing, refused with the reason. Exits 0 when all three behave.
//
// It runs the TypeScript sources, transformed file by file with esbuild (a dev dependency) into a
// scratch copy under node_modules/.cache, so a fresh clone needs only `npm ci`, and dist/ is untouched.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

async function loadSigv4Kit(scratch) {
  const src = join(ROOT, 'src');
  const entryPoints = readdirSync(src, { recursive: true }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => join(src, f));
  await build({ entryPoints, outbase: src, outdir: join(scratch, 'dist'), format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'sigv4-kit-demo', type: 'module', imports: pkg.imports }));
  const load = (entry) => import(pathToFileURL(join(scratch, 'dist', entry)).href);
  // 'sigv4-kit', 'sigv4-kit/node' (the node:http middleware) and 'sigv4-kit/explain' as one namespace.
  return { ...(await load('index.js')), ...(await load('node.js')), ...(await load('explain.js')) };
}

const FLOWS = ['news-feed', 'sports-backhaul', 'studio-b'].map((name, i) => ({ name, status: 'STANDBY', flowArn: `arn:aws:mediaconnect:us-east-1:123456789012:flow:1-${i}abc:${name}` }));
const mask = (id) => `${id.slice(0, 4)}...${id.slice(-4)}`;

/** The endpoint: STS AssumeRole mints temporary keys (registered with the verifier); /v1/flows lists flows. */
function startEndpoint(sigv4, longTerm) {
  const keys = new Map([[longTerm.accessKeyId, longTerm]]);
  const seen = [];
  const handler = sigv4.withSigV4({ getCredentials: (id) => keys.get(id), errorFormat: 'json' }, (req, res, { identity, body }) => {
    seen.push(identity);
    if (identity.service === 'sts' && new URLSearchParams(new TextDecoder().decode(body)).get('Action') === 'AssumeRole') {
      const minted = { accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64'), sessionToken: randomBytes(60).toString('base64'), expiration: new Date(Date.now() + 3600_000) };
      keys.set(minted.accessKeyId, minted);
      res.setHeader('content-type', 'text/xml');
      return res.end(`<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>${minted.accessKeyId}</AccessKeyId><SecretAccessKey>${minted.secretAccessKey}</SecretAccessKey><SessionToken>${minted.sessionToken}</SessionToken><Expiration>${minted.expiration.toISOString()}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/demo/demo-session</Arn><AssumedRoleId>AROADEMO:demo-session</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`);
    }
    const max = Number(new URL(req.url, 'http://x').searchParams.get('maxResults') ?? FLOWS.length);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ flows: FLOWS.slice(0, max) }));
  });
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen, url: `http://127.0.0.1:${server.address().port}` })));
}

async function main() {
  const scratch = join(ROOT, 'node_modules', '.cache', 'sigv4-kit-demo', String(process.pid));
  mkdirSync(scratch, { recursive: true });
  try {
    await walkThrough(await loadSigv4Kit(scratch));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function walkThrough(sigv4) {
  const longTerm = { accessKeyId: 'AKIADEMOEXAMPLE00001', secretAccessKey: randomBytes(30).toString('base64') };
  const { server, seen, url } = await startEndpoint(sigv4, longTerm);
  const failures = [];
  const check = (ok, what) => ok || failures.push(what);
  try {
    console.log(`sigv4-kit demo: a MediaConnect-style endpoint on ${url}, guarded by sigv4-kit's own verifier (no AWS account, no network)\n`);
    const where = { service: 'mediaconnect', region: 'us-east-1', env: {} };

    const user = sigv4.createSignedFetch({ ...where, credentials: sigv4.fromStatic(longTerm) });
    const listed = await user(`${url}/v1/flows`);
    const flows = (await listed.json()).flows ?? [];
    check(listed.status === 200 && flows.length === 3, 'ListFlows with long-term keys');
    console.log(`1. ListFlows signed with long-term keys ${mask(longTerm.accessKeyId)}: HTTP ${listed.status}, ${flows.length} flows (${flows.map((f) => f.name).join(', ')})`);
    console.log(`   the server verified ${seen.at(-1)?.credentialScope}, signed headers ${seen.at(-1)?.signedHeaders.join(';')}`);

    const role = sigv4.fromAssumeRole({ roleArn: 'arn:aws:iam::123456789012:role/demo', roleSessionName: 'demo-session', sourceCredentials: longTerm, endpoint: url, region: 'us-east-1', env: {} });
    const temporary = await role();
    const asRole = await sigv4.createSignedFetch({ ...where, credentials: role })(`${url}/v1/flows?maxResults=2`);
    const roleFlows = (await asRole.json()).flows ?? [];
    check(asRole.status === 200 && roleFlows.length === 2 && seen.at(-1)?.sessionToken !== undefined, 'ListFlows with temporary credentials');
    console.log(`2. AssumeRole (STS on the same endpoint) gave temporary keys ${mask(temporary.accessKeyId)}, valid until ${temporary.expiration.toISOString()}`);
    console.log(`   ListFlows?maxResults=2 signed with them: HTTP ${asRole.status}, ${roleFlows.length} flows; the session token was signed and checked`);

    const signed = sigv4.signRequest({ method: 'GET', url: `${url}/v1/flows?maxResults=1` }, { ...where, credentials: longTerm, contentSha256Header: true });
    const tampered = await fetch(signed.url.replace('maxResults=1', 'maxResults=1000'), { headers: signed.headers });
    const answer = await tampered.text();
    const explained = sigv4.explainSignatureMismatch(answer, signed);
    check(tampered.status === 403 && explained.code === 'SignatureDoesNotMatch', 'tampered request refused');
    console.log(`3. A request signed for ?maxResults=1 but sent as ?maxResults=1000: HTTP ${tampered.status} ${explained.code}`);
    for (const cause of explained.causes) console.log(`   reason (${cause.kind}): ${cause.detail}`);
    for (const line of explained.canonicalRequestDiff.filter((d) => d.op !== '=')) console.log(`   ${line.op === '-' ? 'server computed' : 'client signed  '}: ${line.text}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  console.log(`\nServer stopped. ${failures.length === 0 ? 'All three steps behaved as expected.' : `UNEXPECTED: ${failures.join('; ')}`}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

await main();
