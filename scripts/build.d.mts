import type { OutputAsset, OutputChunk } from 'rolldown';

/** The Node bundle's entry points, by output name (src/ paths). */
export const NODE_ENTRIES: Readonly<Record<string, string>>;
/** Bundles the Node entry points of `root`/src into `outdir`; returns rolldown's output. */
export function bundleNodeEntries(root: string, outdir: string): Promise<Array<OutputChunk | OutputAsset>>;
