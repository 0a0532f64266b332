/** Query authentication: presigned URLs. */
import { InvalidRequestError } from '../errors.js';
import { redactingPrototype, setOwn } from '../redact.js';
import { buildSignedHeaders, selectSignedHeaders } from './canonicalHeaders.js';
import { buildCanonicalQueryInPlace, type EncodedPair } from './canonicalQuery.js';
import { assembleCanonicalRequest } from './canonicalRequest.js';
import { buildCanonicalUri } from './canonicalUri.js';
import { uriEncode } from './encoding.js';
import { resolveParams } from './options.js';
import { hashBody, UNSIGNED_PAYLOAD } from './payloadHash.js';
import { parseRequest } from './request.js';
import { signCanonicalRequest } from './signature.js';
import type { HttpRequestLike, PresignedUrl, PresignParams, SignableRequest } from './types.js';

/** Seven days, the longest lifetime SigV4 allows for a presigned URL. */
export const MAX_PRESIGN_EXPIRES = 604_800;
const HOST_ONLY: ReadonlySet<string> = new Set(['host']);
const RESERVED = new Set(['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token']);

/**
 * Presigns `request`: the signature travels in the query string, so the URL works without an
 * `Authorization` header until it expires. S3 presigns `UNSIGNED-PAYLOAD` unless `payloadHash` says
 * otherwise; other services sign the body's hash.
 * @example
 * const { url } = presignUrl({ method: 'GET', url: 'https://bucket.s3.us-east-1.amazonaws.com/key.txt' },
 *   { credentials, region: 'us-east-1', service: 's3', expiresIn: 900 });
 * @throws {InvalidRequestError} INVALID_EXPIRES unless `expiresIn` is a whole number from 1 to 604800; INVALID_QUERY
 *   when the URL already carries X-Amz-* authentication parameters; the same errors as {@link signRequest} otherwise.
 */
export function presignUrl(request: SignableRequest | HttpRequestLike, params: PresignParams): PresignedUrl {
  const expiresIn = (params as { expiresIn?: unknown } | null)?.expiresIn;
  if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGN_EXPIRES) {
    throw new InvalidRequestError('INVALID_EXPIRES', `expiresIn must be a whole number of seconds from 1 to ${MAX_PRESIGN_EXPIRES}`);
  }
  const p = resolveParams(params);
  const req = parseRequest(request);
  const { algorithm } = p;
  const extra = algorithm.parameters?.(p);
  for (const pair of req.query) {
    if (RESERVED.has(pair[0]) || extra?.some((x) => x.query === pair[0])) throw new InvalidRequestError('INVALID_QUERY', `the URL already has the authentication parameter ${pair[0]}`);
  }
  const { headers } = req;
  headers.delete('authorization');
  const token = p.credentials.sessionToken;
  const callerHash = headers.get('x-amz-content-sha256');
  const payloadHash = p.payloadHash ?? callerHash ?? (p.isS3 ? UNSIGNED_PAYLOAD : hashBody(req.body, p.crypto));

  const names = selectSignedHeaders(headers, p.selection, HOST_ONLY, 'host');
  const signedHeaders = buildSignedHeaders(names);
  // The request's pairs and the X-Amz-* ones in one array, sized once (push reserves 17 more) and sorted in place.
  const { query } = req;
  const pairs = new Array<EncodedPair>(query.length + 6 + (extra?.length ?? 0));
  let n = 0;
  for (const pair of query) pairs[n++] = pair;
  pairs[n++] = ['X-Amz-Algorithm', algorithm.name];
  pairs[n++] = ['X-Amz-Credential', p.keyCache.encodedCredential(algorithm.credentialId ? algorithm.credentialId(p) : p.credentials.accessKeyId, p.scope)];
  pairs[n++] = ['X-Amz-Date', p.amzDate];
  pairs[n++] = ['X-Amz-Expires', String(expiresIn)];
  pairs[n++] = ['X-Amz-SignedHeaders', uriEncode(signedHeaders)];
  if (token !== undefined && p.tokenMode === 'sign') pairs[n++] = ['X-Amz-Security-Token', uriEncode(token)];
  // The algorithm's own signed parameters (SigV4a's X-Amz-Region-Set), as query parameters.
  if (extra !== undefined) for (const { query: name, value } of extra) pairs[n++] = [name, uriEncode(value)];
  pairs.length = n;
  const canonicalQuery = buildCanonicalQueryInPlace(pairs);
  const canonicalUri = buildCanonicalUri(req.path, { normalize: p.normalizePath, doubleEncode: p.doubleEncode });
  const canonicalRequest = assembleCanonicalRequest({ method: req.method, canonicalUri, canonicalQuery, headers, host: req.host, names, signedHeaders, payloadHash });
  const { stringToSign, signature } = signCanonicalRequest(p, canonicalRequest);

  let url = `${req.scheme}://${req.host}${req.path}?${canonicalQuery}&X-Amz-Signature=${signature}`;
  // 'append' (AWS IoT): the token rides along outside the signature.
  if (token !== undefined && p.tokenMode === 'append') url += `&X-Amz-Security-Token=${uriEncode(token)}`;
  const hidden = token !== undefined && p.tokenMode !== 'omit' ? [token, uriEncode(token)] : undefined;
  const result: PresignedUrl = {
    url,
    headers: signedHeaderRecord(names, req.host, headers),
    canonicalRequest,
    stringToSign,
    signature,
    signedHeaders,
    credentialScope: p.scope,
    expiresAt: new Date(Math.floor(p.signingDate.getTime() / 1000) * 1000 + expiresIn * 1000),
  };
  // Fixed field names, so moving them onto the redacting prototype is a plain assign (no __proto__ key to guard).
  return hidden ? Object.assign(Object.create(redactingPrototype(hidden, 'PresignedUrl')) as object, result) : result;
}

/** The signed headers with their values, for the caller to send with the URL (no entry arrays). */
function signedHeaderRecord(names: readonly string[], host: string, headers: ReadonlyMap<string, string>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const name of names) setOwn(record, name, name === 'host' ? host : (headers.get(name) ?? ''));
  return record;
}
