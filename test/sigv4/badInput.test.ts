/** Bad input: each case gets a typed error with a stable code, and nothing is signed or changed. */
import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  CredentialsError,
  InvalidRequestError,
  presignUrl,
  SigV4Error,
  signRequest,
  type PresignParams,
  type SignableRequest,
} from '../../src/index.js';
import { captureError } from '../support/errors.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FQoGZXIvYXdzEXAMPLE/SESSION+TOKEN==';
const good: SignableRequest = { method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows' };
const params = {
  credentials: { accessKeyId: 'ASIAEXAMPLEKEY123456', secretAccessKey: SECRET, sessionToken: TOKEN },
  region: 'us-east-1',
  service: 'mediaconnect',
  signingDate: new Date('2026-11-28T12:00:00Z'),
};

type ErrorClass = abstract new (...args: never[]) => SigV4Error;
type Case = [label: string, cls: ErrorClass, code: string, run: () => unknown];
const withRequest = (request: unknown) => () => signRequest(request as SignableRequest, params);
const withParams = (extra: Record<string, unknown>) => () => signRequest(good, { ...params, ...extra } as typeof params);
const presign = (extra: Record<string, unknown>) => () => presignUrl(good, { ...params, expiresIn: 60, ...extra } as PresignParams);

const cases: Case[] = [
  ['relative URL', InvalidRequestError, 'INVALID_URL', withRequest({ method: 'GET', url: '/v1/flows' })],
  ['unparsable URL', InvalidRequestError, 'INVALID_URL', withRequest({ method: 'GET', url: 'https://exa mple.com/' })],
  ['URL without host', InvalidRequestError, 'INVALID_URL', withRequest({ method: 'GET', url: 'https:///path' })],
  ['non-http scheme', InvalidRequestError, 'INVALID_URL', withRequest({ method: 'GET', url: 'ftp://example.com/' })],
  ['URL with a newline', InvalidRequestError, 'INVALID_URL', withRequest({ method: 'GET', url: 'https://example.com/a\nb' })],
  ['url of the wrong type', InvalidRequestError, 'INVALID_URL', withRequest({ method: 'GET', url: 42 })],
  ['method with a space', InvalidRequestError, 'INVALID_METHOD', withRequest({ ...good, method: 'GE T' })],
  ['empty method', InvalidRequestError, 'INVALID_METHOD', withRequest({ ...good, method: '' })],
  ['header name with a space', InvalidRequestError, 'INVALID_HEADER_NAME', withRequest({ ...good, headers: { 'x bad': '1' } })],
  ['header name with a colon', InvalidRequestError, 'INVALID_HEADER_NAME', withRequest({ ...good, headers: [['x:y', '1']] })],
  ['empty header name', InvalidRequestError, 'INVALID_HEADER_NAME', withRequest({ ...good, headers: { '': '1' } })],
  ['header value with CR', InvalidRequestError, 'INVALID_HEADER_VALUE', withRequest({ ...good, headers: { 'x-a': 'a\rb' } })],
  ['header value with LF', InvalidRequestError, 'INVALID_HEADER_VALUE', withRequest({ ...good, headers: { 'x-a': 'a\nInjected: 1' } })],
  ['header value with NUL', InvalidRequestError, 'INVALID_HEADER_VALUE', withRequest({ ...good, headers: new Map([['x-a', 'a\0b']]) })],
  ['header value that is a number', InvalidRequestError, 'INVALID_HEADER_VALUE', withRequest({ ...good, headers: { 'content-length': 5 } })],
  ['host header for another host', InvalidRequestError, 'HOST_MISMATCH', withRequest({ ...good, headers: { host: 'evil.example.com' } })],
  ['body of an unlisted type', InvalidRequestError, 'INVALID_BODY', withRequest({ ...good, method: 'POST', body: { json: true } })],
  ['body that is a stream', InvalidRequestError, 'INVALID_BODY', withRequest({ ...good, method: 'POST', body: new ReadableStream() })],
  ['body that is a DataView', InvalidRequestError, 'INVALID_BODY', withRequest({ ...good, method: 'POST', body: new DataView(new ArrayBuffer(2)) })],
  ['empty region', InvalidRequestError, 'INVALID_REGION', withParams({ region: '' })],
  ['region with /', InvalidRequestError, 'INVALID_REGION', withParams({ region: 'us-east-1/x' })],
  ['empty service', InvalidRequestError, 'INVALID_SERVICE', withParams({ service: '' })],
  ['service with /', InvalidRequestError, 'INVALID_SERVICE', withParams({ service: 's3/x' })],
  ['invalid date', InvalidRequestError, 'INVALID_DATE', withParams({ signingDate: new Date('nope') })],
  ['date that is not a Date', InvalidRequestError, 'INVALID_DATE', withParams({ signingDate: '2026-01-01' })],
  ['date past year 9999', InvalidRequestError, 'INVALID_DATE', withParams({ signingDate: new Date(Date.UTC(10000, 0, 1)) })],
  ['expiresIn 0', InvalidRequestError, 'INVALID_EXPIRES', presign({ expiresIn: 0 })],
  ['expiresIn 604801', InvalidRequestError, 'INVALID_EXPIRES', presign({ expiresIn: 604_801 })],
  ['expiresIn not an integer', InvalidRequestError, 'INVALID_EXPIRES', presign({ expiresIn: 1.5 })],
  ['expiresIn NaN', InvalidRequestError, 'INVALID_EXPIRES', presign({ expiresIn: Number.NaN })],
  ['expiresIn as a string', InvalidRequestError, 'INVALID_EXPIRES', presign({ expiresIn: '60' })],
  ['presigning an already presigned URL', InvalidRequestError, 'INVALID_QUERY', () =>
    presignUrl({ method: 'GET', url: 'https://example.com/?X-Amz-Signature=abc' }, { ...params, expiresIn: 60 })],
  ['missing credentials', CredentialsError, 'INVALID_CREDENTIALS', withParams({ credentials: undefined })],
  ['empty access key id', CredentialsError, 'INVALID_CREDENTIALS', withParams({ credentials: { ...params.credentials, accessKeyId: '' } })],
  ['access key id with /', CredentialsError, 'INVALID_CREDENTIALS', withParams({ credentials: { ...params.credentials, accessKeyId: 'AKID/X' } })],
  ['empty secret', CredentialsError, 'INVALID_CREDENTIALS', withParams({ credentials: { ...params.credentials, secretAccessKey: '' } })],
  ['secret not a string', CredentialsError, 'INVALID_CREDENTIALS', withParams({ credentials: { ...params.credentials, secretAccessKey: 7 } })],
  ['token with a newline', CredentialsError, 'INVALID_CREDENTIALS', withParams({ credentials: { ...params.credentials, sessionToken: `${TOKEN}\nx` } })],
  ['empty token', CredentialsError, 'INVALID_CREDENTIALS', withParams({ credentials: { ...params.credentials, sessionToken: '' } })],
  ['expiration not a Date', CredentialsError, 'INVALID_CREDENTIALS', withParams({ credentials: { ...params.credentials, expiration: 'soon' } })],
  ['expired credentials', CredentialsError, 'CREDENTIALS_EXPIRED', withParams({ credentials: { ...params.credentials, expiration: new Date('2026-11-28T11:59:59Z') } })],
  ['payloadHash too short', InvalidRequestError, 'INVALID_PAYLOAD_HASH', withParams({ payloadHash: 'abc' })],
  ['payloadHash upper-case hex', InvalidRequestError, 'INVALID_PAYLOAD_HASH', withParams({ payloadHash: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' })],
  ['payloadHash unknown marker', InvalidRequestError, 'INVALID_PAYLOAD_HASH', withParams({ payloadHash: 'UNSIGNED' })],
  ['sessionTokenMode unknown', InvalidRequestError, 'INVALID_OPTION', withParams({ sessionTokenMode: 'header' })],
  ['normalizePath not a boolean', InvalidRequestError, 'INVALID_OPTION', withParams({ normalizePath: 'yes' })],
  ['signedHeaders with a bad name', InvalidRequestError, 'INVALID_OPTION', withParams({ signedHeaders: ['x y'] })],
  ['keyCache of the wrong type', InvalidRequestError, 'INVALID_OPTION', withParams({ keyCache: new Map() })],
];

describe('bad input', () => {
  it.each(cases)('%s → %s %s', (_label, cls, code, run) => {
    const error = captureError(run);
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(SigV4Error);
    expect((error as SigV4Error).code).toBe(code);
    expect((error as Error).name).toBe(cls.name);
    for (const rendered of [String(error), (error as Error).message, inspect(error, { depth: 5 }), format('%o', error), JSON.stringify(error)]) {
      expect(rendered).not.toContain(SECRET);
      expect(rendered).not.toContain(TOKEN);
    }
  });

  it('covers every validation the issue lists', () => {
    const codes = new Set(cases.map(([, , code]) => code));
    for (const code of ['INVALID_URL', 'INVALID_HEADER_NAME', 'INVALID_HEADER_VALUE', 'INVALID_REGION', 'INVALID_SERVICE', 'INVALID_DATE',
      'INVALID_EXPIRES', 'INVALID_CREDENTIALS', 'INVALID_BODY', 'INVALID_PAYLOAD_HASH']) expect(codes).toContain(code);
  });
});
