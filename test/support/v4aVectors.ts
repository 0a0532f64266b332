/**
 * The aws-c-auth SigV4a suite (fixtures/aws-vectors/aws-c-auth/v4a, README section 1.4) as test cases:
 * the request and parameters to sign, and what each stage must produce. ECDSA signatures are
 * randomized, so the files' signatures are for verifying, never for comparing.
 */
import { createPublicKey, verify as opensslVerify } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PresignParams, SigningParams } from '../../src/index.js';
import { sigv4a } from '../../src/sigv4a.js';
import { decodeQuery, type HeaderPairs, parseRawRequest, readAwsCAuthInputs, VECTORS_DIR } from './vectors.js';

export const V4A_DIR = join(VECTORS_DIR, 'aws-c-auth', 'v4a');

export interface V4aCase {
  name: string;
  mode: 'header' | 'query';
  request: { method: string; url: string; headers: HeaderPairs; body: string };
  params: SigningParams | PresignParams;
  /** Token added after signing (omit_session_token). */
  appendedToken?: string;
  /** public-key.json, lowercase hex. */
  publicKey: { x: string; y: string };
  expected: {
    canonicalRequest: string;
    stringToSign: string;
    /** Every signature printed for this mode: `*-signature.txt` and the one inside `*-signed-request.txt`. */
    signatures: string[];
    /** Header mode: `Authorization` of the signed request. */
    authorization?: string;
    /** Header multiset of the signed request. */
    headers: HeaderPairs;
    /** Query mode: decoded parameters of the signed URL. */
    query?: HeaderPairs;
  };
}

const read = (path: string): string => readFileSync(path, 'utf8');

/** The 38 complete cases (two folders hold only inputs: README 1.4), each in header and query mode. */
export function v4aCases(): V4aCase[] {
  return readdirSync(V4A_DIR).sort().filter((name) => existsSync(join(V4A_DIR, name, 'header-signature.txt'))).flatMap((name) => {
    const dir = join(V4A_DIR, name);
    const inputs = readAwsCAuthInputs(dir);
    const { ctx } = inputs;
    const key = JSON.parse(read(join(dir, 'public-key.json'))) as { X: string; Y: string };
    const base = { ...inputs.base, algorithm: sigv4a() };
    const shared = {
      name,
      request: inputs.request,
      ...(inputs.appendedToken ? { appendedToken: inputs.appendedToken } : {}),
      publicKey: { x: key.X.toLowerCase(), y: key.Y.toLowerCase() },
    };
    const signedHeader = parseRawRequest(read(join(dir, 'header-signed-request.txt')));
    const signedQuery = parseRawRequest(read(join(dir, 'query-signed-request.txt')));
    const authorization = signedHeader.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1];
    const query = decodeQuery(signedQuery.target.slice(signedQuery.target.indexOf('?') + 1));
    const header: V4aCase = {
      ...shared, mode: 'header', params: { ...base, contentSha256Header: ctx.sign_body },
      expected: {
        canonicalRequest: read(join(dir, 'header-canonical-request.txt')),
        stringToSign: read(join(dir, 'header-string-to-sign.txt')),
        signatures: [read(join(dir, 'header-signature.txt')), /Signature=([0-9a-f]+)/.exec(authorization ?? '')?.[1] ?? ''],
        ...(authorization === undefined ? {} : { authorization }),
        headers: signedHeader.headers,
      },
    };
    const presign: V4aCase = {
      ...shared, mode: 'query', params: { ...base, expiresIn: ctx.expiration_in_seconds },
      expected: {
        canonicalRequest: read(join(dir, 'query-canonical-request.txt')),
        stringToSign: read(join(dir, 'query-string-to-sign.txt')),
        signatures: [read(join(dir, 'query-signature.txt')), query.find(([n]) => n === 'X-Amz-Signature')?.[1] ?? ''],
        headers: signedQuery.headers,
        query,
      },
    };
    return [header, presign];
  });
}

/** OpenSSL's verdict on a hex DER signature over `message` with the public key (x, y). */
export function opensslVerifies(publicKey: { x: string; y: string }, message: string, derHex: string): boolean {
  const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64(publicKey.x), y: b64(publicKey.y) }, format: 'jwk' });
  return opensslVerify('sha256', Buffer.from(message, 'utf8'), { key, dsaEncoding: 'der' }, Buffer.from(derHex, 'hex'));
}
