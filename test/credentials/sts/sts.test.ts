/** The STS client's pieces: form encoding (checked against Python), XML, endpoints, parameters on the wire. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProfileFiles } from '../../../src/credentials/profile/profileSet.js';
import { formEncode } from '../../../src/credentials/sts/sts.js';
import { resolveStsTarget } from '../../../src/credentials/sts/stsEndpoint.js';
import { parseXml, textAt } from '../../../src/credentials/sts/xml.js';
import { fromAssumeRole, fromSessionToken, fromWebToken } from '../../../src/index.js';
import { captureError, captureRejection } from '../../support/errors.js';
import { type FakeSts, startFakeSts } from '../fakes/sts.js';
import { python } from '../python.js';

describe('formEncode matches Python urllib.parse.urlencode byte for byte (what moto re-signs)', () => {
  const pairs: Array<[string, string]> = [
    ['Policy', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'],
    ['Unreserved', "AZaz09-_.~ and !'()* plus +/=&%#?"],
    ['Tags.member.1.Value', 'ünïcødé 💡 tab\tline\nend'],
    ['Empty', ''],
  ];
  const expected = python('import json,sys,urllib.parse; sys.stdout.write(urllib.parse.urlencode([tuple(p) for p in json.loads(sys.argv[1])]))', [JSON.stringify(pairs)], 'STS form encoding against Python urllib');
  it.skipIf(expected === undefined)('for JSON, reserved, unicode and empty values', () => {
    expect(formEncode(pairs)).toBe(expected);
  });

  it('refuses lone surrogates with INVALID_OPTION', () => {
    expect(captureError(() => formEncode([['x', '\ud800']]))).toMatchObject({ code: 'INVALID_OPTION' });
  });
});

describe('parseXml', () => {
  it("reads AWS's ErrorResponse and moto's <Errors> wrapper", () => {
    const aws = parseXml('<?xml version="1.0"?><ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>a &amp; b &lt;c&gt; &#233;&#x1F4A1;</Message></Error><RequestId>r-1</RequestId></ErrorResponse>');
    expect(textAt(aws, ['Error', 'Message'])).toBe('a & b <c> é💡');
    expect(textAt(aws, ['RequestId'])).toBe('r-1');
    const moto = parseXml('<ErrorResponse><Errors><Error><Code>X</Code></Error></Errors></ErrorResponse>');
    expect(textAt(moto, ['Errors', 'Error', 'Code'])).toBe('X');
  });

  it('handles namespace prefixes, CDATA, comments and self-closing tags', () => {
    const root = parseXml('<a:Root xmlns:a="u"><!-- c --><a:V><![CDATA[x<y]]></a:V><Empty/></a:Root>');
    expect(root.name).toBe('Root');
    expect(textAt(root, ['V'])).toBe('x<y');
    expect(textAt(root, ['Empty'])).toBe('');
  });

  it.each(['<a><b></a>', '<a>', '<!DOCTYPE x [<!ENTITY e "boom">]><a>&e;</a>', '<a>&bogus;</a>', 'plain text', '<a></a><b></b>'])('refuses %s', (xml) => {
    expect(captureError(() => parseXml(xml))).toMatchObject({ code: 'STS_ERROR' });
  });
});

describe('resolveStsTarget', () => {
  const none = () => {};
  const profileOf = (text: string) => {
    const set = parseProfileFiles({ configFile: text });
    return { profile: set.profiles.get('p') ?? new Map(), set };
  };
  it.each([
    [{ AWS_REGION: 'eu-west-1' }, 'https://sts.eu-west-1.amazonaws.com', 'eu-west-1'],
    [{ AWS_DEFAULT_REGION: 'us-east-1' }, 'https://sts.us-east-1.amazonaws.com', 'us-east-1'],
    [{ AWS_REGION: 'cn-north-1' }, 'https://sts.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    [{ AWS_REGION: 'aws-global' }, 'https://sts.amazonaws.com', 'us-east-1'],
    [{ AWS_REGION: 'eu-west-1', AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }, 'https://sts.amazonaws.com', 'us-east-1'],
    [{ AWS_REGION: 'ap-east-1', AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }, 'https://sts.ap-east-1.amazonaws.com', 'ap-east-1'],
    [{ AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:2' }, 'http://127.0.0.1:2/', 'eu-west-1'],
  ])('env %o -> %s signed for %s', (env, url, signingRegion) => {
    expect(resolveStsTarget({}, env, none)).toEqual({ url, signingRegion });
  });

  it('explicit options win over the environment, which wins over the profile', () => {
    const context = profileOf('[profile p]\nregion = ap-south-1\nendpoint_url = http://127.0.0.1:3\n');
    expect(resolveStsTarget({}, {}, none, context)).toEqual({ url: 'http://127.0.0.1:3/', signingRegion: 'ap-south-1' });
    expect(resolveStsTarget({}, { AWS_REGION: 'eu-north-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:4' }, none, context)).toEqual({ url: 'http://127.0.0.1:4/', signingRegion: 'eu-north-1' });
    expect(resolveStsTarget({ region: 'us-west-2', endpoint: 'http://127.0.0.1:5' }, { AWS_REGION: 'eu-north-1' }, none, context)).toEqual({ url: 'http://127.0.0.1:5/', signingRegion: 'us-west-2' });
  });

  it('reads the [services] sts endpoint_url, and honours ignore_configured_endpoint_urls', () => {
    const context = profileOf('[profile p]\nregion = us-east-2\nservices = local\nendpoint_url = http://127.0.0.1:6\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:7\n');
    expect(resolveStsTarget({}, {}, none, context).url).toBe('http://127.0.0.1:7/');
    expect(resolveStsTarget({}, { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, none, context).url).toBe('https://sts.us-east-2.amazonaws.com');
  });

  it('without any region it warns and uses us-east-1', () => {
    const warnings: string[] = [];
    expect(resolveStsTarget({}, {}, (m) => warnings.push(m)).signingRegion).toBe('us-east-1');
    expect(warnings).toHaveLength(1);
  });

  it.each([[{ region: 'us-east-1/../x' }], [{ endpoint: 'not a url' }], [{ endpoint: 'file:///etc/passwd' }], [{ endpoint: 'http://u:p@127.0.0.1/' }]])('refuses %o', (location) => {
    expect(captureError(() => resolveStsTarget(location, {}, () => {}))).toMatchObject({ name: 'InvalidRequestError' });
  });
});

describe('STS parameters on the wire (fake STS)', () => {
  let sts: FakeSts;
  beforeAll(async () => (sts = await startFakeSts()));
  afterAll(() => sts.close());
  const base = () => ({ sourceCredentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, endpoint: sts.url, region: 'eu-west-1', env: {}, cache: false as const });

  it('AssumeRole sends every option, signed with sts/eu-west-1, and asks for a fresh MFA code on each fetch', async () => {
    let codes = 0;
    const provider = fromAssumeRole({
      ...base(), roleArn: 'arn:aws:iam::210987654321:role/x-acct', roleSessionName: 'me@example.com', durationSeconds: 1800,
      externalId: 'ext-123', serialNumber: 'arn:aws:iam::123456789012:mfa/me', mfaCode: () => String(123456 + codes++),
      tags: [{ key: 'team', value: 'media' }], transitiveTagKeys: ['team'], sourceIdentity: 'me', policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], policy: '{"Version":"2012-10-17"}',
    });
    await provider();
    await provider();
    const body = sts.bodies().at(-1);
    expect(Object.fromEntries(body ?? [])).toEqual({
      Action: 'AssumeRole', Version: '2011-06-15', RoleArn: 'arn:aws:iam::210987654321:role/x-acct', RoleSessionName: 'me@example.com',
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess', Policy: '{"Version":"2012-10-17"}', DurationSeconds: '1800',
      ExternalId: 'ext-123', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'media', 'TransitiveTagKeys.member.1': 'team',
      SourceIdentity: 'me', SerialNumber: 'arn:aws:iam::123456789012:mfa/me', TokenCode: '123457',
    });
    expect(codes).toBe(2);
    expect(sts.requests.at(-1)?.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sts\/aws4_request, /);
  });

  it('GetSessionToken with MFA sends SerialNumber, TokenCode and DurationSeconds', async () => {
    await fromSessionToken({ ...base(), serialNumber: 'GAHT12345678', mfaCode: async () => '654321', durationSeconds: 129_600 })();
    expect(Object.fromEntries(sts.bodies().at(-1) ?? [])).toEqual({ Action: 'GetSessionToken', Version: '2011-06-15', DurationSeconds: '129600', SerialNumber: 'GAHT12345678', TokenCode: '654321' });
  });

  it('AssumeRoleWithWebIdentity goes out without Authorization', async () => {
    await fromWebToken({ roleArn: 'arn:aws:iam::123456789012:role/web', webIdentityToken: 'token-value', endpoint: sts.url, region: 'us-east-1', env: {}, cache: false })();
    expect(sts.requests.at(-1)?.headers['authorization']).toBeUndefined();
  });

  it.each([
    ['durationSeconds below 900', { durationSeconds: 899 }],
    ['a 1-character session name', { roleSessionName: 'x' }],
    ['a malformed role ARN', { roleArn: 'role/x' }],
    ['an ExternalId with spaces', { externalId: 'has space' }],
    ['51 tags', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }],
  ])('refuses %s at construction with INVALID_OPTION', (_what, bad) => {
    const error = captureError(() => fromAssumeRole({ ...base(), roleArn: 'arn:aws:iam::123456789012:role/r', ...bad }));
    expect(error).toMatchObject({ name: 'InvalidRequestError', code: 'INVALID_OPTION' });
  });

  it.each([
    ['no mfaCode callback', undefined],
    ['a 5-digit code', () => '12345'],
  ])('MFA with %s is MFA_CODE_REQUIRED, before anything is sent', async (_what, mfaCode) => {
    const before = sts.bodies().length;
    const provider = fromAssumeRole({ ...base(), roleArn: 'arn:aws:iam::123456789012:role/r', serialNumber: 'arn:aws:iam::123456789012:mfa/me', mfaCode });
    expect(await captureRejection(provider)).toMatchObject({ code: 'MFA_CODE_REQUIRED' });
    expect(sts.bodies().length).toBe(before);
  });
});
