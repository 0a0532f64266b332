/** Where `sigv4 verify` gets the key to check against: a JSON or INI file, or the environment. */
import { parseIniSections } from '../../credentials/profile/iniParser.js';
import { CredentialsError } from '../../errors.js';
import type { VerifyCredentials } from '../../verify/types.js';

/** Credentials with their access key id, as the verifier is given them. */
export type KnownKey = VerifyCredentials & { readonly accessKeyId: string };

function pick(record: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function complete(accessKeyId: string | undefined, secretAccessKey: string | undefined, sessionToken: string | undefined, where: string): KnownKey {
  if (accessKeyId === undefined || secretAccessKey === undefined) throw new CredentialsError('NO_CREDENTIALS', `${where} has no access key id and secret access key`);
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
}

/** `{accessKeyId, secretAccessKey, sessionToken?}`, also in the STS/CLI spelling (`{"Credentials": {"AccessKeyId", ...}}`). */
function fromJson(text: string, where: string): KnownKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CredentialsError('INVALID_CREDENTIALS', `${where} is not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object') throw new CredentialsError('INVALID_CREDENTIALS', `${where} must hold a JSON object`);
  const outer = parsed as Record<string, unknown>;
  const inner = (typeof outer['Credentials'] === 'object' && outer['Credentials'] !== null ? outer['Credentials'] : outer) as Record<string, unknown>;
  return complete(
    pick(inner, 'accessKeyId', 'AccessKeyId'),
    pick(inner, 'secretAccessKey', 'SecretAccessKey'),
    pick(inner, 'sessionToken', 'SessionToken'),
    where,
  );
}

/** An AWS credentials (`[name]`) or config (`[profile name]`) file. */
function fromIni(text: string, where: string, profile: string): KnownKey {
  const sections = parseIniSections(text, where); // ProfileParseError names the file and line
  const section = sections.find((s) => [profile, `profile ${profile}`].includes(s.header.trim().replace(/\s+/g, ' ')));
  if (section === undefined) throw new CredentialsError('NO_CREDENTIALS', `${where} has no profile "${profile}"`);
  const props = Object.fromEntries([...section.properties].map(([k, v]) => [k.toLowerCase(), v]));
  return complete(props['aws_access_key_id'], props['aws_secret_access_key'], props['aws_session_token'], `profile "${profile}" in ${where}`);
}

/** Reads the credentials file (JSON when it starts with `{`, else INI). */
export function parseCredentialsFile(content: string | Uint8Array, where: string, profile: string): KnownKey {
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  return text.trimStart().startsWith('{') ? fromJson(text, where) : fromIni(text, where, profile);
}

/** AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optionally AWS_SESSION_TOKEN. */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): KnownKey {
  return complete(env['AWS_ACCESS_KEY_ID'] || undefined, env['AWS_SECRET_ACCESS_KEY'] || undefined, env['AWS_SESSION_TOKEN'] || undefined, 'the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
}
