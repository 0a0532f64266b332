// A/B of the pure-TypeScript CRCs (issue 18): the working tree's CRC32, CRC32C and CRC64NVME next to the
// same files at an older revision, next to the packages they must beat (crc-32, crc-32/crc32c,
// @aws-crypto/crc32, @aws-crypto/crc32c, @aws-sdk/crc64-nvme) and zlib.crc32, and next to themselves
// through the Node bundle (`import 'sigv4-kit/chunked'`, createChecksum), which must not be slower than
// the per-file build. Every row runs once per round and rounds alternate (bench/streaming.mjs,
// checksumsAlone), so machine load hits all rows alike; the figures are GB/s of CPU time.
// Several processes, because one process can land in a slow spell for one row (a busy sibling CPU): a
// row's figure is the median of all its rounds in all processes, and "ours / X" the median of the
// per-round ratios (rows measured back to back, so a slow spell mostly cancels).
//   node bench/crcAB.mjs [--old=REV] [--mib=64] [--rounds=15] [--processes=3] [--aligned-first]
// --old: the revision whose src/crypto/crc32.ts and src/chunked/crc64nvme.ts are "old" (default HEAD,
// i.e. the working tree against the last commit). Both files import nothing, so each is transformed alone.
// --aligned-first: each row's first call is an aligned 64 KiB chunk, not 1,000,003 bytes at an odd offset.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { buildPackage, OUT, PKG, ROOT } from './build.mjs';
import { chain, checksumsAlone } from './streaming.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
const rev = String(args.old ?? 'HEAD');
const mib = Number(args.mib ?? 64);
const rounds = Number(args.rounds ?? 15);
const processes = Number(args.processes ?? 3);
const alignedFirst = Boolean(args['aligned-first']);
const OURS = { CRC32: 'sigv4-kit (TypeScript, slicing-by-16)', CRC32C: 'sigv4-kit (TypeScript, slicing-by-16)', CRC64NVME: 'sigv4-kit (TypeScript, slicing-by-16)' };
const PACKAGES = { CRC32: ['crc-32 (SheetJS)', '@aws-crypto/crc32'], CRC32C: ['crc-32/crc32c (SheetJS)', '@aws-crypto/crc32c'], CRC64NVME: ['@aws-sdk/crc64-nvme (JavaScript)'] };
const OLD = `sigv4-kit at ${rev}`;
const BUNDLED = 'sigv4-kit via the Node bundle';

async function oldModule(path) {
  const source = execFileSync('git', ['show', `${rev}:${path}`], { cwd: ROOT, encoding: 'utf8' });
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20' });
  const dir = join(OUT, 'crcAB-old');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, path.replaceAll('/', '_').replace(/\.ts$/, '.mjs'));
  writeFileSync(file, code);
  return import(pathToFileURL(file).href);
}

/** One process's rounds: prints each row's GB/s round by round as JSON. */
async function child() {
  const [old32, old64, bundle] = await Promise.all([
    oldModule('src/crypto/crc32.ts'),
    oldModule('src/chunked/crc64nvme.ts'),
    import(pathToFileURL(join(PKG, 'dist', 'node-bundle', 'chunked.js')).href),
  ]);
  const oldState = new Int32Array(2);
  const viaBundle = (algorithm) => {
    const c = bundle.createChecksum(algorithm);
    return (b) => c.update(b);
  };
  const variants = [
    ['CRC32', OLD, chain(old32.crc32)],
    ['CRC32C', BUNDLED, viaBundle('CRC32C')],
    ['CRC32C', OLD, chain(old32.crc32Family(0x82f63b78))],
    ['CRC64NVME', BUNDLED, viaBundle('CRC64NVME')],
    ['CRC64NVME', OLD, (b) => old64.crc64nvmeUpdate(oldState, b)],
  ];
  const samples = await checksumsAlone({ total: mib * 1024 * 1024, rounds, say: () => {}, variants, alignedFirst });
  process.stdout.write(JSON.stringify(samples));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function parent() {
  await buildPackage();
  const load0 = loadavg();
  const runs = [];
  for (let p = 0; p < processes; p++) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', `--old=${rev}`, `--mib=${mib}`, `--rounds=${rounds}`, ...(alignedFirst ? ['--aligned-first'] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
    runs.push(JSON.parse(out));
  }
  const load1 = loadavg();
  console.log(`crcAB: ${processes} processes x ${rounds} interleaved rounds, ${mib} MiB per row per round (slow packages a quarter/sixteenth), ` +
    `first call ${alignedFirst ? 'an aligned 64 KiB chunk' : '1,000,003 bytes at an odd offset'}, ` +
    `Node ${process.version}, load average (1 min) ${load0[0].toFixed(2)} at the start, ${load1[0].toFixed(2)} at the end`);
  const pooled = (key) => runs.flatMap((r) => r[key] ?? []);
  const perProcess = (key) => runs.map((r) => (r[key] ? median(r[key]).toFixed(2) : '-')).join(' ');
  for (const key of Object.keys(runs[0])) console.log(`${key.padEnd(50)} ${median(pooled(key)).toFixed(2)} GB/s  (per process ${perProcess(key)})`);
  // Per-round ratios: rows measured back to back in the same process and round.
  const ratio = (a, b) => median(runs.flatMap((r) => (r[a] && r[b] ? r[a].map((x, i) => x / r[b][i]) : [])));
  for (const [algorithm, name] of Object.entries(OURS)) {
    const ours = `${algorithm} ${name}`;
    const best = PACKAGES[algorithm].map((p) => `${algorithm} ${p}`).filter((k) => runs[0][k]).sort((a, b) => median(pooled(b)) - median(pooled(a)))[0];
    const parts = [`ours / ${best.slice(algorithm.length + 1)} ${ratio(ours, best).toFixed(2)}x`, `ours / ${rev} ${ratio(ours, `${algorithm} ${OLD}`).toFixed(2)}x`];
    if (runs[0][`${algorithm} ${BUNDLED}`]) parts.push(`bundled / per-file ${ratio(`${algorithm} ${BUNDLED}`, ours).toFixed(2)}x`);
    console.log(`${algorithm.padEnd(10)} ${parts.join(', ')}`);
  }
}

await (args.child ? child() : parent());
