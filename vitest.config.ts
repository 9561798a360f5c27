import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    globalSetup: ['test/setup/global.ts'],
    // Two cores: ffmpeg-heavy files must not all run at once.
    maxWorkers: 2,
  },
});
