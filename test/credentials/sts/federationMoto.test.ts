/**
 * AssumeRoleWithWebIdentity and AssumeRoleWithSAML against a private moto_server with checking on.
 * Both calls are unsigned, which moto only serves after `reset-auth 1` (see motoServer.ts); that switch
 * is global to a server, so this file runs its own instead of the shared one. The credentials STS
 * issues are then verified by moto under full checking.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromSaml, fromWebToken, getCallerIdentity, type FetchLike } from '../../../src/index.js';
import { fromDefaultChain } from '../../../src/node.js';
import { describeWithMoto } from '../../support/moto.js';
import { type RunningMoto, setMotoAuth, startMoto, stopMoto } from '../../support/motoServer.js';
import { listFlows } from '../mediaconnect.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDphcHAifQ.c2lnbmF0dXJl';

describeWithMoto('web identity and SAML against a private moto', () => {
  let moto: RunningMoto;
  let dir = '';
  const sent: Array<{ body: string; headers: Record<string, string> }> = [];
  // Lets exactly the next (unsigned) request through moto's checks, then records what we send.
  const unsignedOnce: FetchLike = async (url, init) => {
    await setMotoAuth(moto.endpoint, 1);
    sent.push({ body: String(init.body), headers: { ...(init.headers as Record<string, string>) } });
    return fetch(url, init);
  };
  beforeAll(async () => {
    moto = await startMoto('sigv4kitfed');
    dir = await mkdtemp(join(tmpdir(), 'sigv4kit-web-'));
    await writeFile(join(dir, 'token'), `${TOKEN}\n`);
  });
  afterAll(async () => {
    await stopMoto(moto.child);
    await rm(dir, { recursive: true, force: true });
  });

  async function expectAcceptedAs(creds: Awaited<ReturnType<ReturnType<typeof fromWebToken>>>, roleName: string, session: string) {
    const me = await getCallerIdentity({ credentials: creds, endpoint: moto.endpoint, env: {}, warn: () => {} });
    expect(me).toMatchObject({ principal: 'assumed-role', arn: `arn:aws:sts::${moto.setup.accountId}:assumed-role/${roleName}/${session}` });
    expect((await listFlows(moto.endpoint, creds)).status).toBe(200);
  }

  it('a token string yields credentials moto accepts; the STS call carries no signature', async () => {
    const role = moto.setup.roles.webIdentity;
    const provider = fromWebToken({ roleArn: role.arn, webIdentityToken: TOKEN, roleSessionName: 'web-string', endpoint: moto.endpoint, fetch: unsignedOnce, env: {}, warn: () => {} });
    await expectAcceptedAs(await provider(), role.roleName, 'web-string');
    const last = sent.at(-1);
    expect(Object.keys(last?.headers ?? {}).map((h) => h.toLowerCase())).not.toContain('authorization');
    expect(last?.body).toContain('Action=AssumeRoleWithWebIdentity');
  });

  it('EKS IRSA: AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE (+ AWS_ENDPOINT_URL_STS) from the environment only', async () => {
    const role = moto.setup.roles.webIdentity;
    const env = {
      AWS_ROLE_ARN: role.arn,
      AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'),
      AWS_ROLE_SESSION_NAME: 'irsa-pod',
      AWS_ENDPOINT_URL_STS: moto.endpoint,
      AWS_REGION: 'us-east-1',
    };
    await expectAcceptedAs(await fromWebToken({ env, fetch: unsignedOnce })(), role.roleName, 'irsa-pod');
    // The same environment through the default chain (no files, IMDS off).
    const chainEnv = { ...env, HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' };
    await expectAcceptedAs(await fromDefaultChain({ env: chainEnv, fetch: unsignedOnce })(), role.roleName, 'irsa-pod');
  });

  it('a SAML assertion yields credentials moto accepts, for the session the assertion names', async () => {
    const role = moto.setup.roles.saml;
    const assertion = Buffer.from(samlResponse(`${role.arn},${role.providerArn}`, 'saml-alice')).toString('base64');
    const provider = fromSaml({
      roleArn: role.arn, principalArn: role.providerArn, samlAssertion: () => assertion, durationSeconds: 900,
      endpoint: moto.endpoint, fetch: unsignedOnce, env: {}, warn: () => {},
    });
    await expectAcceptedAs(await provider(), role.roleName, 'saml-alice');
    expect(sent.at(-1)?.body).toMatch(/^Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=[^&]+&PrincipalArn=[^&]+&SAMLAssertion=/);
  });
});

// The minimal SAML response moto 5 reads: the Role attribute ("role ARN,provider ARN") and the session name.
function samlResponse(roleAndProvider: string, session: string): string {
  const attribute = (name: string, value: string): string =>
    `<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/${name}"><saml:AttributeValue>${value}</saml:AttributeValue></saml:Attribute>`;
  return (
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">' +
    `<saml:Assertion><saml:AttributeStatement>${attribute('Role', roleAndProvider)}${attribute('RoleSessionName', session)}` +
    '</saml:AttributeStatement></saml:Assertion></samlp:Response>'
  );
}
