// Proxy benchmark: what `sigv4 proxy` adds per small request on loopback. The same GET (a few
// headers, 2-byte answer, keep-alive everywhere) is sent (1) directly with createSignedFetch and
// (2) with plain fetch through createSigningProxy, which signs it and forwards it over its own
// node:http client. Both go to the same loopback upstream, in alternating rounds; the overhead is the
// difference of the medians. Target: under 1 ms added.
//   node --expose-gc bench/proxy.mjs [--rounds=15] [--requests=200] [--quick]
// or from run.mjs: `npm run bench -- --proxy-only` (this section alone), included in a full run.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { buildPackage, PKG } from './build.mjs';

const TARGET_MS = 1;
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function listen(handler) {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/**
 * Mean ms per request of `n` sequential requests: wall clock, and CPU time of this process (user +
 * system; client, proxy and upstream all run here). On a loaded machine the wall clock mostly measures
 * waiting for a CPU; the CPU time is what the work costs, and what it would take on an idle core.
 */
async function timed(send, n) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await send();
  const wall = (performance.now() - t0) / n;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 / n };
}

/**
 * Runs the proxy section; `say` prints a line (run.mjs collects them). Returns { directMs, proxiedMs, overheadMs }.
 */
export async function proxyBench({ quick = false, say = console.log, rounds, requests } = {}) {
  const { createSignedFetch } = await import(pathToFileURL(join(PKG, 'dist', 'node-bundle', 'index.js')).href);
  const { createSigningProxy } = await import(pathToFileURL(join(PKG, 'dist', 'node-bundle', 'node.js')).href);
  const R = rounds ?? (quick ? 5 : 15);
  const N = requests ?? (quick ? 100 : 200);
  const upstream = await listen((req, res) => {
    req.resume();
    req.once('end', () => res.end('ok'));
  });
  const options = { service: 'execute-api', region: 'us-east-1', credentials };
  const handler = createSigningProxy({ ...options, upstream: upstream.url, env: {} });
  const proxy = await listen((req, res) => void handler(req, res));
  const headers = { accept: 'application/json', 'x-request-kind': 'bench' };
  const direct = createSignedFetch({ ...options, env: {}, retry: false });
  const viaDirect = async () => (await direct(`${upstream.url}/v1/items?limit=20`, { headers })).arrayBuffer();
  const viaProxy = async () => (await fetch(`${proxy.url}/v1/items?limit=20`, { headers })).arrayBuffer();
  // Warm both paths (JIT, connection pools), then alternate rounds so machine noise hits both alike.
  await timed(viaDirect, N);
  await timed(viaProxy, N);
  const d = [];
  const p = [];
  for (let r = 0; r < R; r++) {
    globalThis.gc?.();
    if (r % 2 === 0) {
      d.push(await timed(viaDirect, N));
      p.push(await timed(viaProxy, N));
    } else {
      p.push(await timed(viaProxy, N));
      d.push(await timed(viaDirect, N));
    }
  }
  handler.close();
  proxy.server.closeAllConnections();
  upstream.server.closeAllConnections();
  proxy.server.close();
  upstream.server.close();
  const directMs = median(d.map((x) => x.wall));
  const proxiedMs = median(p.map((x) => x.wall));
  const directCpu = median(d.map((x) => x.cpu));
  const proxiedCpu = median(p.map((x) => x.cpu));
  const overheadMs = proxiedCpu - directCpu;
  const wallOverhead = proxiedMs - directMs;
  say(`### Signing proxy: overhead per small request on loopback (${R} rounds of ${N} sequential GETs, medians)`);
  say();
  say('| path | CPU time/request | wall clock/request |');
  say('|---|---:|---:|');
  say(`| createSignedFetch → upstream (direct) | ${directCpu.toFixed(3)} ms | ${directMs.toFixed(3)} ms |`);
  say(`| fetch → createSigningProxy → upstream | ${proxiedCpu.toFixed(3)} ms | ${proxiedMs.toFixed(3)} ms |`);
  say(`| **added by the proxy** | **${overheadMs.toFixed(3)} ms** | ${wallOverhead.toFixed(3)} ms |`);
  say();
  say(`Target: under ${TARGET_MS} ms added (CPU time, which is the latency on an idle core): ${overheadMs < TARGET_MS ? 'met' : '**missed**'}.`);
  say();
  return { directMs, proxiedMs, overheadMs, wallOverhead };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
  await buildPackage();
  await proxyBench({ quick: Boolean(args.quick), ...(args.rounds ? { rounds: Number(args.rounds) } : {}), ...(args.requests ? { requests: Number(args.requests) } : {}) });
}
