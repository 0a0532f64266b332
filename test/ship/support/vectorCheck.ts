/**
 * Checks the results of the vector cases run in another realm: against AWS's expected values (the
 * truth), and against this process's signer on node:crypto (same output on every runtime).
 */
import { presignUrl, signRequest, type PresignParams } from '../../../src/index.js';
import { allSigV4Cases, decodeQuery, type HeaderPairs, type VectorCase } from '../../support/vectors.js';
import type { RunResult, WireCase } from './runner.js';
import { toWire } from './wire.js';

/** Every SigV4 vector case, with an id, ready to send to a runner. */
export function vectorCases(): Array<{ id: string; vector: VectorCase; wire: WireCase }> {
  return allSigV4Cases().map((vector, i) => {
    const id = `${i} ${vector.suite} ${vector.name} (${vector.mode})`;
    return { id, vector, wire: { id, mode: vector.mode, request: toWire(vector.request), params: toWire(vector.params) } };
  });
}

const normalizeAuthorization = (value: string): string => value.trim().replace(/,\s*/g, ', ');
const sortedPairs = (pairs: HeaderPairs): string => JSON.stringify([...pairs].map(([n, v]) => `${n}=${v}`).sort());

/** Differences between what AWS expects for `c` and what the runner produced. */
function againstVector(c: VectorCase, r: Extract<RunResult, { ok: true }>): string[] {
  const e = c.expected;
  const out: string[] = [];
  if (e.canonicalRequest !== undefined && r.canonicalRequest !== e.canonicalRequest) out.push('canonical request');
  if (e.stringToSign !== undefined && r.stringToSign !== e.stringToSign) out.push('string to sign');
  if (e.signature !== undefined && r.signature !== e.signature) out.push(`signature ${r.signature} != ${e.signature}`);
  if (c.mode === 'header' && e.authorization !== undefined && normalizeAuthorization(r.headers['authorization'] ?? '') !== normalizeAuthorization(e.authorization)) {
    out.push('authorization header');
  }
  if (c.mode === 'query' && e.query !== undefined && sortedPairs(decodeQuery(r.url.slice(r.url.indexOf('?') + 1))) !== sortedPairs(e.query)) {
    out.push('presigned URL parameters');
  }
  if (c.mode === 'query' && e.url !== undefined && r.url !== e.url) out.push('presigned URL');
  return out;
}

/** Differences between the runner's result and this process's signer for the same case. */
function againstNode(c: VectorCase, r: RunResult): string[] {
  let node: RunResult;
  try {
    const s = c.mode === 'header' ? signRequest(c.request, c.params) : presignUrl(c.request, c.params as PresignParams);
    node = { id: r.id, ok: true, canonicalRequest: s.canonicalRequest, stringToSign: s.stringToSign, signature: s.signature, headers: { ...s.headers }, url: s.url };
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string };
    node = { id: r.id, ok: false, error: `${e.name ?? 'Error'} ${e.code ?? ''}: ${e.message ?? String(error)}` };
  }
  return JSON.stringify(node) === JSON.stringify(r) ? [] : [`differs from the Node signer: ${JSON.stringify(r).slice(0, 300)}`];
}

/** One line per mismatching case; empty when every case agrees with AWS and with Node. */
export function mismatches(cases: ReturnType<typeof vectorCases>, results: readonly RunResult[]): string[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  return cases.flatMap(({ id, vector }) => {
    const r = byId.get(id);
    if (r === undefined) return [`${id}: no result`];
    const problems = r.ok ? [...againstVector(vector, r), ...againstNode(vector, r)] : [`threw ${r.error}`, ...againstNode(vector, r)];
    return problems.map((p) => `${id}: ${p}`);
  });
}
