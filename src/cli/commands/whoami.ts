/** `sigv4 whoami`: STS GetCallerIdentity for the credentials this machine would use. */
import { getCallerIdentity } from '../../credentials/sts/identity.js';
import { parseCommand, stringFlag } from '../args.js';
import { credentialsFor, runtimeOf, stsRegionFor } from '../common.js';
import { type CliIo, EXIT_OK } from '../io.js';

/** The text of `sigv4 whoami --help`. */
export const WHOAMI_HELP = `Usage: sigv4 whoami [--profile NAME] [--region NAME] [--endpoint-url URL]

Calls STS GetCallerIdentity with the credentials of the standard chain (or --profile) and prints
the answer as JSON: UserId, Account, Arn and the principal type (iam-user, assumed-role,
federated-user, root). Root-user credentials also print a warning on stderr.

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
 * await runWhoami([], io); // {"UserId": "AIDA…", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/alice", "Type": "iam-user"}
 */
export async function runWhoami(argv: readonly string[], io: CliIo): Promise<number> {
  const { flags } = parseCommand('whoami', argv, OPTIONS, 0);
  if (flags['help'] === true) return (io.stdout.write(WHOAMI_HELP), EXIT_OK);
  const identity = await getCallerIdentity({
    ...runtimeOf(io),
    credentials: credentialsFor(flags, io),
    // The environment wins inside getCallerIdentity; the profile's region is only a fallback.
    region: await stsRegionFor(flags, io),
    endpoint: stringFlag(flags, 'endpoint-url'),
  });
  const out = { UserId: identity.userId, Account: identity.account, Arn: identity.arn, Type: identity.principal };
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return EXIT_OK;
}
