import { daemonSet, errorOf } from './helpers';
import { StaticPod, StaticPodPriority } from '../../src/static-pod';

describe('StaticPod.fromDaemonSet: kept parts', () => {
  const m = StaticPod.fromDaemonSet(daemonSet());
  const spec = m.pod.spec;

  test('is a v1 Pod named after the DaemonSet, in kube-system', () => {
    expect(m.pod.apiVersion).toBe('v1');
    expect(m.pod.kind).toBe('Pod');
    expect(m.pod.metadata).toEqual({
      name: 'agent',
      namespace: 'kube-system',
      labels: { app: 'agent' },
      annotations: { 'example.com/scrape': 'true' },
    });
    expect(m.name).toBe('agent');
    expect(m.namespace).toBe('kube-system');
    expect(m.fileName).toBe('static-pods/agent.yaml');
  });

  test('keeps containers, init containers and volumes', () => {
    expect(spec.containers).toEqual(daemonSet().spec.template.spec.containers);
    expect(spec.initContainers).toEqual([{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }]);
    expect(spec.volumes).toEqual([{ name: 'proc', hostPath: { path: '/proc' } }]);
  });

  test('keeps host access, host ports, security context and dnsPolicy', () => {
    expect(spec.hostNetwork).toBe(true);
    expect(spec.hostPID).toBe(true);
    expect(spec.hostIPC).toBe(true);
    expect(spec.containers[0].ports).toEqual([{ containerPort: 9100, hostPort: 9100, name: 'metrics' }]);
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toEqual({ readOnlyRootFilesystem: true, runAsUser: 65534 });
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  test('keeps priorityClassName and sets the matching priority value', () => {
    expect(spec.priorityClassName).toBe('system-node-critical');
    expect(spec.priority).toBe(2000001000);
    expect(m.translated).toContainEqual(expect.stringContaining('spec.priority: 2000001000'));
  });

  test('does not modify its input', () => {
    const ds = daemonSet();
    const copy = JSON.parse(JSON.stringify(ds));
    StaticPod.fromDaemonSet(ds);
    expect(ds).toEqual(copy);
  });
});

describe('StaticPod.fromDaemonSet: dropped parts', () => {
  const cases: [string, string][] = [
    ['spec.selector', 'a static pod is not owned by a controller'],
    ['spec.updateStrategy', 'static pods are updated by replacing the file'],
    ['spec.minReadySeconds', 'there is no rollout to pace'],
    ['spec.revisionHistoryLimit', 'there are no ControllerRevisions'],
    ['spec.template.spec.tolerations', 'static pods are not scheduled'],
    ['spec.template.spec.affinity', 'static pods are not scheduled'],
    ['spec.template.spec.nodeSelector', 'static pods are not scheduled'],
  ];
  const m = StaticPod.fromDaemonSet(daemonSet());
  test.each(cases)('%s is dropped, listed and explained in the YAML comment', (field, why) => {
    const entry = m.dropped.find((d) => d.startsWith(`${field} (`));
    expect(entry).toContain(why);
    expect(m.yaml).toContain(`# dropped: ${entry}`);
  });

  test('scheduling fields are gone from the pod', () => {
    for (const f of ['tolerations', 'affinity', 'nodeSelector']) expect(m.pod.spec[f]).toBeUndefined();
    expect(m.pod.spec.selector).toBeUndefined();
  });

  test('labels only on the DaemonSet object are listed', () => {
    expect(m.dropped).toContainEqual(expect.stringMatching(/^metadata\.labels team \(labels of the DaemonSet object itself/));
    expect(m.pod.metadata.labels.team).toBeUndefined();
  });

  test('other scheduler-only fields are dropped too', () => {
    const r = StaticPod.fromDaemonSet(daemonSet((s) => {
      s.schedulerName = 'custom';
      s.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }];
      s.preemptionPolicy = 'Never';
    }));
    for (const f of ['schedulerName', 'topologySpreadConstraints', 'preemptionPolicy']) {
      expect(r.pod.spec[f]).toBeUndefined();
      expect(r.dropped).toContainEqual(expect.stringContaining(`spec.template.spec.${f} (`));
    }
  });

  test('the YAML starts with the comment block, then the pod', () => {
    const lines = m.yaml.split('\n');
    expect(lines[0]).toBe('# Static pod generated from DaemonSet/monitoring/agent by cdk8s-node-daemons.');
    const firstKey = lines.findIndex((l) => !l.startsWith('#'));
    expect(lines[firstKey]).toBe('apiVersion: v1');
  });
});

describe('names and namespaces', () => {
  test('nameSuffix is appended to the pod and file name', () => {
    const m = StaticPod.fromDaemonSet(daemonSet(), { nameSuffix: '-node-a' });
    expect(m.pod.metadata.name).toBe('agent-node-a');
    expect(m.fileName).toBe('static-pods/agent-node-a.yaml');
  });

  test('name replaces the DaemonSet name', () => {
    expect(StaticPod.fromDaemonSet(daemonSet(), { name: 'exporter', nameSuffix: '-x' }).name).toBe('exporter-x');
  });

  test('an invalid resulting name is rejected', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet(), { nameSuffix: '_Bad' })))
      .toContain('metadata.name: "agent_Bad" is not a valid pod name');
  });

  test('namespace defaults to kube-system and says so', () => {
    const m = StaticPod.fromDaemonSet(daemonSet());
    expect(m.translated).toContainEqual('metadata.namespace: monitoring -> kube-system (static pods usually live in kube-system; keepNamespace keeps the original)');
  });

  test('keepNamespace keeps the DaemonSet namespace', () => {
    const m = StaticPod.fromDaemonSet(daemonSet(), { keepNamespace: true });
    expect(m.pod.metadata.namespace).toBe('monitoring');
    expect(m.translated.some((t) => t.startsWith('metadata.namespace'))).toBe(false);
  });

  test('namespace option wins', () => {
    expect(StaticPod.fromDaemonSet(daemonSet(), { namespace: 'edge', keepNamespace: true }).pod.metadata.namespace).toBe('edge');
  });
});

