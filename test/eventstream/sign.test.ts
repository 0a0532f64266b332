/**
 * Event-stream signing against independent oracles: @smithy/signature-v4 `signMessage` (signatures),
 * @smithy/eventstream-codec (framing, both ways), and the string to sign smithy-rs asserts in
 * aws/rust-runtime/aws-sigv4/src/event_stream.rs `tests::string_to_sign`.
 */
import { createHash } from 'node:crypto';
import { EventStreamCodec, Int64 } from '@smithy/eventstream-codec';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { createEventStreamSigner, signEventStream, signEventStreamMessage } from '../../src/eventstream/sign.js';
import { type EventHeaders, encodeEventStreamMessage } from '../../src/eventstream/codec.js';
import { captureError } from '../support/errors.js';
import { seeded } from '../support/random.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const params = { credentials, region: 'us-east-1', service: 'transcribe' };
const smithy = new SignatureV4({ credentials, region: params.region, service: params.service, sha256: Hash.bind(null, 'sha256') });
const codec = new EventStreamCodec(toUtf8, fromUtf8);
const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

async function smithySignature(payload: Uint8Array, priorSignature: string, date: Date): Promise<string> {
  const signed = await smithy.signMessage({ message: { headers: { ':date': { type: 'timestamp', value: date } }, body: payload }, priorSignature }, { signingDate: date });
  return signed.signature;
}

describe('event-stream message signing', () => {
  it('matches @smithy/signature-v4 signMessage along a chain of random messages', async () => {
    const r = seeded(5);
    let prior = sha256('seed request');
    let date = new Date('2024-03-04T05:06:07Z');
    for (let i = 0; i < 20; i++) {
      const payload = Uint8Array.from({ length: r.pick([0, 1, 100, 4096]) }, () => r.int(0, 255));
      const ours = signEventStreamMessage(payload, prior, date, params);
      expect(ours.signature).toBe(await smithySignature(payload, prior, date));
      prior = ours.signature;
      date = new Date(date.getTime() + r.int(0, 5) * 1000);
    }
  });

  it('truncates the signing time to whole seconds, so :date equals the date in the string to sign', async () => {
    const prior = sha256('x');
    const signed = signEventStreamMessage(new Uint8Array([1, 2, 3]), prior, new Date('2024-03-04T05:06:07.891Z'), params);
    expect(signed.date.toISOString()).toBe('2024-03-04T05:06:07.000Z');
    expect(signed.stringToSign.split('\n')[1]).toBe('20240304T050607Z');
    expect(signed.signature).toBe(await smithySignature(new Uint8Array([1, 2, 3]), prior, signed.date));
  });

  it("reproduces smithy-rs's string_to_sign test exactly", () => {
    // smithy-lang/smithy-rs @ 2cbe1b8e, aws/rust-runtime/aws-sigv4/src/event_stream.rs, tests::string_to_sign:
    // time 123456789 s (+1234 ns), region us-east-1, service testservice, message "test payload" with
    // header some-header = String("value"), last signature sha256("last message sts").
    const message = encodeEventStreamMessage({ headers: { 'some-header': { type: 'string', value: 'value' } }, body: fromUtf8('test payload') });
    const signed = signEventStreamMessage(message, sha256('last message sts'), new Date(123_456_789_000), { ...params, service: 'testservice' });
    expect(signed.stringToSign).toBe([
      'AWS4-HMAC-SHA256-PAYLOAD',
      '19731129T213309Z',
      '19731129/us-east-1/testservice/aws4_request',
      'be1f8c7d79ef8e1abc5254a2c70e4da3bfaf4f07328f527444e1fc6ea67273e2',
      '0c0e3b3bf66b59b976181bd7d401927bbd624107303c713fd1e5f3d3c8dd1b1e',
      'f2eba0f2e95967ee9fbc6db5e678d2fd599229c0d04b11e4fc8e0f2a02a806c6',
    ].join('\n'));
  });

  it('frames the signed message with :date and :chunk-signature, as @smithy/eventstream-codec decodes it', () => {
    const signed = signEventStreamMessage(fromUtf8('inner'), sha256('p'), new Date('2024-01-01T00:00:00Z'), params);
    const decoded = codec.decode(signed.message);
    expect(toUtf8(decoded.body)).toBe('inner');
    expect(decoded.headers[':date']).toEqual({ type: 'timestamp', value: signed.date });
    expect(Buffer.from(decoded.headers[':chunk-signature']!.value as Uint8Array).toString('hex')).toBe(signed.signature);
  });

  it('signs a stream: one frame per payload plus the empty end frame, chained from the seed, at the injected clock', async () => {
    const seed = sha256('request');
    const times = [0, 1, 1, 3].map((s) => new Date(Date.UTC(2024, 0, 1, 0, 0, s)));
    let tick = 0;
    const frames: Uint8Array[] = [];
    for await (const frame of signEventStream([fromUtf8('a'), fromUtf8('bb'), fromUtf8('ccc')], seed, { ...params, clock: () => times[tick++]! })) frames.push(frame);
    expect(frames).toHaveLength(4);
    let prior = seed;
    for (const [i, frame] of frames.entries()) {
      const decoded = codec.decode(frame);
      const signature = Buffer.from(decoded.headers[':chunk-signature']!.value as Uint8Array).toString('hex');
      expect(signature).toBe(await smithySignature(decoded.body, prior, times[i]!));
      prior = signature;
    }
    expect(codec.decode(frames[3]!).body).toHaveLength(0);
    const signer = createEventStreamSigner(seed, { ...params, clock: () => times[0]! });
    expect(signer.sign(fromUtf8('a')).signature).toBe(signer.priorSignature);
  });
});

