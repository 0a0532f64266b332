/**
 * Event-stream message signing (Transcribe streaming, Lex, Kinesis video signaling...): each
 * message's signature chains the previous one, starting from the request signature, as
 * smithy-typescript `signMessage` and smithy-rs `event_stream::sign_message` do. The string to sign is
 * `AWS4-HMAC-SHA256-PAYLOAD \n date \n scope \n prior signature \n sha256(:date header) \n sha256(payload)`.
 */
import { InvalidRequestError } from '../errors.js';
import { type EventHeaders, encodeEventHeaders, encodeEventStreamMessage } from './codec.js';
import { resolveParams } from '../sigv4/options.js';
import { deriveSigningKey } from '../sigv4/signingKey.js';
import type { Credentials, Sha256Function } from '../sigv4/types.js';
import type { SigningKeyCache } from '../sigv4/signingKey.js';

/** What signing an event needs: the credentials, region and service of the request that opened the stream. */
export interface EventStreamSigningParams {
  readonly credentials: Credentials;
  readonly region: string;
  readonly service: string;
  readonly keyCache?: SigningKeyCache | undefined;
  readonly sha256?: Sha256Function | undefined;
}

/** A signed event, ready to send. */
export interface SignedEvent {
  /** The signing time, truncated to whole seconds (the `:date` header must equal the string to sign's date). */
  readonly date: Date;
  readonly stringToSign: string;
  /** Hex signature: the prior signature of the next event. */
  readonly signature: string;
  /** `:date` (timestamp) and `:chunk-signature` (binary). */
  readonly headers: EventHeaders;
  /** The framed wrapper message: these headers around the payload. */
  readonly message: Uint8Array;
}

const HEX64 = /^[0-9a-f]{64}$/;

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/**
 * Signs one event payload (an encoded inner message, or empty for the end of the stream).
 * @example
 * const first = signEventStreamMessage(audioEvent, signed.signature, new Date(), { credentials, region, service: 'transcribe' });
 * socket.send(first.message);
 * @throws {InvalidRequestError} INVALID_OPTION for a prior signature that is not 64 hex characters; the
 *   errors of `signRequest` for bad credentials, region, service or date.
 */
export function signEventStreamMessage(payload: Uint8Array, priorSignature: string, signingDate: Date, params: EventStreamSigningParams): SignedEvent {
  if (typeof priorSignature !== 'string' || !HEX64.test(priorSignature)) {
    throw new InvalidRequestError('INVALID_OPTION', 'priorSignature must be the previous signature: 64 lowercase hex characters');
  }
  if (!(payload instanceof Uint8Array)) throw new InvalidRequestError('INVALID_BODY', 'an event payload must be a Uint8Array');
  const time = signingDate instanceof Date ? signingDate.getTime() : Number.NaN;
  const date = new Date(time - (((time % 1000) + 1000) % 1000));
  const { credentials: c, region, service, keyCache, sha256 } = params ?? ({} as EventStreamSigningParams);
  const p = resolveParams({ credentials: c, region, service, keyCache, sha256, signingDate: date });
  const dateHeader = { ':date': { type: 'timestamp', value: date } } as const;
  const { crypto, credentials, scope } = p;
  const stringToSign = `AWS4-HMAC-SHA256-PAYLOAD\n${p.amzDate}\n${scope}\n${priorSignature}\n${crypto.sha256Hex(encodeEventHeaders(dateHeader))}\n${crypto.sha256Hex(payload)}`;
  const { sign } = p.keyCache.lookup(credentials.accessKeyId, credentials.secretAccessKey, scope, () => deriveSigningKey(credentials.secretAccessKey, p, crypto), crypto);
  const signature = sign(stringToSign);
  const headers: EventHeaders = { ...dateHeader, ':chunk-signature': { type: 'binary', value: fromHex(signature) } };
  return { date, stringToSign, signature, headers, message: encodeEventStreamMessage({ headers, body: payload }) };
}

/** A signer that chains each event to the previous one. */
export interface EventStreamSigner {
  /** Signs the next payload at the clock's time. */
  sign(payload: Uint8Array): SignedEvent;
  /** The empty signed message that ends the stream. */
  end(): SignedEvent;
  /** The signature the next event will chain to. */
  readonly priorSignature: string;
}

/**
 * A chained signer starting from the signature of the request that opened the stream.
 * @example
 * const signer = createEventStreamSigner(signed.signature, { credentials, region: 'us-east-1', service: 'transcribe' });
 * for await (const audio of chunks) send(signer.sign(encodeEventStreamMessage(audioEvent(audio))).message);
 * send(signer.end().message);
 */
export function createEventStreamSigner(seedSignature: string, params: EventStreamSigningParams & { readonly clock?: (() => Date) | undefined }): EventStreamSigner {
  let prior = seedSignature;
  const clock = params.clock ?? (() => new Date());
  const next = (payload: Uint8Array): SignedEvent => {
    const signed = signEventStreamMessage(payload, prior, clock(), params);
    prior = signed.signature;
    return signed;
  };
  return {
    sign: next,
    end: () => next(new Uint8Array(0)),
    get priorSignature() {
      return prior;
    },
  };
}

/**
 * Signs a stream of payloads into framed messages, ending with the empty signed message.
 * @example
 * for await (const frame of signEventStream(audioEvents, signed.signature, { credentials, region, service: 'transcribe' })) socket.send(frame);
 */
export async function* signEventStream(
  payloads: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  seedSignature: string,
  params: EventStreamSigningParams & { readonly clock?: (() => Date) | undefined },
): AsyncGenerator<Uint8Array, void, undefined> {
  const signer = createEventStreamSigner(seedSignature, params);
  for await (const payload of payloads) yield signer.sign(payload).message;
  yield signer.end().message;
}
