/** Splitting canonical requests and strings to sign into their parts, and a line diff, for the explainer. */

/** The parts of a canonical request (SigV4 step 1). */
export interface CanonicalParts {
  readonly method: string;
  readonly uri: string;
  readonly query: string;
  /** `name` to value, in order. */
  readonly headers: ReadonlyMap<string, string>;
  readonly signedHeaders: string;
  readonly payloadHash: string;
}

/** The four lines of a string to sign (step 2). */
export interface StringToSignParts {
  readonly algorithm: string;
  readonly amzDate: string;
  readonly scope: string;
  readonly canonicalRequestHash: string;
}

/** `METHOD\nURI\nQUERY\nheaders...\n\nSIGNED\nHASH`; tolerant of a missing blank line. */
export function splitCanonicalRequest(text: string): CanonicalParts {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const payloadHash = lines.length > 4 ? lines[lines.length - 1]! : '';
  const signedHeaders = lines.length > 4 ? lines[lines.length - 2]! : '';
  const headers = new Map<string, string>();
  for (const line of lines.slice(3, Math.max(3, lines.length - 2))) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    headers.set(colon < 0 ? line : line.slice(0, colon), colon < 0 ? '' : line.slice(colon + 1));
  }
  return { method: lines[0] ?? '', uri: lines[1] ?? '', query: lines[2] ?? '', headers, signedHeaders, payloadHash };
}

/** `ALGORITHM\nDATE\nSCOPE\nHASH`. */
export function splitStringToSign(text: string): StringToSignParts {
  const [algorithm = '', amzDate = '', scope = '', canonicalRequestHash = ''] = text.replace(/\r\n/g, '\n').split('\n');
  return { algorithm, amzDate, scope, canonicalRequestHash };
}

/** One line of a diff: `=` in both, `-` only the server's, `+` only ours. */
export interface DiffLine {
  readonly op: '=' | '-' | '+';
  readonly text: string;
}

/** Line diff by longest common subsequence (canonical requests are a few dozen lines). */
export function diffLines(server: string, local: string): DiffLine[] {
  const a = server.split('\n');
  const b = local.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: '=', text: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ op: '-', text: a[i++]! });
    } else {
      out.push({ op: '+', text: b[j++]! });
    }
  }
  return out;
}

/** Decodes every `%XX`, repeatedly, so single- and double-encoded forms compare equal. */
export function fullyDecoded(text: string): string {
  let current = text;
  for (let n = 0; n < 4 && /%[0-9A-Fa-f]{2}/.test(current); n++) {
    try {
      current = decodeURIComponent(current);
    } catch {
      break;
    }
  }
  return current;
}

/** Query pairs `name=value` of a canonical query. */
export function queryPairs(query: string): string[] {
  return query === '' ? [] : query.split('&');
}

/** Dot and empty segments removed, as every service but S3 normalizes before signing. */
export function normalizedPath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}
