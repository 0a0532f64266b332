/**
 * Server side of S3 streaming uploads (`Content-Encoding: aws-chunked`, `x-amz-content-sha256:
 * STREAMING-*`): the framing is decoded, every chunk signature is checked against the chain that
 * starts at the request's own signature, then the trailer's signature and checksum, and the decoded
 * length must be the declared one. Data is handed out only after the signature covering it passed,
 * so a tampered chunk never reaches the caller; memory is bounded by one chunk.
 */
import { BodyVerificationError, type BodyRejectionCode } from '../errors.js';
import { type Checksum, checksumOfHeaderName, createChecksum, TRAILER_NAMES } from '../chunked/checksum.js';
import { concat } from '../chunked/frame.js';
import { type ChunkedLayout, layoutOf } from '../chunked/layout.js';
import { type ByteSource, pieces } from '../chunked/source.js';
import { buildCanonicalTrailer, buildChunkStringToSign, buildTrailerStringToSign } from '../chunked/signChain.js';
import { utf8 } from '../crypto/hash.js';
import type { SigningAlgorithm, VerifyContext } from '../sigv4/algorithm.js';
import { EMPTY_SHA256 } from '../sigv4/payloadHash.js';
import { trimSpaceTab } from '../sigv4/request.js';
import type { Authentication } from './authentication.js';
import { fail, isFailure, type Outcome } from './outcome.js';
import type { ReceivedRequest } from './requestInput.js';
import type { VerifySettings } from './settings.js';
import { verifyContext } from './signatureCheck.js';
import type { VerifyCredentials, VerifyFailure, VerifySuccess } from './types.js';

/** The biggest chunk accepted: the encoder's limit too. One chunk is held until its signature is checked. */
export const MAX_VERIFIED_CHUNK_SIZE = 64 * 1024 * 1024;
// A chunk header or trailer line longer than this is not aws-chunked (the longest real one is ~170 bytes).
const MAX_LINE = 4096;
const CHUNK_SIGNATURE = /^([0-9a-fA-F]{1,16});chunk-signature=([0-9a-f*]{64,144})$/;
const CHUNK_SIZE = /^([0-9a-fA-F]{1,16})$/;
// A trailer line is `name:value`; the value is trimmed by index scan (the regex `[ \t]*(.*?)[ \t]*$` was quadratic in blanks).
const TRAILER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** What the verified request says about its body, and the key to check the chain with. */
export interface ChunkedBodyContext {
  /** `x-amz-content-sha256`: a STREAMING-* marker. */
  readonly marker: string;
  /** `x-amz-trailer`, when the request has one. */
  readonly trailer: string | undefined;
  /** `x-amz-decoded-content-length`. */
  readonly decodedLength: string | undefined;
  readonly algorithm: SigningAlgorithm;
  readonly amzDate: string;
  readonly scope: string;
  /** The request's own signature: the first link of the chain. */
  readonly seedSignature: string;
  /** What the algorithm's verifier gets: the request's scope and the key the server holds. */
  readonly context: VerifyContext;
}

type Link = (stringToSign: (previous: string) => string, received: string) => boolean;

/** Checks one link of the chain with the algorithm's verifier (SigV4: recomputed HMAC, SigV4a: ECDSA) and moves to it. */
function chainLink(ctx: ChunkedBodyContext): Link {
  const { algorithm, context } = ctx;
  const verifier = algorithm.verifier!;
  const padded = algorithm.chunkSignatureLength !== undefined;
  let previous = ctx.seedSignature.replace(/\*+$/, '');
  return (text, received) => {
    const signature = padded ? received.replace(/\*+$/, '') : received;
    if (!verifier.verify(text(previous), signature, context)) return false;
    previous = signature;
    return true;
  };
}

/**
 * Whether the request's headers describe an aws-chunked body this reader can check: a STREAMING-*
 * marker of the request's own algorithm, a checksum trailer exactly when the marker says TRAILER,
 * and the decoded length. Checked once, before any byte of the body is read; the result makes a
 * fresh reader for each reading of the body.
 */
