import { Chart, Duration, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import {
  DaemonUpdateStrategy, IntOrPercent, NodeDaemon, NodeRequirement, NodeSelectorOperator, PriorityClass, SeccompProfile,
  TaintEffect, TolerationOperator,
} from '../src';
import { synthErrors } from './synth-errors';

function setup(props: ConstructorParameters<typeof NodeDaemon>[2] = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const daemon = new NodeDaemon(chart, 'agent', { metadata: { name: 'agent' }, ...props });
  const container = daemon.addContainer({ name: 'main', image: 'example.com/agent:1.0.0', portNumber: 8080 });
  return { app, chart, daemon, container };
}

function daemonSet(chart: Chart): any {
  return Testing.synth(chart).find((o: any) => o.kind === 'DaemonSet');
}

function podSpec(chart: Chart): any {
  return daemonSet(chart).spec.template.spec;
}


describe('NodeDaemon is a cdk8s-plus DaemonSet', () => {
  test('extends plus.DaemonSet and keeps its APIs working', () => {
    const { chart, daemon } = setup();
    expect(daemon).toBeInstanceOf(plus.DaemonSet);
    daemon.scheduling.tolerate(plus.Node.tainted(plus.NodeTaintQuery.is('plus-key', 'v', { effect: plus.TaintEffect.NO_SCHEDULE })));
    daemon.tolerate({ key: 'ours', effect: TaintEffect.NO_SCHEDULE });
    const spec = podSpec(chart);
    expect(spec.tolerations).toEqual([
      { key: 'plus-key', operator: 'Equal', value: 'v', effect: 'NoSchedule' },
      { key: 'ours', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('required node affinity from scheduling.attract is kept and ANDed with ours', () => {
    const { chart, daemon } = setup();
    daemon.scheduling.attract(plus.Node.labeled(plus.NodeLabelQuery.is('zone', 'a')));
    daemon.linuxOnly();
    const terms = podSpec(chart).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toEqual([{
      matchExpressions: [
        { key: 'zone', operator: 'In', values: ['a'] },
        { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
      ],
    }]);
  });

  test('fluent helpers return the daemon so calls chain', () => {
    const { daemon, container } = setup();
    const chained = daemon
      .tolerate({ key: 'a' }).tolerateAllTaints().tolerateControlPlane()
      .selectNodesWithLabel('a', 'b').requireNodeAffinity(NodeRequirement.labelExists('x'))
      .requireAnyOf(NodeRequirement.labelExists('y')).preferNodeAffinity(5, NodeRequirement.labelExists('z'))
      .restrictToNodes('n1').excludeNodes('n2').linuxOnly().excludeVirtualNodes()
      .usePriorityClass(PriorityClass.SYSTEM_NODE_CRITICAL).useRollingUpdate().useOnDeleteUpdate().keepRevisions(3)
      .useHostNetwork().useHostPid().useHostIpc().addHostPort(container, 9000)
      .mountHostPath(container, '/proc', '/host/proc').useSeccompProfile(SeccompProfile.runtimeDefault())
      .useContainerSeccompProfile('main', SeccompProfile.runtimeDefault());
    expect(chained).toBe(daemon);
  });
});

describe('defaults', () => {
  test('writes the RollingUpdate strategy explicitly and RuntimeDefault seccomp', () => {
    const { chart } = setup();
    const ds = daemonSet(chart);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBeUndefined();
    expect(ds.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(ds.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
    expect(ds.spec.template.spec.hostPID).toBeUndefined();
    expect(ds.spec.template.spec.priorityClassName).toBeUndefined();
  });
});

describe('update strategy', () => {
  test('rolling update with a percentage and a number (int-or-string values reach the output)', () => {
    const { chart, daemon } = setup();
    daemon.useRollingUpdate({ maxUnavailable: IntOrPercent.fromPercent(10) });
    expect(daemonSet(chart).spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } });
    daemon.useRollingUpdate({ maxUnavailable: IntOrPercent.fromNumber(3) });
    expect(daemonSet(chart).spec.updateStrategy.rollingUpdate.maxUnavailable).toBe(3);
  });

  test('surge update defaults maxUnavailable to 0', () => {
    const { chart, daemon } = setup();
    daemon.useRollingUpdate({ maxSurge: IntOrPercent.fromString('25%') });
    expect(daemonSet(chart).spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: '25%' });
  });

  test('OnDelete, revisionHistoryLimit and minReadySeconds from props', () => {
    const { chart } = setup({ updateStrategy: DaemonUpdateStrategy.onDelete(), revisionHistoryLimit: 4, minReadySeconds: 20 });
    const ds = daemonSet(chart);
    expect(ds.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(ds.spec.revisionHistoryLimit).toBe(4);
    expect(ds.spec.minReadySeconds).toBe(20);
  });

  test('keepRevisions() sets revisionHistoryLimit', () => {
    const { chart, daemon } = setup();
    daemon.keepRevisions(0);
    expect(daemonSet(chart).spec.revisionHistoryLimit).toBe(0);
  });

  test.each([
    [{ maxUnavailable: IntOrPercent.fromNumber(0), maxSurge: IntOrPercent.fromNumber(0) }, 'spec.updateStrategy.rollingUpdate.maxUnavailable: cannot be 0 when maxSurge is 0'],
    [{ maxUnavailable: IntOrPercent.fromPercent(0), maxSurge: IntOrPercent.fromPercent(0) }, 'spec.updateStrategy.rollingUpdate.maxUnavailable: cannot be 0 when maxSurge is 0'],
    [{ maxUnavailable: IntOrPercent.fromNumber(1), maxSurge: IntOrPercent.fromNumber(1) }, 'spec.updateStrategy.rollingUpdate.maxSurge: may not be set when maxUnavailable is non-zero'],
    [{ maxUnavailable: IntOrPercent.fromPercent(120) }, 'spec.updateStrategy.rollingUpdate.maxUnavailable: 120% must not be greater than 100%'],
    [{ maxUnavailable: IntOrPercent.fromNumber(-1) }, 'spec.updateStrategy.rollingUpdate.maxUnavailable: -1 must be greater than or equal to 0'],
    [{ maxUnavailable: IntOrPercent.fromString('ten') }, 'spec.updateStrategy.rollingUpdate.maxUnavailable: "ten" is neither a number nor a percentage'],
  ])('rejects %j with a clear error', (options, expected) => {
    const { app, daemon } = setup();
    daemon.useRollingUpdate(options);
    const msg = synthErrors(app);
    expect(msg).toContain('[test/agent] ' + expected);
    expect(msg).toContain('Fix:');
  });
});

describe('tolerations', () => {
  test('one taint with value, effect and tolerationSeconds', () => {
    const { chart, daemon } = setup();
    daemon.tolerate({ key: 'app', value: 'fluentd-logging', effect: TaintEffect.NO_EXECUTE, tolerationSeconds: Duration.minutes(5) });
    expect(podSpec(chart).tolerations).toEqual([
      { key: 'app', operator: 'Equal', value: 'fluentd-logging', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  test('a key without value defaults to Exists', () => {
    const { chart, daemon } = setup();
    daemon.tolerate({ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE });
    expect(podSpec(chart).tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('every taint', () => {
    const { chart, daemon } = setup();
    daemon.tolerateAllTaints();
    expect(podSpec(chart).tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('control-plane taint under both keys', () => {
    const { chart, daemon } = setup();
    daemon.tolerateControlPlane();
    expect(podSpec(chart).tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('tolerations from props', () => {
    const { chart } = setup({ tolerations: [{ key: 'a', operator: TolerationOperator.EQUAL, value: 'b' }] });
    expect(podSpec(chart).tolerations).toEqual([{ key: 'a', operator: 'Equal', value: 'b' }]);
  });

  test.each([
    [{ key: 'a', operator: TolerationOperator.EXISTS, value: 'b' }, "spec.template.spec.tolerations[0].operator: value \"b\" must be empty when `operator` is 'Exists'"],
    [{ key: 'a', effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: Duration.seconds(10) }, "spec.template.spec.tolerations[0].effect: effect must be 'NoExecute' when `tolerationSeconds` is set"],
    [{ value: 'x', operator: TolerationOperator.EQUAL }, 'spec.template.spec.tolerations[0].operator: operator must be Exists when `key` is empty'],
    [{ key: 'a', effect: 'NoRun' as TaintEffect }, 'spec.template.spec.tolerations[0].effect: unsupported value "NoRun"'],
    [{ key: 'bad key!' }, 'spec.template.spec.tolerations[0].key: "bad key!": name part must consist of alphanumeric characters'],
    [{ key: 'a', value: 'bad value!' }, 'spec.template.spec.tolerations[0].operator: "bad value!": a valid label must be an empty string'],
  ])('rejects %j with a clear error', (toleration, expected) => {
    const { app, daemon } = setup();
    daemon.tolerate(toleration);
    const msg = synthErrors(app);
    expect(msg).toContain('[test/agent] ' + expected);
    expect(msg).toContain('Fix:');
  });
});

describe('node selection', () => {
  test('nodeSelector from props and helper', () => {
    const { chart, daemon } = setup({ nodeSelector: { ssd: 'true' } });
    daemon.selectNodesWithLabel('host', 'high-cpu');
    expect(podSpec(chart).nodeSelector).toEqual({ ssd: 'true', host: 'high-cpu' });
  });

  test('required affinity with every operator in one ANDed term', () => {
    const { chart, daemon } = setup();
    daemon.requireNodeAffinity(
      NodeRequirement.labelIn('type', 'platform-tools'),
      NodeRequirement.labelNotIn('zone', 'a', 'b'),
      NodeRequirement.labelExists('gpu'),
      NodeRequirement.labelDoesNotExist('spot'),
      NodeRequirement.labelGt('cores', 4),
      NodeRequirement.labelLt('age', 100),
    );
    expect(podSpec(chart).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{
        matchExpressions: [
          { key: 'type', operator: 'In', values: ['platform-tools'] },
          { key: 'zone', operator: 'NotIn', values: ['a', 'b'] },
          { key: 'gpu', operator: 'Exists' },
          { key: 'spot', operator: 'DoesNotExist' },
          { key: 'cores', operator: 'Gt', values: ['4'] },
          { key: 'age', operator: 'Lt', values: ['100'] },
        ],
      }],
    });
  });

  test('requireAnyOf adds ORed terms and the common requirements are ANDed into each', () => {
    const { chart, daemon } = setup();
    daemon.linuxOnly().requireAnyOf(NodeRequirement.labelIn('pool', 'a')).requireAnyOf(NodeRequirement.labelIn('pool', 'b'));
    const terms = podSpec(chart).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toEqual([
      { matchExpressions: [{ key: 'pool', operator: 'In', values: ['a'] }, { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
      { matchExpressions: [{ key: 'pool', operator: 'In', values: ['b'] }, { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
    ]);
  });

  test('restrictToNodes writes one matchFields term per node; excludeNodes a NotIn per node', () => {
    const { chart, daemon } = setup();
    daemon.restrictToNodes('node-a', 'node-b').excludeNodes('node-c');
    const terms = podSpec(chart).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toEqual([
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }, { key: 'metadata.name', operator: 'NotIn', values: ['node-c'] }] },
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-b'] }, { key: 'metadata.name', operator: 'NotIn', values: ['node-c'] }] },
    ]);
  });

  test('preferred affinity with a weight', () => {
    const { chart, daemon } = setup();
    daemon.preferNodeAffinity(1, NodeRequirement.labelIn('instance-type', 't2.large'));
    expect(podSpec(chart).affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
      { weight: 1, preference: { matchExpressions: [{ key: 'instance-type', operator: 'In', values: ['t2.large'] }] } },
    ]);
    expect(podSpec(chart).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
  });

  test('linuxOnly and excludeVirtualNodes', () => {
    const { chart, daemon } = setup();
    daemon.linuxOnly().excludeVirtualNodes();
    expect(podSpec(chart).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toEqual([
      { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
      { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
      { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
    ]);
  });

  const terms = 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]';
  test.each([
    [NodeRequirement.labelIn('a'), `${terms}.matchExpressions[0].values: must be specified when \`operator\` is 'In' or 'NotIn'`],
    [NodeRequirement.of('a', NodeSelectorOperator.EXISTS, ['x']), `${terms}.matchExpressions[0].values: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`],
    [NodeRequirement.of('a', NodeSelectorOperator.GT, ['1', '2']), `${terms}.matchExpressions[0].values: must be specified single value when \`operator\` is 'Lt' or 'Gt'`],
    [NodeRequirement.of('a', NodeSelectorOperator.LT, ['x']), `${terms}.matchExpressions[0].values: "x" is not an integer`],
    [NodeRequirement.of('a', 'Near' as NodeSelectorOperator, ['x']), `${terms}.matchExpressions[0].operator: "Near": not a valid selector operator`],
    [NodeRequirement.of('metadata.name', NodeSelectorOperator.IN, ['a', 'b'], true), `${terms}.matchFields[0].values: must be only one value when \`operator\` is 'In' or 'NotIn' for node field selector`],
    [NodeRequirement.of('metadata.labels', NodeSelectorOperator.IN, ['a'], true), `${terms}.matchFields[0].key: "metadata.labels": not a valid field selector key`],
    [NodeRequirement.labelIn('bad key!', 'x'), `${terms}.matchExpressions[0].key: "bad key!": name part must consist`],
  ])('rejects a bad requirement %#', (requirement, expected) => {
    const { app, daemon } = setup();
    daemon.requireNodeAffinity(requirement);
    expect(synthErrors(app)).toContain('[test/agent] ' + expected);
  });

  test.each([0, 101, 2.5])('rejects preferred weight %p', (weight) => {
    const { app, daemon } = setup();
    daemon.preferNodeAffinity(weight, NodeRequirement.labelExists('x'));
    expect(synthErrors(app)).toContain(
      `[test/agent] spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: ${weight} must be in the range 1-100. Fix: pass a weight from 1 to 100`);
  });

  test('rejects invalid nodeSelector keys and values', () => {
    const { app, daemon } = setup();
    daemon.selectNodesWithLabel('-bad', 'ok').selectNodesWithLabel('ok', 'x'.repeat(64));
    const msg = synthErrors(app);
    expect(msg).toContain('spec.template.spec.nodeSelector: key "-bad": name part must consist');
    expect(msg).toContain(`spec.template.spec.nodeSelector: value "${'x'.repeat(64)}" of "ok": must be no more than 63 bytes`);
  });

  test('rejects invalid pod template labels', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const daemon = new NodeDaemon(chart, 'agent', { podMetadata: { labels: { 'app/x/y': 'v' } } });
    daemon.addContainer({ image: 'a:1' });
    expect(synthErrors(app)).toContain('[test/agent] spec.template.metadata.labels: key "app/x/y": a qualified name must consist');
  });
});

describe('selector', () => {
  test('rejects a selector that does not match the template labels', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const daemon = new NodeDaemon(chart, 'agent', { select: false });
    daemon.addContainer({ image: 'a:1' });
    daemon.select(plus.LabelSelector.of({ labels: { app: 'agent' } }));
    expect(synthErrors(app)).toContain("[test/agent] spec.template.metadata.labels: `selector` does not match template `labels`: the selector requires app=agent. Fix: add the label with `podMetadata.addLabel('app', 'agent')`");
  });

  test('rejects an empty selector', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const daemon = new NodeDaemon(chart, 'agent', { select: false });
    daemon.addContainer({ image: 'a:1' });
    expect(synthErrors(app)).toContain('[test/agent] spec.selector: empty selector is invalid for daemonset');
  });

  test('accepts a selector the template labels satisfy', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const daemon = new NodeDaemon(chart, 'agent', { select: false, podMetadata: { labels: { app: 'agent' } } });
    daemon.addContainer({ image: 'a:1' });
    daemon.select(plus.LabelSelector.of({ labels: { app: 'agent' } }));
    expect(synthErrors(app)).toBe('');
  });
});

describe('priority', () => {
  test('built-in classes and references by name', () => {
    const { chart, daemon } = setup({ priorityClass: PriorityClass.SYSTEM_CLUSTER_CRITICAL });
    expect(podSpec(chart).priorityClassName).toBe('system-cluster-critical');
    daemon.usePriorityClass(PriorityClass.SYSTEM_NODE_CRITICAL);
    expect(podSpec(chart).priorityClassName).toBe('system-node-critical');
    daemon.usePriorityClass(PriorityClass.fromName('team-agents'));
    expect(podSpec(chart).priorityClassName).toBe('team-agents');
  });

  test('a PriorityClass construct can be used directly', () => {
    const { chart, daemon } = setup();
    const pc = new PriorityClass(chart, 'pc', { name: 'high-priority', value: 100000 });
    daemon.usePriorityClass(pc);
    expect(podSpec(chart).priorityClassName).toBe('high-priority');
  });

  test('rejects a class name that is not a DNS subdomain', () => {
    const { app, daemon } = setup();
    daemon.usePriorityClass(PriorityClass.fromName('High_Priority'));
    expect(synthErrors(app)).toContain('[test/agent] spec.template.spec.priorityClassName: "High_Priority": a lowercase RFC 1123 subdomain');
  });
});

describe('host access', () => {
  test('host network sets ClusterFirstWithHostNet', () => {
    const { chart, daemon } = setup();
    daemon.useHostNetwork();
    const spec = podSpec(chart);
    expect(spec.hostNetwork).toBe(true);
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(daemon.hostNetwork).toBe(true);
  });

  test('host network from props also sets ClusterFirstWithHostNet', () => {
    const { chart } = setup({ hostNetwork: true });
    expect(podSpec(chart).dnsPolicy).toBe('ClusterFirstWithHostNet');
  });

  test('a DNS policy chosen by the user is kept with host network', () => {
    const { chart } = setup({ hostNetwork: true, dns: { policy: plus.DnsPolicy.DEFAULT } });
    expect(podSpec(chart).dnsPolicy).toBe('Default');
  });

  test('host PID and IPC, from props and helpers', () => {
    const { chart, daemon } = setup({ hostPid: true });
    expect(podSpec(chart).hostPID).toBe(true);
    expect(podSpec(chart).hostIPC).toBeUndefined();
    daemon.useHostIpc();
    expect(podSpec(chart).hostIPC).toBe(true);
  });

  test('host port defaults to the container port', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const daemon = new NodeDaemon(chart, 'agent');
    const c = daemon.addContainer({ image: 'a:1' });
    daemon.addHostPort(c, 9100, { name: 'metrics' }).addHostPort(c, 53, { hostPort: 5353, protocol: plus.Protocol.UDP });
    expect(podSpec(chart).containers[0].ports).toEqual([
      { containerPort: 9100, hostPort: 9100, name: 'metrics' },
      { containerPort: 53, hostPort: 5353, protocol: 'UDP' },
    ]);
  });

  test('a port already declared with portNumber gets the host port instead of a duplicate', () => {
    const { chart, daemon, container } = setup(); // portNumber: 8080
    daemon.addHostPort(container, 8080, { name: 'http' });
    expect(podSpec(chart).containers[0].ports).toEqual([{ containerPort: 8080, hostPort: 8080, name: 'http' }]);
  });

  test('a second, different host port for the same container port is refused', () => {
    const { daemon, container } = setup();
    daemon.addHostPort(container, 8080);
    expect(() => daemon.addHostPort(container, 8080, { hostPort: 18080 })).toThrow(
      'test/agent: container "main" port 8080/TCP already has host port 8080; it cannot also use host port 18080. Fix: declare the port once.');
  });

  test('host port with maxSurge > 0 fails synth', () => {
    const { app, daemon, container } = setup();
    daemon.addHostPort(container, 9100)
      .useRollingUpdate({ maxUnavailable: IntOrPercent.fromNumber(0), maxSurge: IntOrPercent.fromNumber(1) });
    expect(synthErrors(app)).toContain('[test/agent] spec.updateStrategy.rollingUpdate.maxSurge: is 1 but container port(s) main:9100 use a host port');
  });

  test('host port different from the container port with host network fails synth', () => {
    const { app, daemon, container } = setup();
    daemon.useHostNetwork().addHostPort(container, 9100, { hostPort: 19100 });
    expect(synthErrors(app)).toContain('[test/agent] spec.template.spec.containers[0].ports: hostPort 19100 must match `containerPort` 9100 when `hostNetwork` is true');
  });

  test('host path mounts are read-only by default, with type and propagation', () => {
    const { chart, daemon, container } = setup();
    daemon
      .mountHostPath(container, '/', '/host/root', { propagation: plus.MountPropagation.HOST_TO_CONTAINER })
      .mountHostPath(container, '/var/lib/agent', '/state', { readOnly: false, type: plus.HostPathVolumeType.DIRECTORY_OR_CREATE, volumeName: 'state' });
    const spec = podSpec(chart);
    expect(spec.volumes).toEqual([
      { name: 'host-root', hostPath: { path: '/', type: '' } },
      { name: 'state', hostPath: { path: '/var/lib/agent', type: 'DirectoryOrCreate' } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'host-root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
      { name: 'state', mountPath: '/state', readOnly: false },
    ]);
  });

  test('the same host path in two containers shares one volume', () => {
    const { chart, daemon, container } = setup();
    const sidecar = daemon.addContainer({ name: 'sidecar', image: 'a:1' });
    daemon.mountHostPath(container, '/var/log', '/var/log').mountHostPath(sidecar, '/var/log', '/logs');
    const spec = podSpec(chart);
    expect(spec.volumes).toEqual([{ name: 'host-var-log', hostPath: { path: '/var/log', type: '' } }]);
    expect(spec.containers[1].volumeMounts[0]).toEqual({ name: 'host-var-log', mountPath: '/logs', readOnly: true });
  });
});

describe('seccomp', () => {
  test('pod and container profiles', () => {
    const { chart, daemon } = setup({ seccompProfile: SeccompProfile.localhost('profiles/agent.json') });
    daemon.useContainerSeccompProfile('main', SeccompProfile.unconfined());
    const spec = podSpec(chart);
    expect(spec.securityContext.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/agent.json' });
    expect(spec.containers[0].securityContext.seccompProfile).toEqual({ type: 'Unconfined' });
    expect(spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });
});

describe('other fields', () => {
  test('minReadySeconds and revisionHistoryLimit must not be negative', () => {
    const { app } = setup({ minReadySeconds: -1, revisionHistoryLimit: -2 });
    const msg = synthErrors(app);
    expect(msg).toContain('[test/agent] spec.minReadySeconds: -1 must be greater than or equal to 0');
    expect(msg).toContain('[test/agent] spec.revisionHistoryLimit: -2 must be a whole number greater than or equal to 0');
  });

  test('a valid daemon synthesizes without errors', () => {
    const { app } = setup();
    expect(synthErrors(app)).toBe('');
  });
});
