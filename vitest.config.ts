import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Real scrypt, real SQLCipher and real child processes: generous, but never a timing assertion.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // How long findBy…/waitFor and expect.poll wait for what they assert, in every file: see
    // test/helpers/wait-limits.ts (the same 10 s for both).
    setupFiles: ['test/helpers/wait-limits.ts'],
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    maxWorkers: 2,
  },
});
