#!/usr/bin/env node
/**
 * Every export of the public entries has a TSDoc comment, and every entry-point function (sign*, presign*,
 * create*, verify*, from*, chain, cached, with*) also has an @example. Uses the TypeScript compiler API
 * on the declaration each export resolves to, so a re-export is judged by the original's comment.
 *
 * Usage: node scripts/check-tsdoc.mjs [--json] [entry ...]   (default: every package entry of src/)
 * Exit status 1 lists the undocumented exports with the file that declares them.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const DEFAULT_ENTRIES = ['src/index.ts', 'src/node.ts', 'src/sigv4a.ts', 'src/chunked.ts', 'src/eventstream.ts', 'src/steps.ts', 'src/x509.ts', 'src/x509.portable.ts', 'src/explain.ts'];
const ENTRY_POINT = /^(sign|presign|create|verify|from|with)[A-Z0-9]|^(chain|cached)$/;

function compilerOptions() {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error('cannot read tsconfig.json');
  return { ...parsed.options, noEmit: true };
}

function docOf(symbol, checker) {
  const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const tags = symbol.getJsDocTags(checker).map((t) => t.name);
  return { summary, tags };
}

/** One finding per export that lacks a summary, or an @example where one is required. */
export function checkTsdoc(entries) {
  const files = entries.map((e) => resolve(ROOT, e));
  const program = ts.createProgram(files, compilerOptions());
  const checker = program.getTypeChecker();
  const findings = [];
  let checked = 0;
  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) {
      findings.push({ entry: relative(ROOT, file), name: '(module)', problem: 'not a module or not found' });
      continue;
    }
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = target.declarations?.[0];
      const where = declaration ? relative(ROOT, declaration.getSourceFile().fileName) : '?';
      const { summary, tags } = docOf(target, checker);
      checked++;
      if (summary === '') findings.push({ entry: relative(ROOT, file), name: exported.name, declaredIn: where, problem: 'no TSDoc comment' });
      const isFunction = (target.flags & ts.SymbolFlags.Function) !== 0;
      if (isFunction && ENTRY_POINT.test(exported.name) && !tags.includes('example')) {
        findings.push({ entry: relative(ROOT, file), name: exported.name, declaredIn: where, problem: 'entry point without @example' });
      }
    }
  }
  return { checked, findings };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const given = args.filter((a) => a !== '--json');
  const entries = given.length > 0 ? given : DEFAULT_ENTRIES.filter((e) => existsSync(resolve(ROOT, e)));
  const { checked, findings } = checkTsdoc(entries);
  if (json) console.log(JSON.stringify({ entries, checked, findings }, null, 2));
  else if (findings.length === 0) console.log(`TSDoc: all ${checked} exports of ${entries.join(', ')} are documented`);
  else {
    console.error(`TSDoc: ${findings.length} problem(s) in ${checked} exports of ${entries.join(', ')}:`);
    for (const f of findings) console.error(`  ${f.name} (${f.declaredIn ?? f.entry}): ${f.problem}`);
  }
  process.exitCode = findings.length === 0 && checked > 0 ? 0 : 1;
}
