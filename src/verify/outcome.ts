/** Internal plumbing of verification: each step returns its value or the failure that ends the check. */
import type { VerifyFailure, VerifyFailureCode } from './types.js';
export { constantTimeEqual } from '../crypto/hash.js';

/** A step's answer: its value, or why the request is refused. */
export type Outcome<T> = T | VerifyFailure;

/** A refusal with AWS's code. */
export function fail(code: VerifyFailureCode, message: string, extra?: Partial<Pick<VerifyFailure, 'accessKeyId'>>): VerifyFailure {
  return { valid: false, code, message, ...extra };
}

/** True when a step refused the request. */
export function isFailure(value: unknown): value is VerifyFailure {
  return typeof value === 'object' && value !== null && (value as { valid?: unknown }).valid === false;
}

/**
 * Client input quoted in a message: JSON-quoted and cut short, so a hostile header can neither
 * forge log lines nor flood them. Never used for signatures, tokens or secrets.
 */
export function quote(value: string, max = 64): string {
  const cut = value.length > max ? `${value.slice(0, max)}...` : value;
  return JSON.stringify(cut);
}
