/** SigV4 step 2: the string to sign, with the date and credential scope it is built from. */
import { InvalidRequestError } from '../errors.js';

/** The algorithm id of SigV4 with HMAC-SHA256. */
export const ALGORITHM = 'AWS4-HMAC-SHA256';

/**
 * `YYYYMMDDTHHMMSSZ` (UTC, second precision).
 * @throws {InvalidRequestError} INVALID_DATE for an invalid Date or one outside years 0000-9999.
 */
export function formatAmzDate(date: Date): string {
  const time = date instanceof Date ? date.getTime() : Number.NaN;
  // Years outside 0000-9999 get a sign and six digits in ISO form, which no service accepts.
  if (!Number.isFinite(time) || time < -62167219200000 || time > 253402300799999) {
    throw new InvalidRequestError('INVALID_DATE', 'signingDate must be a valid Date between years 0000 and 9999');
  }
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** `date/region/service/aws4_request`. */
export function buildCredentialScope(scope: { readonly date: string; readonly region: string; readonly service: string }): string {
  return `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
}

/** `ALGORITHM \n amzDate \n scope \n hex(sha256(canonicalRequest))`. */
export function buildStringToSign(parts: {
  readonly amzDate: string;
  readonly scope: string;
  readonly canonicalRequestHash: string;
  readonly algorithm?: string;
}): string {
  return `${parts.algorithm ?? ALGORITHM}\n${parts.amzDate}\n${parts.scope}\n${parts.canonicalRequestHash}`;
}
