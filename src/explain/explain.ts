/**
 * Explaining an AWS `SignatureDoesNotMatch`: the service's canonical request and string to sign,
 * taken from its error body, diffed against ours, with the likely cause named.
 */
import { parseAwsError } from './awsError.js';
import { type DiffLine, diffLines, splitCanonicalRequest } from './canonicalParts.js';
import { canonicalCauses, type MismatchCause, messageCauses, stringToSignCauses } from './causes.js';
import { REDACTED, scrubSecrets } from '../redact.js';
import { redactCanonicalRequest } from '../verify/errorBody.js';

export type { MismatchCause, MismatchCauseKind } from './causes.js';
export type { DiffLine } from './canonicalParts.js';

/** Our side of the signature: a SignedRequest or PresignedUrl, or just its two strings. */
export interface LocalSigning {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

/** What {@link explainSignatureMismatch} found. Session tokens are redacted everywhere in it. */
export interface MismatchExplanation {
  /** How the error body was written: S3's XML, another XML error, JSON, or something else. */
  readonly format: 's3-xml' | 'xml' | 'json' | 'unrecognized';
  readonly code: string | undefined;
  /** The error message without the quoted canonical strings. */
  readonly message: string | undefined;
  /** The service's canonical request, when the error includes it. */
  readonly serverCanonicalRequest: string | undefined;
  readonly serverStringToSign: string | undefined;
  readonly localCanonicalRequest: string;
  readonly localStringToSign: string;
  /** Line diff of the canonical requests (`-` the service's, `+` ours); empty when the service sent none. */
  readonly canonicalRequestDiff: readonly DiffLine[];
  readonly stringToSignDiff: readonly DiffLine[];
  /** Most likely first. */
  readonly causes: readonly MismatchCause[];
  /** Everything above as text for a terminal or a log. */
  readonly text: string;
}

function tokensIn(canonicalRequest: string | undefined): string[] {
  if (canonicalRequest === undefined) return [];
  const header = /^x-amz-security-token:(.*)$/m.exec(canonicalRequest)?.[1];
  const param = /(?:^|&)X-Amz-Security-Token=([^&\n]*)/m.exec(canonicalRequest)?.[1];
  const found = [header, param].filter((t): t is string => t !== undefined && t.length > 0);
  return found.flatMap((t) => {
    try {
      return [t, decodeURIComponent(t)];
    } catch {
      return [t];
    }
  });
}

function scrub(text: string, secrets: readonly string[]): string {
  return scrubSecrets(text, secrets.filter((secret) => secret.length >= 4));
}

// AWS's SignatureDoesNotMatch quotes its canonical strings; an emulator's bare one (moto, peers: it
// re-signs with botocore) usually means it hashed the body itself, and for a body-less request moto
// hashes the url-encoded headers instead of "". A signed x-amz-content-sha256 is used as sent.
const EMULATOR_BODY_HASH: MismatchCause = {
  kind: 'payload-hash',
  detail: 'the service did not say what it computed, and x-amz-content-sha256 is not signed. Local emulators such as moto hash the body their own way (a body-less request gets the hash of its headers): sign the header (contentSha256Header: true; the fetch wrapper and the CLI do by default).',
};

function causesOf(server: { canonicalRequest?: string | undefined; stringToSign?: string | undefined; code?: string | undefined; message?: string | undefined }, local: LocalSigning): MismatchCause[] {
  const fromMessage = messageCauses(server.code, server.message);
  if (server.canonicalRequest === undefined && server.stringToSign === undefined) {
    if (fromMessage.length > 0) return fromMessage;
    const unsignedBodyHash = server.code === 'SignatureDoesNotMatch' && !splitCanonicalRequest(local.canonicalRequest).signedHeaders.split(';').includes('x-amz-content-sha256');
    return [unsignedBodyHash ? EMULATOR_BODY_HASH : { kind: 'unknown', detail: 'the error body carries neither a canonical request nor a string to sign, so the difference cannot be located.' }];
  }
  const causes = server.canonicalRequest === undefined ? [] : canonicalCauses(server.canonicalRequest, local.canonicalRequest);
  if (server.stringToSign !== undefined) causes.push(...stringToSignCauses(server.stringToSign, local.stringToSign));
  // One cause per kind, the first found (e.g. a changed X-Amz-Date shows in both strings).
  if (causes.length > 0) return causes.filter((c, i) => causes.findIndex((d) => d.kind === c.kind) === i);
  const sameHash = server.stringToSign === undefined || server.stringToSign.split('\n')[3] === local.stringToSign.split('\n')[3];
  if (!sameHash && server.canonicalRequest?.includes(REDACTED)) {
    return [{ kind: 'session-token', detail: 'the canonical requests match except where the service redacted the session token: the request most likely carried another token than the one signed.' }];
  }
  if (!sameHash) return [{ kind: 'unknown', detail: 'the canonical requests hash differently although their text matches: look for invisible characters (CR, trailing spaces, non-UTF-8 bytes) in headers or the body hash.' }];
  return [{ kind: 'secret-key', detail: 'the canonical request and the string to sign match the service\'s exactly, so only the signing key can differ: a wrong secret access key for this access key id (or one with stray whitespace).' }];
}

function render(e: Omit<MismatchExplanation, 'text'>): string {
  const lines = [`${e.code ?? 'Error'} (${e.format})${e.message ? `: ${e.message}` : ''}`, '', 'Likely cause:'];
  for (const cause of e.causes) lines.push(`  - ${cause.kind}: ${cause.detail}`);
  const block = (title: string, diff: readonly DiffLine[]): void => {
    if (diff.length === 0) return;
    lines.push('', `${title} (- service, + local):`);
    for (const d of diff) lines.push(`  ${d.op === '=' ? ' ' : d.op} ${d.text}`);
  };
  block('Canonical request', e.canonicalRequestDiff);
  block('String to sign', e.stringToSignDiff);
  return `${lines.join('\n')}\n`;
}

/**
 * Explains a SignatureDoesNotMatch from the service's error body (S3 XML with CanonicalRequest
 * and StringToSign, the JSON `message` form "The Canonical String for this request should have
 * been ...", or the query services' XML `Message`) against what we signed.
 * @example
 * const signed = signRequest(request, params);
 * const response = await fetch(signed.url, { method: signed.method, headers: signed.headers });
 * if (response.status === 403) console.error(explainSignatureMismatch(await response.text(), signed).text);
 */
export function explainSignatureMismatch(awsErrorBody: string | Uint8Array | object, localSigned: LocalSigning): MismatchExplanation {
  const server = parseAwsError(awsErrorBody);
  const secrets = [...tokensIn(server.canonicalRequest), ...tokensIn(localSigned.canonicalRequest)];
  const clean = (text: string): string => scrub(redactCanonicalRequest(text), secrets);
  const causes = causesOf(server, localSigned).map((c) => ({ kind: c.kind, detail: scrub(c.detail, secrets) }));
  const serverCanonical = server.canonicalRequest === undefined ? undefined : clean(server.canonicalRequest);
  const serverSts = server.stringToSign;
  const localCanonical = clean(localSigned.canonicalRequest);
  const explanation = {
    format: server.format,
    code: server.code,
    message: server.message === undefined ? undefined : scrub(server.message, secrets),
    serverCanonicalRequest: serverCanonical,
    serverStringToSign: serverSts,
    localCanonicalRequest: localCanonical,
    localStringToSign: localSigned.stringToSign,
    canonicalRequestDiff: serverCanonical === undefined ? [] : diffLines(serverCanonical, localCanonical),
    stringToSignDiff: serverSts === undefined ? [] : diffLines(serverSts, localSigned.stringToSign),
    causes,
  };
  return { ...explanation, text: render(explanation) };
}
