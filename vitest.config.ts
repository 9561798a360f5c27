import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    globalSetup: ['test/setup/global.ts'],
    // CLI runs in tests keep their hour index out of the user's cache folder.
    env: { TRIMDESK_INDEX_CACHE: path.join(os.tmpdir(), 'trimdesk-test-hour-index') },
    // Two cores: ffmpeg-heavy files must not all run at once.
    maxWorkers: 2,
  },
});
