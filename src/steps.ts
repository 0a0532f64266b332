/**
 * `sigv4-kit/steps`: the SigV4 steps one by one, as AWS's documentation names them, and the protocol
 * constants, for tools, tests and other signers. Applications sign with `signRequest` from `sigv4-kit`.
 * @module
 */
export { deriveSigningKey } from './sigv4/signingKey.js';
export { computeSignature } from './sigv4/signature.js';
export { buildCanonicalRequest, type CanonicalRequestParts } from './sigv4/canonicalRequest.js';
export { buildCanonicalUri, normalizePath, type PathRules } from './sigv4/canonicalUri.js';
export { buildCanonicalQuery, parseWireQuery, type EncodedPair } from './sigv4/canonicalQuery.js';
export { buildCanonicalHeaders, DEFAULT_UNSIGNED_HEADERS } from './sigv4/canonicalHeaders.js';
export { buildStringToSign, buildCredentialScope, formatAmzDate, ALGORITHM } from './sigv4/stringToSign.js';
export { uriEncode, canonicalizeWire } from './sigv4/encoding.js';
export { EMPTY_SHA256, UNSIGNED_PAYLOAD } from './sigv4/payloadHash.js';
export { S3_SERVICES, isS3Service } from './sigv4/rules.js';
export type { CryptoBackend, HmacHexSigner } from './crypto/hash.js';
