/**
 * The portable build in a JavaScript realm that has web-platform globals only: no `process`, `Buffer`,
 * `require` or `global`, as in a web worker, a Cloudflare Workers-style isolate, or Deno/Bun code that
 * takes the non-Node path. Every SigV4 vector is signed there and checked against AWS and against Node.
 */
import { runInContext, createContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runnerScript } from './support/bundle.js';
import type { RunResult, WireCase } from './support/runner.js';
import { mismatches, vectorCases } from './support/vectorCheck.js';


/** A fresh realm: its own intrinsics (Date, Uint8Array, Map, ...) plus the web APIs the signer may use. */
function webRealm(): object {
  return createContext({ TextEncoder, TextDecoder, URL, URLSearchParams, Headers, console });
}

describe('portable bundle in a realm without Node globals', () => {
  it('has no Node globals to lean on', async () => {
    const realm = webRealm();
    runInContext(await runnerScript('neutral'), realm);
    expect(runInContext('[typeof process, typeof Buffer, typeof require, typeof global, typeof sigv4kitRunner.runCases]', realm))
      .toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'function']);
  });

  it('signs every SigV4 vector exactly as AWS and the Node signer do', async () => {
    const realm = webRealm();
    runInContext(await runnerScript('neutral'), realm);
    const cases = vectorCases();
    const input: WireCase[] = cases.map((c) => c.wire);
    // Results cross back as JSON: no object from the other realm reaches the comparison.
    const json = runInContext(`JSON.stringify(sigv4kitRunner.runCases(${JSON.stringify(input)}))`, realm) as string;
    const results = JSON.parse(json) as RunResult[];
    expect(results).toHaveLength(cases.length);
    expect(cases.length).toBeGreaterThan(100);
    expect(mismatches(cases, results)).toEqual([]);
  });
});

describe('the comparison itself', () => {
  it('reports a result that differs from AWS in one signature', () => {
    const cases = vectorCases().slice(0, 3);
    const first = cases[0];
    if (first === undefined) throw new Error('no vector cases');
    const forged: RunResult = { id: first.id, ok: true, canonicalRequest: '', stringToSign: '', signature: '0'.repeat(64), headers: {}, url: '' };
    const problems = mismatches([first], [forged]);
    expect(problems.some((p) => p.includes('signature'))).toBe(true);
    expect(problems.some((p) => p.includes('differs from the Node signer'))).toBe(true);
    expect(mismatches(cases, [])).toHaveLength(3);
  });
});
