/**
 * Clock-skew correction against a loopback server whose clock is an hour ahead of the client's
 * (injected) clock: it refuses a request dated more than 5 minutes off with the error shapes AWS
 * uses, and a Date header. The wrapper learns the offset, retries once, and keeps the offset.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSignedFetch } from '../../src/index.js';
import { type Loopback, type Recorded, startLoopback } from './loopback.js';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SERVER_NOW = new Date('2026-03-01T13:00:00Z');
const amzDate = (d: Date): string => d.toISOString().replace(/[-:]|\.\d{3}/g, '');
const parseAmzDate = (s: string): number => Date.parse(s.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));

type Refusal = (sent: string) => { status: number; type: string; body: string };

const SHAPES: Record<string, Refusal> = {
  'InvalidSignatureException "Signature expired" (JSON)': (sent) => ({
    status: 403,
    type: 'application/x-amz-json-1.1',
    body: JSON.stringify({ __type: 'InvalidSignatureException', message: `Signature expired: ${sent} is now earlier than 20260301T125500Z (20260301T130000Z - 5 min.)` }),
  }),
  'S3 RequestTimeTooSkewed (XML)': (sent) => ({
    status: 403,
    type: 'application/xml',
    body: `<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>${sent}</RequestTime><ServerTime>${SERVER_NOW.toISOString()}</ServerTime></Error>`,
  }),
  'SignatureDoesNotMatch "Signature not yet current" (query XML)': (sent) => ({
    status: 403,
    type: 'text/xml',
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>Signature not yet current: ${sent} is still later than 20260301T130500Z (20260301T130000Z + 5 min.)</Message></Error></ErrorResponse>`,
  }),
};

function skewServer(refusal: Refusal, options: { always?: boolean; sendDate?: boolean } = {}) {
  return (req: Recorded, res: ServerResponse): void => {
    const sent = req.header('x-amz-date') ?? '';
    const off = Math.abs(parseAmzDate(sent) - SERVER_NOW.getTime()) > 5 * 60_000;
    res.sendDate = false;
    if (options.sendDate !== false) res.setHeader('date', SERVER_NOW.toUTCString());
    if (!off && options.always !== true) return void res.end('{"flows":[]}');
    const { status, type, body } = refusal(sent);
    res.writeHead(status, { 'content-type': type }).end(body);
  };
}

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const client = (clockAt: string, extra: object = {}) =>
  createSignedFetch({ credentials: KEYS, service: 'mediaconnect', region: 'us-east-1', clock: () => new Date(clockAt), retry: false, ...extra });

describe('clock-skew correction', () => {
  it.each(Object.entries(SHAPES))('%s: learns the offset from the answer, retries once, and keeps it', async (_shape, refusal) => {
    server = await startLoopback(skewServer(refusal));
    const behind = refusal === SHAPES['SignatureDoesNotMatch "Signature not yet current" (query XML)'] ? '2026-03-01T14:00:00Z' : '2026-03-01T12:00:00Z';
    const send = client(behind);
    const first = await send(`${server.url}/v1/flows`, { method: 'POST', body: '{}' });
    expect(first.status).toBe(200);
    expect(server.log.map((r) => r.header('x-amz-date'))).toEqual([amzDate(new Date(behind)), amzDate(SERVER_NOW)]);
    const second = await send(`${server.url}/v1/flows`);
    expect(second.status).toBe(200);
    expect(server.log).toHaveLength(3); // no refusal this time: the offset was kept
    expect(server.log[2]?.header('x-amz-date')).toBe(amzDate(SERVER_NOW));
  });

  it('retries only once when the server keeps refusing, and returns its answer', async () => {
    server = await startLoopback(skewServer(SHAPES['S3 RequestTimeTooSkewed (XML)']!, { always: true }));
    const response = await client('2026-03-01T12:00:00Z')(`${server.url}/v1/flows`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('RequestTimeTooSkewed');
    expect(server.log).toHaveLength(2);
  });

  it('does not retry with correctClockSkew: false, nor without a server time to learn from', async () => {
    server = await startLoopback(skewServer(SHAPES['InvalidSignatureException "Signature expired" (JSON)']!));
    expect((await client('2026-03-01T12:00:00Z', { correctClockSkew: false })(`${server.url}/v1/flows`)).status).toBe(403);
    expect(server.log).toHaveLength(1);
    await server.close();
    server = await startLoopback(skewServer(SHAPES['InvalidSignatureException "Signature expired" (JSON)']!, { sendDate: false }));
    expect((await client('2026-03-01T12:00:00Z')(`${server.url}/v1/flows`)).status).toBe(403);
    expect(server.log).toHaveLength(1);
  });

  it('does not take an unrelated signature error for skew', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error></ErrorResponse>');
    });
    expect((await client('2026-03-01T12:00:00Z')(`${server.url}/v1/flows`)).status).toBe(403);
    expect(server.log).toHaveLength(1);
  });
});
