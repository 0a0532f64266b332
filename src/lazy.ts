/**
 * Code that only a running provider or fetch needs is loaded on its first use, so `import 'sigv4-kit'`
 * does not pay (in Node's loader and the parser) for every call path an application may never take.
 */

/**
 * Returns a loader that runs `load` once and hands every caller the same promise: callers that arrive
 * while the module is still loading share that load. A failed load is forgotten, so the next call tries
 * again (a transient read error of a lazily loaded chunk must not break the provider for good).
 * @example
 * const loadCalls = onFirstUse(() => import('./calls.js'));
 * const { callSts } = await loadCalls();
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}
