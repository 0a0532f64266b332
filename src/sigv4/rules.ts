/**
 * "Is this S3?", decided once. S3 (and its variants) signs differently from every other service:
 * the path is encoded once and not normalized, `x-amz-content-sha256` is sent and signed, presigned
 * URLs and unhashed streams use `UNSIGNED-PAYLOAD`. The signer, the verifier, the fetch wrapper and
 * the SDK adapter all ask {@link isS3Service}.
 */

/** Signing names that follow S3's rules: single encoding, no normalization, x-amz-content-sha256. */
export const S3_SERVICES: ReadonlySet<string> = new Set(['s3', 's3-object-lambda', 's3-outposts', 's3express']);

/** True when `service` (a signing name) follows S3's rules. */
export function isS3Service(service: string): boolean {
  return S3_SERVICES.has(service);
}
