/**
 * A loopback server protected by withSigV4 that records every request it receives (method, raw
 * target, raw header pairs, and for accepted requests the body and verified identity), so tests can
 * replay tampered copies into verifyRequest. Answers just enough for the aws CLI to parse.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type VerifyCredentials, type VerifySuccess } from '../../src/index.js';
import { withSigV4 } from '../../src/node.js';

export interface Captured {
  readonly method: string;
  readonly url: string;
  readonly headers: Array<[string, string]>;
  readonly at: Date;
  body?: Uint8Array;
  identity?: VerifySuccess;
  status?: number;
  /** The error code the server answered with (x-amzn-errortype). */
  code?: string;
}

export interface VerifyServer {
  readonly endpoint: string;
  readonly log: Captured[];
  close(): Promise<void>;
}

const STS_IDENTITY = '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/alice</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
const IAM_USERS = '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><Users/><IsTruncated>false</IsTruncated></ListUsersResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListUsersResponse>';

function reply(req: IncomingMessage, res: ServerResponse, identity: VerifySuccess): void {
  const send = (type: string, body: string): void => {
    res.setHeader('content-type', type);
    res.end(body);
  };
  if (identity.service === 'sts') return send('text/xml', STS_IDENTITY);
  if (identity.service === 'iam') return send('text/xml', IAM_USERS);
  if (identity.service === 's3') {
    res.setHeader('etag', '"d41d8cd98f00b204e9800998ecf8427e"');
    return send('application/octet-stream', req.method === 'GET' ? 'hello' : '');
  }
  send('application/json', '{}');
}

/** Node gives header bytes as latin1 characters; a client signed the UTF-8 text they spell. */
function utf8(value: string): string {
  const text = Buffer.from(value, 'latin1').toString('utf8');
  return text.includes('\ufffd') ? value : text;
}

/** Starts the server on 127.0.0.1, port 0. */
export async function startVerifyServer(keys: ReadonlyMap<string, VerifyCredentials>): Promise<VerifyServer> {
  const log: Captured[] = [];
  const records = new WeakMap<IncomingMessage, Captured>();
  const protectedHandler = withSigV4({ getCredentials: (id) => keys.get(id), errorFormat: 'json' }, (req: IncomingMessage, res: ServerResponse, { identity, body }) => {
    const record = records.get(req);
    if (record) Object.assign(record, { identity, body });
    reply(req, res, identity);
  });
  const server = createServer((req, res) => {
    const headers: Array<[string, string]> = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, utf8(req.rawHeaders[i + 1]!)]);
    const record: Captured = { method: req.method ?? '', url: req.url ?? '', headers, at: new Date() };
    records.set(req, record);
    log.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
      const code = res.getHeader('x-amzn-errortype');
      if (typeof code === 'string') record.code = code;
    });
    void protectedHandler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
