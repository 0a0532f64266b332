/** Header authentication: the `Authorization` header. */
import { copyOnto, redactingPrototype } from '../redact.js';
import { buildCanonicalHeaders, selectSignedHeaders } from './canonicalHeaders.js';
import { buildCanonicalQuery } from './canonicalQuery.js';
import { buildCanonicalRequest } from './canonicalRequest.js';
import { buildCanonicalUri } from './canonicalUri.js';
import { uriEncode } from './encoding.js';
import { resolveParams } from './options.js';
import { hashBody } from './payloadHash.js';
import { parseRequest } from './request.js';
import { signCanonicalRequest } from './signature.js';
import { ALGORITHM } from './stringToSign.js';
import type { HttpRequestLike, SignableRequest, SignedRequest, SigningParams } from './types.js';

const TOKEN = 'x-amz-security-token';
const CONTENT_SHA256 = 'x-amz-content-sha256';

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
  const always = new Set(['host', 'x-amz-date']);
  headers.set('x-amz-date', p.amzDate);
  if (token !== undefined && p.tokenMode === 'sign') {
    headers.set(TOKEN, token);
    always.add(TOKEN);
  }
  if (p.contentSha256Header || callerHash !== undefined) {
    headers.set(CONTENT_SHA256, payloadHash);
    always.add(CONTENT_SHA256);
  }
  headers.set('host', req.host);

  const canonicalQuery = buildCanonicalQuery(req.query);
  const names = selectSignedHeaders(headers, p.selection, always);
  const signedHeaders = names.join(';');
  const canonicalRequest = buildCanonicalRequest({
    method: req.method,
    canonicalUri: buildCanonicalUri(req.path, { normalize: p.normalizePath, doubleEncode: p.doubleEncode }),
    canonicalQuery,
    canonicalHeaders: buildCanonicalHeaders(headers, names),
    signedHeaders,
    payloadHash,
  });
  const { stringToSign, signature } = signCanonicalRequest(p, canonicalRequest);

  if (token !== undefined && p.tokenMode === 'append') headers.set(TOKEN, token);
  headers.set('authorization', `${ALGORITHM} Credential=${p.credentials.accessKeyId}/${p.scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`);
  // With a token in the output, the result and its headers print it redacted (the secret key never appears).
  const hidden = token !== undefined && p.tokenMode !== 'omit' ? [token, uriEncode(token)] : undefined;
  const result: SignedRequest = copyOnto(Object.entries({
    method: req.method,
    url: `${req.scheme}://${req.host}${req.path}${canonicalQuery === '' ? '' : `?${canonicalQuery}`}`,
    headers: copyOnto(hostFirst(headers), hidden && redactingPrototype(hidden, 'Headers')),
    ...(req.body === undefined ? {} : { body: req.body }),
    canonicalRequest,
    stringToSign,
    signature,
    signedHeaders,
    credentialScope: p.scope,
  }), hidden && redactingPrototype(hidden, 'SignedRequest'));
  return result;
}

function* hostFirst(headers: Map<string, string>): Generator<readonly [string, string]> {
  yield ['host', headers.get('host') ?? ''];
  for (const entry of headers) if (entry[0] !== 'host') yield entry;
}
