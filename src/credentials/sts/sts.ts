/**
 * The small STS Query-protocol client shared by the STS providers: a form-encoded POST, signed by
 * sigv4-kit's own signer (or unsigned for web identity and SAML), and the XML answer read back.
 */
import { InvalidRequestError, ProviderError } from '../../errors.js';
import { scrubSecrets } from '../../redact.js';
import { signRequest } from '../../sigv4/sign.js';
import type { Credentials } from '../../sigv4/types.js';
import { parseTimestamp, sealCredentials } from '../credentials.js';
import { StsError } from '../errors.js';
import type { CacheOptions } from '../cache.js';
import type { CredentialProvider, Runtime, RuntimeOptions } from '../provider.js';
import { refuseSelfReference } from '../reentry.js';
import type { StsLocation, StsTarget } from './stsEndpoint.js';
import { findPath, parseXml, textAt, type XmlElement } from './xml.js';

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
 * Sends `call` and returns its `<{Action}Result>` element.
 * @throws {StsError} `STS_ERROR` with `awsCode` and `requestId` when STS answers with an error.
 * @throws {ProviderError} `PROVIDER_FAILED` when STS cannot be reached.
 */
export async function callSts(call: StsCall, runtime: Pick<Runtime, 'fetch' | 'clock'>): Promise<XmlElement> {
  const body = formEncode([['Action', call.action], ['Version', '2011-06-15'], ...call.params]);
  const request = { method: 'POST', url: call.target.url, headers: { 'content-type': CONTENT_TYPE }, body };
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
    throw new ProviderError('PROVIDER_FAILED', `STS ${call.action}: no answer from ${call.target.url}`, { cause: error });
  }
  if (!response.ok) throw readStsError(call, response, text);
  const result = findPath(parseXml(text), [`${call.action}Result`]);
  if (result === undefined) throw new StsError({ action: call.action, httpStatus: response.status, awsMessage: 'answer has no result element' });
  return result;
}

function readStsError(call: StsCall, response: Response, text: string): StsError {
  const headerId = response.headers.get('x-amzn-requestid') ?? undefined;
  let root: XmlElement | undefined;
  try {
    root = parseXml(text);
  } catch {
    // Not XML (a proxy's HTML page, moto's 500 page): the status is all we can report.
  }
  // AWS nests <Error> directly; moto (like IAM) wraps it in <Errors>.
  const error = findPath(root, ['Error']) ?? findPath(root, ['Errors', 'Error']);
  // A server may echo what it received, raw or encoded in any way: every field is scrubbed.
  const secrets = call.secrets ?? [];
  const scrub = (value: string | undefined): string | undefined => (value === undefined ? undefined : scrubSecrets(value, secrets));
  return new StsError({
    action: call.action,
    httpStatus: response.status,
    awsCode: scrub(textAt(error, ['Code'])),
    awsType: scrub(textAt(error, ['Type'])),
    awsMessage: scrub(textAt(error, ['Message'])),
    requestId: scrub(textAt(root, ['RequestId']) ?? headerId),
  });
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
  return sealCredentials({ accessKeyId, secretAccessKey, sessionToken, expiration: parseTimestamp(expiration, `${action} Expiration`) });
}

/**
 * `application/x-www-form-urlencoded` exactly as Python's `urllib.parse.urlencode` writes it
 * (space as `+`, only `A-Za-z0-9_.-~` literal, `%XX` upper-case). botocore sends this, and moto
 * re-signs the form it parsed in this encoding, so any other spelling fails its signature check.
 */
export function formEncode(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([name, value]) => `${encodeFormPart(name)}=${encodeFormPart(value)}`).join('&');
}

function encodeFormPart(value: string): string {
  try {
    return encodeURIComponent(value)
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');
  } catch (error) {
    throw new InvalidRequestError('INVALID_OPTION', 'STS parameters must be well-formed Unicode text', { cause: error });
  }
}

/** Options every STS-backed provider takes: the injected edges, where STS is, and caching. */
export interface StsProviderOptions extends RuntimeOptions, StsLocation {
  /** Abort an STS call after this long. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  /** Options for the {@link index!cached | cached} wrapper, or `false` to call STS on every use. */
  readonly cache?: CacheOptions | false | undefined;
}

/** Credentials, or a provider of them. */
export type CredentialSource = Credentials | CredentialProvider;

/** A provider for `source`, sealing plain credentials once. */
export function toProvider(source: CredentialSource, field: string): CredentialProvider {
  if (typeof source === 'function') return refuseSelfReference(source, field);
  if (source === null || typeof source !== 'object') {
    throw new InvalidRequestError('INVALID_OPTION', `${field} must be credentials or a credential provider`);
  }
  const sealed = sealCredentials(source);
  return () => Promise.resolve(sealed);
}
