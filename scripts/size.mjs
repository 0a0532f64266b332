#!/usr/bin/env node
/**
 * Bundle-size budget: esbuild 0.28 --bundle --minify, then gzip -9, of an entry that signs one GET
 * and prints it.
 * The package's own resolution of its subpath imports ('#crypto', ...) is reproduced: `node` → the
 * node:crypto variants (built-ins external), anything else → the portable ones, which are then inside the bundle.
 *
 * Usage: node scripts/size.mjs [--json] [--outdir DIR]
 *   --outdir DIR  also writes each bundle to DIR/<id>.mjs (each prints its signature when run)
 * Exit status 1 if a bundle fails to build or is over its budget.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { subpathImportsPlugin } from './conditions.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

/** Issue 13's budgets in bytes of gzip -9 output (1 KB = 1000 B, the stricter reading). NOT MET yet. */
export const BUDGETS = { browser: 6000, node: 3600 };

/**
 * What CI enforces until the budgets are met: the sizes measured after the allocation work of
 * 2026-11-28 (the header-signing path went from 6.9 to 4.7 KiB allocated per signature for about 280
 * gzip bytes more code: the canonical request assembled in one array, date and scope strings reused),
 * plus 2%, so the bundle cannot grow unnoticed while the budgets are not met. Lower these as the core
 * shrinks; replace them with BUDGETS once it fits.
 */
// 2026-12-04, issue 13: SigV4a, aws-chunked and the SigV4 verifier left signRequest's graph (browser
// 10,740 -> 9,113, node 8,330 -> 7,688 gzip); the ceilings follow, +2%.
// 2026-12-04, merging issue 15: parseHeaders joins a repeated header's values once (it was quadratic)
// on the signing path too: node measured 7,862 gzip, 12 B over; the node ceiling follows, +2%.
// 2026-12-05, issue 17: signRequest refuses an async-only algorithm (WebCrypto x509) naming
// signRequestAsync: browser 9,285 -> 9,324 gzip, 24 B over; the browser ceiling follows, +2%.
export const CEILINGS = { browser: 9_510, node: 8_020 };

// AWS's get-vanilla inputs (aws-c-auth/v4/get-vanilla/context.json), so a test can check the output
// against header-signature.txt: a bundle that tree-shook the signer away would print something else.
const SIGN_ONE = `
import { signRequest } from './src/index.ts';
const signed = signRequest(
  { method: 'GET', url: 'https://example.amazonaws.com/' },
  {
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    region: 'us-east-1', service: 'service', signingDate: new Date('2015-08-30T12:36:00Z'),
  },
);
console.log(signed.signature);
`;

const SIGNED_FETCH = `
import { createSignedFetch } from './src/index.ts';
const send = createSignedFetch({
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  region: 'us-east-1', service: 'service',
  fetch: async (url, init) => new Response(JSON.stringify(init.headers)),
});
console.log(await (await send('https://example.amazonaws.com/')).text());
`;

const EVERYTHING = `export * from './src/index.ts';`;

// The SigV4a entry with a signature, as the control of the "no variant in signRequest" check: the
// same metafile reading must find src/sigv4a/ here.
const SIGN_V4A = `
import { signRequest } from './src/index.ts';
import { sigv4a } from './src/sigv4a.ts';
console.log(signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, {
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  region: 'us-east-1', service: 'service', algorithm: sigv4a() }).headers.authorization.split(' ')[0]);
`;

/** Modules that must never be in a bundle of signRequest alone: the variants, verification, crc-32. */
export const NOT_IN_SIGN = /(?:^|\/)src\/(?:sigv4a|chunked|eventstream|verify)\/|(?:^|\/)node_modules\/crc-32\//;

