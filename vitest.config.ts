import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['sigv4-kit-source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['sigv4-kit-source', 'node', 'import', 'default'] } },
  // globalSetup files run in vitest's own `__vitest__` environment: without this, `#crypto` there resolved to a stale dist/.
  environments: { __vitest__: { resolve: { conditions: ['sigv4-kit-source', 'node', 'import', 'default'] } } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/motoGlobalSetup.ts'],
  },
});
