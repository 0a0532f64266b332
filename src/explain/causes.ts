/** Naming the likely cause of a signature mismatch from where the server's and our strings differ. */
import { REDACTED } from '../redact.js';
import { type CanonicalParts, fullyDecoded, normalizedPath, queryPairs, splitCanonicalRequest, splitStringToSign } from './canonicalParts.js';

/** The kinds of cause the explainer can name. */
export type MismatchCauseKind =
  | 'method' | 'path-encoding' | 'path-normalization' | 'path'
  | 'query-order' | 'query-encoding' | 'query'
  | 'header-changed' | 'signed-headers' | 'payload-hash' | 'session-token'
  | 'clock' | 'scope-date' | 'scope-region' | 'scope-service'
  | 'secret-key' | 'unknown';

/** One likely cause, with a sentence saying what differs and what to check. */
export interface MismatchCause {
  readonly kind: MismatchCauseKind;
  readonly detail: string;
}

const sorted = (items: readonly string[]): string => [...items].sort().join('&');
const TOKEN_HEADER = 'x-amz-security-token';

function pathCause(server: string, local: string): MismatchCause {
  if (fullyDecoded(server) === fullyDecoded(local)) {
    const twice = server.includes('%25') && !local.includes('%25');
    return { kind: 'path-encoding', detail: twice
      ? `the service encodes the path twice (every service but S3): it expects ${server}, you signed ${local}. Sign the path as sent on the wire and let the signer encode it again (uriEscapePath: true).`
      : `the path is encoded differently: the service expects ${server}, you signed ${local}. S3 decodes and encodes once (uriEscapePath: false); other services encode the wire path again.` };
  }
  if (normalizedPath(server) === normalizedPath(local)) {
    return { kind: 'path-normalization', detail: `the service ${server.includes('/./') || server.includes('//') ? 'keeps' : 'removes'} dot segments or empty segments: it expects ${server}, you signed ${local} (normalizePath; S3 never normalizes).` };
  }
  return { kind: 'path', detail: `the path differs: the service saw ${server}, you signed ${local}. A proxy or router rewrote it (prefix, trailing slash, case)?` };
}

function queryCause(server: string, local: string): MismatchCause {
  const a = queryPairs(server);
  const b = queryPairs(local);
  if (sorted(a) === sorted(b)) return { kind: 'query-order', detail: 'the same query parameters in a different order: the canonical query must be sorted by encoded name, then value.' };
  // '+' is a plus sign to AWS; a client with form semantics signs it as a space.
  const loose = (p: string): string => fullyDecoded(p).replace(/\+/g, ' ');
  if (sorted(a.map(fullyDecoded)) === sorted(b.map(fullyDecoded)) || sorted(a.map(loose)) === sorted(b.map(loose))) {
    return { kind: 'query-encoding', detail: `the query is encoded differently: the service expects ${server}, you signed ${local}. Common culprits: '+' versus %20 for a space, lowercase %xx, unencoded reserved characters.` };
  }
  const names = (pairs: string[]): Set<string> => new Set(pairs.map((p) => p.split('=')[0]!));
  const only = [...names(a)].filter((n) => !names(b).has(n)).concat([...names(b)].filter((n) => !names(a).has(n)));
  return { kind: 'query', detail: `the query parameters differ${only.length ? ` (${only.join(', ')})` : ''}: something added, removed or changed a parameter after signing.` };
}

function headerCauses(server: CanonicalParts, local: CanonicalParts): MismatchCause[] {
  const causes: MismatchCause[] = [];
  if (server.signedHeaders !== local.signedHeaders) {
    const s = server.signedHeaders.split(';');
    const l = local.signedHeaders.split(';');
    const diff = [...l.filter((n) => !s.includes(n)).map((n) => `${n} (only yours)`), ...s.filter((n) => !l.includes(n)).map((n) => `${n} (only the service's)`)];
    causes.push({ kind: 'signed-headers', detail: `the signed headers list differs: ${diff.join(', ')}. A header you signed did not arrive, or arrived under another name.` });
  }
  for (const [name, value] of local.headers) {
    const theirs = server.headers.get(name);
    if (theirs === undefined || theirs === value) continue;
    if (name === TOKEN_HEADER) continue; // reported by the caller without values
    if (name === 'x-amz-date') {
      causes.push({ kind: 'clock', detail: `X-Amz-Date changed on the way: the service saw ${theirs}, you signed ${value} (a proxy or retry layer re-stamped the request).` });
      continue;
    }
    const hint = name === 'host' ? ' (a proxy, load balancer or a port added or dropped?)' : name === 'content-type' ? ' (a client or proxy added a charset?)' : '';
    causes.push({ kind: 'header-changed', detail: `header ${name} changed on the way${hint}: the service saw ${JSON.stringify(theirs)}, you signed ${JSON.stringify(value)}.` });
  }
  return causes;
}

