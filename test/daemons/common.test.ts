import { Duration, Testing } from 'cdk8s';
import { newChart, one, ofKind, podSpec, synth } from './helpers';
import { CadvisorDaemon, DaemonUpdateStrategy, IntOrPercent, LogAgentDaemon, NodeExporterDaemon, PriorityClass } from '../../src';

const RECOMMENDED = [
  'app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/version',
  'app.kubernetes.io/component', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by',
];

const daemons: Array<[string, (c: any, p?: any) => any]> = [
  ['NodeExporterDaemon', (c, p) => new NodeExporterDaemon(c, 'd', p)],
  ['LogAgentDaemon', (c, p) => new LogAgentDaemon(c, 'd', p)],
  ['CadvisorDaemon', (c, p) => new CadvisorDaemon(c, 'd', p)],
];

describe.each(daemons)('%s common defaults', (_name, make) => {
  test('runs on every Linux node: tolerates all taints, excludes Windows and virtual nodes', () => {
    const chart = newChart();
    make(chart);
    const pod = podSpec(synth(chart));
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
      matchExpressions: [
        { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
        { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
        { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
      ],
    }]);
  });

  test('placement defaults can be turned off', () => {
    const chart = newChart();
    make(chart, { tolerateAllTaints: false, linuxOnly: false, excludeVirtualNodes: false }).tolerateControlPlane();
    const pod = podSpec(synth(chart));
    expect(pod.tolerations).toHaveLength(2);
    expect(pod.affinity).toBeUndefined();
  });

  test('system-node-critical, overridable', () => {
    const chart = newChart();
    make(chart);
    expect(podSpec(synth(chart)).priorityClassName).toBe('system-node-critical');
    const chart2 = newChart();
    make(chart2, { priorityClass: PriorityClass.fromName('agents') });
    expect(podSpec(synth(chart2)).priorityClassName).toBe('agents');
  });

  test('bounded rolling update and revision history, overridable', () => {
    const chart = newChart();
    make(chart);
    const ds = one(synth(chart), 'DaemonSet');
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(5);
    const chart2 = newChart();
    make(chart2, { updateStrategy: DaemonUpdateStrategy.rollingUpdate({ maxUnavailable: IntOrPercent.fromNumber(2) }), revisionHistoryLimit: 2 });
    const ds2 = one(synth(chart2), 'DaemonSet');
    expect(ds2.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe(2);
    expect(ds2.spec.revisionHistoryLimit).toBe(2);
  });

  test('least privilege on every container', () => {
    const chart = newChart();
    make(chart);
    const pod = podSpec(synth(chart));
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    for (const c of pod.containers) {
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        privileged: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(c.image).toMatch(/:[A-Za-z0-9_][A-Za-z0-9_.-]*$/);
      expect(c.image).not.toMatch(/:latest$/);
      expect(c.imagePullPolicy).toBe('IfNotPresent');
      expect(c.resources.requests.cpu).toBeDefined();
      expect(c.resources.requests.memory).toBeDefined();
      expect(c.resources.limits.cpu).toBeDefined();
      expect(c.resources.limits.memory).toBeDefined();
      expect(c.livenessProbe).toBeDefined();
      expect(c.readinessProbe).toBeDefined();
    }
  });

  test('host paths are read-only except a log agent state directory', () => {
    const chart = newChart();
    make(chart);
    const pod = podSpec(synth(chart));
    const hostVolumes = new Set(pod.volumes.filter((v: any) => v.hostPath).map((v: any) => v.name));
    for (const c of pod.containers) {
      for (const m of c.volumeMounts ?? []) {
        if (hostVolumes.has(m.name) && m.name !== 'state') expect(m.readOnly).toBe(true);
      }
    }
  });

  test('recommended labels on every object and on the pod template', () => {
    const chart = newChart();
    make(chart, { serviceMonitor: {}, networkPolicy: {} });
    const manifests = synth(chart);
    for (const m of manifests) {
      for (const l of RECOMMENDED) expect(m.metadata.labels).toHaveProperty([l]);
    }
    const tpl = one(manifests, 'DaemonSet').spec.template.metadata.labels;
    for (const l of RECOMMENDED) expect(tpl).toHaveProperty([l]);
    expect(tpl['app.kubernetes.io/managed-by']).toBe('cdk8s');
  });

  test('instance, partOf, version and extra labels are props', () => {
    const chart = newChart();
    make(chart, { instance: 'blue', partOf: 'observability', version: 'v9.9.9', labels: { team: 'platform' } });
    const manifests = synth(chart);
    for (const m of manifests) {
      expect(m.metadata.labels).toMatchObject({
        'app.kubernetes.io/instance': 'blue',
        'app.kubernetes.io/part-of': 'observability',
        'app.kubernetes.io/version': 'v9.9.9',
        'team': 'platform',
      });
    }
    expect(podSpec(manifests).containers[0].image).toMatch(/:v9\.9\.9$/);
    expect(one(manifests, 'Service').spec.selector['app.kubernetes.io/instance']).toBe('blue');
  });

  test('metrics Service by default (headless, selecting the pods), opt-out', () => {
    const chart = newChart();
    make(chart);
    const manifests = synth(chart);
    const svc = one(manifests, 'Service');
    expect(svc.spec.clusterIP).toBe('None');
    const podLabels = one(manifests, 'DaemonSet').spec.template.metadata.labels;
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(podLabels[k]).toBe(v);
    expect(ofKind(manifests, 'ServiceMonitor')).toHaveLength(0);
    expect(ofKind(manifests, 'NetworkPolicy')).toHaveLength(0);
    const chart2 = newChart();
    make(chart2, { metricsService: false });
    expect(ofKind(synth(chart2), 'Service')).toHaveLength(0);
  });

  test('opt-in ServiceMonitor and NetworkPolicy', () => {
    const chart = newChart();
    make(chart, { serviceMonitor: { labels: { release: 'kps' } }, networkPolicy: { scraperNamespace: 'prom', scraperPodLabels: { app: 'vmagent' } } });
    const manifests = synth(chart);
    const svc = one(manifests, 'Service');
    const sm = one(manifests, 'ServiceMonitor');
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.metadata.labels.release).toBe('kps');
    for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) expect(svc.metadata.labels[k]).toBe(v);
    expect(sm.spec.endpoints[0].port).toBe(svc.spec.ports[0].name);
    expect(sm.spec.namespaceSelector.matchNames).toEqual(['monitoring']);
    const np = one(manifests, 'NetworkPolicy');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'prom' } }, podSelector: { matchLabels: { app: 'vmagent' } } }],
      ports: [{ port: svc.spec.ports[0].port, protocol: 'TCP' }],
    }]);
  });

  test('every namespaced object is in the namespace; the prop overrides the chart', () => {
    const chart = newChart('monitoring');
    make(chart, { namespace: 'agents' });
    for (const m of synth(chart)) {
      if (m.kind.startsWith('Cluster')) expect(m.metadata.namespace).toBeUndefined();
      else expect(m.metadata.namespace).toBe('agents');
    }
  });

  test('a chart without namespace puts the objects in default', () => {
    const chart = newChart(null);
    make(chart);
    for (const m of synth(chart)) {
      if (!m.kind.startsWith('Cluster')) expect(m.metadata.namespace).toBe('default');
    }
  });

  test('fluent helpers of NodeDaemon keep working', () => {
    const chart = newChart();
    make(chart).excludeNodes('bastion').keepRevisions(3);
    const manifests = synth(chart);
    expect(one(manifests, 'DaemonSet').spec.revisionHistoryLimit).toBe(3);
    expect(podSpec(manifests).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields)
      .toEqual([{ key: 'metadata.name', operator: 'NotIn', values: ['bastion'] }]);
  });

  test.each([
    [{ version: 'latest' }, /version: "latest" is not a pinned image tag/],
    [{ version: '' }, /version: "" is not a pinned image tag/],
    [{ image: 'repo/agent:1.0' }, /image: "repo\/agent:1.0" already contains a tag/],
    [{ labels: { 'app.kubernetes.io/instance': 'x' } }, /drop it from `labels`: use the `instance` prop/],
    [{ instance: 'not valid!' }, /instance: value "not valid!"/],
    [{ metricsService: false, serviceMonitor: {} }, /a ServiceMonitor needs the metrics Service/],
    [{ serviceMonitor: { scrapeTimeout: Duration.minutes(1) } }, /scrapeTimeout: 60s is longer than the interval 30s/],
  ])('rejects bad input %p', (props, message) => {
    expect(() => make(newChart(), props)).toThrow(message);
  });

  test('bad input errors name the construct path', () => {
    expect(() => make(newChart(), { version: 'latest' })).toThrow(/^test\/d: version:.*Fix:/);
  });

  test('passes the builder synth-time checks with zero props', () => {
    const chart = newChart();
    make(chart);
    expect(() => Testing.synth(chart)).not.toThrow();
  });
});
