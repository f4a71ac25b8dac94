import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/**
 * `npx cdk8s synth` in examples/ is what a user runs: the app (importing 'cdk8s-node-daemons') synthesizes, and the
 * validation plugin that examples/cdk8s.yaml enables judges every manifest.
 */
const EXAMPLES = path.resolve(__dirname, '..', 'examples');
const CDK8S = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');

describe('cdk8s synth in examples/', () => {
  test('cdk8s.yaml enables the validation plugin', () => {
    const config = YAML.parse(fs.readFileSync(path.join(EXAMPLES, 'cdk8s.yaml'), 'utf8'));
    expect(config.validations).toEqual([expect.objectContaining({ package: './validation-plugin.js', class: 'NodeDaemonsValidation' })]);
  });

  test('synthesizes every example chart and passes the validation plugin', () => {
    const r = spawnSync(process.execPath, [CDK8S, 'synth', '--check-upgrade=false'], {
      cwd: EXAMPLES, encoding: 'utf8', timeout: 240_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect({ status: r.status, out }).toEqual({ status: 0, out: expect.stringContaining('Performing validations') });
    // the plugin ran and reported the seed scenarios' warnings, and no error
    expect(out).toMatch(/\[warning\] ND-014/);
    expect(out).not.toMatch(/\[error\]/);
    for (const chart of ['node-exporter', 'cadvisor', 'fluentd', 'fluent-bit']) {
      expect(fs.existsSync(path.join(EXAMPLES, 'dist', `${chart}.k8s.yaml`))).toBe(true);
    }
  });
});
