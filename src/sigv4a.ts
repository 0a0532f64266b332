/**
 * `sigv4-kit/sigv4a`: SigV4a (`AWS4-ECDSA-P256-SHA256`), the multi-region ECDSA variant of SigV4.
 * Its own entry so that no bundle of `signRequest` carries the P-256 code: pass `sigv4a()` as the
 * `algorithm` of any signing call, or list it in `verifyRequest`'s `algorithms`.
 * @module
 */
export { sigv4a, SIGV4A_ALGORITHM, SIGV4A_CHUNK_SIGNATURE_LENGTH, deriveSigV4aPublicKey, verifySigV4aSignature, buildSigV4aScope, type SigV4aOptions, type SigV4aPublicKey } from './sigv4a/algorithm.js';
export { deriveSigV4aPrivateKey } from './sigv4a/deriveKey.js';
