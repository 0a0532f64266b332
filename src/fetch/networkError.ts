/** Why `fetch` rejected: a bare `TypeError: fetch failed` read into the host and the cause. */
import { SigV4Error, type NetworkCode } from '../errors.js';

/** What went wrong on the way to the host. */
export type NetworkFailure = 'dns' | 'refused' | 'tls' | 'timeout' | 'reset' | 'other';

/**
 * The request never got an answer: the host name did not resolve, the connection was refused or
 * reset, TLS failed, or the timeout (the `signal` given, e.g. `AbortSignal.timeout(ms)`) ran out.
 * `cause` is `fetch`'s own error. Nothing was received, so nothing is known about the request's effect.
 * @example
 * try { await aws('https://mediaconnect.us-east-1.amazonaws.com/v1/flows'); }
 * catch (e) { if (e instanceof NetworkError && e.reason === 'dns') console.error(`check the endpoint: ${e.host}`); }
 */
export class NetworkError extends SigV4Error<NetworkCode> {
  /** `host[:port]` the request was sent to. */
  readonly host: string;
  readonly reason: NetworkFailure;
  constructor(host: string, reason: NetworkFailure, detail: string, options?: ErrorOptions) {
    super('NETWORK_ERROR', `${SAYS[reason]} ${host}${detail ? ` (${detail})` : ''}`, options);
    this.host = host;
    this.reason = reason;
  }
}

const SAYS: Readonly<Record<NetworkFailure, string>> = {
  dns: 'cannot resolve the host name of',
  refused: 'connection refused by',
  tls: 'TLS failed with',
  timeout: 'no answer before the timeout from',
  reset: 'connection closed without an answer by',
  other: 'request failed to',
};

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TLS = /^(?:ERR_SSL_|ERR_TLS_|EPROTO$)|CERT|SELF_SIGNED/;

function reasonOf(name: string, code: string): NetworkFailure {
  if (name === 'TimeoutError' || TIMEOUT.has(code)) return 'timeout';
  if (DNS.has(code)) return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (TLS.test(code)) return 'tls';
  return RESET.has(code) ? 'reset' : 'other';
}

/**
 * `error` from `fetch` as a {@link NetworkError} naming `url`'s host and the cause; a caller's own
 * abort (`AbortError`) and errors that are already ours are returned unchanged.
 */
export function toNetworkError(error: unknown, url: string): unknown {
  if (error instanceof SigV4Error || (error as { name?: unknown } | null)?.name === 'AbortError') return error;
  const e = (error ?? {}) as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.cause?.code === 'string' ? e.cause.code : '';
  // undici's own one-word reasons ("bad port") are kept; OpenSSL's multi-line text is not.
  const plain = typeof e.cause?.message === 'string' && !e.cause.message.includes('\n') && e.cause.message.length <= 80 ? e.cause.message : '';
  let host = '';
  try {
    host = new URL(url).host;
  } catch {
    // an unparsable URL never reaches fetch; keep the message readable anyway
  }
  return new NetworkError(host, reasonOf(name, code), code || plain, { cause: error });
}