export function chunkedBodyReaders(ctx: ChunkedBodyContext): Outcome<() => ChunkedBodyReader> {
  const trailer = ctx.trailer === undefined ? undefined : checksumOfHeaderName(ctx.trailer);
  if (ctx.trailer !== undefined && trailer === undefined) {
    return fail('InvalidRequest', `x-amz-trailer must name one checksum: ${TRAILER_NAMES}`);
  }
  // The marker names the chunks' algorithm: it must be the request's own (or UNSIGNED).
  const named = /^STREAMING-(.+?)-PAYLOAD(?:-TRAILER)?$/.exec(ctx.marker)?.[1];
  if (named !== undefined && named !== 'UNSIGNED' && named !== ctx.algorithm.name) {
    return fail('InvalidRequest', `chunks signed with ${named} cannot follow a request signed with ${ctx.algorithm.name}`);
  }
  let layout: ChunkedLayout;
  try {
    layout = layoutOf(ctx.marker, trailer, undefined, ctx.algorithm);
  } catch {
    return fail('InvalidRequest', `x-amz-content-sha256 ${JSON.stringify(ctx.marker.slice(0, 64))} and x-amz-trailer do not describe an aws-chunked body`);
  }
  if (ctx.decodedLength === undefined || !/^\d{1,15}$/.test(ctx.decodedLength)) {
    return fail('MissingContentLength', 'An aws-chunked upload needs the x-amz-decoded-content-length header');
  }
  const declared = Number(ctx.decodedLength);
  return () => new ChunkedBodyReader(ctx, layout, declared);
}

const malformed = (detail: string): Outcome<never> => fail('IncompleteBody', `The aws-chunked body is malformed: ${detail}`);

/**
 * An incremental reader of one aws-chunked body: {@link ChunkedBodyReader.write} takes the bytes as
 * they arrive and returns the decoded data they complete (only verified data), or the failure;
 * {@link ChunkedBodyReader.end} says whether the body was complete.
 */
export class ChunkedBodyReader {
  readonly #layout: ChunkedLayout;
  readonly #declared: number;
  readonly #link: Link | undefined;
  readonly #ctx: ChunkedBodyContext;
  readonly #checksum: Checksum | undefined;
  #state: 'header' | 'data' | 'data-end' | 'trailer' | 'done' = 'header';
  #line = '';
  #remaining = 0;
  #pieces: Uint8Array[] = [];
  #size = 0;
  #decoded = 0;
  #signature = '';
  #trailers: Array<readonly [string, string]> = [];
  #failure: Outcome<never> | undefined;

  /** Use {@link chunkedBodyReaders}, which checks the headers first. */
  constructor(ctx: ChunkedBodyContext, layout: ChunkedLayout, declared: number) {
    this.#ctx = ctx;
    this.#layout = layout;
    this.#declared = declared;
    this.#link = layout.algorithm === undefined ? undefined : chainLink(ctx);
    this.#checksum = layout.trailer === undefined ? undefined : createChecksum(layout.trailer);
  }

