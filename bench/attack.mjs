// Worst-case parse times on the unauthenticated path (issue 15): the hostile inputs of the review at
// 16 KiB and 1 MiB, through the old patterns and through sigv4-kit as built, side by side.
//   npm run bench -- --only=attack
// or from run.mjs: `await (await import('./attack.mjs')).attackBench({ kit, say })`.
// The old patterns are quadratic: at 1 MiB they are not run (the review's 1 MiB input had not
// finished after 130 s); their time is extrapolated from 16 KiB and 64 KiB by the square of the size.
import { pathToFileURL } from 'node:url';
import { buildPackage } from './build.mjs';

const KiB = 1024;
const NOW = new Date('2026-11-28T12:00:00Z');
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const params = { credentials, region: 'us-east-1', service: 'execute-api', signingDate: NOW };
const options = { getCredentials: (id) => (id === credentials.accessKeyId ? credentials : undefined), now: NOW };

// The pattern issue 15 found in the verifier (Authorization, its pieces, token, region set).
const oldTrim = (value) => value.replace(/^[ \t]+|[ \t]+$/g, '');
const oldTrimAll = (value) => value.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
// The old merge of repeated names: the merged value re-trimmed and re-copied on every repeat.
function oldMerge(pairs) {
  const headers = new Map();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const prior = headers.get(key);
    headers.set(key, prior === undefined ? value : `${oldTrimAll(prior)},${oldTrimAll(value)}`);
  }
  return headers;
}

async function time(run, reps) {
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(0)} µs`);

export async function attackBench({ kit, say }) {
  const signed = kit.signRequest({ method: 'GET', url: 'https://api.example.com/v1/items' }, params);
  const base = Object.entries(signed.headers).filter(([n]) => n !== 'authorization');
  const authorization = (bytes) => `AWS4-HMAC-SHA256${' '.repeat(bytes)}x`;
  const repeats = (bytes) => Array.from({ length: Math.floor(bytes / 8) }, () => ['x-rep', ' v\t ']);
  const rows = [
    {
      what: 'Authorization of blanks (`AWS4-HMAC-SHA256` + spaces + `x`)',
      old: (bytes) => oldTrim(authorization(bytes)),
      ours: (bytes) => kit.verifyRequest({ method: 'GET', url: signed.url, headers: [...base, ['authorization', authorization(bytes)]] }, options),
      oursWhat: 'verifyRequest, whole refusal',
    },
    {
      what: 'one header repeated (`x-rep: v`, 8 bytes a copy)',
      old: (bytes) => oldMerge(repeats(bytes)),
      ours: (bytes) => kit.signRequest({ method: 'GET', url: 'https://api.example.com/v1/items', headers: repeats(bytes) }, params),
      oursWhat: 'signRequest, whole signature',
    },
  ];
  say('### Worst-case parses before authentication (issue 15)');
  say();
  say('Median of 5 runs (old patterns at 16 and 64 KiB: 3 runs). "Old" is the pattern the review found, run alone; "ours" is the');
  say('whole public call on the same input. Old at 1 MiB is extrapolated (x256 of 64 KiB: quadratic), not run.');
  say();
  say('| input | old 16 KiB | ours 16 KiB | old 1 MiB (extrapolated) | ours 1 MiB |');
  say('|---|---:|---:|---:|---:|');
  for (const row of rows) {
    const old16 = await time(() => row.old(16 * KiB), 3);
    const old64 = await time(() => row.old(64 * KiB), 3);
    const ours16 = await time(() => row.ours(16 * KiB), 5);
    const ours1m = await time(() => row.ours(1024 * KiB), 5);
    say(`| ${row.what}; ours: ${row.oursWhat} | ${fmt(old16)} | ${fmt(ours16)} | ~${fmt(old64 * 256)} | ${fmt(ours1m)} |`);
  }
  say();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const kit = await import(await buildPackage());
  await attackBench({ kit, say: (line = '') => console.log(line) });
}