describe('priority', () => {
  test('system-cluster-critical gets 2000000000', () => {
    const m = StaticPod.fromDaemonSet(daemonSet((s) => { s.priorityClassName = 'system-cluster-critical'; }));
    expect(m.pod.spec.priority).toBe(StaticPodPriority.SYSTEM_CLUSTER_CRITICAL);
  });

  test('a custom class takes its value from a PriorityClass in the manifests', () => {
    const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'agents' }, value: 1000000 };
    const m = StaticPod.fromDaemonSet(daemonSet((s) => { s.priorityClassName = 'agents'; }), { manifests: [pc] });
    expect(m.pod.spec.priority).toBe(1000000);
  });

  test('an unknown custom class leaves priority unset with a warning', () => {
    const m = StaticPod.fromDaemonSet(daemonSet((s) => { s.priorityClassName = 'agents'; }));
    expect(m.pod.spec.priority).toBeUndefined();
    expect(m.warnings[0]).toContain('spec.priority is not set: the value of PriorityClass "agents" is unknown');
    expect(m.yaml).toContain('# warning: spec.priority is not set');
  });

  test('the priority option sets the value for a custom class', () => {
    expect(StaticPod.fromDaemonSet(daemonSet((s) => { s.priorityClassName = 'agents'; }), { priority: 5 }).pod.spec.priority).toBe(5);
  });

  test('a priority that disagrees with the class is rejected', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => { s.priority = 7; }))))
      .toBe('DaemonSet/monitoring/agent spec.template.spec.priority: 7 differs from the value of PriorityClass "system-node-critical" (2000001000); '
        + 'the API server would reject the mirror pod. Fix: remove spec.priority or set it to 2000001000.');
  });

  test('a priority without a class is rejected', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => { delete s.priorityClassName; s.priority = 2000001000; }))))
      .toContain('spec.template.spec.priority: 2000001000 without priorityClassName');
  });

  test('no class, no priority', () => {
    const m = StaticPod.fromDaemonSet(daemonSet((s) => { delete s.priorityClassName; }));
    expect(m.pod.spec.priority).toBeUndefined();
    expect(m.pod.spec.priorityClassName).toBeUndefined();
  });
});

describe('input checks', () => {
  test('not a DaemonSet', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } })))
      .toBe('DaemonSet/x kind: is "Deployment", not DaemonSet. Fix: pass a DaemonSet (apiVersion apps/v1).');
  });

  test('no containers', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => { s.containers = []; }))))
      .toContain('spec.template.spec.containers: the DaemonSet has no pod template with containers');
  });

  test('schema problems of the produced pod are reported', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => { s.containers[0].ports[0].containerPort = 'http'; }))))
      .toMatch(/Pod\/kube-system\/agent \(static pod of DaemonSet\/monitoring\/agent\) spec\.containers\[0\]\.ports\[0\]\.containerPort: .*of type int32/);
  });

  test('validateSchema: false skips the schema', () => {
    expect(() => StaticPod.fromDaemonSet(daemonSet((s) => { s.containers[0].ports[0].containerPort = 'http'; }), { validateSchema: false })).not.toThrow();
  });
});
