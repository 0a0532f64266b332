/**
 * `sigv4-kit/eventstream`: signing of AWS event streams (each message signed, chained to the
 * previous signature) and the event-stream message codec. Its own entry so that no bundle of
 * `signRequest` carries it.
 * @module
 */
export {
  signEventStreamMessage,
  createEventStreamSigner,
  signEventStream,
  type EventStreamSigningParams,
  type EventStreamSigner,
  type SignedEvent,
} from './eventstream/sign.js';
export {
  encodeEventStreamMessage,
  encodeEventHeaders,
  type EventHeaderValue,
  type EventHeaders,
  type EventStreamMessage,
} from './eventstream/codec.js';
