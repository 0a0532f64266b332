/**
 * The size budget (scripts/size.mjs, the same esbuild + gzip -9 method as the reference figures).
 * Issue 13's targets (signRequest for the browser, SHA-256 included, at most 6,000 B gzip; for Node
 * with built-ins external, at most 3,600 B) are NOT met yet: the test enforces the ceilings in
 * scripts/size.mjs (today's sizes + 2%) so the core cannot grow, and prints both figures. A bundle of
 * signRequest alone holds no SigV4a, aws-chunked, event-stream or verify module (esbuild's metafile).
 * Every --platform=neutral bundle builds. Each measured bundle is also run,
 * and must print AWS's get-vanilla signature, so a bundle that lost the signer cannot pass as small.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VECTORS_DIR } from '../support/vectors.js';
import { ROOT } from './support/bundle.js';

interface Row {
  id: string;
  label: string;
  platform: string;
  minified?: number;
  gzip?: number;
  budget?: number | null;
  target?: number | null;
  ok: boolean;
  error?: string;
  top?: Array<{ path: string; bytes: number }>;
  inputs?: string[];
}

// Same pattern as scripts/size.mjs's NOT_IN_SIGN, written out here: the variants, verification, crc-32.
const VARIANT = /(?:^|\/)src\/(?:sigv4a|chunked|eventstream|verify)\/|(?:^|\/)node_modules\/crc-32\//;

const outdir = mkdtempSync(join(tmpdir(), 'sigv4-kit-size-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function measure(): Row[] {
  try {
    return JSON.parse(execFileSync(process.execPath, ['scripts/size.mjs', '--json', '--outdir', outdir], { cwd: ROOT, encoding: 'utf8' })) as Row[];
  } catch (error) {
    // Exit status 1 (over budget) still printed the rows.
    const stdout = (error as { stdout?: string }).stdout;
    if (!stdout) throw error;
    return JSON.parse(stdout) as Row[];
  }
}

describe('bundle size (scripts/size.mjs)', () => {
  const rows = measure();
  console.log(
    ['esbuild --bundle --minify; gzip -9 bytes', ...rows.map((r) => (r.error ? `  ${r.label}: DOES NOT BUILD` : `  ${r.label}: ${r.minified} minified, ${r.gzip} gzip${r.budget ? ` (budget ${r.budget})` : ''}`))].join('\n'),
  );

  it.each(rows.map((r) => [r.label, r] as const))('%s builds and fits its budget', (_label, row) => {
    expect(row.error, row.error).toBeUndefined();
    const detail = (row.top ?? []).map((t) => `${t.bytes} ${t.path}`).join('\n');
    if (row.budget) expect(row.gzip, `gzip bytes over the ceiling; biggest inputs:\n${detail}`).toBeLessThanOrEqual(row.budget);
    if (row.target && (row.gzip ?? 0) > row.target) console.warn(`${row.label}: ${row.gzip} gzip bytes, issue 13's target ${row.target} is not met`);
    expect(row.ok).toBe(true);
  });

  it.each(['sign-browser', 'sign-node', 'sign-neutral'])('%s: no SigV4a, aws-chunked, event-stream or verify module (nor crc-32) in the metafile', (id) => {
    const inputs = rows.find((r) => r.id === id)?.inputs ?? [];
    expect(inputs).toContain('src/sigv4/sign.ts');
    expect(inputs.filter((p) => VARIANT.test(p))).toEqual([]);
  });

  it('control: the metafile of a SigV4a signature does list src/sigv4a/ (the check above can see a variant)', () => {
    const inputs = rows.find((r) => r.id === 'sigv4a-browser')?.inputs ?? [];
    expect(inputs.filter((p) => VARIANT.test(p))).toEqual(expect.arrayContaining(['src/sigv4a/algorithm.ts', 'src/sigv4a/p256.ts']));
  });

  it('measures the two budgeted bundles and the neutral ones', () => {
    expect(rows.filter((r) => r.budget).map((r) => [r.platform, r.target])).toEqual([['browser', 6000], ['node', 3600]]);
    expect(rows.filter((r) => r.platform === 'neutral').length).toBeGreaterThanOrEqual(2);
  });

  it.each(['sign-browser', 'sign-node', 'sign-neutral'])('%s.mjs, run, prints the get-vanilla signature', (id) => {
    const expected = readFileSync(join(VECTORS_DIR, 'aws-c-auth/v4/get-vanilla/header-signature.txt'), 'utf8').trim();
    const printed = execFileSync(process.execPath, [join(outdir, `${id}.mjs`)], { encoding: 'utf8' }).trim();
    expect(printed).toBe(expected);
  });
});
