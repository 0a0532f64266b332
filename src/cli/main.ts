#!/usr/bin/env node
/** The `sigv4` executable: the real process edges handed to {@link run}. */
import { readFile } from 'node:fs/promises';
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  readFile: (path) => readFile(path),
});
