/**
 * `sigv4 credential-process`: IAM Roles Anywhere credentials in the `credential_process` format, with
 * the flags of AWS's `aws_signing_helper credential-process`, so a profile's
 * `credential_process = aws_signing_helper credential-process ...` can name `sigv4` instead.
 */
import { fromRolesAnywhere } from '../../credentials/rolesAnywhere/rolesAnywhere.js';
import { parseCommand, stringFlag, UsageError } from '../args.js';
import { runtimeOf } from '../common.js';
import { type CliIo, EXIT_OK, textReader } from '../io.js';

/** The text of `sigv4 credential-process --help`. */
export const CREDENTIAL_PROCESS_HELP = `Usage: sigv4 credential-process --certificate FILE --private-key FILE [--intermediates FILE]
         --trust-anchor-arn ARN --profile-arn ARN --role-arn ARN
         [--region R] [--session-duration SECONDS] [--role-session-name NAME] [--endpoint URL]

Gets temporary credentials from IAM Roles Anywhere (CreateSession signed with the certificate's
private key) and prints them as credential_process JSON on stdout, and nothing else:
  {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ..., "SessionToken": ..., "Expiration": ...}
The flags are those of aws_signing_helper credential-process. In ~/.aws/config:
  credential_process = sigv4 credential-process --certificate /path/cert.pem --private-key /path/key.pem ...

Options:
  --certificate FILE        The certificate (PEM).
  --private-key FILE        Its private key (PEM: PKCS#8, SEC1 or PKCS#1; not encrypted).
  --intermediates FILE      Intermediate CA certificates (PEM bundle), sent as X-Amz-X509-Chain.
  --trust-anchor-arn ARN    The trust anchor.
  --profile-arn ARN         The Roles Anywhere profile.
  --role-arn ARN            The role to assume.
  --region R                Default: the trust anchor ARN's region.
  --session-duration S      900 to 43200 seconds. Default 3600.
  --role-session-name NAME  Role session name.
  --endpoint URL            Default: AWS_ENDPOINT_URL_ROLESANYWHERE, AWS_ENDPOINT_URL, else regional.
  -h, --help                Show this help.

Exit status: 0 success, 1 refused (certificate outside its validity, AccessDenied...), 2 usage error.
`;

const OPTIONS = {
  certificate: { type: 'string' },
  'private-key': { type: 'string' },
  intermediates: { type: 'string' },
  'trust-anchor-arn': { type: 'string' },
  'profile-arn': { type: 'string' },
  'role-arn': { type: 'string' },
  region: { type: 'string' },
  'session-duration': { type: 'string' },
  'role-session-name': { type: 'string' },
  endpoint: { type: 'string' },
} as const;

const REQUIRED = ['certificate', 'private-key', 'trust-anchor-arn', 'profile-arn', 'role-arn'] as const;

/**
 * Runs `sigv4 credential-process`; resolves with the exit status.
 * @example
 * await runCredentialProcess(['--certificate', 'c.pem', '--private-key', 'k.pem', '--trust-anchor-arn', ta, '--profile-arn', p, '--role-arn', r], io);
 */
export async function runCredentialProcess(argv: readonly string[], io: CliIo): Promise<number> {
  const { flags } = parseCommand('credential-process', argv, OPTIONS, 0);
  if (flags['help'] === true) return (io.stdout.write(CREDENTIAL_PROCESS_HELP), EXIT_OK);
  const missing = REQUIRED.filter((name) => stringFlag(flags, name) === undefined);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')} (see sigv4 credential-process --help)`);
  const read = textReader(io);
  const file = async (flag: string) => {
    const path = stringFlag(flags, flag)!;
    try {
      return await read(path);
    } catch (error) {
      throw new UsageError(`--${flag}: cannot read ${path} (${String((error as { code?: unknown }).code ?? 'error')})`);
    }
  };
  const durationText = stringFlag(flags, 'session-duration');
  if (durationText !== undefined && !/^\d+$/.test(durationText)) throw new UsageError(`--session-duration must be a number of seconds from 900 to 43200, got ${JSON.stringify(durationText)}`);
  const intermediates = stringFlag(flags, 'intermediates') === undefined ? undefined : await file('intermediates');
  const provider = fromRolesAnywhere({
    ...runtimeOf(io),
    certificate: await file('certificate'),
    privateKey: await file('private-key'),
    ...(intermediates === undefined ? {} : { chain: intermediates }),
    trustAnchorArn: stringFlag(flags, 'trust-anchor-arn')!,
    profileArn: stringFlag(flags, 'profile-arn')!,
    roleArn: stringFlag(flags, 'role-arn')!,
    region: stringFlag(flags, 'region'),
    durationSeconds: durationText === undefined ? undefined : Number(durationText),
    roleSessionName: stringFlag(flags, 'role-session-name'),
    endpoint: stringFlag(flags, 'endpoint'),
    cache: false,
  });
  const c = await provider();
  const out = { Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration?.toISOString() };
  io.stdout.write(`${JSON.stringify(out)}\n`);
  return EXIT_OK;
}
