import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { widgetCrd } from './crd-fixtures';
import { goodDaemonSet, withDs } from './fixtures';
import { NodeDaemon, PriorityClass } from '../../src';
import { NodeDaemonsValidation } from '../../src/validation';

const REPO = path.resolve(__dirname, '../..');
// cdk8s-cli exports only `cdk8s-cli/plugins`; its loader classes are reached by file path.
const CLI_DIR = path.dirname(require.resolve('cdk8s-cli/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PluginManager } = require(path.join(CLI_DIR, 'lib/plugins/_manager.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationPlugin } = require(path.join(CLI_DIR, 'lib/plugins/validation.js'));
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-plugin-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
function manifest(name: string, docs: any[] | string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof docs === 'string' ? docs : docs.map((d) => JSON.stringify(d)).join('\n---\n'));
  return p;
}

describe('NodeDaemonsValidation (cdk8s-cli plugin)', () => {
  test('with a real cdk8s-cli ValidationContext: failure on errors, violations with manifest path and locations', async () => {
    const bad = withDs((d) => d.spec.template.spec.restartPolicy = 'Never');
    const file = manifest('bad.k8s.yaml', [bad]);
    const ctx = new ValidationContext([file], 'cdk8s-node-daemons', '0.0.0', { agent: { path: 'App/Chart/Agent' } }, false);
    await new NodeDaemonsValidation().validate(ctx);
    expect(ctx.report.success).toBe(false);
    const json = ctx.report.toJson();
    expect(json.summary).toMatchObject({ status: 'failure', metadata: { errors: '1', warnings: '0' } });
    expect(json.violations).toEqual([{
      ruleName: '[error] API-RESTART-POLICY',
      recommendation: expect.stringContaining('Unsupported value: "Never": supported values: "Always"'),
      fix: 'The pod template restartPolicy is Always (the default).',
      violatingConstructs: [{
        resourceName: 'agent',
        constructPath: 'App/Chart/Agent',
        manifestPath: file,
        locations: ['DaemonSet/monitoring/agent: spec.template.spec.restartPolicy'],
      }],
    }]);
    expect(ctx.report.toString()).toContain('API-RESTART-POLICY');
  });

  test('success with warnings listed; warningsAsErrors and suppressions from properties', async () => {
    const warn = withDs((d) => delete d.spec.template.spec.priorityClassName);
    const file = manifest('warn.k8s.yaml', [warn, goodDaemonSet()].map((d, i) => ({ ...d, metadata: { ...d.metadata, name: `a${i}` } })));
    const ok = new ValidationContext([file], 'p', '0', {}, false);
    await new NodeDaemonsValidation({}).validate(ok);
    expect(ok.report.success).toBe(true);
    expect(ok.report.toJson().violations.map((v) => v.ruleName)).toEqual(['[warning] ND-014']);

    const strict = new ValidationContext([file], 'p', '0', {}, false);
    await new NodeDaemonsValidation({ warningsAsErrors: true }).validate(strict);
    expect(strict.report.success).toBe(false);

    const suppressed = new ValidationContext([file], 'p', '0', {}, false);
    await new NodeDaemonsValidation({ warningsAsErrors: true, suppressions: [{ ruleId: 'ND-014', reason: 'best effort' }] }).validate(suppressed);
    expect(suppressed.report.success).toBe(true);
    expect(suppressed.report.toJson().summary.metadata).toMatchObject({ suppressed: '1' });
  });

  test('suppressions written by NodeDaemon.suppress() travel with the synthesized YAML: warningsAsErrors passes', async () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const daemon = new NodeDaemon(chart, 'agent', { metadata: { name: 'agent', namespace: 'agents' }, priorityClass: PriorityClass.SYSTEM_NODE_CRITICAL });
    daemon.addContainer({ name: 'main', image: 'example.com/agent:1.0.0' }); // no probes: ND-003, ND-004
    const file = manifest('suppressed.k8s.yaml', Testing.synth(chart));
    const before = new ValidationContext([file], 'p', '0', {}, false);
    await new NodeDaemonsValidation({ warningsAsErrors: true }).validate(before);
    expect(before.report.success).toBe(false);

    daemon.suppress('ND-003', 'exits on failure').suppress('ND-004', 'serves no traffic');
    const annotated = manifest('suppressed2.k8s.yaml', Testing.synth(chart));
    const after = new ValidationContext([annotated], 'p', '0', {}, false);
    await new NodeDaemonsValidation({ warningsAsErrors: true }).validate(after);
    expect(after.report.toJson().violations.map((v) => v.ruleName).filter((n) => /ND-00[34]/.test(n))).toEqual([]);
    expect(after.report.toJson().summary.metadata).toMatchObject({ suppressed: '2' });
  });

  test('crdFiles: custom resources are validated against the given CustomResourceDefinitions', async () => {
    const crd = manifest('widget-crd.yaml', [widgetCrd()]);
    const cr = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'apps' }, spec: { mode: 'slow', min: 1 } };
    const file = manifest('widget.k8s.yaml', [cr]);
    const without = new ValidationContext([file], 'p', '0', {}, false);
    await new NodeDaemonsValidation({}).validate(without);
    expect(without.report.success).toBe(true);
    const ctx = new ValidationContext([file], 'p', '0', {}, false);
    await new NodeDaemonsValidation({ crdFiles: [crd] }).validate(ctx);
    expect(ctx.report.success).toBe(false);
    expect(ctx.report.toJson().violations.map((v) => [v.ruleName, v.recommendation])).toEqual([
      ['[error] API-FIELD-NOT-SUPPORTED', 'Unsupported value: "slow": supported values: "fast", "safe"'],
    ]);
    const missing = new ValidationContext([file], 'p', '0', {}, false);
    await new NodeDaemonsValidation({ crdFiles: [path.join(dir, 'nope.yaml')] }).validate(missing);
    expect(missing.report.toJson().violations.map((v) => v.ruleName)).toEqual(['[error] INPUT']);
  });

  test('an annotation suppression without a reason fails the report', async () => {
    const ds = withDs((d) => { delete d.spec.template.spec.priorityClassName; d.metadata.annotations = { 'suppress.node-daemons.dev/ND-014': '' }; });
    const ctx = new ValidationContext([manifest('empty-reason.k8s.yaml', [ds])], 'p', '0', {}, false);
    await new NodeDaemonsValidation().validate(ctx);
    expect(ctx.report.success).toBe(false);
    expect(ctx.report.toJson().violations.map((v) => v.ruleName)).toEqual(['[error] SUPPRESSION', '[warning] ND-014']);
  });

  test('unparseable manifests fail the report with the file and document', async () => {
    const file = manifest('broken.k8s.yaml', 'foo: [\n');
    const ctx = new ValidationContext([file], 'p', '0', {}, false);
    await new NodeDaemonsValidation().validate(ctx);
    expect(ctx.report.success).toBe(false);
    expect(ctx.report.toJson().violations[0].recommendation).toMatch(/broken\.k8s\.yaml doc\[0\] \(line \d+\): invalid YAML/);
  });

  test('loaded the way cdk8s synth loads it (PluginManager, local package path, class, properties)', async () => {
    const file = manifest('app.k8s.yaml', [withDs((d) => d.spec.template.spec.containers[0].image = 'agent:latest')]);
    const { plugin, context } = ValidationPlugin.load(
      { package: path.join(REPO, 'src', 'validation'), version: '0.0.0', class: 'NodeDaemonsValidation', properties: { warningsAsErrors: true } },
      { manifests: [file] } as any, false, new PluginManager(path.join(dir, 'plugins')));
    await plugin.validate(context);
    expect(context.report.success).toBe(false);
    expect(context.report.toJson().violations.map((v: any) => v.ruleName)).toEqual(['[error] ND-005']);
  });

  test('end to end: `cdk8s synth` with validations: in cdk8s.yaml (offline, local package)', () => {
    const app = fs.mkdtempSync(path.join(dir, 'app-'));
    fs.writeFileSync(path.join(app, 'app.js'), [
      "const fs = require('fs');",
      "fs.mkdirSync('dist', { recursive: true });",
      `fs.writeFileSync('dist/app.k8s.yaml', ${JSON.stringify(JSON.stringify(withDs((d) => d.spec.template.metadata.labels = { app: 'other' })))});`,
    ].join('\n'));
    // The published package is loaded by name or path; here a shim compiles the sources on the fly.
    fs.writeFileSync(path.join(app, 'shim.js'),
      `require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true, project: ${JSON.stringify(path.join(REPO, 'tsconfig.json'))} });\n` +
      `module.exports = require(${JSON.stringify(path.join(REPO, 'src', 'validation'))});\n`);
    fs.writeFileSync(path.join(app, 'cdk8s.yaml'), [
      'language: typescript', 'app: node app.js', 'validations:',
      '  - package: ./shim.js', '    version: 0.0.0', '    class: NodeDaemonsValidation', '    properties:', '      minSeverity: error', '',
    ].join('\n'));
    const r = spawnSync(process.execPath, [path.join(CLI_DIR, 'bin/cdk8s'), 'synth'], { cwd: app, encoding: 'utf8', timeout: 120000 });
    const out = r.stdout + r.stderr;
    expect(out).toContain('[error] API-SELECTOR-MATCH');
    expect(out).toContain('Validation failed');
    expect(r.status).not.toBe(0);
  });
});
