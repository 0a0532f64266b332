import type { Plugin } from 'esbuild';

/** One entry of package.json "imports". */
export type SubpathImport = string | { readonly [condition: string]: string };
export function subpathImports(root: string): Record<string, SubpathImport>;
export function toSource(root: string, target: string): string;
export function targetFor(entry: SubpathImport, mode: 'node' | 'default'): string;
export function nodeOnlyTargets(root: string): Set<string>;
export function subpathImportsPlugin(root: string, mode: 'node' | 'default'): Plugin;
