/** The request's signing time and the window around "now" in which it is accepted. */
import { formatAmzDate } from '../sigv4/stringToSign.js';
import { fail, type Outcome, quote } from './outcome.js';

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
// IMF-fixdate (RFC 9110 5.6.7), the only form HTTP senders generate.
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A UTC instant from its parts, or undefined when a part is out of range (Feb 30, hour 24, ...). */
function utc(year: number, month: number, day: number, h: number, m: number, s: number): Date | undefined {
  const date = new Date(Date.UTC(year, month, day, h, m, s));
  date.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  const exact = date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day &&
    date.getUTCHours() === h && date.getUTCMinutes() === m && date.getUTCSeconds() === s;
  return exact ? date : undefined;
}

/** `YYYYMMDDTHHMMSSZ`, strictly. */
export function parseAmzDate(value: string): Date | undefined {
  const m = AMZ_DATE.exec(value);
  return m ? utc(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/** `Sun, 06 Nov 1994 08:49:37 GMT`. */
export function parseHttpDate(value: string): Date | undefined {
  const m = HTTP_DATE.exec(value.trim());
  return m ? utc(+m[3]!, MONTHS.indexOf(m[2]!), +m[1]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/** The signing time of a header-signed request: `X-Amz-Date`, else `Date` (SigV4 allows either). */
export function headerSigningTime(amzDate: string | undefined, httpDate: string | undefined): Outcome<{ date: Date; amzDate: string }> {
  if (amzDate !== undefined) {
    const date = parseAmzDate(amzDate.trim());
    if (date === undefined) return fail('IncompleteSignature', `X-Amz-Date must be in ISO 8601 basic format (YYYYMMDDTHHMMSSZ), got ${quote(amzDate)}`);
    return { date, amzDate: amzDate.trim() };
  }
  if (httpDate !== undefined) {
    const date = parseHttpDate(httpDate);
    if (date === undefined) return fail('IncompleteSignature', `Date must be an HTTP date such as "Sun, 06 Nov 1994 08:49:37 GMT", got ${quote(httpDate)}`);
    return { date, amzDate: formatAmzDate(date) };
  }
  return fail('IncompleteSignature', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
}

const minutes = (seconds: number): string => (seconds % 60 === 0 ? `${seconds / 60} min.` : `${seconds} s`);

/** Header auth: the date must be within `maxSkew` seconds of `now`, either way. */
export function checkSkew(signed: Date, now: Date, maxSkew: number): Outcome<true> {
  const ms = maxSkew * 1000;
  const at = formatAmzDate(signed);
  if (signed.getTime() < now.getTime() - ms) {
    return fail('RequestTimeTooSkewed', `Signature expired: ${at} is now earlier than ${formatAmzDate(new Date(now.getTime() - ms))} (${formatAmzDate(now)} - ${minutes(maxSkew)})`);
  }
  if (signed.getTime() > now.getTime() + ms) {
    return fail('RequestTimeTooSkewed', `Signature not yet current: ${at} is still later than ${formatAmzDate(new Date(now.getTime() + ms))} (${formatAmzDate(now)} + ${minutes(maxSkew)})`);
  }
  return true;
}

/** Query auth: valid from the signing date (less the allowed skew) until signing date + X-Amz-Expires. */
export function checkPresignWindow(signed: Date, expiresIn: number, now: Date, maxSkew: number): Outcome<Date> {
  const expiresAt = new Date(signed.getTime() + expiresIn * 1000);
  if (now.getTime() > expiresAt.getTime()) {
    return fail('RequestExpired', `Request has expired: X-Amz-Date ${formatAmzDate(signed)} + X-Amz-Expires ${expiresIn} s is before ${formatAmzDate(now)}`);
  }
  if (signed.getTime() > now.getTime() + maxSkew * 1000) {
    return fail('RequestTimeTooSkewed', `Request is not yet valid: X-Amz-Date ${formatAmzDate(signed)} is more than ${minutes(maxSkew)} after ${formatAmzDate(now)}`);
  }
  return expiresAt;
}