/** Causes visible in the canonical requests. Token values are compared, never shown. */
export function canonicalCauses(serverText: string, localText: string): MismatchCause[] {
  const server = splitCanonicalRequest(serverText);
  const local = splitCanonicalRequest(localText);
  const causes: MismatchCause[] = [];
  if (server.method !== local.method) causes.push({ kind: 'method', detail: `the method differs: the service saw ${server.method}, you signed ${local.method} (a redirect, or a presigned URL used with another method?).` });
  if (server.uri !== local.uri) causes.push(pathCause(server.uri, local.uri));
  if (server.query !== local.query) causes.push(queryCause(server.query, local.query));
  causes.push(...headerCauses(server, local));
  if (tokenDiffers(server.headers.get(TOKEN_HEADER), local.headers.get(TOKEN_HEADER)) || tokenDiffers(tokenParam(server.query), tokenParam(local.query))) {
    causes.push({ kind: 'session-token', detail: 'the session token differs (values not shown): the request carried a token other than the one signed.' });
  }
  if (server.payloadHash !== local.payloadHash) {
    causes.push({ kind: 'payload-hash', detail: `the payload hash differs: the service computed ${server.payloadHash}, you signed ${local.payloadHash}. The body changed after signing (compression, re-encoding, a JSON re-serialization), or the service expects UNSIGNED-PAYLOAD / an x-amz-content-sha256 header.` });
  }
  return causes;
}

// A side that already redacted its token (our own server does) cannot be compared.
const tokenDiffers = (a: string | undefined, b: string | undefined): boolean => a !== b && !`${a}${b}`.includes(REDACTED);

function tokenParam(query: string): string | undefined {
  return queryPairs(query).find((p) => p.startsWith('X-Amz-Security-Token='));
}

/** Causes visible in the strings to sign, once the canonical requests agree (or are unknown). */
export function stringToSignCauses(serverText: string, localText: string): MismatchCause[] {
  const server = splitStringToSign(serverText);
  const local = splitStringToSign(localText);
  const causes: MismatchCause[] = [];
  if (server.amzDate !== local.amzDate) causes.push({ kind: 'clock', detail: `the signing time differs: the service used ${server.amzDate}, you signed ${local.amzDate} (clock skew, or the X-Amz-Date header was changed or dropped).` });
  const [sDate, sRegion, sService] = server.scope.split('/');
  const [lDate, lRegion, lService] = local.scope.split('/');
  if (sDate !== lDate && server.amzDate === local.amzDate) causes.push({ kind: 'scope-date', detail: `the credential scope date differs: ${sDate} expected, ${lDate} signed; it must be the UTC date of X-Amz-Date.` });
  if (sRegion !== lRegion) causes.push({ kind: 'scope-region', detail: `the region differs: the service expects ${sRegion}, you signed for ${lRegion}.` });
  if (sService !== lService) causes.push({ kind: 'scope-service', detail: `the service signing name differs: the service expects ${sService}, you signed for ${lService}.` });
  return causes;
}

/** Causes the message alone names (time and scope errors come without canonical strings). */
export function messageCauses(code: string | undefined, message: string | undefined): MismatchCause[] {
  const text = message ?? '';
  if (code === 'RequestTimeTooSkewed' || code === 'RequestExpired' || /Signature expired|not yet current|Request has expired/.test(text)) {
    return [{ kind: 'clock', detail: `the service refused the request time: ${text || code}. Check the client clock (or correct for skew from the response Date header).` }];
  }
  if (/Date in Credential scope does not match/.test(text)) return [{ kind: 'scope-date', detail: text }];
  if (/scoped to a valid region/.test(text)) return [{ kind: 'scope-region', detail: text }];
  if (/scoped to correct service/.test(text)) return [{ kind: 'scope-service', detail: text }];
  return [];
}
