/**
 * A header value fetch would refuse (issue 20, item 2) is refused by createSignedFetch before any
 * request, naming the header on one line: fetch's own TypeError quotes the value (a key, a token?)
 * over two lines, so neither that message nor that error (as `cause`) may reach the caller.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSignedFetch, InvalidRequestError } from '../../src/index.js';
import { captureRejection } from '../support/errors.js';

describe('createSignedFetch and a header value with a line break', () => {
  it.each([
    ['a record', { 'X-Api-Key': 'Bearer s3cr3t\nX-Injected: 1' }],
    ['pairs', [['X-Api-Key', 'Bearer s3cr3t\r\nX-Injected: 1']]],
    ['a value above U+00FF', { 'X-Api-Key': 's3cr3t\u20ac' }],
  ] as const)('%s: INVALID_HEADER_VALUE naming the header, without the value, and no request', async (_what, headers) => {
    const sent: unknown[] = [];
    const aws = createSignedFetch({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, service: 'mediaconnect', region: 'us-east-1', env: {}, fetch: async (...args) => (sent.push(args), new Response('')) });
    const error = await captureRejection(() => aws('https://mediaconnect.us-east-1.amazonaws.com/v1/flows', { headers: headers as HeadersInit }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'INVALID_HEADER_VALUE', message: 'header "X-Api-Key" must be a string without CR, LF, NUL or characters above U+00FF' });
    expect(inspect(error)).not.toContain('s3cr3t');
    expect(sent).toEqual([]);
  });
});
