/** The browser page's script: the vector runner and the signed-fetch probes, as one bundle. */
export { runCases } from './runner.js';
export { runProbes } from './probes.js';
