/** Reading an AWS error answer (XML, JSON or a header) into a typed error. */
import { SigV4Error, type ServiceCode } from '../errors.js';
import { parseAwsError } from '../explain/awsError.js';
import { scrubSecrets } from '../redact.js';

/** What an AWS error answer says. */
export interface ServiceErrorDetails {
  /** HTTP status, e.g. 403. */
  readonly status: number;
  /** AWS's error code, e.g. `AccessDenied`, `SignatureDoesNotMatch`, `ThrottlingException`. */
  readonly awsCode?: string | undefined;
  /** AWS's message (the canonical request a SignatureDoesNotMatch may quote is left out). */
  readonly awsMessage?: string | undefined;
  /** For AWS support: `x-amzn-requestid`, `x-amz-request-id` or the body's `RequestId`. */
  readonly requestId?: string | undefined;
}

/**
 * An AWS service answered with an error status (code `SERVICE_ERROR`). Thrown by the fetch wrapper
 * with `throwOnError`, and by the SDK adapter's callers' own code via {@link readServiceError}.
 */
export class ServiceError extends SigV4Error<ServiceCode> {
  readonly status: number;
  readonly awsCode: string | undefined;
  readonly awsMessage: string | undefined;
  readonly requestId: string | undefined;
  constructor(details: ServiceErrorDetails, options?: ErrorOptions) {
    const what = details.awsCode ? `${details.awsCode}${details.awsMessage ? `: ${details.awsMessage}` : ''}` : `HTTP ${details.status}`;
    super('SERVICE_ERROR', `${what}${details.requestId ? ` (request id ${details.requestId})` : ''}`, options);
    this.status = details.status;
    this.awsCode = details.awsCode;
    this.awsMessage = details.awsMessage;
    this.requestId = details.requestId;
  }
}

/**
 * Reads an error answer: the code from the body (`<Code>`, `__type`, `code`) or `x-amzn-ErrorType`,
 * the message from the body, and the request id. `secrets` (4 characters or more) are replaced by
 * `[redacted]` wherever they appear in any field, raw or percent-encoded in either hex case.
 * @example
 * if (!response.ok) throw new ServiceError(readServiceError(response, await response.text()));
 */
export function readServiceError(response: Response, text: string, secrets: readonly string[] = []): ServiceErrorDetails {
  const parsed = parseAwsError(text);
  // rest-json services: "AccessDeniedException:http://internal.amazon.com/coral/..."; a JSON __type may be namespaced.
  const headerCode = response.headers.get('x-amzn-errortype')?.split(':')[0]?.trim();
  const bodyId = /<RequestId>([^<]+)<\/RequestId>/.exec(text)?.[1];
  const requestId = response.headers.get('x-amzn-requestid') ?? response.headers.get('x-amz-request-id') ?? bodyId;
  const long = secrets.filter((s) => s.length >= 4);
  const scrub = (value: string | undefined): string | undefined => (value === undefined ? undefined : scrubSecrets(value, long));
  return {
    status: response.status,
    awsCode: scrub(parsed.code ?? (headerCode || undefined)),
    // A proxy's plain-text page can be long: one error line is enough.
    awsMessage: scrub(parsed.message?.trim().slice(0, 500) || undefined),
    requestId: scrub(requestId ?? undefined),
  };
}
