/**
 * One unsigned call to an AWS JSON service (the IAM Identity Center portal, SSO-OIDC, Sign-In,
 * Cognito Identity): bounded by a timeout, no redirects, the answer parsed as a JSON object, and an
 * error answer read into {@link AwsServiceCallError} with every secret we sent scrubbed from it.
 */
import { ProviderError } from '../errors.js';
import { scrubSecrets } from '../redact.js';
import { AwsServiceCallError } from './errors.js';
import { parseJsonObject } from './http.js';
import type { FetchLike } from './provider.js';

/** One request. */
export interface JsonCall {
  readonly service: string;
  readonly operation: string;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  /** Values sent that must never come back out in an error (tokens, secrets). */
  readonly secrets: readonly string[];
  readonly timeoutMs?: number | undefined;
}

/**
 * Sends `call`; resolves with the answer's JSON object.
 * @throws {AwsServiceCallError} when the service answers with an error status or a body that is not a JSON object.
 * @throws {ProviderError} `PROVIDER_FAILED` when it cannot be reached.
 */
export async function callJson(fetch: FetchLike, call: JsonCall): Promise<Record<string, unknown>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      ...(call.body === undefined ? {} : { body: call.body }),
      // No redirects: a bearer or refresh token must not follow a Location header elsewhere.
      redirect: 'error',
      signal: AbortSignal.timeout(call.timeoutMs ?? 10_000),
    });
    text = await response.text();
  } catch (error) {
    throw new ProviderError('PROVIDER_FAILED', `${call.service} ${call.operation}: no answer from ${call.url}`, { cause: error });
  }
  const body = parseJsonObject(text);
  // A service may echo what it received, raw or encoded in any way: every field is scrubbed.
  const scrub = (value: string | undefined): string | undefined => (value === undefined ? undefined : scrubSecrets(value, call.secrets));
  const requestId = scrub(response.headers.get('x-amzn-requestid') ?? undefined);
  if (!response.ok || body === undefined) {
    return Promise.reject(
      new AwsServiceCallError({
        service: call.service,
        operation: call.operation,
        httpStatus: response.status,
        awsCode: scrub(errorCode(response.headers, body)),
        awsMessage: scrub(response.ok ? 'the answer is not a JSON object' : errorMessage(body)),
        oauthError: typeof body?.['error'] === 'string' ? scrub(body['error']) : undefined,
        requestId,
      }),
    );
  }
  return body;
}

/**
 * The error code, as the SDKs read it for these protocols: `x-amzn-ErrorType`, then the body's
 * `__type` / `code` (Sign-In's OAuth `error` field is kept apart); namespace (`aws.protocoltests#`) and
 * `:http://...` suffixes removed.
 */
function errorCode(headers: Headers, body: Record<string, unknown> | undefined): string | undefined {
  const raw = [headers.get('x-amzn-errortype'), body?.['__type'], body?.['code']].find((v): v is string => typeof v === 'string' && v !== '');
  if (raw === undefined) return undefined;
  const noSuffix = raw.split(':')[0] ?? raw;
  return noSuffix.slice(noSuffix.lastIndexOf('#') + 1);
}

function errorMessage(body: Record<string, unknown> | undefined): string | undefined {
  const value = body?.['message'] ?? body?.['Message'] ?? body?.['error_description'];
  return typeof value === 'string' ? value : undefined;
}
