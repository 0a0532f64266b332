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
  // UTC getters and one fromCharCode: toISOString plus slicing costs several times more on every
  // signature, and a template of digit strings leaves a chain of intermediate strings behind.
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const hours = date.getUTCHours();
  const minutes = date.getUTCMinutes();
  const seconds = date.getUTCSeconds();
  return String.fromCharCode(
    ZERO + ((year / 1000) | 0), ZERO + (((year / 100) | 0) % 10), ZERO + (((year / 10) | 0) % 10), ZERO + (year % 10),
    ZERO + ((month / 10) | 0), ZERO + (month % 10), ZERO + ((day / 10) | 0), ZERO + (day % 10),
    0x54, // T
    ZERO + ((hours / 10) | 0), ZERO + (hours % 10), ZERO + ((minutes / 10) | 0), ZERO + (minutes % 10),
    ZERO + ((seconds / 10) | 0), ZERO + (seconds % 10),
    0x5a, // Z
  );
}

const ZERO = 0x30;

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
  // One flat string: the HMAC writes it into a buffer, which would flatten a template's chain of parts into a copy.
  return [parts.algorithm ?? ALGORITHM, parts.amzDate, parts.scope, parts.canonicalRequestHash].join('\n');
}
