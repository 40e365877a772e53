import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites start real servers and tools; give them room, and run files one at a time on
    // small machines so a Keycloak start-up does not starve the unit tests.
    testTimeout: 60_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    setupFiles: ['test/support/yield-to-runner.ts'],
    reporters: ['default'],
  },
});
