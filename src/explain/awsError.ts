/** Reading AWS's SignatureDoesNotMatch answers: S3's XML, the JSON services' `message`, the query services' XML `Message`. */

/** What an error body says about the server's side of the signature. */
export interface ParsedAwsError {
  readonly format: 's3-xml' | 'xml' | 'json' | 'unrecognized';
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly canonicalRequest: string | undefined;
  readonly stringToSign: string | undefined;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });
}

function element(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? decodeXml(m[1]!) : undefined;
}

/** S3's `<CanonicalRequestBytes>47 45 54 ...</CanonicalRequestBytes>`: exact, where the text form may have lost a CR. */
function fromHexBytes(hex: string | undefined): string | undefined {
  if (hex === undefined || !/^[0-9a-fA-F]{2}( [0-9a-fA-F]{2})*$/.test(hex.trim())) return undefined;
  const bytes = Uint8Array.from(hex.trim().split(' '), (b) => Number.parseInt(b, 16));
  return new TextDecoder().decode(bytes);
}

const QUOTED = /The Canonical String for this request should have been\n'([\s\S]*)'\n\nThe String-to-Sign should have been\n'([\s\S]*?)'\n?\s*$/;

/** The two quoted blocks of the JSON/query services' message. */
function fromMessage(message: string | undefined): { canonicalRequest?: string; stringToSign?: string } {
  const m = message === undefined ? null : QUOTED.exec(message);
  return m ? { canonicalRequest: m[1]!, stringToSign: m[2]! } : {};
}

function fromJson(value: unknown): ParsedAwsError {
  const record = (value ?? {}) as Record<string, unknown>;
  const message = ['message', 'Message', 'errorMessage'].map((k) => record[k]).find((v): v is string => typeof v === 'string');
  const rawCode = ['__type', 'code', 'Code'].map((k) => record[k]).find((v): v is string => typeof v === 'string');
  const quoted = fromMessage(message);
  return {
    format: 'json',
    // `__type` may be namespaced: "com.amazon.coral.service#InvalidSignatureException".
    code: rawCode?.slice(rawCode.lastIndexOf('#') + 1),
    message: message?.split('\n\n')[0],
    canonicalRequest: quoted.canonicalRequest,
    stringToSign: quoted.stringToSign,
  };
}

function fromXml(xml: string): ParsedAwsError {
  const message = element(xml, 'Message');
  const quoted = fromMessage(message);
  const canonicalRequest = fromHexBytes(element(xml, 'CanonicalRequestBytes')) ?? element(xml, 'CanonicalRequest');
  const stringToSign = fromHexBytes(element(xml, 'StringToSignBytes')) ?? element(xml, 'StringToSign');
  return {
    format: canonicalRequest !== undefined || stringToSign !== undefined ? 's3-xml' : 'xml',
    code: element(xml, 'Code'),
    message: message?.split('\n\n')[0],
    canonicalRequest: canonicalRequest ?? quoted.canonicalRequest,
    stringToSign: stringToSign ?? quoted.stringToSign,
  };
}

/** Reads an error body given as text, bytes, or an already parsed JSON object. */
export function parseAwsError(body: unknown): ParsedAwsError {
  if (body instanceof Uint8Array) return parseAwsError(new TextDecoder().decode(body));
  if (body !== null && typeof body === 'object') return fromJson(body);
  if (typeof body !== 'string') return { format: 'unrecognized', code: undefined, message: undefined, canonicalRequest: undefined, stringToSign: undefined };
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      return fromJson(JSON.parse(text));
    } catch {
      // not JSON after all: fall through to XML / plain text
    }
  }
  if (text.startsWith('<')) return fromXml(text);
  const quoted = fromMessage(text);
  return { format: 'unrecognized', code: undefined, message: text.split('\n\n')[0], canonicalRequest: quoted.canonicalRequest, stringToSign: quoted.stringToSign };
}