/** What is measured. `budget` is in gzip bytes; bundles without one only have to build. */
export function bundleSpecs() {
  const specs = [
    { id: 'sign-browser', label: 'signRequest, --platform=browser (SHA-256 included)', platform: 'browser', contents: SIGN_ONE, budget: CEILINGS.browser, target: BUDGETS.browser },
    { id: 'sign-node', label: 'signRequest, --platform=node (built-ins external)', platform: 'node', contents: SIGN_ONE, budget: CEILINGS.node, target: BUDGETS.node },
    { id: 'sign-neutral', label: 'signRequest, --platform=neutral', platform: 'neutral', contents: SIGN_ONE },
    { id: 'all-neutral', label: "all of 'sigv4-kit', --platform=neutral", platform: 'neutral', contents: EVERYTHING },
    { id: 'sigv4a-browser', label: 'signRequest with sigv4a(), --platform=browser', platform: 'browser', contents: SIGN_V4A },
  ];
  // createSignedFetch joins the measured set as soon as the entry exports it.
  if (/\bcreateSignedFetch\b/.test(readFileSync(join(ROOT, 'src/index.ts'), 'utf8'))) {
    specs.push({ id: 'fetch-browser', label: 'createSignedFetch, --platform=browser', platform: 'browser', contents: SIGNED_FETCH });
  }
  return specs;
}

/** Builds one spec; returns its sizes and the biggest contributors. */
export async function measure(spec) {
  const result = await esbuild.build({
    stdin: { contents: spec.contents, resolveDir: ROOT, loader: 'ts', sourcefile: `${spec.id}.ts` },
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: spec.platform,
    ...(spec.platform === 'neutral' ? { mainFields: ['module', 'main'] } : {}),
    write: false,
    metafile: true,
    outfile: join(ROOT, `${spec.id}.mjs`),
    logLevel: 'silent',
    plugins: [subpathImportsPlugin(ROOT, spec.platform === 'node' ? 'node' : 'default')],
  });
  const code = result.outputFiles[0].contents;
  const output = Object.values(result.metafile.outputs)[0];
  const top = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8);
  return { code, minified: code.length, gzip: gzipSync(code, { level: 9 }).length, top, inputs: Object.keys(output.inputs) };
}

const fmt = (n) => n.toLocaleString('en-US');

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const outIndex = args.indexOf('--outdir');
  const outdir = outIndex >= 0 ? resolve(args[outIndex + 1] ?? '') : undefined;
  if (outdir) mkdirSync(outdir, { recursive: true });
  const rows = [];
  for (const spec of bundleSpecs()) {
    try {
      const m = await measure(spec);
      if (outdir) writeFileSync(join(outdir, `${spec.id}.mjs`), m.code);
      const over = spec.budget !== undefined && m.gzip > spec.budget;
      rows.push({ id: spec.id, label: spec.label, platform: spec.platform, minified: m.minified, gzip: m.gzip, budget: spec.budget ?? null, target: spec.target ?? null, ok: !over, top: m.top, inputs: m.inputs });
    } catch (error) {
      rows.push({ id: spec.id, label: spec.label, platform: spec.platform, ok: false, error: String(error.message ?? error) });
    }
  }
  if (json) console.log(JSON.stringify(rows, null, 2));
  else {
    console.log('esbuild --bundle --minify, gzip -9 (bytes)');
    for (const r of rows) {
      if (r.error) {
        console.log(`  FAIL  ${r.label}: does not build\n${r.error.replace(/^/gm, '        ')}`);
        continue;
      }
      const budget = r.budget === null ? 'must build' : `ceiling ${fmt(r.budget)}, issue 13 target ${fmt(r.target)}${r.gzip > r.target ? ': TARGET NOT MET' : ''}`;
      console.log(`  ${r.ok ? 'ok  ' : 'OVER'}  ${r.label}: ${fmt(r.minified)} minified, ${fmt(r.gzip)} gzip (${budget})`);
      if (!r.ok || (r.target && r.gzip > r.target)) for (const t of r.top) console.log(`          ${fmt(t.bytes).padStart(7)}  ${t.path}`);
    }
  }
  process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
