/** `npm run demo`, as a user on a fresh clone runs it: exits 0, says what it did, stops its server. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function npmRunDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'demo'], { cwd: ROOT, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  it('walks through long-term keys, temporary credentials and a tampered request on a loopback endpoint, and exits 0', async () => {
    const { code, stdout, stderr } = await npmRunDemo();
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/endpoint on http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/^1\. ListFlows signed with long-term keys AKIA\.\.\.\w{4}: HTTP 200, 3 flows/m);
    expect(stdout).toMatch(/^2\. AssumeRole .* temporary keys ASIA\.\.\.\w{4}/m);
    expect(stdout).toMatch(/ListFlows\?maxResults=2 signed with them: HTTP 200, 2 flows/);
    expect(stdout).toMatch(/^3\. .*HTTP 403 SignatureDoesNotMatch\n {3}reason \(query\):/m);
    expect(stdout).toContain('Server stopped. All three steps behaved as expected.');
    expect(stdout.split('\n').length).toBeLessThan(20);
    expect(stderr).toBe('');
  }, 60_000);
});
