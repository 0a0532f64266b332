/** One bounded HTTP exchange with a metadata endpoint (IMDS, container), with failures classified. */
import { ProviderError } from '../errors.js';
import type { Credentials } from '../sigv4/types.js';
import { parseTimestamp, sealCredentials } from './credentials.js';
import type { FetchLike } from './provider.js';

/** A response read in full. */
export interface TextResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** The outcome of {@link exchange}: a response, or an error and whether one retry makes sense. */
export type Exchange =
  | { readonly ok: true; readonly response: TextResponse }
  | { readonly ok: false; readonly error: ProviderError; readonly retryable: boolean };

// Nothing listens there, or there is no route: retrying cannot help, and off EC2 it only adds delay.
const NOT_THERE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENOTFOUND']);

/**
 * Sends one request with a timeout covering the whole exchange (headers and body).
 * Timeouts become `METADATA_TIMEOUT`, connection failures `METADATA_UNREACHABLE`; neither throws.
 */
export async function exchange(fetch: FetchLike, url: string, init: RequestInit, timeoutMs: number, what: string): Promise<Exchange> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal, redirect: 'error' });
    const text = await response.text();
    return { ok: true, response: { status: response.status, headers: response.headers, text } };
  } catch (error) {
    if (signal.aborted) {
      return { ok: false, retryable: false, error: new ProviderError('METADATA_TIMEOUT', `${what}: no answer from ${url} within ${timeoutMs} ms`, { cause: error }) };
    }
    const code = causeCode(error);
    const error_ = new ProviderError('METADATA_UNREACHABLE', `${what}: cannot reach ${url}${code ? ` (${code})` : ''}`, { cause: error });
    return { ok: false, retryable: code === undefined || !NOT_THERE.has(code), error: error_ };
  }
}

function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Parses a JSON object body, or undefined. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the JSON credentials document IMDS and container endpoints serve:
 * `{ Code?, AccessKeyId, SecretAccessKey, Token, Expiration, AccountId? }`. `source` names the endpoint in errors.
 * @throws {ProviderError} `PROVIDER_FAILED` when a field is missing or `Code` is not `Success`.
 */
export function readJsonCredentials(text: string, source: string): Credentials {
  const body = parseJsonObject(text);
  const code = body?.['Code'];
  if (code !== undefined && code !== 'Success') {
    throw new ProviderError('PROVIDER_FAILED', `${source} answered Code ${String(code)}: ${String(body?.['Message'] ?? '')}`.trim());
  }
  const [accessKeyId, secretAccessKey, sessionToken, expiration] = ['AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration'].map((k) => body?.[k]);
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || typeof sessionToken !== 'string' || typeof expiration !== 'string') {
    throw new ProviderError('PROVIDER_FAILED', `${source} answered without AccessKeyId, SecretAccessKey, Token and Expiration`);
  }
  // ECS, EKS Pod Identity and IMDS (since 2024) add AccountId; older agents do not.
  const accountId = typeof body?.['AccountId'] === 'string' && body['AccountId'] !== '' ? body['AccountId'] : undefined;
  return sealCredentials({
    accessKeyId, secretAccessKey, sessionToken, expiration: parseTimestamp(expiration, `${source} Expiration`),
    ...(accountId === undefined ? {} : { accountId }),
  });
}
