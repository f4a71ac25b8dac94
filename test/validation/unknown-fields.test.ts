import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { goodDaemonSet, withDs } from './fixtures';
import { NodeDaemon } from '../../src';
import { main } from '../../src/cli/main';
import { ManifestValidator, RuleCatalog, Severity } from '../../src/validation';
import { UnknownFields } from '../../src/validation/unknown-fields';
import { synthErrors } from '../synth-errors';

const unknown = (manifests: any[], options = {}) =>
  ManifestValidator.validate(manifests, options).filter((f) => f.ruleId === 'SCHEMA-UNKNOWN-FIELD');

describe('SCHEMA-UNKNOWN-FIELD: fields the API server rejects under strict field validation', () => {
  test('a misspelled container field, with the field path and the field meant', () => {
    const ds = withDs((d) => { d.spec.template.spec.containers[0].imagePullPolcy = 'Always'; });
    expect(unknown([ds])).toEqual([{
      ruleId: 'SCHEMA-UNKNOWN-FIELD',
      severity: Severity.ERROR,
      resource: 'DaemonSet/monitoring/agent',
      field: 'spec.template.spec.containers[0].imagePullPolcy',
      message: "unknown field: the API server rejects it under strict field validation (kubectl's default); did you mean imagePullPolicy?",
    }]);
  });

  test('at every level: top level, metadata, list items, other case', () => {
    const ds = withDs((d) => {
      d.spc = {};
      d.metadata.lables = { a: 'b' };
      d.spec.template.spec.tolerations = [{ operator: 'Exists' }, { key: 'k', operator: 'Exists', tolerationSecond: 5 }];
      d.spec.template.spec.hostNetWork = true;
    });
    const found = unknown([ds]).map((f) => [f.field, f.message.split('; ')[1]]);
    expect(found).toHaveLength(4);
    expect(found).toEqual(expect.arrayContaining([
      ['spc', 'did you mean spec?'],
      ['metadata.lables', 'did you mean labels?'],
      ['spec.template.spec.tolerations[1].tolerationSecond', 'did you mean tolerationSeconds?'],
      ['spec.template.spec.hostNetWork', 'did you mean hostNetwork?'],
    ]));
  });

  test('a field nothing resembles is reported without a guess', () => {
    const ds = withDs((d) => { d.spec.template.spec.containers[0].sidecarMagic = true; });
    expect(unknown([ds])[0].message).toBe("unknown field: the API server rejects it under strict field validation (kubectl's default); remove it or fix its spelling");
  });

  test('inside maps of objects (a CustomResourceDefinition schema), map keys dotted as the API server prints them', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [{
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { 'tpye': 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
        }],
      },
    };
    expect(unknown([crd]).map((f) => f.field)).toEqual(['spec.versions[0].schema.openAPIV3Schema.properties.spec.tpye']);
  });

  test('maps of plain values (labels, resources, data) are not field lists', () => {
    const ds = withDs((d) => {
      d.spec.template.metadata.labels['example.com/anything'] = 'x';
      d.spec.template.spec.containers[0].resources = { limits: { 'nvidia.com/gpu': '1', 'memory': '1Gi' } };
    });
    expect(unknown([ds])).toEqual([]);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'any.key': 'v' }, binaryData: {} };
    expect(unknown([cm])).toEqual([]);
  });

  test('custom resources and unknown kinds are not checked (SCHEMA-UNKNOWN says so)', () => {
    const sm = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'x' }, spec: { anything: 1 } };
    expect(unknown([sm])).toEqual([]);
    expect(UnknownFields.knows('monitoring.coreos.com/v1', 'ServiceMonitor')).toBe(false);
    expect(UnknownFields.knows('apps/v1', 'DaemonSet')).toBe(true);
    expect(UnknownFields.kubernetesVersion).toMatch(/^v1\.\d+\.\d+$/);
  });

  test('part of the schema check: off with schema: false, and suppressible with a reason', () => {
    const ds = withDs((d) => { d.spec.template.spec.futureField = 1; });
    expect(unknown([ds], { schema: false })).toEqual([]);
    const report = ManifestValidator.run([ds], { suppressions: [{ ruleId: 'SCHEMA-UNKNOWN-FIELD', reason: 'the cluster runs a newer Kubernetes' }] });
    expect(report.findings.filter((f) => f.ruleId === 'SCHEMA-UNKNOWN-FIELD')).toEqual([]);
    expect(report.suppressed.map((f) => [f.field, f.reason])).toEqual([['spec.template.spec.futureField', 'the cluster runs a newer Kubernetes']]);
  });

  test('is in the rule catalog', () => {
    expect(RuleCatalog.find('SCHEMA-UNKNOWN-FIELD')).toMatchObject({ severity: Severity.ERROR });
  });

  test('a good DaemonSet and every example object have none', () => {
    expect(unknown([goodDaemonSet()])).toEqual([]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildExamples } = require('../../examples/app');
    const app = buildExamples({ outdir: Testing.app().outdir });
    const objects = app.charts.flatMap((c: Chart) => Testing.synth(c));
    expect(objects.length).toBeGreaterThan(20);
    expect(unknown(objects)).toEqual([]);
  });

  test('a typo in a YAML file fails `node-daemons validate` with the rule, the field and the fix', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-unknown-'));
    const file = path.join(dir, 'ds.yaml');
    fs.writeFileSync(file, JSON.stringify(withDs((d) => { d.spec.template.spec.containers[0].imagePullPolcy = 'Always'; })));
    let out = '';
    const o = jest.spyOn(process.stdout, 'write').mockImplementation((t: any) => { out += String(t); return true; });
    const e = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['validate', file, '-o', 'json'])).toBe(1);
    } finally {
      o.mockRestore();
      e.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(JSON.parse(out).findings).toEqual(expect.arrayContaining([expect.objectContaining({
      ruleId: 'SCHEMA-UNKNOWN-FIELD', field: 'spec.template.spec.containers[0].imagePullPolcy',
    })]));
  });

  test('cdk8s-plus resources cannot carry unknown fields: their JSON conversion drops them, and NodeDaemon names the patch', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const daemon = new NodeDaemon(chart, 'agent', { metadata: { name: 'agent', namespace: 'agents' }, validation: { reportWarnings: false } });
    daemon.addContainer({ name: 'main', image: 'example.com/agent:1.0.0' });
    ApiObject.of(daemon).addJsonPatch(JsonPatch.add('/spec/template/spec/hostPIDs', true));
    expect(synthErrors(app)).toContain('[test/agent] JSON patch #1 (add /spec/template/spec/hostPIDs): changes nothing in the output');
    expect(daemon.apiObject.toJson().spec.template.spec.hostPIDs).toBeUndefined();
  });
});
