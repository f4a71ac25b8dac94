// Custom resources against the real kube-apiserver: CustomResourceDefinitions (generated ones with enums, required
// fields, defaults, CEL rules, list types, scale and embedded resources, and published ones from
// ../shared/realworld) are created in the server; seeded mutations of custom resources are created with dryRun=All
// and fieldValidation=Strict and judged by ManifestValidator with the same definitions as context. The verdicts must
// agree on every case, and every field the server names in details.causes must be the field of a finding. Then
// mutated CustomResourceDefinitions themselves: same verdict as the server's dry-run create.
import * as fs from 'fs';
import * as path from 'path';
import { fuzz, pick } from './fuzz';
import { TestCluster, waitFor } from './kube';
import { disagreement, warningDisagreement } from './verdicts';
import { prng } from '../../bench/cluster';
import { ManifestFiles } from '../../src/k8s/manifest-files';
import { ManifestValidator } from '../../src/validation';
import { widgetCrd } from '../validation/crd-fixtures';

const SEED = Number(process.env.CDK8S_ND_DIFF_SEED ?? 20261201);
const CASES = Number(process.env.CDK8S_ND_CRD_DIFF_CASES ?? 400);
/** Custom resources with random structural changes; half as many definitions. */
const FUZZ_CASES = Number(process.env.CDK8S_ND_CRD_FUZZ_CASES ?? 300);
const REALWORLD = path.resolve(__dirname, '..', '..', '..', 'shared', 'realworld');
const NS = 'crd-diff';

/** A cluster-scoped definition with a scale subresource, a list map, int-or-string, formats, an embedded resource and a CEL messageExpression. */
function gadgetCrd(): any {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gadgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Cluster',
      names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
      versions: [{
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  replicas: { 'type': 'integer', 'format': 'int32', 'x-kubernetes-validations': [{ rule: 'self <= 10', messageExpression: "self > 100 ? 'far too many replicas' : 'at most 10 replicas'" }] },
                  ports: {
                    'type': 'array',
                    'maxItems': 3,
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['name'],
                    'items': { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer', minimum: 1, maximum: 65535 } } },
                  },
                  window: { 'x-kubernetes-int-or-string': true },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  when: { type: 'string', format: 'date-time' },
                  note: { type: 'string', nullable: true },
                  template: { 'type': 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
                },
              },
              status: { type: 'object', properties: { replicas: { type: 'integer' } } },
            },
          },
        },
      }],
    },
  };
}

type Mutation = (o: any, r: () => number) => void;

interface Family {
  base: () => any;
  mutations: Record<string, Mutation>;
}

const META: Record<string, Mutation> = {
  'meta: name': (o, r) => { o.metadata.name = pick(r, ['Bad_Name', 'ok.name', 'a'.repeat(254), 'fine']); },
  'meta: label': (o, r) => { o.metadata.labels = { [pick(r, ['ok', 'bad key'])]: pick(r, ['v', 'bad value!']) }; },
  'meta: unknown field': (o) => { o.metadata.lables = { a: 'b' }; },
  'meta: finalizer': (o, r) => { o.metadata.finalizers = [pick(r, ['example.com/x', 'Bad Finalizer'])]; },
  'top: unknown field': (o) => { o.extra = true; },
};

