// The two builds of the embedded API-server core: the small one (the common kinds only) must answer exactly as the
// full one on every object it is given, and the loader must give it only objects of those kinds.
import * as fs from 'fs';
import * as path from 'path';
import { goodDaemonSet } from './fixtures';
import { prng } from '../../bench/cluster';
import { ManifestFiles } from '../../src/k8s/manifest-files';
import { batchLine, coreVariantFor, KubeCore, needsFullCore } from '../../src/validation/core/kube-core';
import { SMALL_CORE_KINDS } from '../../src/validation/core/small-core-kinds';
import { describeShared, SHARED_DIR } from '../shared-data';

/** The raw answer of one core for a batch of objects (the text, compared byte for byte). */
function answer(variant: 'full' | 'small', objects: readonly unknown[]): string {
  return KubeCore.load(variant).validate(objects.map(batchLine).join(''));
}

function expectSameAnswers(objects: readonly unknown[]) {
  // every object alone, and all of them in one call
  for (const o of objects) expect([o, answer('small', [o])]).toEqual([o, answer('full', [o])]);
  expect(answer('small', objects)).toBe(answer('full', objects));
}

const NS = 'agents';
const meta = (name: string, namespaced = true) => (namespaced ? { name, namespace: NS, labels: { app: 'agent' } } : { name, labels: { app: 'agent' } });
const podSpec = () => goodDaemonSet().spec.template.spec;
const template = () => ({ metadata: { labels: { app: 'agent' } }, spec: podSpec() });
const selector = () => ({ matchLabels: { app: 'agent' } });

/** A valid object of each kind the small core judges. */
const COMMON: Record<string, () => any> = {
  'v1 Pod': () => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta('agent'), spec: podSpec() }),
  'v1 ConfigMap': () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('agent'), data: { 'config.yaml': 'a: 1\n' } }),
  'v1 Secret': () => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta('agent'), type: 'Opaque', stringData: { token: 'x' } }),
  'v1 ServiceAccount': () => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('agent') }),
  'v1 Service': () => ({ apiVersion: 'v1', kind: 'Service', metadata: meta('agent'), spec: { selector: { app: 'agent' }, ports: [{ name: 'metrics', port: 9100, targetPort: 'metrics' }] } }),
  'v1 Namespace': () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(NS, false) }),
  'v1 PersistentVolume': () => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: meta('data', false), spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } }),
  'v1 PersistentVolumeClaim': () => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
  'v1 LimitRange': () => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: meta('limits'), spec: { limits: [{ type: 'Container', default: { memory: '128Mi' }, defaultRequest: { memory: '64Mi' } }] } }),
  'v1 ResourceQuota': () => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('quota'), spec: { hard: { 'pods': '10', 'requests.cpu': '2' } } }),
  'v1 ReplicationController': () => ({ apiVersion: 'v1', kind: 'ReplicationController', metadata: meta('agent'), spec: { replicas: 1, selector: { app: 'agent' }, template: template() } }),
  'v1 PodTemplate': () => ({ apiVersion: 'v1', kind: 'PodTemplate', metadata: meta('agent'), template: template() }),
  'apps/v1 DaemonSet': () => goodDaemonSet(),
  'apps/v1 Deployment': () => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('agent'), spec: { replicas: 2, selector: selector(), template: template() } }),
  'apps/v1 StatefulSet': () => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('agent'), spec: { serviceName: 'agent', selector: selector(), template: template() } }),
  'apps/v1 ReplicaSet': () => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('agent'), spec: { selector: selector(), template: template() } }),
  'apps/v1 ControllerRevision': () => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: meta('agent-1'), revision: 1, data: { spec: {} } }),
  'batch/v1 Job': () => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: meta('agent'), spec: { template: { spec: { ...podSpec(), restartPolicy: 'Never' } } } }),
  'batch/v1 CronJob': () => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('agent'), spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...podSpec(), restartPolicy: 'OnFailure' } } } } } }),
  'autoscaling/v1 HorizontalPodAutoscaler': () => ({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: meta('agent'), spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'agent' }, minReplicas: 1, maxReplicas: 3 } }),
  'autoscaling/v2 HorizontalPodAutoscaler': () => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('agent'),
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'agent' }, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
  }),
  'rbac.authorization.k8s.io/v1 Role': () => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('agent'), rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] }),
  'rbac.authorization.k8s.io/v1 ClusterRole': () => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta('agent', false), rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }] }),
  'rbac.authorization.k8s.io/v1 RoleBinding': () => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta('agent'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'agent' }, subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: NS }] }),
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding': () => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta('agent', false), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'agent' }, subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: NS }] }),
  'scheduling.k8s.io/v1 PriorityClass': () => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta('agents', false), value: 1000 }),
  'networking.k8s.io/v1 NetworkPolicy': () => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('agent'), spec: { podSelector: selector(), policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 9100 }] }] } }),
  'networking.k8s.io/v1 Ingress': () => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('agent'), spec: { rules: [{ host: 'agent.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'agent', port: { number: 9100 } } } }] } }] } }),
  'networking.k8s.io/v1 IngressClass': () => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: meta('nginx', false), spec: { controller: 'k8s.io/ingress-nginx' } }),
  'policy/v1 PodDisruptionBudget': () => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('agent'), spec: { maxUnavailable: 1, selector: selector() } }),
  'storage.k8s.io/v1 CSIDriver': () => ({ apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: meta('csi.example.com', false), spec: { attachRequired: false, podInfoOnMount: true } }),
  'storage.k8s.io/v1 StorageClass': () => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: meta('fast', false), provisioner: 'csi.example.com', reclaimPolicy: 'Delete' }),
  'storage.k8s.io/v1 CSINode': () => ({ apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: meta('node-1', false), spec: { drivers: [{ name: 'csi.example.com', nodeID: 'node-1' }] } }),
  'storage.k8s.io/v1 VolumeAttachment': () => ({ apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', metadata: meta('va', false), spec: { attacher: 'csi.example.com', nodeName: 'node-1', source: { persistentVolumeName: 'data' } } }),
  'coordination.k8s.io/v1 Lease': () => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta('agent'), spec: { holderIdentity: 'agent-0', leaseDurationSeconds: 15 } }),
  'node.k8s.io/v1 RuntimeClass': () => ({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: meta('gvisor', false), handler: 'runsc' }),
};

