import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Test folders in the order their files start. */
const FOLDERS_FIRST = ['e2e', 'integration', 'unit'];

/** Where a file's folder under test/ stands in FOLDERS_FIRST (any other last). */
function folderRank(file: TestSpecification): number {
  const folder = path.relative(path.join(file.project.config.root, 'test'), file.moduleId).split(path.sep)[0] ?? '';
  const rank = FOLDERS_FIRST.indexOf(folder);
  return rank < 0 ? FOLDERS_FIRST.length : rank;
}

/**
 * Browser files first, then integration, then unit files, each group in vitest's own order
 * (longest first by the last run's durations; largest first where none are known, as in a
 * clean clone, where size alone started 150 s browser files of 84 lines after hundreds of
 * seconds of others). The two workers then end on the many short unit files.
 */
class FoldersSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Array sort is stable: within a folder, vitest's order stands.
    return (await super.sort(files)).sort((a, b) => folderRank(a) - folderRank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    globalSetup: ['test/setup/global.ts'],
    // CLI runs in tests keep their hour index out of the user's cache folder.
    env: { TRIMDESK_INDEX_CACHE: path.join(os.tmpdir(), 'trimdesk-test-hour-index') },
    // Two cores: ffmpeg-heavy files must not all run at once. Three workers were tried
    // (others' runs at load 19-23 beside): five browser tests failed.
    maxWorkers: 2,
    sequence: { sequencer: FoldersSequencer },
  },
});
