// The validator against the real kube-apiserver on generated cases: a seeded generator mutates realistic agent
// DaemonSets (and a few other kinds) in the ways manifests go wrong; every case is created with dryRun=All and
// fieldValidation=Strict and judged by ManifestValidator. The verdicts must agree on every case, and every field
// the server names in details.causes must be the field of a finding. Then the built-in kinds beyond workloads
// (admission configuration, flow control, certificates, DRA, discovery, events, nodes, APIServices), mutated the same
// way from test/validation/builtin-kind-fixtures.ts, and every object of ../shared/realworld/, as published and with
// random structural changes (a value of another type or at a limit, a key removed or added, a list element repeated).
import * as fs from 'fs';
import * as path from 'path';
import { fuzz, pick } from './fuzz';
import { TestCluster } from './kube';
import { disagreement, warningDisagreement } from './verdicts';
import { prng } from '../../bench/cluster';
import { ManifestFiles } from '../../src/k8s/manifest-files';
import { ManifestValidator } from '../../src/validation';
import { BUILTIN_KINDS, META_MUTATIONS } from '../validation/builtin-kind-fixtures';

const SEED = Number(process.env.CDK8S_ND_DIFF_SEED ?? 20261201);
const CASES = Number(process.env.CDK8S_ND_DIFF_CASES ?? 600);
const KIND_CASES = Number(process.env.CDK8S_ND_DIFF_KIND_CASES ?? 400);
const FUZZ_CASES = Number(process.env.CDK8S_ND_DIFF_FUZZ_CASES ?? 800);
const REALWORLD = path.resolve(__dirname, '..', '..', '..', 'shared', 'realworld');
const NS = 'diff';
// DRA objects go to a namespace labelled for admin access: a ResourceClaim's adminAccess depends on that label (cluster
// state the validator takes as set)
const DRA_NS = 'diff-dra';

function agent(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: NS, labels: { app: 'agent' } },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          hostNetwork: true,
          hostPID: true,
          priorityClassName: 'system-node-critical',
          tolerations: [{ operator: 'Exists' }],
          securityContext: { runAsNonRoot: true, runAsUser: 65534 },
          containers: [{
            name: 'agent',
            image: 'quay.io/prometheus/node-exporter:v1.12.1',
            args: ['--path.rootfs=/host'],
            ports: [{ name: 'metrics', containerPort: 9100, hostPort: 9100 }],
            resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
            livenessProbe: { httpGet: { path: '/', port: 9100 }, periodSeconds: 10 },
            readinessProbe: { httpGet: { path: '/', port: 9100 } },
            securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'root', mountPath: '/host', readOnly: true, mountPropagation: 'HostToContainer' }],
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          }],
          volumes: [{ name: 'root', hostPath: { path: '/' } }],
        },
      },
    },
  };
}

type Mutation = (d: any, r: () => number) => void;
const pod = (d: any) => d.spec.template.spec;
const c0 = (d: any) => pod(d).containers[0];

