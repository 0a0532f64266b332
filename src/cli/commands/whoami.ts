/** `sigv4 whoami`: STS GetCallerIdentity for the credentials this machine would use. */
import { getCallerIdentity } from '../../credentials/sts/identity.js';
import { parseCommand, stringFlag } from '../args.js';
import { credentialsFor, runtimeOf, stsRegionFor } from '../common.js';
import { type CliIo, EXIT_OK } from '../io.js';

/** The text of `sigv4 whoami --help`. */
export const WHOAMI_HELP = `Usage: sigv4 whoami [--profile NAME] [--region NAME] [--endpoint-url URL]

Calls STS GetCallerIdentity with the credentials of the standard chain (or --profile) and prints
the answer as JSON: UserId, Account, Arn and the principal type (iam-user, assumed-role,
federated-user, root), plus CredentialsAccountId when the credential source names the account
(AWS_ACCOUNT_ID, aws_account_id, credential_process, container, IMDS, an assumed role's ARN).
Root-user credentials, and a CredentialsAccountId that differs from Account, print a warning on stderr.

Options:
  --profile NAME       Use this profile of the shared config files.
  --region NAME        STS region. Default: AWS_REGION, AWS_DEFAULT_REGION, the profile's, else us-east-1.
  --endpoint-url URL   STS endpoint. Default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's, else regional.
  -h, --help           Show this help.

Exit status: 0 success, 1 STS refused or no credentials, 2 usage error.
`;

const OPTIONS = { profile: { type: 'string' }, region: { type: 'string' }, 'endpoint-url': { type: 'string' } } as const;

/**
 * Runs `sigv4 whoami`; resolves with the exit status.
 * @example
 * await runWhoami([], io); // {"UserId": "AIDA…", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/alice", "Type": "iam-user", "CredentialsAccountId": "123456789012"}
 */
export async function runWhoami(argv: readonly string[], io: CliIo): Promise<number> {
  const { flags } = parseCommand('whoami', argv, OPTIONS, 0);
  if (flags['help'] === true) return (io.stdout.write(WHOAMI_HELP), EXIT_OK);
  const credentials = await credentialsFor(flags, io)();
  const identity = await getCallerIdentity({
    ...runtimeOf(io),
    credentials,
    // The environment wins inside getCallerIdentity; the profile's region is only a fallback.
    region: await stsRegionFor(flags, io),
    endpoint: stringFlag(flags, 'endpoint-url'),
  });
  const accountId = credentials.accountId;
  const out = { UserId: identity.userId, Account: identity.account, Arn: identity.arn, Type: identity.principal, ...(accountId === undefined ? {} : { CredentialsAccountId: accountId }) };
  if (accountId !== undefined && accountId !== identity.account) {
    // A wrong aws_account_id / AWS_ACCOUNT_ID would send account-based endpoints to the wrong account.
    io.stderr.write(`warning: the credentials say account ${accountId} but STS says ${identity.account}: fix AWS_ACCOUNT_ID or aws_account_id\n`);
  }
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return EXIT_OK;
}
