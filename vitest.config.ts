import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['sigv4-kit-source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['sigv4-kit-source', 'node', 'import', 'default'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
