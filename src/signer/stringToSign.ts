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
  // UTC getters and a digit table: toISOString plus slicing costs several times more on every signature.
  const year = date.getUTCFullYear();
  return `${year < 1000 ? String(year).padStart(4, '0') : year}${TWO_DIGITS[date.getUTCMonth() + 1]}${TWO_DIGITS[date.getUTCDate()]}T${TWO_DIGITS[date.getUTCHours()]}${TWO_DIGITS[date.getUTCMinutes()]}${TWO_DIGITS[date.getUTCSeconds()]}Z`;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

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