const FAMILIES: Record<string, Family> = {
  Widget: {
    base: () => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: NS }, spec: { mode: 'fast', min: 1, max: 5 } }),
    mutations: {
      ...META,
      'mode': (o, r) => { o.spec.mode = pick(r, ['fast', 'safe', 'slow', '', 1, null]); },
      'min': (o, r) => { o.spec.min = pick(r, [0, -1, '1', 7, 11, 1.5, null]); },
      'max': (o, r) => { const v = pick(r, [5, 10, undefined, 'x']); if (v === undefined) delete o.spec.max; else o.spec.max = v; },
      'required: mode': (o) => { delete o.spec.mode; },
      'name': (o, r) => { o.spec.name = pick(r, ['abc', 'Bad', 'toolongname', 5]); },
      'ports': (o, r) => { o.spec.ports = pick(r, [[80, 443], [80, 80], 'x', ['a']]); },
      'status': (o, r) => { o.status = pick(r, [{ ready: true }, { ready: 'yes' }, { bogus: 1 }]); },
      'spec: unknown field': (o, r) => { o.spec[pick(r, ['mdoe', 'extra'])] = 1; },
      'spec: absent or null': (o, r) => { if (r() < 0.5) delete o.spec; else o.spec = null; },
      'version: not served': (o) => { o.apiVersion = 'example.com/v0'; },
      'namespace: absent': (o) => { delete o.metadata.namespace; },
    },
  },
  Gadget: {
    base: () => ({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { replicas: 1 } }),
    mutations: {
      ...META,
      'replicas': (o, r) => { o.spec.replicas = pick(r, [1, -1, 11, 'two', 2147483648, 3.5]); },
      'ports': (o, r) => {
        o.spec.ports = pick(r, [
          [{ name: 'a', port: 1 }], [{ name: 'a', port: 1 }, { name: 'a', port: 2 }], [{ port: 80 }], [{ name: 'a', port: 0 }],
          [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }],
        ]);
      },
      'window': (o, r) => { o.spec.window = pick(r, [5, '5%', true, 1.5]); },
      'labels': (o, r) => { o.spec.labels = pick(r, [{ a: 'b' }, { a: 1 }, 'x']); },
      'when': (o, r) => { o.spec.when = pick(r, ['2024-01-01T00:00:00Z', 'yesterday', '2024-13-01T00:00:00Z']); },
      'note': (o, r) => { o.spec.note = pick(r, [null, 'n', 3]); },
      'template': (o, r) => {
        o.spec.template = pick(r, [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' } },
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } },
          { apiVersion: 'v1', metadata: { name: 'x' } },
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', bogus: 1 }, data: { a: 'b' } },
        ]);
      },
      'status': (o, r) => { o.status = pick(r, [{ replicas: 3 }, { replicas: 'x' }]); },
      'namespace on a cluster-scoped object': (o) => { o.metadata.namespace = NS; },
    },
  },
};

const REALWORLD_FAMILIES: Record<string, Family> = {
  BGPPeer: {
    base: () => ({ apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'p', namespace: NS }, spec: { myASN: 64500, peerASN: 64501, peerAddress: '10.0.0.1' } }),
    mutations: {
      ...META,
      'myASN': (o, r) => { const v = pick(r, [undefined, 'x', 64500, -1]); if (v === undefined) delete o.spec.myASN; else o.spec.myASN = v; },
      'connectTime': (o, r) => { o.spec.connectTime = pick(r, ['10s', '0s', '1.5s', 'abc', '70000s']); },
      'holdTime': (o, r) => { o.spec.holdTime = pick(r, ['90s', 5]); },
      'unknown field': (o) => { o.spec.peerAdress = '10.0.0.2'; },
      'served old version': (o) => { o.apiVersion = 'metallb.io/v1beta1'; },
    },
  },
  IPAddressPool: {
    base: () => ({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'pool', namespace: NS }, spec: { addresses: ['10.0.0.0/24'] } }),
    mutations: {
      ...META,
      addresses: (o, r) => { const v = pick(r, [undefined, [], 'x', [1]]); if (v === undefined) delete o.spec.addresses; else o.spec.addresses = v; },
      autoAssign: (o, r) => { o.spec.autoAssign = pick(r, [false, 'yes']); },
      priority: (o, r) => { o.spec.serviceAllocation = { priority: pick(r, [1, 'x']), namespaces: ['a'] }; },
    },
  },
  BFDProfile: {
    base: () => ({ apiVersion: 'metallb.io/v1beta1', kind: 'BFDProfile', metadata: { name: 'bfd', namespace: NS }, spec: {} }),
    mutations: {
      ...META,
      detectMultiplier: (o, r) => { o.spec.detectMultiplier = pick(r, [1, 2, 255, 256]); },
      echoInterval: (o, r) => { o.spec.echoInterval = pick(r, [5, 100, '100']); },
    },
  },
  RecurringJob: {
    base: () => ({ apiVersion: 'longhorn.io/v1beta2', kind: 'RecurringJob', metadata: { name: 'job', namespace: NS }, spec: { task: 'backup', cron: '0 0 * * *', retain: 1 } }),
    mutations: {
      ...META,
      task: (o, r) => { o.spec.task = pick(r, ['snapshot', 'bogus', '']); },
      retainAge: (o, r) => { o.spec.retainAge = pick(r, ['1d', '-1d']); },
      retentionPolicy: (o, r) => { o.spec.retentionPolicy = pick(r, ['age-based', 'forever']); },
      retain: (o, r) => { o.spec.retain = pick(r, ['x', 2]); },
    },
  },
};

