/**
 * A loopback fake of the AWS Sign-In service's `CreateOAuth2Token` (`POST /v1/token`), answering
 * with the wire shapes of the Sign-In API model (botocore data/signin): the flat
 * `{accessToken{...}, tokenType, expiresIn, refreshToken}` body, and errors as
 * `AccessDeniedException` with the OAuth `error` field. Every request is recorded whole.
 */
import { reply, startFake, type FakeServer } from './server.js';
import type { RecordedCall } from './identityCenter.js';

export interface FakeSignIn extends FakeServer {
  readonly calls: RecordedCall[];
  /** What `/v1/token` answers: [status, JSON body, x-amzn-ErrorType]. */
  answer: (body: Record<string, unknown>) => readonly [number, Record<string, unknown>, string?];
}

export async function startFakeSignIn(): Promise<FakeSignIn> {
  const calls: RecordedCall[] = [];
  const state: Pick<FakeSignIn, 'answer'> = { answer: () => [500, { message: 'no answer configured' }] };
  const server: FakeServer = await startFake((request, response, body) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    calls.push({ method: request.method ?? '', url, headers: request.headers, body });
    if (request.method !== 'POST' || url.pathname !== '/v1/token') return reply(response, 404, { message: 'no route' });
    const [status, answer, type] = fake.answer(JSON.parse(body) as Record<string, unknown>);
    reply(response, status, answer, type === undefined ? {} : { 'x-amzn-errortype': type });
  });
  const fake: FakeSignIn = Object.assign(server, { calls }, state);
  return fake;
}
