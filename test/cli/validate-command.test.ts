import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { widgetCrd } from '../validation/crd-fixtures';
import { goodDaemonSet, withDs } from '../validation/fixtures';

const REPO = path.resolve(__dirname, '../..');
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-validate-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, docs: any[] | string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof docs === 'string' ? docs : docs.map((d) => JSON.stringify(d)).join('\n---\n'));
  return p;
}

/** Run main() in-process, capturing stdout and stderr. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => { out += String(s); return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => { err += String(s); return true; });
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('node-daemons validate', () => {
  test('a clean file: exit 0, summary line', async () => {
    const r = await run(['validate', file('good.yaml', [goodDaemonSet()]), '--min-severity', 'warning']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('0 error(s), 0 warning(s), 1 info (1 below --min-severity not shown) in 1 object(s) from 1 file(s)\n');
  });

  test('errors: exit 1, table with resource, field, rule and message', async () => {
    const bad = withDs((d) => d.spec.template.spec.restartPolicy = 'Never');
    process.env.COLUMNS = '400'; // wide enough that no cell wraps
    const r = await run(['validate', file('bad.yaml', [bad])]).finally(() => delete process.env.COLUMNS);
    expect(r.code).toBe(1);
    for (const h of ['Severity', 'Resource', 'Field', 'Rule', 'Message']) expect(r.out).toContain(h);
    expect(r.out).toContain('DaemonSet/monitoring/agent');
    expect(r.out).toContain('bad.yaml doc[0]');
    expect(r.out).toContain('spec.template.spec.restartPolicy');
    expect(r.out).toContain('API-RESTART-POLICY');
    expect(r.out).toMatch(/1 error\(s\), 0 warning\(s\), 1 info/);
  });

  test('--output json lists findings with location; warnings alone exit 0', async () => {
    const warn = withDs((d) => delete d.spec.template.spec.priorityClassName);
    const r = await run(['validate', '-o', 'json', file('warn.yaml', [warn])]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.valid).toBe(true);
    expect(j.summary).toMatchObject({ error: 0, warning: 1, info: 1, objects: 1 });
    expect(j.findings[0]).toEqual({
      severity: 'warning',
      resource: 'DaemonSet/monitoring/agent',
      location: `${path.join(dir, 'warn.yaml')} doc[0] (line 1)`,
      file: path.join(dir, 'warn.yaml'),
      line: 1,
      field: 'spec.template.spec.priorityClassName',
      ruleId: 'ND-014',
      message: expect.stringContaining('priorityClassName'),
    });
  });

  test('--warnings-as-errors and --suppress', async () => {
    const warn = withDs((d) => delete d.spec.template.spec.priorityClassName);
    const p = file('warn2.yaml', [warn]);
    expect((await run(['validate', '--warnings-as-errors', p])).code).toBe(1);
    const s = await run(['validate', '--warnings-as-errors', '-o', 'json', '--suppress', 'ND-014@DaemonSet/monitoring/agent=best effort', p]);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.out).suppressed).toEqual([expect.objectContaining({ ruleId: 'ND-014', reason: 'best effort' })]);
    const noReason = await run(['validate', '--suppress', 'ND-014=', p]);
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain('a reason is required');
  });

  test('annotation suppressions hold in the CLI; the summary counts them and --show-suppressed lists them', async () => {
    const ds = withDs((d) => {
      delete d.spec.template.spec.priorityClassName;
      d.metadata.annotations = { 'suppress.node-daemons.dev/ND-014': 'best-effort agent, default priority on purpose' };
    });
    const p = file('annotated.yaml', [ds]);
    const quiet = await run(['validate', '--warnings-as-errors', '--min-severity', 'warning', p]);
    expect(quiet.code).toBe(0);
    expect(quiet.out.replace(/\s+/g, ' ')).toBe('0 error(s), 0 warning(s), 1 info (1 below --min-severity not shown), 1 suppressed (--show-suppressed lists them) in 1 object(s) from 1 file(s) ');
    process.env.COLUMNS = '80';
    const shown = await run(['validate', '--warnings-as-errors', '--min-severity', 'warning', '--show-suppressed', p]).finally(() => delete process.env.COLUMNS);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('Suppressed (1):\nERROR ND-014 DaemonSet/monitoring/agent\n');
    expect(shown.out.replace(/\s+/g, ' ')).toContain('[suppressed: best-effort agent, default priority on purpose]');
    expect(shown.out.replace(/\s+/g, ' ')).toMatch(/, 1 suppressed in 1 object\(s\)/);
    const json = JSON.parse((await run(['validate', '-o', 'json', p])).out);
    expect(json.summary.suppressed).toBe(1);
    expect(json.suppressed).toEqual([expect.objectContaining({ ruleId: 'ND-014', reason: 'best-effort agent, default priority on purpose', file: p, line: 1 })]);
    // an empty reason is an error finding: exit 1
    ds.metadata.annotations['suppress.node-daemons.dev/ND-014'] = '';
    const empty = await run(['validate', '-o', 'json', file('annotated-empty.yaml', [ds])]);
    expect(empty.code).toBe(1);
    expect(JSON.parse(empty.out).findings.map((f: any) => f.ruleId)).toEqual(['SUPPRESSION', 'ND-014', 'PSS-001']);
  });

  test('bad input is reported per file and document, never as a stack trace', async () => {
    const p = file('mixed.yaml', `${JSON.stringify(goodDaemonSet())}\n---\nfoo: [\n---\n- a\n---\nmetadata: {name: x}\n`);
    const r = await run(['validate', '-o', 'json', p, path.join(dir, 'nope.yaml')]);
    // input that cannot be read exits 2, like a usage error
    expect(r.code).toBe(2);
    const j = JSON.parse(r.out);
    const inputs = j.findings.filter((f: any) => f.ruleId === 'INPUT');
    expect(inputs.map((f: any) => f.location.replace(dir, '<dir>'))).toEqual([
      expect.stringMatching(/^<dir>\/mixed.yaml doc\[1\]/),
      expect.stringMatching(/^<dir>\/mixed.yaml doc\[2\]/),
      expect.stringMatching(/^<dir>\/mixed.yaml doc\[3\]/),
      '<dir>/nope.yaml',
    ]);
    expect(r.out + r.err).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });

  test('unknown kinds are info, not errors', async () => {
    const r = await run(['validate', '-o', 'json', file('crd.yaml', 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: sm}\nspec: {}\n')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).findings).toEqual([expect.objectContaining({ ruleId: 'SCHEMA-UNKNOWN', severity: 'info' })]);
  });

  test('--crd FILE (repeatable): custom resources are validated against the definitions it holds', async () => {
    const crd = file('widget-crd.yaml', [widgetCrd(), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }]);
    const cr = (spec: any) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'apps' }, spec });
    const bad = file('widgets.yaml', [cr({ mode: 'fast', min: 1 }), cr({ mode: 'slow', min: 1, colour: 'red' })]);
    const r = await run(['validate', '-o', 'json', '--crd', crd, bad]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings.map((f: any) => [f.ruleId, f.field, f.line])).toEqual([['SCHEMA-UNKNOWN-FIELD', 'spec.colour', 1]]);
    const r2 = await run(['validate', '-o', 'json', '--crd', crd, file('widgets2.yaml', [cr({ mode: 'slow', min: 1 })])]);
    expect(JSON.parse(r2.out).findings).toEqual([
      expect.objectContaining({
        ruleId: 'API-FIELD-NOT-SUPPORTED', severity: 'error', field: 'spec.mode', message: 'Unsupported value: "slow": supported values: "fast", "safe"',
      }),
      expect.objectContaining({ ruleId: 'API-RULES-NOT-CHECKED', severity: 'info' }),
    ]);
    // the same definition in the input does the same; without it the custom resource is info
    expect((await run(['validate', '-o', 'json', crd, bad])).code).toBe(1);
    expect((await run(['validate', '-o', 'json', file('only-cr.yaml', [cr({ mode: 'slow' })])])).code).toBe(0);
    // a --crd file that cannot be read, or holds no definition, is exit 2 with the reason
    const missing = await run(['validate', '--crd', path.join(dir, 'nope.yaml'), bad]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^node-daemons validate: --crd .*nope\.yaml/);
    const none = await run(['validate', '--crd', file('no-crd.yaml', [goodDaemonSet()]), bad]);
    expect([none.code, none.err]).toEqual([2, `node-daemons validate: --crd ${path.join(dir, 'no-crd.yaml')}: no CustomResourceDefinition in it\n`]);
    const help = await run(['validate', '--help']);
    expect(help.out).toContain('--crd <file>');
  });

  test('usage errors exit 2', async () => {
    expect((await run(['validate', '-o', 'xml', file('x.yaml', [goodDaemonSet()])])).code).toBe(2);
    expect((await run(['validate'])).code).toBe(2);
  });

  test('real process: stdin with -, exit code 1, table on stdout', () => {
    const bad = withDs((d) => d.spec.updateStrategy = { rollingUpdate: { maxSurge: 1 } });
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', 'validate', '-'], {
      cwd: REPO, input: JSON.stringify(bad), encoding: 'utf8', timeout: 60000, env: { ...process.env, COLUMNS: '400' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('spec.updateStrategy.rollingUpdate.maxSurge');
    expect(r.stdout).toContain('API-ROLLING-UPDATE');
    expect(r.stdout).toContain('<stdin> doc[0]');
  });
});