/** The ways real manifests go wrong (and right): each changes one thing. */
const MUTATIONS: Record<string, Mutation> = {
  'probe: two handlers': (d) => { c0(d).livenessProbe.exec = { command: ['true'] }; },
  'probe: no handler': (d) => { c0(d).readinessProbe = { periodSeconds: 5 }; },
  'probe: success threshold': (d, r) => { c0(d).livenessProbe.successThreshold = pick(r, [1, 2, 3]); },
  'probe: port out of range': (d, r) => { c0(d).livenessProbe.httpGet.port = pick(r, [0, 70000, 9100, 'metrics', 'nope']); },
  'probe: negative period': (d, r) => { c0(d).readinessProbe.periodSeconds = pick(r, [-1, 0, 1]); },
  'probe: host': (d) => { c0(d).livenessProbe.httpGet.host = '127.0.0.1'; },
  'security: runAsUser': (d, r) => { pod(d).securityContext.runAsUser = pick(r, [-1, 0, 2147483648, 1000]); },
  'security: privileged + no escalation': (d) => { c0(d).securityContext.privileged = true; },
  'security: capability name': (d, r) => { c0(d).securityContext.capabilities.add = [pick(r, ['NET_ADMIN', 'net_admin', 'CAP_SYS_TIME', ''])]; },
  'security: seccomp localhost without profile': (d) => { pod(d).securityContext.seccompProfile = { type: 'Localhost' }; },
  'security: apparmor': (d, r) => { c0(d).securityContext.appArmorProfile = { type: pick(r, ['RuntimeDefault', 'Localhost', 'Bogus']) }; },
  'security: procMount': (d, r) => { c0(d).securityContext.procMount = pick(r, ['Default', 'Unmasked', 'Odd']); },
  'volumes: duplicate name': (d) => { pod(d).volumes.push({ name: 'root', emptyDir: {} }); },
  'volumes: two sources': (d) => { pod(d).volumes[0].emptyDir = {}; },
  'volumes: no source': (d) => { pod(d).volumes.push({ name: 'empty' }); },
  'volumes: bad mode': (d, r) => { pod(d).volumes.push({ name: 'cfg', configMap: { name: 'c', defaultMode: pick(r, [0o644, 0o1777, -1, 511]) } }); },
  'volumes: hostPath type': (d, r) => { pod(d).volumes[0].hostPath.type = pick(r, ['Directory', 'directory', 'Socket', '']); },
  'mounts: unknown volume': (d) => { c0(d).volumeMounts.push({ name: 'missing', mountPath: '/x' }); },
  'mounts: duplicate path': (d) => { pod(d).volumes.push({ name: 'tmp', emptyDir: {} }); c0(d).volumeMounts.push({ name: 'tmp', mountPath: '/host' }); },
  'mounts: propagation': (d, r) => { c0(d).volumeMounts[0].mountPropagation = pick(r, ['Bidirectional', 'None', 'Shared']); },
  'resources: request above limit': (d) => { c0(d).resources.requests.memory = '256Mi'; },
  'resources: bad quantity': (d, r) => { c0(d).resources.requests.cpu = pick(r, ['50m', '0.5', '1e3', 'lots', '-1', '']); },
  'resources: unknown resource': (d, r) => { c0(d).resources.limits[pick(r, ['nvidia.com/gpu', 'gpu', 'example.com/x'])] = '1'; },
  'resources: hugepages': (d) => { c0(d).resources.limits['hugepages-2Mi'] = '64Mi'; },
  'env: bad name': (d, r) => { c0(d).env.push({ name: pick(r, ['1BAD', 'GOOD_NAME', 'with space', '', 'a.b-c']), value: 'x' }); },
  'env: value and valueFrom': (d) => { c0(d).env[0].value = 'x'; },
  'env: duplicate name': (d) => { c0(d).env.push({ name: 'NODE', value: 'x' }); },
  'env: bad fieldPath': (d, r) => { c0(d).env[0].valueFrom.fieldRef.fieldPath = pick(r, ['spec.nodeName', 'status.hostIP', 'spec.whatever']); },
  'ports: duplicate name': (d) => { c0(d).ports.push({ name: 'metrics', containerPort: 9101 }); },
  'ports: host port pair': (d) => { c0(d).ports.push({ name: 'other', containerPort: 9100, hostPort: 9100 }); },
  'ports: host network mismatch': (d) => { c0(d).ports[0].hostPort = 9200; },
  'ports: protocol': (d, r) => { c0(d).ports[0].protocol = pick(r, ['TCP', 'UDP', 'SCTP', 'tcp', 'ICMP']); },
  'ports: long name': (d) => { c0(d).ports[0].name = 'metrics-port-name'; },
  'image: empty': (d) => { c0(d).image = ''; },
  'image: spaces': (d) => { c0(d).image = ' quay.io/x:1'; },
  'container: name': (d, r) => { c0(d).name = pick(r, ['Agent', 'agent_1', 'a'.repeat(64), 'agent-2']); },
  'container: restartPolicy': (d, r) => { c0(d).restartPolicy = pick(r, ['Always', 'Never']); },
  'init: sidecar': (d, r) => { pod(d).initContainers = [{ name: 'init', image: 'busybox:1.37', restartPolicy: pick(r, ['Always', 'OnFailure', undefined]) }]; },
  'lifecycle: empty handler': (d) => { c0(d).lifecycle = { preStop: {} }; },
  'lifecycle: sleep': (d, r) => { c0(d).lifecycle = { preStop: { sleep: { seconds: pick(r, [5, -1, 0]) } } }; },
  'pod: restartPolicy': (d, r) => { pod(d).restartPolicy = pick(r, ['Always', 'OnFailure', '']); },
  'pod: dnsPolicy': (d, r) => { pod(d).dnsPolicy = pick(r, ['ClusterFirstWithHostNet', 'None', 'Default', 'clusterfirst']); },
  'pod: dnsConfig': (d, r) => { pod(d).dnsConfig = { nameservers: [pick(r, ['10.0.0.10', 'not-an-ip'])], searches: ['a.b'] }; },
  'pod: hostAliases': (d, r) => { pod(d).hostAliases = [{ ip: pick(r, ['10.1.2.3', 'x']), hostnames: [pick(r, ['db', 'UPPER', ''])] }]; },
  'pod: affinity weight': (d, r) => {
    pod(d).affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: pick(r, [0, 1, 100, 101]), podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'x' } } } }] } };
  },
  'pod: affinity no topologyKey': (d) => { pod(d).affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {} }] } }; },
  'pod: topology spread': (d, r) => {
    pod(d).topologySpreadConstraints = [{ maxSkew: pick(r, [0, 1]), topologyKey: 'zone', whenUnsatisfiable: pick(r, ['DoNotSchedule', 'Maybe']), labelSelector: { matchLabels: { app: 'agent' } } }];
  },
  'pod: toleration': (d, r) => { pod(d).tolerations.push({ key: pick(r, ['a', '']), operator: pick(r, ['Equal', 'Exists', 'Gt']), value: pick(r, ['1', undefined]), effect: pick(r, ['NoSchedule', 'NoExecute', 'Sometimes']) }); },
  'pod: nodeSelector value': (d, r) => { pod(d).nodeSelector = { 'kubernetes.io/os': pick(r, ['linux', 'not valid']) }; },
  'pod: resource claims': (d) => { c0(d).resources.claims = [{ name: 'gpu' }]; },
  'pod: resize policy': (d, r) => { c0(d).resizePolicy = [{ resourceName: pick(r, ['cpu', 'gpu']), restartPolicy: pick(r, ['NotRequired', 'Sometimes']) }]; },
  'pod: activeDeadline': (d) => { pod(d).activeDeadlineSeconds = 30; },
  'pod: hostUsers': (d) => { pod(d).hostUsers = false; },
  'pod: serviceAccountName': (d, r) => { pod(d).serviceAccountName = pick(r, ['agent', 'Agent!']); },
  'meta: name': (d, r) => { d.metadata.name = pick(r, ['Agent', 'agent.v2', 'a'.repeat(254), '-x']); },
  'meta: labels': (d, r) => { d.metadata.labels[pick(r, ['ok/key', 'bad key', 'x'.repeat(64)])] = pick(r, ['v', 'bad value!']); },
  'meta: annotation key': (d, r) => { d.metadata.annotations = { [pick(r, ['example.com/x', 'not/valid/key'])]: 'v' }; },
  'meta: ownerReferences': (d, r) => { d.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: 'n', uid: pick(r, ['', 'b7f3']) }]; },
  'meta: deprecated seccomp annotation': (d) => { d.spec.template.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' }; },
  'spec: selector mismatch': (d) => { d.spec.selector.matchLabels.app = 'other'; },
  'spec: empty selector': (d) => { d.spec.selector = {}; },
  'spec: maxUnavailable and surge': (d, r) => { d.spec.updateStrategy.rollingUpdate = { maxUnavailable: pick(r, [0, 1, '10%', '110%']), maxSurge: pick(r, [0, 1, '50%']) }; },
  'spec: update type': (d, r) => { d.spec.updateStrategy = { type: pick(r, ['OnDelete', 'Recreate']) }; },
  'spec: minReadySeconds': (d, r) => { d.spec.minReadySeconds = pick(r, [-1, 5, 'ten']); },
  'spec: revisionHistoryLimit': (d, r) => { d.spec.revisionHistoryLimit = pick(r, [-1, 3]); },
  'decode: unknown field': (d, r) => { pick(r, [c0(d), pod(d), d.spec])[pick(r, ['imagePullPolcy', 'hostPid', 'tolerate'])] = 'x'; },
  'decode: wrong type': (d, r) => { pick(r, [() => { pod(d).hostNetwork = 'yes'; }, () => { c0(d).args = '--x'; }, () => { c0(d).ports[0].containerPort = '9100'; }])(); },
  'decode: null': (d, r) => { pick(r, [() => { pod(d).volumes = null; }, () => { c0(d).env = null; }, () => { d.spec.updateStrategy.type = null; }])(); },
  'decode: empty enum': (d, r) => { pick(r, [() => { c0(d).imagePullPolicy = ''; }, () => { pod(d).dnsPolicy = ''; }, () => { c0(d).terminationMessagePolicy = ''; }])(); },
  'decode: int64 range': (d) => { pod(d).terminationGracePeriodSeconds = 1e20; },
  'fine: harmless change': (d, r) => { c0(d).args.push(`--collector.${pick(r, ['systemd', 'textfile', 'cpu'])}`); },
};