/** The published definitions the realworld families need. */
function realworldCrds(): any[] {
  if (!fs.existsSync(REALWORLD)) return [];
  const wanted = new Set(['bgppeers.metallb.io', 'ipaddresspools.metallb.io', 'bfdprofiles.metallb.io', 'recurringjobs.longhorn.io']);
  const loaded = ManifestFiles.load(['metallb-native.yaml', 'longhorn.yaml'].map((f) => path.join(REALWORLD, f)));
  return loaded.documents.map((d) => JSON.parse(JSON.stringify(d.object))).filter((o: any) => o.kind === 'CustomResourceDefinition' && wanted.has(o.metadata?.name));
}

function generate(families: Record<string, Family>, cases: number, seed: number): Array<{ name: string; object: any }> {
  const r = prng(seed);
  const kinds = Object.keys(families);
  const out: Array<{ name: string; object: any }> = [];
  for (let i = 0; i < cases; i++) {
    const kind = kinds[i % kinds.length];
    const fam = families[kind];
    const o = fam.base();
    o.metadata.name = `${o.metadata.name}-${i}`;
    const names = Object.keys(fam.mutations);
    const applied: string[] = [];
    const n = Math.floor(r() * 3);
    for (let k = 0; k < n; k++) {
      const m = pick(r, names);
      applied.push(m);
      try {
        fam.mutations[m](o, r);
      } catch {
        // a mutation of a field an earlier mutation removed: skip it
      }
    }
    out.push({ name: `#${i} ${kind} ${applied.join(' + ') || 'valid'}`, object: o });
  }
  return out;
}

/** Mutated definitions: the server's verdict on the definition itself. */
function crdCases(): Array<{ name: string; object: any }> {
  // another group than the definitions the test created (a dry-run create of an existing name is a conflict)
  const w = (f: (c: any) => void) => {
    const c = widgetCrd();
    c.metadata.name = 'widgets.example.net';
    c.spec.group = 'example.net';
    f(c);
    return c;
  };
  const schema = (c: any) => c.spec.versions[0].schema.openAPIV3Schema;
  return [
    { name: 'CRD: valid', object: w(() => undefined) },
    { name: 'CRD: name is not plural.group', object: w((c) => { c.metadata.name = 'widgets.example.org'; }) },
    { name: 'CRD: CEL syntax error', object: w((c) => { schema(c).properties.spec['x-kubernetes-validations'] = [{ rule: 'self.min <=' }]; }) },
    { name: 'CRD: CEL unknown field', object: w((c) => { schema(c).properties.spec['x-kubernetes-validations'] = [{ rule: 'self.nope > 1' }]; }) },
    { name: 'CRD: unknown schema field', object: w((c) => { schema(c).properties.spec.properties.mode.enums = ['x']; }) },
    { name: 'CRD: bad type', object: w((c) => { schema(c).properties.spec.properties.min.type = 'int'; }) },
    { name: 'CRD: default not matching', object: w((c) => { schema(c).properties.spec.properties.max.default = 'ten'; }) },
    { name: 'CRD: two storage versions', object: w((c) => { c.spec.versions[1].storage = true; }) },
    { name: 'CRD: no schema', object: w((c) => { delete c.spec.versions[0].schema; }) },
    { name: 'CRD: not structural', object: w((c) => { delete schema(c).properties.spec.type; }) },
    { name: 'CRD: bad scope', object: w((c) => { c.spec.scope = 'Global'; }) },
    { name: 'CRD: list set of objects', object: w((c) => { schema(c).properties.spec.properties.ports.items = { type: 'object' }; }) },
    {
      name: 'CRD: CEL cost over budget (a messageExpression on an object with unbounded lists)',
      object: (() => {
        const g = gadgetCrd();
        g.metadata.name = 'gadgets.example.net';
        g.spec.group = 'example.net';
        g.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'] = [{ rule: '!has(self.replicas) || self.replicas <= 10', messageExpression: "'at most 10 replicas, not ' + string(self.replicas)" }];
        return g;
      })(),
    },
    { name: 'CRD: protected group', object: w((c) => { c.metadata.name = 'widgets.x.k8s.io'; c.spec.group = 'x.k8s.io'; }) },
  ];
}

