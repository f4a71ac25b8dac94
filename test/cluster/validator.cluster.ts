// The validator agrees with the API server: every DaemonSet of ../shared/conformance/invalid_daemonsets.json is
// created with dryRun=All; the server's verdict must equal ManifestValidator.validate's (an 'error' finding means
// invalid), and each field the server rejects must be one the validator reported.
import * as fs from 'fs';
import * as path from 'path';
import { CONFORMANCE_DIR, TestCluster, WriteResult } from './kube';

interface ConformanceCase {
  readonly name: string;
  readonly source: string;
  readonly daemonSet: any;
  readonly valid: boolean;
  readonly errorFields?: string[];
}

interface Finding {
  readonly ruleId: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly resource: string;
  readonly field: string;
  readonly message: string;
}

type Validate = (manifests: any[], options?: any) => Finding[];

/** `ManifestValidator.validate` from src/validation, or undefined while that module does not export it. */
function loadValidator(): Validate | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('../../src/validation');
  const mv = mod?.ManifestValidator;
  return typeof mv?.validate === 'function' ? (manifests, options) => mv.validate(manifests, options) : undefined;
}

const cases: ConformanceCase[] = JSON.parse(fs.readFileSync(path.join(CONFORMANCE_DIR, 'invalid_daemonsets.json'), 'utf8'));
const server = new Map<string, WriteResult>();
let cluster: TestCluster;

beforeAll(async () => {
  cluster = TestCluster.connect();
  const namespaces = new Set(cases.map((c) => c.daemonSet?.metadata?.namespace ?? 'default'));
  for (const ns of namespaces) await cluster.ensureNamespace(ns);
  for (const c of cases) {
    const ds = { ...c.daemonSet, metadata: { namespace: 'default', ...c.daemonSet.metadata } };
    server.set(c.name, await cluster.create(ds, { dryRun: true }));
  }
});

afterAll(() => cluster?.close());

test('the conformance file has cases', () => {
  expect(cases.length).toBeGreaterThan(0);
});

const validate = loadValidator();
const describeIfValidator = validate ? describe : describe.skip;
if (!validate) {
  process.stdout.write('NOTE: src/validation does not export ManifestValidator.validate yet: validator-vs-server cases skipped\n');
}

describeIfValidator('ManifestValidator.validate agrees with the API server', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = server.get(c.name)!;
    const findings = validate!([c.daemonSet]);
    const errors = findings.filter((f) => f.severity === 'error');
    const serverSays = r.ok ? 'valid' : `invalid: ${r.message}`;
    const validatorSays = errors.length === 0 ? 'valid' : `invalid: ${errors.map((f) => `${f.field}: ${f.message}`).join('; ')}`;
    // Same verdict...
    expect({ verdict: errors.length === 0 ? 'valid' : 'invalid', validator: validatorSays })
      .toEqual({ verdict: r.ok ? 'valid' : 'invalid', validator: expect.any(String) });
    // ...and every field the server rejects is one the validator reported.
    const reported = new Set(errors.map((f) => f.field));
    const missed = r.causeFields.filter((f) => !reported.has(f));
    expect({ missed, server: serverSays }).toEqual({ missed: [], server: serverSays });
  });
});

test('the conformance data agrees with the API server (a mismatch is a data problem)', () => {
  const mismatches = cases
    .map((c) => ({ c, r: server.get(c.name)! }))
    .filter(({ c, r }) => c.valid !== r.ok)
    .map(({ c, r }) => `${c.name}: data says ${c.valid ? 'valid' : 'invalid'}, server says ${r.ok ? 'valid' : `invalid (${r.message})`} [${c.source}]`);
  expect(mismatches).toEqual([]);
});

// Unknown fields: the API server (strict field validation, what kubectl apply does by default) rejects each one,
// and the validator reports exactly those fields as SCHEMA-UNKNOWN-FIELD.
const typos: Array<{ name: string; object: any; fix: (o: any) => void }> = [
  {
    name: 'DaemonSet with misspelled fields at three levels',
    object: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'typo-ds', namespace: 'default', lables: { a: 'b' } },
      spec: {
        selector: { matchLabels: { app: 'typo' } },
        template: {
          metadata: { labels: { app: 'typo' } },
          spec: {
            containers: [{ name: 'c', image: 'example.com/c:1', imagePullPolcy: 'Always' }],
            tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSecond: 5 }],
          },
        },
      },
    },
    fix: (o) => {
      delete o.metadata.lables;
      delete o.spec.template.spec.containers[0].imagePullPolcy;
      delete o.spec.template.spec.tolerations[0].tolerationSecond;
    },
  },
  {
    name: 'ConfigMap with a top-level typo',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typo-cm', namespace: 'default' }, datas: { a: 'b' } },
    fix: (o) => { delete o.datas; },
  },
  {
    name: 'CustomResourceDefinition with a typo inside its schema (a map of objects)',
    object: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.typo.example.com' },
      spec: {
        group: 'typo.example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [{
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { 'type': 'object', 'tpye': 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
        }],
      },
    },
    fix: (o) => { delete o.spec.versions[0].schema.openAPIV3Schema.properties.spec.tpye; },
  },
];

describeIfValidator('unknown fields: the validator reports what strict field validation rejects', () => {
  test.each(typos.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    const r = await cluster.create(t.object, { dryRun: true });
    const serverFields = [...r.message.matchAll(/unknown field "([^"]+)"/g)].map((m) => m[1].replace(/^\./, '')).sort();
    const validatorFields = validate!([t.object]).filter((f) => f.ruleId === 'SCHEMA-UNKNOWN-FIELD').map((f) => f.field).sort();
    expect({ ok: r.ok, fields: validatorFields }).toEqual({ ok: false, fields: serverFields });
    expect(serverFields.length).toBeGreaterThan(0);
    // without the typos, both accept the object
    const fixed = JSON.parse(JSON.stringify(t.object));
    t.fix(fixed);
    const r2 = await cluster.create(fixed, { dryRun: true });
    expect({ ok: r2.ok, message: r2.message }).toEqual({ ok: true, message: '' });
    expect(validate!([fixed]).filter((f) => f.severity === 'error')).toEqual([]);
  });
});