/** A few other kinds, some broken. */
function otherKind(r: () => number, i: number): any {
  const name = `obj-${i}`;
  return pick(r, [
    () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS }, data: pick(r, [{ a: 'b' }, { 'bad key!': 'b' }, { a: 1 }]) }),
    () => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS }, spec: { selector: { app: 'agent' }, clusterIP: pick(r, ['None', undefined]), ports: [{ port: pick(r, [9100, 70000]), targetPort: pick(r, [9100, 'metrics', 'Bad_Name']) }] } }),
    () => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: pick(r, [name, 'Bad_Name']), namespace: NS } }),
    () => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: `diff-${name}` }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: pick(r, [['get'], [], 'get']) }] }),
    () => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: `diff-${name}` }, value: pick(r, [1000, 2000000000, 1000000001]), preemptionPolicy: pick(r, ['Never', 'Sometimes', undefined]) }),
    // the PodSecurity admission plugin refuses a Namespace whose pod-security labels name no level or version
    () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `diff-${name}`, labels: { [`pod-security.kubernetes.io/${pick(r, ['enforce', 'warn', 'audit-version'])}`]: pick(r, ['baseline', 'Restricted', 'latest', 'v1.30', 'v2']) } } }),
    () => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: NS }, spec: { podSelector: {}, policyTypes: pick(r, [['Ingress'], ['Sideways']]), ingress: [{ ports: [{ port: pick(r, [9100, 0, 'metrics']) }] }] } }),
  ])();
}

