/**
 * scripts/check-tsdoc.mjs: every export of src/index.ts and src/node.ts has a TSDoc comment, and
 * entry-point functions an @example. Run on the real entries, and on a fixture it must reject.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/bundle.js';

interface Report {
  checked: number;
  findings: Array<{ name: string; declaredIn?: string; problem: string }>;
}

function check(entries: string[]): { status: number | null; report: Report } {
  const result = spawnSync(process.execPath, ['scripts/check-tsdoc.mjs', '--json', ...entries], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, report: JSON.parse(result.stdout) as Report };
}

describe('TSDoc on every export', () => {
  it('src/index.ts and src/node.ts: nothing undocumented', () => {
    const { status, report } = check([]);
    expect(report.findings.map((f) => `${f.name} (${f.declaredIn ?? '?'}): ${f.problem}`)).toEqual([]);
    expect(report.checked).toBeGreaterThan(50);
    expect(status).toBe(0);
  });

  it('rejects an undocumented export and an entry point without @example', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigv4-kit-tsdoc-'));
    try {
      const entry = join(dir, 'entry.ts');
      writeFileSync(entry, '/** Documented. */\nexport const documented = 1;\nexport const bare = 2;\n/** Documented, but no example. */\nexport function fromNowhere(): number {\n  return 1;\n}\n');
      const { status, report } = check([entry]);
      expect(report.findings.map((f) => [f.name, f.problem]).sort()).toEqual([
        ['bare', 'no TSDoc comment'],
        ['fromNowhere', 'entry point without @example'],
      ]);
      expect(status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
