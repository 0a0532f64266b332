/** AWS-shaped error answers for a refused request: S3's XML, or the JSON services' `message` form. */
import { REDACTED } from '../redact.js';
import type { VerifyFailure, VerifyFailureCode } from './types.js';

/** A refusal as sent over HTTP: a verification failure, or the transport's own (body too large, internal error). */
export type HttpFailure = Omit<VerifyFailure, 'code'> & { readonly code: VerifyFailureCode | 'EntityTooLarge' | 'InternalFailure' };

/** Wire format of an error body. */
export type ErrorFormat = 'xml' | 'json';

/** What to send: content type and body text. */
export interface ErrorBody {
  readonly contentType: string;
  readonly body: string;
}

/**
 * The canonical request with the session token's value replaced by `[redacted]`: the
 * `x-amz-security-token` header line and the `X-Amz-Security-Token` query parameter.
 */
export function redactCanonicalRequest(text: string): string {
  return text
    .replace(/^(x-amz-security-token:).*$/gm, `$1${REDACTED}`)
    .replace(/((?:^|&)X-Amz-Security-Token=)[^&\n]*/gm, `$1${REDACTED}`);
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);

function xmlBody(failure: HttpFailure, details: boolean): string {
  const parts = [`<Code>${failure.code}</Code>`, `<Message>${escapeXml(failure.message)}</Message>`];
  if (failure.accessKeyId !== undefined) parts.push(`<AWSAccessKeyId>${escapeXml(failure.accessKeyId)}</AWSAccessKeyId>`);
  if (details && failure.stringToSign !== undefined) parts.push(`<StringToSign>${escapeXml(failure.stringToSign)}</StringToSign>`);
  if (details && failure.canonicalRequest !== undefined) {
    parts.push(`<CanonicalRequest>${escapeXml(redactCanonicalRequest(failure.canonicalRequest))}</CanonicalRequest>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${parts.join('')}</Error>`;
}

function jsonBody(failure: HttpFailure, details: boolean): string {
  let message = failure.message;
  // The exact layout API Gateway and the JSON services use, so existing tooling can read it.
  if (details && failure.canonicalRequest !== undefined && failure.stringToSign !== undefined) {
    message += `\n\nThe Canonical String for this request should have been\n'${redactCanonicalRequest(failure.canonicalRequest)}'\n\nThe String-to-Sign should have been\n'${failure.stringToSign}'\n`;
  }
  return JSON.stringify({ __type: failure.code, message });
}

/**
 * The error body AWS would send for `failure`. `details`: include the canonical request and string
 * to sign the server computed (as AWS does for SignatureDoesNotMatch), token redacted.
 * @example formatVerifyError(result, 'json', true).body // {"__type":"SignatureDoesNotMatch","message":"..."}
 */
export function formatVerifyError(failure: HttpFailure, format: ErrorFormat, details: boolean): ErrorBody {
  return format === 'json'
    ? { contentType: 'application/json', body: jsonBody(failure, details) }
    : { contentType: 'application/xml', body: xmlBody(failure, details) };
}
