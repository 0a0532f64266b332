/** `sigv4 --help`, every subcommand's help, and one-line usage errors with exit status 2. */
import { describe, expect, it } from 'vitest';
import { sigv4 } from './io.js';

const COMMANDS = ['fetch', 'presign', 'sign', 'whoami', 'verify', 'proxy'];

describe('sigv4 help', () => {
  it('--help lists every command and the exit statuses, on stdout, exit 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const { code, stdout, stderr } = await sigv4([flag]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^Usage: sigv4 <command>/);
      for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
      expect(stdout).toMatch(/^ {2}0 {2}success/m);
      expect(stdout).toMatch(/^ {2}1 {2}the request failed/m);
      expect(stdout).toMatch(/^ {2}2 {2}usage error/m);
    }
  });

  it('with no command prints the help and exits 2', async () => {
    const { code, stdout } = await sigv4([]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^Usage: sigv4 <command>/);
  });

  it.each(COMMANDS)('sigv4 %s --help (and -h, and sigv4 help %s) prints its usage, options and exit status', async (command) => {
    const long = await sigv4([command, '--help']);
    expect(long.code).toBe(0);
    expect(long.stdout).toMatch(new RegExp(`^Usage: sigv4 ${command}\\b`));
    expect(long.stdout).toContain('-h, --help');
    expect(long.stdout).toMatch(/Exit status/);
    expect((await sigv4([command, '-h'])).stdout).toBe(long.stdout);
    expect((await sigv4(['help', command])).stdout).toBe(long.stdout);
  });
});

describe('sigv4 usage errors: one line on stderr, exit 2, nothing on stdout', () => {
  it.each([
    [['frobnicate'], /^sigv4: unknown command "frobnicate" \(see sigv4 --help\)\n$/],
    [['fetch', '--bogus', 'https://sts.amazonaws.com/'], /^sigv4 fetch: unknown option --bogus \(see sigv4 fetch --help\)\n$/],
    [['fetch', 'https://sts.amazonaws.com/', '-X'], /^sigv4 fetch: option --request needs a value \(see sigv4 fetch --help\)\n$/],
    [['fetch'], /^sigv4 fetch: missing URL \(see sigv4 fetch --help\)\n$/],
    [['fetch', 'not a url'], /^sigv4 fetch: not an absolute URL: "not a url"\n$/],
    [['fetch', 'https://a.example/', 'https://b.example/'], /^sigv4 fetch: unexpected argument "https:\/\/b.example\/" \(see sigv4 fetch --help\)\n$/],
    [['fetch', 'https://sts.amazonaws.com/', '-H', 'no colon'], /^sigv4 fetch: -H needs 'Name: value', got "no colon"\n$/],
    [['presign', 'https://sts.amazonaws.com/', '--expires', 'soon'], /^sigv4 presign: --expires must be a whole number of seconds, got "soon"\n$/],
    [['presign', '--nope'], /^sigv4 presign: unknown option --nope \(see sigv4 presign --help\)\n$/],
    [['sign', '--scheme', 'ftp'], /^sigv4 sign: --scheme must be https or http, got "ftp"\n$/],
    [['sign', 'extra'], /^sigv4 sign: unexpected argument "extra" \(see sigv4 sign --help\)\n$/],
    [['whoami', '--verbose'], /^sigv4 whoami: unknown option --verbose \(see sigv4 whoami --help\)\n$/],
    [['verify', '--bogus'], /^sigv4 verify: unknown argument "--bogus" \(see sigv4 verify --help\)\n$/],
    [['proxy', '--listen', 'anywhere:port'], /^sigv4 proxy: --listen takes HOST:PORT, \[IPV6\]:PORT, HOST or PORT \(e.g. 127.0.0.1:8080\), got "anywhere:port"\n$/],
    [['proxy', '--verify', '--keys', 'keys.json'], /^sigv4 proxy: --verify needs --upstream URL and --keys FILE \(see sigv4 proxy --help\)\n$/],
    [['proxy', '--max-body-bytes', 'lots'], /^sigv4 proxy: --max-body-bytes takes a number of bytes, got "lots"\n$/],
    [['proxy', '--upstream', 'http://127.0.0.1:1'], /^sigv4 proxy: INVALID_SERVICE: cannot tell the service from the host 127.0.0.1/],
    [['proxy', 'extra'], /^sigv4 proxy: unexpected argument "extra" \(see sigv4 proxy --help\)\n$/],
  ])('sigv4 %j', async (argv, message) => {
    const { code, stdout, stderr } = await sigv4(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