  /** Reads `bytes`; returns the data they complete, as views of `bytes` where possible. */
  write(bytes: Uint8Array): Outcome<Uint8Array[]> {
    if (this.#failure !== undefined) return this.#failure;
    const out: Uint8Array[] = [];
    let at = 0;
    while (at < bytes.length) {
      if (this.#state === 'data') {
        const take = Math.min(this.#remaining, bytes.length - at);
        this.#pieces.push(bytes.subarray(at, at + take));
        this.#remaining -= take;
        at += take;
        if (this.#remaining === 0) this.#state = 'data-end';
        continue;
      }
      if (this.#state === 'done') return this.#fail(malformed('bytes after the end of the body'));
      const byte = bytes[at++]!;
      if (byte !== 0x0a) {
        if (this.#line.length >= MAX_LINE) return this.#fail(malformed('a chunk header or trailer line is too long'));
        this.#line += String.fromCharCode(byte);
        continue;
      }
      if (!this.#line.endsWith('\r')) return this.#fail(malformed('lines must end with CRLF'));
      const line = this.#line.slice(0, -1);
      this.#line = '';
      const step = this.#onLine(line);
      if (step !== undefined) return this.#fail(step);
      if (this.#state === 'header' && this.#pieces.length > 0) {
        out.push(...this.#pieces);
        this.#pieces = [];
      }
    }
    return out;
  }

  /** After the last byte: true, or the failure when the body stopped early. */
  end(): Outcome<true> {
    if (this.#failure !== undefined) return this.#failure;
    if (this.#state !== 'done') return this.#fail(fail('IncompleteBody', 'The aws-chunked body ended before its final chunk'));
    return true;
  }

  #fail(failure: Outcome<never>): Outcome<never> {
    this.#failure = failure;
    this.#pieces = [];
    return failure;
  }

  #onLine(line: string): Outcome<never> | undefined {
    switch (this.#state) {
      case 'data-end':
        // The data of a chunk ends with CRLF: the line read after it must be empty.
        if (line !== '') return malformed(`chunk data longer than its declared size ${this.#size}`);
        return this.#endChunk();
      case 'header':
        return this.#onHeader(line);
      case 'trailer':
        return line === '' ? this.#endTrailer() : this.#onTrailer(line);
      default:
        return malformed('unexpected line');
    }
  }

  #onHeader(line: string): Outcome<never> | undefined {
    const match = (this.#link === undefined ? CHUNK_SIZE : CHUNK_SIGNATURE).exec(line);
    if (!match) return malformed(this.#link === undefined ? 'expected "<hex size>"' : 'expected "<hex size>;chunk-signature=<signature>"');
    const size = Number.parseInt(match[1]!, 16);
    if (size > MAX_VERIFIED_CHUNK_SIZE) return malformed(`a chunk of ${size} bytes is larger than ${MAX_VERIFIED_CHUNK_SIZE}`);
    if (this.#decoded + size > this.#declared) return fail('IncompleteBody', `The aws-chunked body carries more than x-amz-decoded-content-length (${this.#declared}) bytes`);
    this.#size = size;
    this.#signature = match[2] ?? '';
    if (size > 0) {
      this.#remaining = size;
      this.#state = 'data';
      return undefined;
    }
    const final = this.#check(EMPTY_SHA256);
    if (final !== undefined) return final;
    if (this.#decoded !== this.#declared) {
      return fail('IncompleteBody', `The aws-chunked body decodes to ${this.#decoded} bytes; x-amz-decoded-content-length says ${this.#declared}`);
    }
    this.#state = 'trailer';
    return undefined;
  }

  #endChunk(): Outcome<never> | undefined {
    const pieces = this.#pieces;
    const hash = pieces.length === 1 ? this.#ctx.context.crypto.sha256Hex(pieces[0]!) : this.#ctx.context.crypto.sha256Hex(concat(pieces, this.#size));
    const failure = this.#check(hash);
    if (failure !== undefined) return failure;
    for (const piece of pieces) this.#checksum?.update(piece);
    this.#decoded += this.#size;
    this.#state = 'header';
    return undefined;
  }

  #check(chunkHash: string): Outcome<never> | undefined {
    if (this.#link === undefined) return undefined;
    const { amzDate, scope } = this.#ctx;
    const algorithm = this.#ctx.algorithm.name;
    const ok = this.#link((previousSignature) => buildChunkStringToSign({ algorithm, amzDate, scope, previousSignature, chunkHash }), this.#signature);
    return ok ? undefined : fail('SignatureDoesNotMatch', `The signature of the chunk ending at decoded byte ${this.#decoded + this.#size} does not match: the chunk was changed, reordered or signed with another key`);
  }

  #onTrailer(line: string): Outcome<never> | undefined {
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon);
    if (!TRAILER_NAME.test(name) || this.#trailers.length > 8) return malformed('a trailer line must be "<name>:<value>"');
    this.#trailers.push([name.toLowerCase(), trimSpaceTab(line.slice(colon + 1))]);
    return undefined;
  }

  #endTrailer(): Outcome<never> | undefined {
    const layout = this.#layout;
    const signatureLine = this.#trailers.find(([name]) => name === 'x-amz-trailer-signature');
    const fields = this.#trailers.filter(([name]) => name !== 'x-amz-trailer-signature');
    if (layout.trailer === undefined) {
      if (this.#trailers.length > 0) return malformed('trailing headers without an x-amz-trailer header');
    } else {
      const expectedName = `x-amz-checksum-${layout.trailer.toLowerCase()}`;
      if (fields.length !== 1 || fields[0]![0] !== expectedName) return malformed(`the trailer must be exactly ${expectedName}`);
      if (this.#link !== undefined) {
        if (signatureLine === undefined) return fail('SignatureDoesNotMatch', 'The aws-chunked trailer is not signed (no x-amz-trailer-signature)');
        const { amzDate, scope } = this.#ctx;
        const algorithm = this.#ctx.algorithm.name;
        const { crypto } = this.#ctx.context;
        const trailerHash = crypto.sha256Hex(buildCanonicalTrailer(fields));
        const ok = this.#link((previousSignature) => buildTrailerStringToSign({ algorithm, amzDate, scope, previousSignature, trailerHash }), signatureLine[1]);
        if (!ok) return fail('SignatureDoesNotMatch', 'The signature of the aws-chunked trailer does not match');
      } else if (signatureLine !== undefined) {
        return malformed('an unsigned body has no trailer signature');
      }
      const computed = (this.#checksum as Checksum).digest();
      if (computed !== fields[0]![1]) return fail('BadDigest', `The ${layout.trailer} you specified did not match the calculated checksum.`);
    }
    this.#state = 'done';
    return undefined;
  }
}

/** A whole aws-chunked body, already in memory: the decoded bytes, or the failure. */
export function decodeChunkedBody(body: Uint8Array, reader: ChunkedBodyReader): Outcome<Uint8Array> {
  const pieces = reader.write(body);
  if (!Array.isArray(pieces)) return pieces;
  const ended = reader.end();
  if (ended !== true) return ended;
  return pieces.length === 1 ? pieces[0]! : concat(pieces, pieces.reduce((n, p) => n + p.length, 0));
}

/**
 * A streamed aws-chunked body, verified as it arrives: yields the decoded data chunk by chunk, each
 * only after its signature passed, and throws {@link BodyVerificationError} at the first problem
 * (nothing after it is yielded).
 */
export async function* readVerifiedChunks(source: ByteSource, reader: ChunkedBodyReader): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const piece of pieces(source)) {
    const out = reader.write(piece);
    if (!Array.isArray(out)) throw rejection(out);
    yield* out;
  }
  const ended = reader.end();
  if (ended !== true) throw rejection(ended);
}

// The headers were checked before reading, so what the body itself can fail with is S3's three codes.
function rejection(failure: VerifyFailure): BodyVerificationError {
  const awsCode: BodyRejectionCode = failure.code === 'SignatureDoesNotMatch' || failure.code === 'BadDigest' ? failure.code : 'IncompleteBody';
  return new BodyVerificationError(awsCode, failure.message);
}

/**
 * aws-chunked bodies: the headers must describe one; a body given is decoded and every chunk checked
 * now, otherwise the result offers `readChunkedBody` to check a stream as it is read.
 */
export function verifyChunkedBody(
  req: ReceivedRequest,
  auth: Authentication,
  credentials: VerifyCredentials,
  scope: string,
  settings: VerifySettings,
): Outcome<Pick<VerifySuccess, 'decodedBody' | 'readChunkedBody'>> {
  const header = (name: string): string | undefined => req.headers.get(name)?.trim();
  const ctx: ChunkedBodyContext = {
    marker: header('x-amz-content-sha256') ?? '',
    trailer: header('x-amz-trailer'),
    decodedLength: header('x-amz-decoded-content-length'),
    algorithm: auth.algorithm,
    amzDate: auth.amzDate,
    scope,
    seedSignature: auth.signature,
    context: verifyContext(auth, credentials, settings),
  };
  const newReader = chunkedBodyReaders(ctx);
  if (isFailure(newReader)) return newReader;
  if (req.body === undefined || req.body === null) return { readChunkedBody: (source) => readVerifiedChunks(source, newReader()) };
  const decoded = decodeChunkedBody(bodyBytes(req.body), newReader());
  return isFailure(decoded) ? decoded : { decodedBody: decoded };
}

function bodyBytes(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return utf8(String(body));
}