let cluster: TestCluster;
let crds: any[] = [];
let webhookCases = 0;
/** How many objects of the last judge() call the validator refused. */
let refusedCases = 0;

beforeAll(async () => {
  cluster = TestCluster.connect();
  await cluster.ensureNamespace(NS);
  crds = [widgetCrd(), gadgetCrd(), ...realworldCrds()];
  for (const crd of crds) {
    await cluster.applyOrThrow(crd);
  }
  // established and in discovery before any discovery lookup (the client caches what it finds)
  for (const crd of crds) {
    for (const v of crd.spec.versions.filter((x: any) => x.served)) {
      await waitFor(async () => {
        const res = await cluster.api.request('GET', `/apis/${crd.spec.group}/${v.name}`);
        return res.statusCode === 200 && (res.body.resources ?? []).some((x: any) => x.kind === crd.spec.names.kind);
      }, 60_000, () => `${crd.metadata.name} ${v.name} is not in discovery`);
    }
  }
}, 180_000);

afterAll(async () => {
  for (const crd of crds) await cluster?.delete(crd).catch(() => undefined);
  cluster?.close();
});

async function judge(objects: Array<{ name: string; object: any }>, context: any[] | undefined): Promise<string[]> {
  const problems: string[] = [];
  refusedCases = 0;
  for (const { name, object } of objects) {
    const findings = ManifestValidator.validate([object], { bestPractices: false, podSecurity: false, customResourceDefinitions: context });
    const errors = findings.filter((f) => f.severity === 'error');
    const ours = errors.length === 0;
    if (!ours) refusedCases++;
    if (!(await cluster.resourceFor(object.apiVersion, object.kind))) {
      if (ours) problems.push(`${name}: the server does not serve ${object.apiVersion} ${object.kind}; the validator accepted it`);
      continue;
    }
    const w = await cluster.create(object, { dryRun: true });
    // a version converted by a webhook needs the webhook's service (metallb's is not running here): cluster state,
    // not a verdict on the object (the validator judges it against the schema of the version it names)
    if (!w.ok && /^conversion webhook for .* failed/.test(w.message)) {
      webhookCases++;
      continue;
    }
    // and for an object both accept, the server's warnings are the validator's
    const problem = disagreement(name, errors, w) ?? (w.ok && ours ? warningDisagreement(name, findings, w) : undefined);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

function report(problems: string[]): void {
  if (problems.length > 0) process.stdout.write(`${problems.length} disagreements:\n${problems.join('\n')}\n`);
}

test(`generated custom resources of generated definitions (seed ${SEED}, ${CASES} cases): the server's verdict on every one`, async () => {
  const cases = generate(FAMILIES, CASES, SEED);
  const problems = await judge(cases, [widgetCrd(), gadgetCrd()]);
  report(problems);
  expect(problems).toEqual([]);
  // the generator reaches both verdicts
  const context = [widgetCrd(), gadgetCrd()];
  const options = { bestPractices: false, podSecurity: false, customResourceDefinitions: context };
  const verdicts = cases.map((c) => ManifestValidator.validate([c.object], options).some((f) => f.severity === 'error'));
  expect(verdicts.filter((v) => v).length).toBeGreaterThan(CASES / 5);
  expect(verdicts.filter((v) => !v).length).toBeGreaterThan(CASES / 10);
});

(fs.existsSync(REALWORLD) ? test : test.skip)('generated custom resources of published definitions (metallb, longhorn): the server\'s verdict on every one', async () => {
  const context = realworldCrds();
  expect(context.map((c) => c.metadata.name).sort()).toEqual(['bfdprofiles.metallb.io', 'bgppeers.metallb.io', 'ipaddresspools.metallb.io', 'recurringjobs.longhorn.io']);
  webhookCases = 0;
  const cases = generate(REALWORLD_FAMILIES, Math.floor(CASES / 2), SEED + 1);
  const problems = await judge(cases, context);
  report(problems);
  expect(problems).toEqual([]);
  expect(webhookCases).toBeLessThan(cases.length / 10);
});

test('custom resources with the definition in the same input: same verdicts', async () => {
  const cases = generate(FAMILIES, 40, SEED + 2);
  const problems: string[] = [];
  for (const c of cases) {
    const withCrd = ManifestValidator.validate([widgetCrd(), gadgetCrd(), c.object], { bestPractices: false, podSecurity: false }).filter((f) => f.severity === 'error');
    const asContext = ManifestValidator.validate([c.object], { bestPractices: false, podSecurity: false, customResourceDefinitions: [widgetCrd(), gadgetCrd()] }).filter((f) => f.severity === 'error');
    if (JSON.stringify(withCrd) !== JSON.stringify(asContext)) problems.push(c.name);
  }
  expect(problems).toEqual([]);
});

test('mutated CustomResourceDefinitions: the server\'s verdict on each', async () => {
  const problems = await judge(crdCases(), undefined);
  report(problems);
  expect(problems).toEqual([]);
});

test(`custom resources with random structural changes (seed ${SEED + 3}, ${FUZZ_CASES} objects): the server's verdict on each`, async () => {
  // the valid object of every family, changed at random places
  const families = { ...FAMILIES, ...(fs.existsSync(REALWORLD) ? REALWORLD_FAMILIES : {}) };
  const kinds = Object.keys(families);
  const r = prng(SEED + 3);
  const cases = Array.from({ length: FUZZ_CASES }, (_, i) => {
    const o = families[kinds[i % kinds.length]].base();
    o.metadata.name = `${o.metadata.name}-${i}`;
    const applied = fuzz(o, r);
    return { name: `fuzz #${i} ${o.kind}: ${applied.join(' ')}`, object: o };
  });
  webhookCases = 0;
  const context = [widgetCrd(), gadgetCrd(), ...realworldCrds()];
  const problems = await judge(cases, context);
  report(problems);
  expect(problems).toEqual([]);
  expect(webhookCases).toBeLessThan(cases.length / 10);
  expectBothVerdicts(cases.length);
});

/** The cases of the last judge() call reach both verdicts: at least one in twenty accepted, and one in twenty refused. */
function expectBothVerdicts(cases: number): void {
  process.stdout.write(`${refusedCases} of ${cases} refused\n`);
  expect(refusedCases).toBeGreaterThan(cases / 20);
  expect(cases - refusedCases).toBeGreaterThan(cases / 20);
}

test(`CustomResourceDefinitions with random structural changes (seed ${SEED + 5}, ${Math.floor(FUZZ_CASES / 2)} definitions): the server's verdict on each`, async () => {
  // the test's definitions and the published ones, in a group of their own (a dry-run create of an existing name is
  // a conflict), each changed at random places, down into their schemas
  const bases = [widgetCrd(), gadgetCrd(), ...realworldCrds()].map((c) => {
    const o = JSON.parse(JSON.stringify(c));
    o.spec.group = 'fuzz.example.net';
    o.metadata = { name: `${o.spec.names.plural}.fuzz.example.net` };
    return o;
  });
  const r = prng(SEED + 5);
  const cases = Array.from({ length: Math.floor(FUZZ_CASES / 2) }, (_, i) => {
    const o = JSON.parse(JSON.stringify(pick(r, bases)));
    const name = o.metadata.name;
    const applied = fuzz(o, r);
    return { name: `fuzz #${i} CRD ${name}: ${applied.join(' ')}`, object: o };
  });
  const problems = await judge(cases, undefined);
  report(problems);
  expect(problems).toEqual([]);
  expectBothVerdicts(cases.length);
});
