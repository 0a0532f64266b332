/** The STS call path, loaded when a provider first calls STS (see lazy.ts). */
import { onFirstUse } from '../../lazy.js';

/** Loads calls.ts once; every STS provider and identity check shares the load. */
export const loadStsCalls = onFirstUse(() => import('./calls.js'));