function generate(): Array<{ name: string; object: any }> {
  const r = prng(SEED);
  const names = Object.keys(MUTATIONS);
  const out: Array<{ name: string; object: any }> = [];
  for (let i = 0; i < CASES; i++) {
    if (i % 8 === 7) {
      const o = otherKind(r, i);
      out.push({ name: `#${i} ${o.kind}`, object: o });
      continue;
    }
    const d = agent();
    d.metadata.name = `agent-${i}`;
    const applied: string[] = [];
    const n = 1 + Math.floor(r() * 3);
    for (let k = 0; k < n; k++) {
      const m = pick(r, names);
      try {
        MUTATIONS[m](d, r);
        applied.push(m);
      } catch {
        // an earlier change removed what this one edits (volumes set to null, a container's list emptied)
      }
    }
    out.push({ name: `#${i} ${applied.join(' + ')}`, object: d });
  }
  return out;
}

let cluster: TestCluster;
beforeAll(async () => {
  cluster = TestCluster.connect();
  await cluster.ensureNamespace(NS);
});
afterAll(() => cluster?.close());

async function judge(objects: Array<{ name: string; object: any }>): Promise<string[]> {
  const problems: string[] = [];
  const findings = objects.map((o) => ManifestValidator.validate([o.object], { bestPractices: false, podSecurity: false }));
  for (let i = 0; i < objects.length; i++) {
    const { name, object } = objects[i];
    const errors = findings[i].filter((f) => f.severity === 'error');
    if (!(await cluster.resourceFor(object.apiVersion, object.kind))) {
      // the server answers 404: a removed or misspelled built-in must be an error, a custom resource (no CRD) is skipped
      const custom = findings[i].some((f) => f.ruleId === 'SCHEMA-UNKNOWN');
      if (!custom && errors.length === 0) problems.push(`${name}: the server does not serve ${object.apiVersion} ${object.kind}; the validator accepted it`);
      continue;
    }
    let w = await cluster.create(object, { dryRun: true });
    // a namespace the test created for the corpus' objects exists already: a conflict of state, not a verdict
    if (w.statusCode === 409 && object.kind === 'Namespace') w = { ...w, ok: true, message: '' };
    const problem = disagreement(name, errors, w) ?? (w.ok && errors.length === 0 ? warningDisagreement(name, findings[i], w) : undefined);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

test(`generated cases (seed ${SEED}, ${CASES} objects): the validator reaches the server's verdict on every one`, async () => {
  const cases = generate();
  const problems = await judge(cases);
  if (problems.length > 0) process.stdout.write(`${problems.length} disagreements:\n${problems.join('\n')}\n`);
  expect(problems).toEqual([]);
});

/** Every newly judged built-in kind: its valid object, then seeded cases of one or two changes each. */
function generateKinds(): Array<{ name: string; object: any }> {
  const r = prng(SEED + 1);
  const p = <T>(xs: readonly T[]): T => pick(r, xs);
  const keys = Object.keys(BUILTIN_KINDS);
  const nsOf = (key: string) => key.startsWith('resource.k8s.io/') ? DRA_NS : NS;
  const out = keys.map((key) => ({ name: `${key} (valid)`, object: BUILTIN_KINDS[key].base(nsOf(key)) }));
  // groups the server serves in no version by default: refused by both
  out.push(...[
    { apiVersion: 'lifecycle.k8s.io/v1alpha1', kind: 'EvictionRequest', metadata: { name: 'r', namespace: NS } },
    { apiVersion: 'internal.apiserver.k8s.io/v1alpha1', kind: 'StorageVersion', metadata: { name: 'apps.daemonsets' } },
    { apiVersion: 'resource.k8s.io/v1beta2', kind: 'DeviceClass', metadata: { name: 'gpu.example.com' } },
  ].map((object) => ({ name: `${object.apiVersion} ${object.kind} (not served)`, object })));
  for (let i = 0; i < KIND_CASES; i++) {
    const key = p(keys);
    const mutations = { ...BUILTIN_KINDS[key].mutations, ...META_MUTATIONS };
    const o = BUILTIN_KINDS[key].base(nsOf(key));
    const applied: string[] = [];
    for (let k = 1 + Math.floor(r() * 2); k > 0; k--) {
      const m = p(Object.keys(mutations));
      try {
        mutations[m](o, p);
        applied.push(m);
      } catch {
        // an earlier change removed what this one edits (a webhook's service, a policy's validations)
      }
    }
    out.push({ name: `#${i} ${key}: ${applied.join(' + ')}`, object: o });
  }
  return out;
}

test(`built-in kinds beyond workloads (seed ${SEED + 1}, ${KIND_CASES} objects): the validator reaches the server's verdict on every one`, async () => {
  await cluster.applyOrThrow({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: DRA_NS, labels: { 'resource.kubernetes.io/admin-access': 'true' } } });
  const cases = generateKinds();
  // every kind is judged by the core, none merely read
  for (const c of cases.slice(0, Object.keys(BUILTIN_KINDS).length)) {
    expect([c.name, ManifestValidator.validate([c.object]).filter((f) => f.ruleId === 'SCHEMA-UNKNOWN')]).toEqual([c.name, []]);
  }
  const problems = await judge(cases);
  if (problems.length > 0) process.stdout.write(`${problems.length} disagreements:\n${problems.join('\n')}\n`);
  expect(problems).toEqual([]);
});

const realworldFiles = fs.existsSync(REALWORLD) ? fs.readdirSync(REALWORLD).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
/** Every object of ../shared/realworld (as kubectl reads it), named by file, line, kind and name; their namespaces exist. */
async function realworld(): Promise<{ errors: unknown[]; objects: Array<{ name: string; object: any }> }> {
  const loaded = ManifestFiles.load(realworldFiles.map((f) => path.join(REALWORLD, f)));
  const objects = loaded.documents.map((d) => {
    const o = JSON.parse(JSON.stringify(d.object));
    return { name: `${path.basename(d.file)}:${d.line} ${o.kind}/${o.metadata?.name}`, object: o };
  });
  const namespaces = new Set(objects.flatMap(({ object: o }) => (typeof o.metadata?.namespace === 'string' ? [o.metadata.namespace as string] : [])));
  for (const ns of namespaces) await cluster.ensureNamespace(ns);
  return { errors: loaded.errors, objects };
}

(realworldFiles.length > 0 ? test : test.skip)('every published manifest of ../shared/realworld: same verdict as the server', async () => {
  const { errors, objects } = await realworld();
  expect(errors).toEqual([]);
  const problems = await judge(objects);
  if (problems.length > 0) process.stdout.write(`${problems.length} disagreements:\n${problems.join('\n')}\n`);
  expect(problems).toEqual([]);
  // the YAML reader agrees with kubectl on the whole corpus: every document read, none refused
  expect(objects.length).toBeGreaterThanOrEqual(290);
});

/** One to three random structural changes to a copy of each published object. */
function fuzzCases(objects: ReadonlyArray<{ name: string; object: any }>): Array<{ name: string; object: any }> {
  const r = prng(SEED + 2);
  const out: Array<{ name: string; object: any }> = [];
  for (let i = 0; i < FUZZ_CASES; i++) {
    const base = pick(r, objects);
    const o = JSON.parse(JSON.stringify(base.object));
    const applied = fuzz(o, r);
    out.push({ name: `fuzz #${i} ${base.name}: ${applied.join(' ')}`, object: o });
  }
  return out;
}

(realworldFiles.length > 0 ? test : test.skip)(`published manifests with random structural changes (seed ${SEED + 2}, ${FUZZ_CASES} objects): same verdict as the server`, async () => {
  const problems = await judge(fuzzCases((await realworld()).objects));
  if (problems.length > 0) process.stdout.write(`${problems.length} disagreements:\n${problems.join('\n')}\n`);
  expect(problems).toEqual([]);
});
