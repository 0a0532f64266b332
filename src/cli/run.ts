/** The `sigv4` command: dispatch to a subcommand, and map every failure to one stderr line and an exit status. */
import { InvalidRequestError, SigV4Error } from '../errors.js';
import { UsageError } from './args.js';
import { runCredentialProcess } from './commands/credentialProcess.js';
import { runFetch } from './commands/fetch.js';
import { runPresign } from './commands/presign.js';
import { runProxy } from './commands/proxy.js';
import { runSign } from './commands/sign.js';
import { runVerify } from './commands/verify.js';
import { runWhoami } from './commands/whoami.js';
import { type CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './io.js';

export type { CliIo } from './io.js';
export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './io.js';

/** The text of `sigv4 --help`, with the exit statuses. */
export const MAIN_HELP = `Usage: sigv4 <command> [options]

AWS Signature Version 4 from the command line, with the credentials this machine has
(environment, ~/.aws profiles and role chains, web identity, container or instance role).

Commands:
  fetch URL     Send a signed request, like curl; prints the response body.
  presign URL   Print a presigned URL.
  sign          Sign a raw HTTP request read from stdin; print the signed request.
  whoami        Show whose credentials these are (STS GetCallerIdentity) as JSON.
  verify        Check the signature of a raw HTTP request read from stdin.
  proxy         Run a local proxy that signs requests to AWS (or, --verify, checks signatures).
  credential-process
                IAM Roles Anywhere credentials as credential_process JSON (flags of aws_signing_helper).

Run 'sigv4 <command> --help' for the options of a command.

Exit status:
  0  success
  1  the request failed: AWS answered with an error, network failure, no usable credentials
  2  usage error: unknown option, missing argument, malformed input
`;

/** A subcommand: its arguments and the edges in, its exit status out. */
type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = { fetch: runFetch, presign: runPresign, sign: runSign, whoami: runWhoami, verify: runVerify, proxy: runProxy, 'credential-process': runCredentialProcess };

// The library's messages name its options; on the command line the fix is a flag.
const FLAG_WORDING: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bpass service\b/, 'pass --service'],
  [/\bpass region, set AWS_REGION or a region in the profile\b/, 'pass --region, or set AWS_REGION or a region in the profile'],
  [/^region must\b/, '--region (or AWS_REGION) must'],
  [/^service must\b/, '--service must'],
  [/^expiresIn must\b/, '--expires must'],
];

/** `message` with the library's option names replaced by the flags that set them. */
function inFlags(message: string): string {
  return FLAG_WORDING.reduce((text, [pattern, flag]) => text.replace(pattern, flag), message);
}

/** One line for an error; never a secret (our errors carry none, and foreign ones are reduced to name and code). */
function describe(error: unknown): { line: string; status: number } {
  if (error instanceof UsageError) return { line: error.message, status: EXIT_USAGE };
  if (error instanceof InvalidRequestError) return { line: `${error.code}: ${inFlags(error.message)}`, status: EXIT_USAGE };
  if (error instanceof SigV4Error) return { line: `${error.code}: ${error.message}`, status: EXIT_FAILURE };
  const e = error as { message?: unknown; cause?: { code?: unknown; message?: unknown } };
  // fetch's "fetch failed" says nothing; its cause (ECONNREFUSED, ENOTFOUND, ...) does.
  const cause = e.cause?.code ?? e.cause?.message;
  return { line: `request failed: ${String(e.message ?? error)}${cause ? ` (${String(cause)})` : ''}`, status: EXIT_FAILURE };
}

/**
 * Runs `sigv4` with `argv` (the arguments after the program name); resolves with the exit status.
 * Everything it touches comes from `io`, so tests call it in-process.
 * @example
 * process.exitCode = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout,
 *   stderr: process.stderr, env: process.env, readFile: (p) => fs.promises.readFile(p) });
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' && rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    if (topic !== undefined) return run([rest[0]!, '--help'], io);
    io.stdout.write(MAIN_HELP);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS[name];
  if (command === undefined || !Object.hasOwn(COMMANDS, name)) {
    io.stderr.write(`sigv4: unknown command ${JSON.stringify(name)} (see sigv4 --help)\n`);
    return EXIT_USAGE;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    const { line, status } = describe(error);
    io.stderr.write(`sigv4 ${name}: ${line}\n`);
    return status;
  }
}
