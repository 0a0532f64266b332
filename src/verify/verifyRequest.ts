/**
 * Server side: verifies a received SigV4 request (Authorization header or presigned URL) with the
 * same canonicalizer the signer uses.
 */
import { redactingPrototype } from '../redact.js';
import { type Authentication, checkScope, checkTime, readAuthentication } from './authentication.js';
import { buildReceivedCanonicalRequest, resolvePayload, unsignedAmzHeaders } from './canonical.js';
import { checkIdentity } from './identity.js';
import { constantTimeEqual, fail, isFailure, type Outcome, quote } from './outcome.js';
import { readReceivedRequest, type ReceivedRequest } from './requestInput.js';
import { resolveVerifySettings, type VerifySettings } from './settings.js';
import { computeExpectedSignature } from './signatureCheck.js';
import type { VerifiableRequest, VerifyCredentials, VerifyOptions, VerifyResult, VerifySuccess } from './types.js';
import type { HttpRequestLike } from '../sigv4/types.js';
import { uriEncode } from '../sigv4/encoding.js';
import { isS3Service } from '../sigv4/rules.js';

const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const BODY_MISMATCH = "The provided 'x-amz-content-sha256' header does not match what was computed.";

/**
 * Verifies a received request, given with the URL as received or as an `HttpRequest` (the shapes
 * {@link signRequest} takes). Every refusal is a result with AWS's error code, never an
 * exception: malformed, duplicated or hostile authentication data included. The check is
 * complete: method, path, query, every signed header, the body (when given; an aws-chunked body
 * chunk by chunk) and the session token.
 * @example
 * const result = await verifyRequest(
 *   { method: req.method, url: req.url, headers: pairs, body },
 *   { getCredentials: (id) => keys.get(id), services: ['mediaconnect'] },
 * );
 * if (!result.valid) return respond(403, result.code, result.message);
 * @throws {InvalidRequestError} INVALID_OPTION on bad options; INVALID_BODY when `body` is a stream.
 * @throws {CredentialsError} when `getCredentials` returns something that is not credentials; and
 *   whatever `getCredentials` itself throws.
 */
export async function verifyRequest(request: VerifiableRequest | HttpRequestLike, options: VerifyOptions): Promise<VerifyResult> {
  const prepared = await prepareVerification(request, options);
  return isFailure(prepared) ? prepared : prepared.finish(prepared.body);
}

/** A request whose authentication data, scope, date and key passed; only the signature (and body) remain. */
export interface PreparedVerification {
  /** The body the request came with (`undefined`: not given). */
  readonly body: unknown;
  /**
   * True when the payload line the signature covers is known without the body (a declared
   * `x-amz-content-sha256`, or S3's `UNSIGNED-PAYLOAD` of a presigned URL): `finish(undefined)`
   * then checks the signature itself before a byte of the body is read.
   */
  readonly payloadDeclared: boolean;
  /** Checks the signature, and the body when given, and answers as {@link verifyRequest} does. */
  finish(body: unknown): Promise<VerifyResult>;
}

/**
 * Everything {@link verifyRequest} checks before the signature: caps, host, the authentication
 * data, scope, date window and the key lookup. A server reading a body calls this first, so an
 * unauthenticated client is answered before its body is read (see withSigV4).
 */
