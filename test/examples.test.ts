import { Testing } from 'cdk8s';
import { buildExamples } from '../examples/app';

/** Every example chart synthesized once (validations run, as in `npm run examples`). */
const app = buildExamples({ outdir: Testing.app().outdir });
app.synthYaml();
const charts = Object.fromEntries(app.charts.map((c) => [c.node.id, Testing.synth(c)]));

function find(chart: string, kind: string, name?: string): any {
  const obj = charts[chart].find((o: any) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!obj) throw new Error(`${kind}/${name} not found in ${chart}`);
  return obj;
}

describe('examples reproduce the seed scenarios', () => {
  test('node-exporter (typed daemon): host network, host PID, host port 9100, probes', () => {
    const spec = find('node-exporter', 'DaemonSet').spec.template.spec;
    expect(spec.hostNetwork).toBe(true);
    expect(spec.hostPID).toBe(true);
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    const c = spec.containers[0];
    expect(c.ports).toContainEqual(expect.objectContaining({ containerPort: 9100, hostPort: 9100 }));
    expect(c.livenessProbe.httpGet.port).toBe(9100);
    expect(c.readinessProbe.httpGet.port).toBe(9100);
    expect(find('node-exporter', 'ServiceMonitor')).toBeDefined();
  });

  test('cAdvisor (typed daemon): namespace cadvisor, control-plane nodes included, the seed requests and limits', () => {
    const ds = find('cadvisor', 'DaemonSet');
    expect(ds.metadata.namespace).toBe('cadvisor');
    const spec = ds.spec.template.spec;
    // tolerating every taint includes both control-plane taint keys
    expect(spec.tolerations).toContainEqual({ operator: 'Exists' });
    expect(spec.containers[0].resources).toEqual({
      requests: { cpu: '400m', memory: '400Mi' },
      limits: { cpu: '800m', memory: '2000Mi' },
    });
  });

  test('fluentd (typed log agent): namespace logging, NoExecute toleration, required and preferred affinity, non-root, PriorityClass', () => {
    const ds = find('fluentd', 'DaemonSet');
    expect(ds.metadata.namespace).toBe('logging');
    const spec = ds.spec.template.spec;
    expect(spec.tolerations).toEqual([{ key: 'app', operator: 'Equal', value: 'fluentd-logging', effect: 'NoExecute' }]);
    expect(spec.containers[0].image).toMatch(/^docker.io\/fluent\/fluentd-kubernetes-daemonset:v1\./);
    const na = spec.affinity.nodeAffinity;
    expect(na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions)
      .toContainEqual({ key: 'type', operator: 'In', values: ['platform-tools'] });
    expect(na.preferredDuringSchedulingIgnoredDuringExecution).toContainEqual(expect.objectContaining({
      weight: 1,
      preference: { matchExpressions: [{ key: 'instance-type', operator: 'In', values: ['t2.large'] }] },
    }));
    expect(spec.securityContext.runAsNonRoot).toBe(true);
    expect(spec.containers[0].securityContext.allowPrivilegeEscalation).toBe(false);
    expect(spec.priorityClassName).toBe('high-priority');
    const pc = find('fluentd', 'PriorityClass', 'high-priority');
    expect(pc.value).toBe(100000);
    expect(find('fluentd', 'Namespace', 'logging')).toBeDefined();
  });

  test('fluent-bit (typed log agent, defaults): config in a ConfigMap, checksum annotation', () => {
    const ds = find('fluent-bit', 'DaemonSet');
    expect(ds.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    expect(find('fluent-bit', 'ConfigMap')).toBeDefined();
  });

  test('redis: tolerates the control-plane taint', () => {
    const spec = find('redis', 'DaemonSet').spec.template.spec;
    expect(spec.tolerations).toContainEqual({ key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' });
  });

  test('nginx: only on ssd=true nodes', () => {
    expect(find('nginx-fast-storage', 'DaemonSet').spec.template.spec.nodeSelector).toEqual({ ssd: 'true' });
  });

  test('HDFS NameNode: host=high-cpu nodes with OnDelete updates', () => {
    const ds = find('hdfs-namenode', 'DaemonSet');
    expect(ds.spec.template.spec.nodeSelector).toEqual({ host: 'high-cpu' });
    expect(ds.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('paced rollout: maxUnavailable and minReadySeconds', () => {
    const ds = find('paced-rollout', 'DaemonSet');
    expect(ds.spec.minReadySeconds).toBe(30);
    expect(ds.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe(1);
  });
});

describe('example snapshots', () => {
  test.each(Object.keys(charts))('%s', (name) => {
    expect(charts[name]).toMatchSnapshot();
  });
});
