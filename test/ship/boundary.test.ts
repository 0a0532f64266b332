/**
 * scripts/check-boundary.mjs: no module reachable from the portable entry (src/index.ts) imports a
 * Node built-in, statically or dynamically, except the `node` targets of the package's subpath
 * imports (#crypto, ...). Run on the real entry, and on a fixture it must reject.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/bundle.js';

interface Violation {
  mode: string;
  importer?: string;
  specifier?: string;
  kind?: string;
  chain?: string[];
  error?: string;
}

function check(entries: string[]): { status: number | null; violations: Violation[] } {
  const result = spawnSync(process.execPath, ['scripts/check-boundary.mjs', '--json', ...entries], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, violations: (JSON.parse(result.stdout) as { violations: Violation[] }).violations };
}

const describeViolation = (v: Violation): string =>
  v.error ? `[${v.mode}] does not bundle: ${v.error}` : `[${v.mode}] ${String(v.specifier)} (${String(v.kind)}) via ${(v.chain ?? []).join(' -> ')}`;

describe('import boundary of the portable entry', () => {
  it('src/index.ts reaches no Node built-in', () => {
    const { status, violations } = check(['src/index.ts']);
    expect(violations.map(describeViolation)).toEqual([]);
    expect(status).toBe(0);
  });

  it('catches a static and a lazy built-in import, and names the chain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigv4-kit-boundary-'));
    try {
      writeFileSync(join(dir, 'helper.ts'), "export async function read(): Promise<unknown> {\n  return import('node:fs/promises');\n}\n");
      writeFileSync(join(dir, 'entry.ts'), "import { Buffer } from 'buffer';\nexport { read } from './helper.js';\nexport const b = Buffer;\n");
      const { status, violations } = check([join(dir, 'entry.ts')]);
      const portable = violations.filter((v) => v.mode === 'portable');
      expect(portable.map((v) => [v.specifier, v.kind]).sort()).toEqual([['buffer', 'import-statement'], ['node:fs/promises', 'dynamic-import']]);
      expect(portable.find((v) => v.specifier === 'node:fs/promises')?.chain?.map((p) => p.split('/').pop())).toEqual(['entry.ts', 'helper.ts']);
      expect(status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
