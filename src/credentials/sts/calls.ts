/**
 * The small STS Query-protocol client shared by the STS providers: a form-encoded POST, signed by
 * sigv4-kit's own signer (or unsigned for web identity and SAML), and the XML answer read back.
 * Loaded on a provider's first call (loadCalls.ts), not by `import 'sigv4-kit'`.
 */
import { ProviderError } from '../../errors.js';
import { scrubSecrets } from '../../redact.js';
import { signRequest } from '../../sigv4/sign.js';
import type { Credentials } from '../../sigv4/types.js';
import { accountIdFromArn, parseTimestamp, sealCredentials } from '../credentials.js';
import { StsError, type StsErrorDetails } from '../errors.js';
import type { Runtime } from '../provider.js';
import type { StsTarget } from './stsEndpoint.js';
import { formEncode } from './sts.js';
import { findPath, parseXml, textAt, type XmlElement } from './xml.js';
import {
  backoffMs, isTransient, resolveStandardRetry, RETRY_COST, type StandardRetryPolicy, TIMEOUT_RETRY_COST,
} from '../../retry/standard.js';

// Resolved on the first call as well: the endpoint rules and the profile parsing they use stay out of the entry.
export { resolveStsTarget } from './stsEndpoint.js';
export { textAt } from './xml.js';

/** One STS action to perform. */
export interface StsCall {
  readonly action: string;
  readonly params: ReadonlyArray<readonly [string, string]>;
  /** The caller's credentials; `undefined` sends the call unsigned (web identity, SAML). */
  readonly credentials: Credentials | undefined;
  readonly target: StsTarget;
  /** Values we sent that must never come back out in an error message (tokens, assertions). */
  readonly secrets?: readonly string[] | undefined;
  /** Abort after this long. Default 10 s. */
  readonly timeoutMs?: number | undefined;
}

const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';

/**
 * Sends `call` and returns its `<{Action}Result>` element. Throttling, 5xx, timeouts and lost
 * connections are retried in the AWS SDKs' standard mode (`retry`: 3 attempts, full-jitter backoff,
 * the provider's retry quota), each attempt signed afresh; any other answer (a 403 above all) is final.
 * @throws {StsError} `STS_ERROR` with `awsCode` and `requestId` when STS answers with an error.
 * @throws {ProviderError} `PROVIDER_FAILED` when STS cannot be reached.
 */
export async function callSts(call: StsCall, runtime: Pick<Runtime, 'fetch' | 'clock'>, retry: StandardRetryPolicy = resolveStandardRetry(false)): Promise<XmlElement> {
  const body = formEncode([['Action', call.action], ['Version', '2011-06-15'], ...call.params]);
  let lastRetryCost: number | undefined;
  for (let attempt = 1; ; attempt++) {
    const outcome = await sendOnce(call, body, runtime);
    if (outcome.ok) {
      retry.quota.succeeded(lastRetryCost);
      const result = findPath(parseXml(outcome.text), [`${call.action}Result`]);
      if (result === undefined) throw new StsError({ action: call.action, httpStatus: outcome.response.status, awsMessage: 'answer has no result element' });
      return result;
    }
    const answer = outcome.details;
    const cost = answer === undefined ? TIMEOUT_RETRY_COST : RETRY_COST;
    const transient = answer === undefined || isTransient(answer.httpStatus, answer.awsCode) || STS_TRANSIENT.has(answer.awsCode ?? '');
    if (!transient || attempt >= retry.maxAttempts || !retry.quota.take(cost)) {
      // The message says when the failure survived retries.
      const after = attempt > 1 ? ` (after ${attempt} attempts)` : '';
      if (answer !== undefined) throw new StsError({ ...answer, ...(after && { awsMessage: `${answer.awsMessage ?? ''}${after}`.trim() }) });
      throw new ProviderError('PROVIDER_FAILED', `STS ${call.action}: no answer from ${call.target.url}${after}`, { cause: outcome.cause });
    }
    lastRetryCost = cost;
    await retry.sleep(backoffMs(attempt, retry, outcome.retryAfter));
  }
}