export async function prepareVerification(request: VerifiableRequest | HttpRequestLike, options: VerifyOptions): Promise<Outcome<PreparedVerification>> {
  const settings = resolveVerifySettings(options);
  const req = readReceivedRequest(request);
  if (isFailure(req)) return req;
  const host = req.headers.get('host') ?? '';
  if (settings.hosts !== undefined && !settings.hosts.has(host.toLowerCase())) {
    return fail('InvalidRequest', `This server does not answer for host ${quote(host)}.`);
  }
  const auth = readAuthentication(req, settings);
  if (isFailure(auth)) return auth;
  const scope = checkScope(auth, settings);
  if (isFailure(scope)) return scope;
  const expiresAt = checkTime(auth, settings);
  if (isFailure(expiresAt)) return expiresAt;
  const credentials = await checkIdentity(auth, settings);
  if (isFailure(credentials)) return credentials;
  const payloadDeclared = req.headers.has('x-amz-content-sha256') || (auth.presigned && isS3Service(auth.credential.service));
  const finish = async (body: unknown): Promise<VerifyResult> => {
    const received = body === req.body ? req : { ...req, body };
    let result = checkSignature(received, auth, credentials, settings);
    if (isFailure(result)) return redact(result, auth.sessionToken);
    if (result.payloadHash.startsWith('STREAMING-')) {
      // aws-chunked bodies are rare on most servers: their reader (and the chunked module) loads only
      // when such a request arrives, so neither the main entry nor a signer's bundle carries it.
      const { verifyChunkedBody } = await import('./chunkedBody.js');
      const chunked = verifyChunkedBody(received, auth, credentials, result.credentialScope, settings);
      if (isFailure(chunked)) return redact({ ...chunked, accessKeyId: result.accessKeyId }, auth.sessionToken);
      result = { ...result, ...chunked, payload: chunked.decodedBody === undefined ? result.payload : 'verified' };
    }
    const success: VerifySuccess = {
      ...result,
      ...(auth.sessionToken === undefined ? {} : { sessionToken: auth.sessionToken }),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
    return redact(success, auth.sessionToken);
  };
  return { body: req.body, payloadDeclared, finish };
}

type Verified = Omit<VerifySuccess, 'sessionToken' | 'expiresAt'>;

function checkSignature(req: ReceivedRequest, auth: Authentication, credentials: VerifyCredentials, settings: VerifySettings): Outcome<Verified> {
  const { accessKeyId, region, service } = auth.credential;
  const isS3 = isS3Service(service);
  const payload = resolvePayload(req, { isS3, presigned: auth.presigned }, settings.crypto);
  if (isFailure(payload)) return { ...payload, accessKeyId };
  const rules = { normalize: settings.normalizePath ?? !isS3, doubleEncode: settings.uriEscapePath ?? !isS3 };
  const canonical = buildReceivedCanonicalRequest(req, { signedHeaders: auth.signedHeaders, query: auth.signedQuery, payloadHash: payload.hash, rules });
  if (isFailure(canonical)) return { ...canonical, accessKeyId };
  const expected = computeExpectedSignature(auth, credentials, canonical.canonicalRequest, settings);
  if (!constantTimeEqual(expected.signature, auth.signature)) {
    return { ...fail('SignatureDoesNotMatch', MISMATCH, { accessKeyId }), canonicalRequest: canonical.canonicalRequest, stringToSign: expected.stringToSign };
  }
  const unsigned = isS3 ? unsignedAmzHeaders(req, auth.signedHeaders) : [];
  if (unsigned.length > 0) {
    return fail('SignatureDoesNotMatch', `There were headers present in the request which were not signed: ${unsigned.join(', ').slice(0, 200)}`, { accessKeyId });
  }
  if (payload.bodyMismatch) return fail(isS3 ? 'XAmzContentSHA256Mismatch' : 'SignatureDoesNotMatch', BODY_MISMATCH, { accessKeyId });
  return {
    valid: true,
    accessKeyId,
    algorithm: auth.algorithm.name,
    region,
    ...(auth.parameters.size === 0 ? {} : { parameters: Object.fromEntries(auth.parameters) }),
    service,
    signature: auth.algorithm.verifier?.canonicalSignature?.(auth.signature) ?? auth.signature,
    signedHeaders: auth.signedHeaders,
    signingDate: auth.signingDate,
    presigned: auth.presigned,
    credentialScope: expected.scope,
    payloadHash: payload.hash,
    payload: payload.status,
    canonicalUri: canonical.canonicalUri,
  };
}

/** The token (signed into the canonical request, or returned in the result) never shows in JSON or inspect. */
function redact<T extends object>(result: T, token: string | undefined): T {
  if (token === undefined) return result;
  return Object.assign(Object.create(redactingPrototype([token, uriEncode(token)], 'VerifyResult')) as object, result) as T;
}