type Mutation = (o: any, r: () => number) => void;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
/** The pod spec of an object that has one (a Pod, a template, a CronJob's job template). */
function podOf(o: any): any {
  const p = o.spec?.jobTemplate?.spec?.template?.spec ?? o.spec?.template?.spec ?? o.template?.spec ?? (o.kind === 'Pod' ? o.spec : undefined);
  return Array.isArray(p?.containers) ? p : undefined;
}

/** Changes of one thing each, valid or not, for any kind (the pod ones for kinds with a pod). */
const MUTATIONS: Mutation[] = [
  (o, r) => { o.metadata.name = pick(r, ['Bad_Name', 'a'.repeat(254), 'ok-name', '-x']); },
  (o, r) => { o.metadata.labels = { ...o.metadata.labels, [pick(r, ['bad key!', 'example.com/ok', 'x'.repeat(64)])]: pick(r, ['v', 'bad value!']) }; },
  (o, r) => { o.metadata.annotations = { [pick(r, ['example.com/x', 'not/valid/key'])]: 'v' }; },
  (o, r) => { (o.spec ?? o)[pick(r, ['specc', 'extra', 'selectr'])] = 'x'; },
  (o, r) => { o[pick(r, ['status', 'extra'])] = pick(r, [{}, 'x', 1]); },
  (o) => { delete o.metadata.name; o.metadata.generateName = 'agent-'; },
  (o, r) => { if (o.spec && typeof o.spec === 'object') o.spec = pick(r, [null, {}, [], 'x']); },
  (o, r) => { const p = podOf(o); if (p) p.containers[0].image = pick(r, ['', ' x', 'busybox:1.37']); },
  (o, r) => { const p = podOf(o); if (p) p.containers[0].resources.requests.cpu = pick(r, ['50m', 'lots', '-1', '1e3']); },
  (o, r) => { const p = podOf(o); if (p) p.containers[0].ports[0].containerPort = pick(r, [0, 70000, '9100', 9101]); },
  (o, r) => { const p = podOf(o); if (p) p.containers[0].securityContext.privileged = pick(r, [true, false]); },
  (o, r) => { const p = podOf(o); if (p) p.hostNetwork = pick(r, [true, 'yes']); },
  (o, r) => { const p = podOf(o); if (p) p.volumes.push({ name: pick(r, ['tmp', 'host']), hostPath: { path: pick(r, ['/proc', 'rel']), type: pick(r, ['Directory', 'bogus', '']) } }); },
  (o, r) => { const p = podOf(o); if (p) p.containers[0].env = [{ name: pick(r, ['OK', '1BAD', '']), value: 'x' }]; },
  (o, r) => { const p = podOf(o); if (p) p.tolerations.push({ key: 'a', operator: pick(r, ['Equal', 'Exists', 'Gt']), value: pick(r, ['1', undefined]), effect: pick(r, ['NoSchedule', 'Sometimes']) }); },
  (o, r) => { const p = podOf(o); if (p) p.containers[0].livenessProbe.successThreshold = pick(r, [1, 2]); },
  (o, r) => { const p = podOf(o); if (p) p.restartPolicy = pick(r, ['Always', 'Never', 'OnFailure', '']); },
  (o, r) => { const p = podOf(o); if (p) p.securityContext.runAsUser = pick(r, [-1, 0, 2147483648]); },
  (o, r) => { const p = podOf(o); if (p) p.nodeSelector = { [pick(r, ['beta.kubernetes.io/os', 'kubernetes.io/os'])]: 'linux' }; },
  (o, r) => { const p = podOf(o); if (p) p.containers[0].resources.limits.memory = pick(r, ['1.5', '128Mi', '100m']); },
  (o) => { const p = podOf(o); if (p) p.terminationGracePeriodSeconds = -1; },
  (o, r) => { if (o.spec?.selector?.matchLabels) o.spec.selector.matchLabels.app = pick(r, ['other', 'agent']); },
  (o, r) => { if (typeof o.spec === 'object' && o.spec !== null && 'replicas' in o.spec) o.spec.replicas = pick(r, [-1, 0, 'two']); },
  (o, r) => { if (o.kind === 'Service' && o.spec?.ports) Object.assign(o.spec, { type: pick(r, ['NodePort', 'Bogus', 'ClusterIP']), ports: [{ port: pick(r, [0, 70000, 80]) }] }); },
  (o, r) => { if (o.rules) o.rules[0].verbs = pick(r, [[], 'get', ['*']]); },
  (o, r) => { if (o.kind === 'PriorityClass') o.value = pick(r, [2000000000, 1000000001, 'high']); },
  (o, r) => { if (o.data && typeof o.data === 'object') o.data[pick(r, ['bad key!', 'ok'])] = pick(r, ['v', 1]); },
];

