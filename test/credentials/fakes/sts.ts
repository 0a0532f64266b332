/**
 * A fake STS query endpoint answering with the XML shapes of the STS API Reference (the Query protocol).
 * Only for what moto cannot show: a root identity, and chain precedence without a Python peer.
 * Expected values in tests never come from here for signatures; moto is the signature peer.
 */
import { type FakeServer, startFake } from './server.js';

export interface FakeStsOptions {
  /** Arn GetCallerIdentity reports. */
  readonly callerArn?: string;
  /** Error to answer every request with, as [status, code]. */
  readonly error?: readonly [number, string, string?];
  /** Answer with an AccessDenied whose message echoes the raw body and session token header (a hostile server). */
  readonly echo?: boolean;
  /**
   * Failures for the first requests, in order, one per request; later requests are answered normally.
   * '500' (InternalFailure XML), 'throttle' (400 Throttling), 'idp' (400 IDPCommunicationError),
   * 'html503' (a load balancer's HTML page), 'reset' (connection dropped), 'denied' (403 AccessDenied),
   * a number (answer normally after that many ms: a slow endpoint).
   */
  readonly failures?: ReadonlyArray<'500' | 'throttle' | 'idp' | 'html503' | 'reset' | 'denied' | number>;
  /** Account of the assumed role ARN in AssumeRole* answers. Default 123456789012. */
  readonly account?: string;
  /** The fake's clock (epoch ms), for expirations. Default `Date.now`. */
  readonly now?: () => number;
}

export interface FakeSts extends FakeServer {
  /** Form bodies received, decoded. */
  bodies(): URLSearchParams[];
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export async function startFakeSts(options: FakeStsOptions = {}): Promise<FakeSts> {
  const bodies: URLSearchParams[] = [];
  const failures = [...(options.failures ?? [])];
  const server = await startFake((request, response, body) => {
    const form = new URLSearchParams(body);
    bodies.push(form);
    const failure = failures.shift();
    if (failure === 'reset') return void response.socket?.destroy();
    if (failure === 'html503') {
      response.writeHead(503, { 'content-type': 'text/html' });
      return void response.end('<!DOCTYPE html><html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
    }
    if (typeof failure === 'string') {
      const [status, code] = ({ '500': [500, 'InternalFailure'], throttle: [400, 'Throttling'], idp: [400, 'IDPCommunicationError'], denied: [403, 'AccessDenied'] } as const)[failure];
      response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': `req-${bodies.length}` });
      return void response.end(errorXml(status === 500 ? 'Receiver' : 'Sender', code, `fake ${code}`));
    }
    if (typeof failure === 'number') return void setTimeout(() => respond(), failure);
    respond();
    function respond(): void {
    const echo = `${body} ${String(request.headers['x-amz-security-token'])}`.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const [status, xml] = answer(form, options.echo ? { ...options, error: [403, 'AccessDenied', echo] } : options);
    response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': `req-${bodies.length}` });
    response.end(xml);
    }
  });
  return { ...server, bodies: () => bodies };
}

function answer(form: URLSearchParams, options: FakeStsOptions): [number, string] {
  const action = form.get('Action') ?? '';
  if (options.error) {
    const [status, code, message = 'denied'] = options.error;
    return [status, errorXml('Sender', code, message)];
  }
  if (action === 'GetCallerIdentity') {
    const arn = options.callerArn ?? 'arn:aws:iam::123456789012:user/fake';
    return [200, `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDAFAKE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`];
  }
  // STS's defaults: 12 h for GetSessionToken, 1 h for the AssumeRole* actions.
  const seconds = Number(form.get('DurationSeconds') ?? (action === 'GetSessionToken' ? 43_200 : 3600));
  const expiration = new Date((options.now ?? Date.now)() + seconds * 1000).toISOString();
  const key = `ASIAFAKE${action.toUpperCase().replace(/[^A-Z]/g, '').slice(0, 12).padEnd(12, 'X')}`;
  // AssumeRole* answers name the assumed role (the documented shape); GetSessionToken's do not.
  const role = action.startsWith('AssumeRole') ? `<AssumedRoleUser><Arn>arn:aws:sts::${options.account ?? '123456789012'}:assumed-role/fake/session</Arn><AssumedRoleId>AROAFAKE:session</AssumedRoleId></AssumedRoleUser>` : '';
  return [200, `<${action}Response xmlns="${NS}"><${action}Result>${role}<Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>fakeSecret/${action}</SecretAccessKey><SessionToken>fake-token-${action}</SessionToken><Expiration>${expiration}</Expiration></Credentials></${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`];
}

function errorXml(type: string, code: string, message: string): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake-request-id</RequestId></ErrorResponse>`;
}
