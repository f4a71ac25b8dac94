import * as fs from 'fs';
import * as path from 'path';

/**
 * The data shared beside the repository (`../shared`: conformance vectors, real-world manifests). Tests that read
 * it use `describeShared` and `loadSharedJson`: when it is absent they are skipped with a one-line note, except under
 * CI (env `CI` set), which always has it, where its absence fails the test file.
 */
export const SHARED_DIR = path.resolve(__dirname, '../../shared');

const noted = new Set<string>();

/** Whether `../shared/<sub>` exists (throws under CI when it does not). */
export function sharedAvailable(sub: string, root: string = SHARED_DIR): boolean {
  const dir = path.join(root, sub);
  if (fs.existsSync(dir)) return true;
  if (process.env.CI) {
    throw new Error(`${dir} is missing: CI runs every test that reads ../shared (clone the repository beside shared/)`);
  }
  if (!noted.has(dir)) {
    noted.add(dir);
    process.stderr.write(`note: skipping the tests that read ../shared/${sub} (not found beside the repository)\n`);
  }
  return false;
}

/** `describe` when `../shared/<sub>` exists, `describe.skip` otherwise. */
export function describeShared(sub: string): jest.Describe {
  return sharedAvailable(sub) ? describe : describe.skip;
}

/** The parsed JSON file `../shared/<sub>/<file>`, or an empty array when `../shared/<sub>` is absent. */
export function loadSharedJson(sub: string, file: string): any[] {
  if (!sharedAvailable(sub)) return [];
  return JSON.parse(fs.readFileSync(path.join(SHARED_DIR, sub, file), 'utf8'));
}
