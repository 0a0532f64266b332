/**
 * Certificates read from their DER with {@link der.ts}, without `node:crypto`: what the portable
 * X.509 signer needs (serial in decimal, validity, public key and its type) and the pieces both
 * builds share (PEM splitting, the serial in decimal, the validity message).
 */
import { base64, fromBase64 } from '../crypto/base64.js';
import { InvalidRequestError } from '../errors.js';
import { children, content, expectTlv, malformed, oidString, readRoot, readTlv, TAG, type Tlv, whole } from './der.js';

/** A certificate as PEM text, or its DER bytes. */
export type CertificateInput = string | Uint8Array;

/** What both builds read from a certificate. */
export interface CertificateFields {
  /** DER bytes. */
  readonly der: Uint8Array;
  /** Standard base64 of the DER: the value of `X-Amz-X509` (and of each `X-Amz-X509-Chain` entry). */
  readonly base64: string;
  /** The serial number in decimal, as the credential id of the signature. */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** `rsa` or `ec` (the key type decides the algorithm name). */
  readonly keyType: 'rsa' | 'ec';
  /** The subject, one `key=value` per line (Node's form), for messages. */
  readonly subject: string;
}

/** A certificate as the portable build reads it: {@link CertificateFields} plus the public key's DER. */
export interface PortableCertificateInfo extends CertificateFields {
  /** The SubjectPublicKeyInfo DER (what WebCrypto imports as `spki`). */
  readonly spki: Uint8Array;
  /** The EC curve (`P-256` or `P-384`); undefined for RSA. */
  readonly curve: 'P-256' | 'P-384' | undefined;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Every certificate of a PEM bundle, in order (an empty array when there is none). */
export function splitPem(text: string): string[] {
  return text.match(PEM_BLOCK) ?? [];
}

/** The DER of the first PEM block labelled `label`, or undefined when there is none or its base64 is broken. */
export function pemToDer(text: string, label: string): Uint8Array | undefined {
  const begin = `-----BEGIN ${label}-----`;
  const start = text.indexOf(begin);
  if (start < 0) return undefined;
  const end = text.indexOf(`-----END ${label}-----`, start + begin.length);
  if (end < 0) return undefined;
  return fromBase64(text.slice(start + begin.length, end).replace(/[\s]+/g, ''));
}

/** Hex serial (any case, optional ':' separators) to decimal. */
export function serialToDecimal(hex: string): string {
  const clean = hex.replace(/:/g, '');
  if (!/^[0-9a-fA-F]+$/.test(clean)) throw new InvalidRequestError('INVALID_OPTION', 'certificate serial is not hexadecimal');
  return BigInt(`0x${clean}`).toString(10);
}

/**
 * Undefined when the certificate is valid at `at`; otherwise why not, naming the dates.
 */
export function validityProblem(certificate: Pick<CertificateFields, 'serial' | 'notBefore' | 'notAfter'>, at: Date): string | undefined {
  if (at.getTime() < certificate.notBefore.getTime()) {
    return `the certificate (serial ${certificate.serial}) is not valid yet: valid from ${certificate.notBefore.toISOString()} to ${certificate.notAfter.toISOString()}, now is ${at.toISOString()} (check the clock)`;
  }
  if (at.getTime() > certificate.notAfter.getTime()) {
    return `the certificate (serial ${certificate.serial}) expired at ${certificate.notAfter.toISOString()} (valid from ${certificate.notBefore.toISOString()}), now is ${at.toISOString()}: renew it with your CA`;
  }
  return undefined;
}

const RSA_OID = '1.2.840.113549.1.1.1';
const EC_OID = '1.2.840.10045.2.1';
/** Named curves IAM Roles Anywhere signs with, by OID. */
export const CURVES: Readonly<Record<string, 'P-256' | 'P-384'>> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384' };
export const CURVE_OIDS: Readonly<Record<'P-256' | 'P-384', string>> = { 'P-256': '1.2.840.10045.3.1.7', 'P-384': '1.3.132.0.34' };
const NAMES: Readonly<Record<string, string>> = { '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU', '1.2.840.113549.1.9.1': 'emailAddress' };
/** RFC 5280 caps serials at 20 octets; a leading zero keeps a high bit positive. */
const MAX_SERIAL_OCTETS = 21;

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

/** UTCTime (`YYMMDDHHMMSSZ`, 50-99 meaning 19xx) or GeneralizedTime (`YYYYMMDDHHMMSSZ`), as RFC 5280 has them. */
function readTime(bytes: Uint8Array, tlv: Tlv, what: string): Date {
  let text = '';
  for (const b of content(bytes, tlv)) text += String.fromCharCode(b);
  const utc = tlv.tag === TAG.UTC_TIME;
  if (!(utc ? /^\d{12}Z$/ : /^\d{14}Z$/).test(text) || (!utc && tlv.tag !== TAG.GENERALIZED_TIME)) throw malformed(what, `validity time ${JSON.stringify(text)}`);
  const yy = utc ? digits(text, 0, 2) : 0;
  const year = utc ? (yy >= 50 ? 1900 + yy : 2000 + yy) : digits(text, 0, 4);
  const at = utc ? 2 : 4;
  const date = new Date(Date.UTC(year, digits(text, at, 2) - 1, digits(text, at + 2, 2), digits(text, at + 4, 2), digits(text, at + 6, 2), digits(text, at + 8, 2)));
  if (Number.isNaN(date.getTime())) throw malformed(what, `validity time ${JSON.stringify(text)}`);
  return date;
}

/** A Name in Node's form: one `key=value` per line, in order. */
function readName(bytes: Uint8Array, name: Tlv, what: string): string {
  const lines: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (const rdn of children(bytes, name, what)) {
    for (const attribute of children(bytes, rdn, what)) {
      const [type, value] = children(bytes, attribute, what);
      if (type === undefined || value === undefined || type.tag !== TAG.OID) throw malformed(what, 'subject attribute');
      const oid = oidString(content(bytes, type), what);
      lines.push(`${NAMES[oid] ?? oid}=${decoder.decode(content(bytes, value))}`);
    }
  }
  return lines.join('\n');
}

/** Unsigned big-endian bytes to decimal (the serial, as Node's hex `serialNumber` reads it). */
function decimal(magnitude: Uint8Array): string {
  let hex = '';
  for (const b of magnitude) hex += b.toString(16).padStart(2, '0');
  return BigInt(`0x${hex}`).toString(10);
}

/** Key type and curve from a SubjectPublicKeyInfo (or a PKCS#8 AlgorithmIdentifier's parent). */
export function keyAlgorithm(bytes: Uint8Array, algorithmId: Tlv, what: string): { keyType: 'rsa' | 'ec'; curve: 'P-256' | 'P-384' | undefined } {
  const [oid, parameters] = children(bytes, algorithmId, what);
  if (oid === undefined || oid.tag !== TAG.OID) throw malformed(what, 'key algorithm');
  const name = oidString(content(bytes, oid), what);
  if (name === RSA_OID) return { keyType: 'rsa', curve: undefined };
  if (name === EC_OID) {
    const curve = parameters?.tag === TAG.OID ? CURVES[oidString(content(bytes, parameters), what)] : undefined;
    if (curve === undefined) throw new InvalidRequestError('INVALID_OPTION', `${what} has an EC key on a curve other than P-256 or P-384: IAM Roles Anywhere signs with RSA or EC (P-256, P-384) keys only`);
    return { keyType: 'ec', curve };
  }
  throw new InvalidRequestError('INVALID_OPTION', `${what} has a key of type ${name}: IAM Roles Anywhere signs with RSA or EC (P-256, P-384) keys only`);
}

/**
 * Reads a certificate's DER: the fields the signer needs, following RFC 5280's fixed layout.
 * @throws {InvalidRequestError} INVALID_OPTION naming `what` when it is not one.
 */
export function parseCertificateDer(der: Uint8Array, what = 'certificate'): PortableCertificateInfo {
  const root = readRoot(der, TAG.SEQUENCE, what);
  const tbs = expectTlv(der, root.start, root, TAG.SEQUENCE, what, 'tbsCertificate');
  let at = tbs.start;
  // [0] EXPLICIT version, present in every v3 certificate.
  const first = readTlv(der, at, tbs.end, what);
  if (first.tag === 0xa0) at = first.end;
  const serial = expectTlv(der, at, tbs, TAG.INTEGER, what, 'serialNumber');
  const magnitude = content(der, serial);
  if (magnitude.length === 0 || magnitude.length > MAX_SERIAL_OCTETS || (magnitude.length === MAX_SERIAL_OCTETS && magnitude[0] !== 0)) {
    throw malformed(what, `serial of ${magnitude.length} octets (RFC 5280 allows 20)`);
  }
  // RFC 5280 serials are positive; a high first bit is a negative INTEGER, which no CA issues.
  if (magnitude[0]! & 0x80) throw malformed(what, 'negative serial');
  const signature = expectTlv(der, serial.end, tbs, TAG.SEQUENCE, what, 'signature');
  const issuer = expectTlv(der, signature.end, tbs, TAG.SEQUENCE, what, 'issuer');
  const validity = expectTlv(der, issuer.end, tbs, TAG.SEQUENCE, what, 'validity');
  const times = children(der, validity, what);
  if (times.length !== 2) throw malformed(what, 'validity');
  const subject = expectTlv(der, validity.end, tbs, TAG.SEQUENCE, what, 'subject');
  const spki = expectTlv(der, subject.end, tbs, TAG.SEQUENCE, what, 'subjectPublicKeyInfo');
  const algorithmId = expectTlv(der, spki.start, spki, TAG.SEQUENCE, what, 'subjectPublicKeyInfo algorithm');
  expectTlv(der, algorithmId.end, spki, TAG.BIT_STRING, what, 'subjectPublicKey');
  const { keyType, curve } = keyAlgorithm(der, algorithmId, what);
  const copy = der.slice();
  return Object.freeze({
    der: copy,
    base64: base64(copy),
    serial: decimal(magnitude),
    notBefore: readTime(der, times[0]!, what),
    notAfter: readTime(der, times[1]!, what),
    keyType,
    curve,
    subject: readName(der, subject, what),
    spki: whole(copy, subject.end, spki).slice(),
  });
}

/**
 * Reads one certificate (PEM text with one CERTIFICATE block, or DER bytes) without `node:crypto`.
 * @throws {InvalidRequestError} INVALID_OPTION naming `what` when it is not a certificate.
 */
export function readCertificateDer(input: CertificateInput, what = 'certificate'): PortableCertificateInfo {
  const der = typeof input === 'string' ? pemToDer(input, 'CERTIFICATE') : input instanceof Uint8Array ? input : undefined;
  if (der === undefined) {
    throw new InvalidRequestError('INVALID_OPTION', `${what} is not an X.509 certificate: give the PEM text (-----BEGIN CERTIFICATE-----) or its DER bytes`);
  }
  return parseCertificateDer(der, what);
}

/**
 * The entries of an intermediate chain: a PEM bundle, or an array of PEM texts / DER bytes.
 * @throws {InvalidRequestError} INVALID_OPTION when a PEM bundle holds no certificate.
 */
export function chainEntries(chain: CertificateInput | readonly CertificateInput[] | undefined): CertificateInput[] {
  if (chain === undefined) return [];
  const items: CertificateInput[] = typeof chain === 'string' ? splitPem(chain) : chain instanceof Uint8Array ? [chain] : [...chain];
  if (typeof chain === 'string' && items.length === 0 && chain.trim() !== '') {
    throw new InvalidRequestError('INVALID_OPTION', 'chain has no PEM certificate (-----BEGIN CERTIFICATE-----)');
  }
  return items;
}
