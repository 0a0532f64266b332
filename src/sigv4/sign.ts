/** Header authentication: the `Authorization` header. */
import { redactingPrototype, setOwn } from '../redact.js';
import { buildSignedHeaders, selectSignedHeaders } from './canonicalHeaders.js';
import { buildCanonicalQuery } from './canonicalQuery.js';
import { assembleCanonicalRequest } from './canonicalRequest.js';
import { buildCanonicalUri } from './canonicalUri.js';
import { uriEncode } from './encoding.js';
import { resolveParams } from './options.js';
import { hashBody, isPayloadMarker } from './payloadHash.js';
import { parseRequest } from './request.js';
import { signCanonicalRequest } from './signature.js';
import type { HttpRequestLike, SignableRequest, SignedRequest, SigningParams } from './types.js';

const TOKEN = 'x-amz-security-token';
const CONTENT_SHA256 = 'x-amz-content-sha256';
const ALWAYS_SIGNED: ReadonlySet<string> = new Set(['host', 'x-amz-date']);

/**
 * Signs `request` with an `Authorization` header. Pure and synchronous; `request` is not modified.
 * @example
 * const signed = signRequest(
 *   { method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows?maxResults=20' },
 *   { credentials, region: 'us-east-1', service: 'mediaconnect' },
 * );
 * await fetch(signed.url, { method: signed.method, headers: signed.headers });
 * @throws {InvalidRequestError} on a bad URL, header, body, region, service, date or option (nothing is signed).
 * @throws {CredentialsError} on missing, malformed or expired credentials.
 */
export function signRequest(request: SignableRequest | HttpRequestLike, params: SigningParams): SignedRequest {
  const p = resolveParams(params);
  const req = parseRequest(request);
  const { headers } = req;
  const token = p.credentials.sessionToken;
  headers.delete('authorization');
  headers.delete('x-amz-date');
  // The credentials' token replaces a stale one from the caller; with 'omit' the caller's own stays.
  if (token !== undefined && p.tokenMode !== 'omit') headers.delete(TOKEN);

  const callerHash = headers.get(CONTENT_SHA256);
  const payloadHash = p.payloadHash ?? callerHash ?? hashBody(req.body, p.crypto);
  let always = ALWAYS_SIGNED;
  headers.set('x-amz-date', p.amzDate);
  if (token !== undefined && p.tokenMode === 'sign') {
    headers.set(TOKEN, token);
    always = new Set([...always, TOKEN]);
  }
  // A marker is not the body's hash: without the header the service hashes the body itself and the
  // signature cannot match, so it is sent and signed whatever contentSha256Header says (as botocore does).
  if (p.contentSha256Header || callerHash !== undefined || isPayloadMarker(payloadHash)) {
    headers.set(CONTENT_SHA256, payloadHash);
    always = new Set([...always, CONTENT_SHA256]);
  }
  // The algorithm's own signed parameters (SigV4a's region set, X.509's certificate), as headers.
  const extra = p.algorithm.parameters?.(p);
  if (extra !== undefined && extra.length > 0) {
    const names = new Set(always);
    for (const { header, value } of extra) {
      headers.set(header, value);
      names.add(header);
    }
    always = names;
  }
  // host and authorization stay out of the map (its seventh entry would make it grow): the canonical
  // request reads the host from `req.host` and the header record adds both.

  const canonicalQuery = buildCanonicalQuery(req.query);
  const names = selectSignedHeaders(headers, p.selection, always, 'host');
  const signedHeaders = buildSignedHeaders(names);
  const canonicalUri = buildCanonicalUri(req.path, { normalize: p.normalizePath, doubleEncode: p.doubleEncode });
  const canonicalRequest = assembleCanonicalRequest({ method: req.method, canonicalUri, canonicalQuery, headers, host: req.host, names, signedHeaders, payloadHash });
  const { stringToSign, signature } = signCanonicalRequest(p, canonicalRequest);

  if (token !== undefined && p.tokenMode === 'append') headers.set(TOKEN, token);
  const credentialId = p.algorithm.credentialId ? p.algorithm.credentialId(p) : p.credentials.accessKeyId;
  const authorization = `${p.algorithm.name} Credential=${credentialId}/${p.scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  // With a token in the output, the result and its headers print it redacted (the secret key never appears).
  const hidden = token !== undefined && p.tokenMode !== 'omit' ? [token, uriEncode(token)] : undefined;
  const result: SignedRequest = {
    method: req.method,
    url: `${req.scheme}://${req.host}${req.path}${canonicalQuery === '' ? '' : `?${canonicalQuery}`}`,
    headers: headerRecord(req.host, headers, authorization, hidden && redactingPrototype(hidden, 'Headers')),
    ...(req.body === undefined ? {} : { body: req.body as SignedRequest['body'] }),
    canonicalRequest,
    stringToSign,
    signature,
    signedHeaders,
    credentialScope: p.scope,
  };
  // Fixed field names, so moving them onto the redacting prototype is a plain assign (no __proto__ key to guard).
  return hidden ? Object.assign(Object.create(redactingPrototype(hidden, 'SignedRequest')) as object, result) : result;
}

/**
 * The headers to send: `host` first, then `headers` in order, then `authorization`. Built in one pass
 * (this runs on every signature): no entry arrays.
 */
function headerRecord(host: string, headers: Map<string, string>, authorization: string, prototype: object | undefined): Record<string, string> {
  const record = (prototype ? Object.create(prototype) : {}) as Record<string, string>;
  record['host'] = host;
  headers.forEach((value, name) => setOwn(record, name, value));
  record['authorization'] = authorization;
  return record;
}