describe('event-stream codec', () => {
  it('encodes every header type exactly as @smithy/eventstream-codec does', () => {
    const headers: EventHeaders = {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: 'AudioEvent' },
      t: { type: 'boolean', value: true },
      f: { type: 'boolean', value: false },
      b: { type: 'byte', value: -5 },
      s: { type: 'short', value: -30_000 },
      i: { type: 'integer', value: 2_000_000_000 },
      l: { type: 'long', value: -1234567890123n },
      bin: { type: 'binary', value: Uint8Array.of(0, 255, 7) },
      ts: { type: 'timestamp', value: new Date(1_700_000_000_123) },
      u: { type: 'uuid', value: '12345678-9abc-def0-1234-56789abcdef0' },
      é: { type: 'string', value: 'ü中' },
    };
    const body = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const theirs = codec.encode({
      headers: { ...headers, l: { type: 'long', value: Int64.fromNumber(-1234567890123) } } as never,
      body,
    });
    expect(Buffer.from(encodeEventStreamMessage({ headers, body })).equals(Buffer.from(theirs))).toBe(true);
  });

  it('refuses bad headers and prior signatures with typed errors', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => encodeEventStreamMessage({ headers: { b: { type: 'byte', value: 128 } }, body: new Uint8Array() }), 'INVALID_HEADER_VALUE'],
      [() => encodeEventStreamMessage({ headers: { u: { type: 'uuid', value: 'nope' } }, body: new Uint8Array() }), 'INVALID_HEADER_VALUE'],
      [() => encodeEventStreamMessage({ headers: { s: { type: 'string', value: 'x'.repeat(70_000) } }, body: new Uint8Array() }), 'INVALID_HEADER_VALUE'],
      [() => encodeEventStreamMessage({ headers: { ['n'.repeat(256)]: { type: 'boolean', value: true } }, body: new Uint8Array() }), 'INVALID_HEADER_NAME'],
      [() => encodeEventStreamMessage({ headers: {}, body: 'text' as never }), 'INVALID_BODY'],
      [() => signEventStreamMessage(new Uint8Array(), 'short', new Date(), params), 'INVALID_OPTION'],
      [() => signEventStreamMessage(new Uint8Array(), sha256('x'), new Date(Number.NaN), params), 'INVALID_DATE'],
    ];
    for (const [attempt, code] of cases) {
      const error = captureError(attempt);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).code).toBe(code);
    }
  });
});
