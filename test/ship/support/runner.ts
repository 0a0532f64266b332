/**
 * Runs serialized vector cases with the library in whatever realm this file is bundled into (a
 * Chromium page, a V8 context with web globals only). The Node side compares the results.
 * Imports nothing from Node: it is bundled with the portable '#crypto'.
 */
import { presignUrl, signRequest, type PresignParams, type SignableRequest, type SigningParams } from '../../../src/index.js';
import { fromWire, type Wire } from './wire.js';

/** One case as sent to the runner. */
export interface WireCase {
  readonly id: string;
  readonly mode: 'header' | 'query';
  readonly request: Wire;
  readonly params: Wire;
}

/** What the runner reports per case: the signer's output, or the error it threw. */
export type RunResult =
  | {
      readonly id: string;
      readonly ok: true;
      readonly canonicalRequest: string;
      readonly stringToSign: string;
      readonly signature: string;
      readonly headers: Record<string, string>;
      readonly url: string;
    }
  | { readonly id: string; readonly ok: false; readonly error: string };

/** Signs (or presigns) every case; never throws. */
export function runCases(cases: readonly WireCase[]): RunResult[] {
  return cases.map((c): RunResult => {
    try {
      const request = fromWire(c.request) as SignableRequest;
      const r = c.mode === 'header' ? signRequest(request, fromWire(c.params) as SigningParams) : presignUrl(request, fromWire(c.params) as PresignParams);
      return { id: c.id, ok: true, canonicalRequest: r.canonicalRequest, stringToSign: r.stringToSign, signature: r.signature, headers: { ...r.headers }, url: r.url };
    } catch (error) {
      const e = error as { name?: string; code?: string; message?: string };
      return { id: c.id, ok: false, error: `${e.name ?? 'Error'} ${e.code ?? ''}: ${e.message ?? String(error)}` };
    }
  });
}