/** Seeded cases: a valid object of a common kind with one to three changes. */
function generated(seed: number, count: number): any[] {
  const r = prng(seed);
  const keys = Object.keys(COMMON);
  const out: any[] = [];
  for (let i = 0; i < count; i++) {
    const o = COMMON[pick(r, keys)]();
    for (let n = 1 + Math.floor(r() * 3); n > 0; n--) pick(r, MUTATIONS)(o, r);
    out.push(o);
  }
  return out;
}

describe('the small API-server core', () => {
  test('its kind list is the one the library routes by (SMALL_CORE_KINDS), and the full core judges each of them', () => {
    const listed = Object.entries(SMALL_CORE_KINDS).flatMap(([v, ks]) => ks.map((k) => [v, k])).sort((a, b) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`));
    const small: string[][] = JSON.parse(KubeCore.load('small').kinds());
    const byKey = (xs: string[][]) => xs.map(([v, k]) => `${v} ${k}`).sort();
    expect(byKey(small)).toEqual(byKey(listed));
    const full = new Set(byKey(JSON.parse(KubeCore.load('full').kinds())));
    expect(byKey(small).filter((k) => !full.has(k))).toEqual([]);
    expect(full.has('apiextensions.k8s.io/v1 CustomResourceDefinition')).toBe(true);
    expect(Object.keys(COMMON).sort()).toEqual(byKey(small));
  });

  test('answers exactly as the full core on a valid object of each kind it judges', () => {
    const objects = Object.values(COMMON).map((f) => f());
    expect(JSON.parse(answer('small', objects)).map((r: any) => [r.status, r.errors ?? []])).toEqual(objects.map(() => ['validated', []]));
    expectSameAnswers(objects);
  });

  test('answers exactly as the full core on 400 seeded changes of them (valid and invalid)', () => {
    const objects = generated(20261201, 400);
    const results = JSON.parse(answer('full', objects));
    // the cases reach the server's errors, warnings and decoding failures, not only valid objects
    expect(results.filter((r: any) => r.errors?.length).length).toBeGreaterThan(150);
    expect(results.filter((r: any) => r.warnings?.length).length).toBeGreaterThan(2);
    expect(results.filter((r: any) => r.status === 'rejected').length).toBeGreaterThan(5);
    expectSameAnswers(objects);
  });

  describeShared('realworld')('on the published manifests (../shared/realworld)', () => {
    test('answers exactly as the full core on every object of a kind it judges', () => {
      const dir = path.join(SHARED_DIR, 'realworld');
      const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
      const objects = ManifestFiles.load(files).documents.map((d) => d.object).filter((o) => coreVariantFor([o], []) === 'small');
      expect(objects.length).toBeGreaterThan(150);
      expect(new Set(objects.map((o: any) => o.kind)).size).toBeGreaterThan(10);
      expectSameAnswers(objects);
    });
  });
});

describe('which core judges a call', () => {
  const ds = goodDaemonSet();
  const webhook = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'w' }, webhooks: [] };
  test.each<[string, 'full' | 'small', unknown[]]>([
    ['a DaemonSet alone', 'small', [ds]],
    ['one object of each common kind', 'small', Object.values(COMMON).map((f) => f())],
    ['no object', 'small', []],
    ['a DaemonSet and a ValidatingWebhookConfiguration', 'full', [ds, webhook]],
    ['an apps/v1beta2 DaemonSet (a version no longer served)', 'full', [{ ...ds, apiVersion: 'apps/v1beta2' }]],
    ['a misspelled kind', 'full', [{ ...ds, kind: 'Daemonset' }]],
    ['a kind of another served group-version (autoscaling/v2beta2)', 'full', [{ ...COMMON['autoscaling/v2 HorizontalPodAutoscaler'](), apiVersion: 'autoscaling/v2beta2' }]],
    ['a CustomResourceDefinition', 'full', [{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'a.b.c' } }]],
    ['a custom resource', 'full', [ds, { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'a' } }]],
    ['a Node (served, judged by the full core only)', 'full', [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } }]],
    ['an object without a string apiVersion', 'full', [{ ...ds, apiVersion: 1 }]],
    ['no object at all (null)', 'full', [null]],
    ['a List of DaemonSets', 'full', [{ apiVersion: 'v1', kind: 'List', items: [ds] }]],
  ])('%s: the %s core', (_name, expected, objects) => {
    expect(coreVariantFor(objects, [])).toBe(expected);
    expect(coreVariantFor(objects, ['small'])).toBe(expected);
  });

  test('once the full core is loaded it judges every call (it answers as the small one would)', () => {
    expect(coreVariantFor([ds], ['full'])).toBe('full');
    expect(coreVariantFor([ds], ['small', 'full'])).toBe('full');
  });

  test('both builds must be present for the core to be available', () => {
    const dir = path.resolve(__dirname, '..', '..', 'lib', 'core');
    expect(KubeCore.available()).toBe(fs.existsSync(path.join(dir, 'kube-core.snapshot')) && fs.existsSync(path.join(dir, 'kube-core-small.snapshot')));
    expect(KubeCore.available()).toBe(true);
  });
});

describe('which core reads YAML that is about to be judged (KubeCore.willRead)', () => {
  const doc = (apiVersion: string, kind: string) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: a\n`;
  test.each<[string, boolean, string]>([
    ['a DaemonSet', false, doc('apps/v1', 'DaemonSet')],
    ['common kinds in several documents, quoted values, comments', false, `# agents\n---\n${doc('v1', 'ServiceAccount')}---\napiVersion: "apps/v1" # GA\nkind: 'DaemonSet'\nspec:\n  kind: Other\n---\n# empty\n`],
    ['kind before apiVersion', false, 'kind: ConfigMap\napiVersion: v1\ndata: {}\n'],
    ['a CustomResourceDefinition among them', true, `${doc('apps/v1', 'DaemonSet')}---\n${doc('apiextensions.k8s.io/v1', 'CustomResourceDefinition')}`],
    ['a custom resource', true, doc('monitoring.coreos.com/v1', 'ServiceMonitor')],
    ['a version no longer served', true, doc('apps/v1beta2', 'DaemonSet')],
    ['a List', true, 'apiVersion: v1\nkind: List\nitems: []\n'],
    ['a document without a kind', true, 'apiVersion: v1\nmetadata: {}\n'],
    ['JSON (read without the core)', false, '{"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition"}'],
  ])('%s: the full core reads it: %s', (_name, expected, text) => {
    expect(needsFullCore(text)).toBe(expected);
  });
});