// STS's own retryable error: the web identity provider did not answer STS in time (botocore's _retry.json).
const STS_TRANSIENT: ReadonlySet<string> = new Set(['IDPCommunicationError']);

type Outcome =
  | { readonly ok: true; readonly response: Response; readonly text: string }
  /** An error answer (`details`), or no answer at all (`cause`: timeout, refused or reset connection). */
  | { readonly ok: false; readonly details?: StsErrorDetails; readonly cause?: unknown; readonly retryAfter: string | null };

async function sendOnce(call: StsCall, body: string, runtime: Pick<Runtime, 'fetch' | 'clock'>): Promise<Outcome> {
  const request = { method: 'POST', url: call.target.url, headers: { 'content-type': CONTENT_TYPE }, body };
  // Signed per attempt: a retry gets a fresh x-amz-date, as the SDKs do.
  const headers = call.credentials
    ? signRequest(request, { credentials: call.credentials, region: call.target.signingRegion, service: 'sts', signingDate: runtime.clock() }).headers
    : request.headers;
  let response: Response;
  let text: string;
  try {
    // No redirects: a signed request must not be replayed to wherever a Location header points.
    response = await runtime.fetch(call.target.url, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(call.timeoutMs ?? 10_000) });
    text = await response.text();
  } catch (error) {
    return { ok: false, retryAfter: null, cause: error };
  }
  if (!response.ok) return { ok: false, retryAfter: response.headers.get('retry-after'), details: readStsError(call, response, text) };
  return { ok: true, response, text };
}

function readStsError(call: StsCall, response: Response, text: string): StsErrorDetails {
  const headerId = response.headers.get('x-amzn-requestid') ?? undefined;
  let root: XmlElement | undefined;
  try {
    root = parseXml(text);
  } catch {
    // Not XML (a load balancer's HTML 503 page, moto's 500 page): the status and the page's kind are all we report.
  }
  // AWS nests <Error> directly; moto (like IAM) wraps it in <Errors>.
  const error = findPath(root, ['Error']) ?? findPath(root, ['Errors', 'Error']);
  // A server may echo what it received, raw or encoded in any way: every field is scrubbed.
  const secrets = call.secrets ?? [];
  const scrub = (value: string | undefined): string | undefined => (value === undefined ? undefined : scrubSecrets(value, secrets));
  const kind = response.headers.get('content-type')?.split(';')[0]?.trim() || 'no content type';
  return {
    action: call.action,
    httpStatus: response.status,
    awsCode: scrub(textAt(error, ['Code'])),
    awsType: scrub(textAt(error, ['Type'])),
    awsMessage: error === undefined ? `the answer is not an STS error document (${kind}); a proxy or load balancer may have answered` : scrub(textAt(error, ['Message'])),
    requestId: scrub(textAt(root, ['RequestId']) ?? headerId),
  };
}

/** Reads `<Credentials>` from a result element into sealed credentials. */
export function readStsCredentials(result: XmlElement, action: string): Credentials {
  const accessKeyId = textAt(result, ['Credentials', 'AccessKeyId']);
  const secretAccessKey = textAt(result, ['Credentials', 'SecretAccessKey']);
  const sessionToken = textAt(result, ['Credentials', 'SessionToken']);
  const expiration = textAt(result, ['Credentials', 'Expiration']);
  if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration) {
    throw new StsError({ action, httpStatus: 200, awsMessage: 'answer lacks AccessKeyId, SecretAccessKey, SessionToken or Expiration' });
  }
  // AssumeRole* answers name the assumed role; its ARN carries the account (GetSessionToken has none).
  const accountId = accountIdFromArn(textAt(result, ['AssumedRoleUser', 'Arn']));
  return sealCredentials({
    accessKeyId, secretAccessKey, sessionToken, expiration: parseTimestamp(expiration, `${action} Expiration`),
    ...(accountId === undefined ? {} : { accountId }),
  });
}
