/**
 * scripts/check-layout.mjs (run by .ci/run): src/ has no import cycle and no import up the layers.
 * Run on the real tree, and on temporary copies with a planted cycle and a planted upward import,
 * which it must reject.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/bundle.js';

const copies: string[] = [];

/** A copy of the script, package.json and src/ with `plant` applied; the check's exit status and output. */
function checkCopy(plant: (dir: string) => void): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sigv4-kit-layout-'));
  copies.push(dir);
  for (const path of ['scripts/check-layout.mjs', 'package.json', 'src']) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  plant(dir);
  const result = spawnSync(process.execPath, ['scripts/check-layout.mjs'], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('check-layout', () => {
  it('passes on src/: no cycle, no upward import', () => {
    const result = spawnSync(process.execPath, ['scripts/check-layout.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/no import cycle, no import up the layers/);
    expect(result.status).toBe(0);
  });

  it('fails on a planted cycle between two files of one folder', () => {
    const { status, output } = checkCopy((dir) => {
      writeFileSync(join(dir, 'src/sigv4/plantedA.ts'), "import { b } from './plantedB.js';\nexport const a = (): number => b() + 1;\n");
      writeFileSync(join(dir, 'src/sigv4/plantedB.ts'), "import { a } from './plantedA.js';\nexport const b = (): number => a() - 1;\n");
    });
    expect(status).toBe(1);
    expect(output).toContain('import cycle: src/sigv4/plantedA.ts -> src/sigv4/plantedB.ts');
  });

  it('fails on a planted import from the core up to a variant (sigv4 -> sigv4a)', () => {
    const { status, output } = checkCopy((dir) => {
      writeFileSync(join(dir, 'src/sigv4/planted.ts'), "export { sigv4a } from '../sigv4a/algorithm.js';\n");
    });
    expect(status).toBe(1);
    expect(output).toContain('src/sigv4/planted.ts imports src/sigv4a/algorithm.ts: sigv4a is not below sigv4');
  });

  it('fails on a cycle through a # import map entry', () => {
    const { status, output } = checkCopy((dir) => {
      writeFileSync(join(dir, 'src/crypto/hash.node.ts'), `import { defaultCrypto } from './backend.js';\nexport const planted = defaultCrypto;\n`, { flag: 'a' });
    });
    expect(status).toBe(1);
    expect(output).toMatch(/import cycle: .*src\/crypto\/backend\.ts.*src\/crypto\/hash\.node\.ts|import cycle: .*src\/crypto\/hash\.node\.ts.*src\/crypto\/backend\.ts/);
  });
});
