import * as os from 'os';
import * as path from 'path';
import { SHARED_DIR, sharedAvailable } from './shared-data';

describe('tests that read ../shared', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI; else process.env.CI = ci;
  });
  const absent = path.join(os.tmpdir(), 'cdk8s-node-daemons-no-shared');

  test('are skipped with a one-line note when it is absent outside CI', () => {
    delete process.env.CI;
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(sharedAvailable('conformance', absent)).toBe(false);
      expect(sharedAvailable('conformance', absent)).toBe(false);
      expect(write).toHaveBeenCalledTimes(1);
      expect(String(write.mock.calls[0][0])).toMatch(/^note: skipping the tests that read \.\.\/shared\/conformance .*\n$/);
    } finally {
      write.mockRestore();
    }
  });

  test('fail under CI when it is absent', () => {
    process.env.CI = 'true';
    expect(() => sharedAvailable('conformance', absent)).toThrow(/cdk8s-node-daemons-no-shared\/conformance is missing: CI runs every test/);
  });

  test('run when it is there', () => {
    if (!sharedAvailable('conformance')) return; // a clone without ../shared has nothing to find
    expect(path.basename(SHARED_DIR)).toBe('shared');
    expect(sharedAvailable('conformance')).toBe(true);
  });
});
