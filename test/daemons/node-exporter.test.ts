import { Testing } from 'cdk8s';
import { container, mount, newChart, one, ofKind, podSpec, synth, volumeFor } from './helpers';
import { DaemonUpdateStrategy, IntOrPercent, NodeExporterDaemon } from '../../src';

describe('NodeExporterDaemon', () => {
  test('snapshot with zero props', () => {
    const chart = newChart();
    new NodeExporterDaemon(chart, 'node-exporter');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('snapshot with kube-rbac-proxy, ServiceMonitor and NetworkPolicy', () => {
    const chart = newChart();
    new NodeExporterDaemon(chart, 'node-exporter', { kubeRbacProxy: true, serviceMonitor: {}, networkPolicy: {} });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('host network, host PID, ClusterFirstWithHostNet, host port 9100, non-root 65534', () => {
    const chart = newChart();
    new NodeExporterDaemon(chart, 'ne');
    const m = synth(chart);
    const pod = podSpec(m);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.hostPID).toBe(true);
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true });
    const c = container(m, 'node-exporter');
    expect(c.image).toBe('quay.io/prometheus/node-exporter:v1.12.1');
    expect(c.ports).toEqual([{ containerPort: 9100, hostPort: 9100, name: 'metrics' }]);
    expect(c.securityContext).toMatchObject({ runAsUser: 65534, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(c.args).toContain('--web.listen-address=[$(HOST_IP)]:9100');
    expect(c.env).toEqual([{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]);
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/', port: 9100 });
  });

  test('mounts /proc, /sys and / read-only, the root with HostToContainer', () => {
    const chart = newChart();
    new NodeExporterDaemon(chart, 'ne');
    const m = synth(chart);
    const c = container(m, 'node-exporter');
    expect(volumeFor(m, c, '/host/proc').hostPath.path).toBe('/proc');
    expect(volumeFor(m, c, '/host/sys').hostPath.path).toBe('/sys');
    expect(volumeFor(m, c, '/host/root').hostPath.path).toBe('/');
    expect(mount(c, '/host/root')).toMatchObject({ readOnly: true, mountPropagation: 'HostToContainer' });
    for (const p of ['/host/proc', '/host/sys']) expect(mount(c, p).readOnly).toBe(true);
    expect(c.args).toEqual(expect.arrayContaining([
      '--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root',
    ]));
  });

  test('excludes container filesystems and veth devices by default, overridable', () => {
    const chart = newChart();
    new NodeExporterDaemon(chart, 'ne');
    const args: string[] = container(synth(chart), 'node-exporter').args;
    const arg = (flag: string) => args.find((a) => a.startsWith(`${flag}=`))!.slice(flag.length + 1);
    expect(new RegExp(arg('--collector.filesystem.mount-points-exclude')).test('/var/lib/kubelet/pods/x/volumes')).toBe(true);
    expect(new RegExp(arg('--collector.filesystem.mount-points-exclude')).test('/run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs')).toBe(true);
    expect(new RegExp(arg('--collector.filesystem.mount-points-exclude')).test('/data')).toBe(false);
    expect(new RegExp(arg('--collector.filesystem.fs-types-exclude')).test('overlay')).toBe(true);
    expect(new RegExp(arg('--collector.netdev.device-exclude')).test('veth12ab')).toBe(true);
    expect(new RegExp(arg('--collector.netdev.device-exclude')).test('eth0')).toBe(false);
    expect(new RegExp(arg('--collector.netclass.ignored-devices')).test('cali123')).toBe(true);

    const chart2 = newChart();
    new NodeExporterDaemon(chart2, 'ne', { mountPointsExclude: '^/x$', fsTypesExclude: '^y$', networkDevicesExclude: '^z$' });
    const args2: string[] = container(synth(chart2), 'node-exporter').args;
    expect(args2).toEqual(expect.arrayContaining([
      '--collector.filesystem.mount-points-exclude=^/x$', '--collector.filesystem.fs-types-exclude=^y$',
      '--collector.netdev.device-exclude=^z$', '--collector.netclass.ignored-devices=^z$',
    ]));
  });

  test('collectors and textfile directory', () => {
    const chart = newChart();
    new NodeExporterDaemon(chart, 'ne', {
      enabledCollectors: ['systemd', 'processes'],
      disabledCollectors: ['wifi'],
      textfileDirectory: '/var/lib/node_exporter/textfile',
      extraArgs: ['--log.level=warn'],
    });
    const m = synth(chart);
    const c = container(m, 'node-exporter');
    expect(c.args).toEqual(expect.arrayContaining([
      '--collector.systemd', '--collector.processes', '--no-collector.wifi',
      '--collector.textfile.directory=/host/textfile', '--log.level=warn',
    ]));
    expect(volumeFor(m, c, '/host/textfile').hostPath).toEqual({ path: '/var/lib/node_exporter/textfile', type: 'DirectoryOrCreate' });
    expect(mount(c, '/host/textfile').readOnly).toBe(true);
  });

  test('configurable port', () => {
    const chart = newChart();
    new NodeExporterDaemon(chart, 'ne', { port: 9200 });
    const m = synth(chart);
    const c = container(m, 'node-exporter');
    expect(c.ports).toEqual([{ containerPort: 9200, hostPort: 9200, name: 'metrics' }]);
    expect(c.args).toContain('--web.listen-address=[$(HOST_IP)]:9200');
    expect(one(m, 'Service').spec.ports[0].port).toBe(9200);
  });

  test('kube-rbac-proxy: localhost-only exporter, HTTPS proxy on the port, SA token and review RBAC', () => {
    const chart = newChart();
    const d = new NodeExporterDaemon(chart, 'ne', { kubeRbacProxy: true, serviceMonitor: {} });
    const m = synth(chart);
    const pod = podSpec(m);
    expect(pod.automountServiceAccountToken).toBe(true);
    const ne = container(m, 'node-exporter');
    expect(ne.args).toContain('--web.listen-address=127.0.0.1:9100');
    expect(ne.ports).toBeUndefined();
    // no probe host (Pod Security baseline): the probes go through the proxy, which passes `/` unauthenticated
    for (const probe of [ne.livenessProbe, ne.readinessProbe]) expect(probe.httpGet).toEqual({ path: '/', port: 9100, scheme: 'HTTPS' });
    expect(ne.livenessProbe).not.toEqual(ne.readinessProbe);
    const proxy = container(m, 'kube-rbac-proxy');
    expect(proxy.image).toBe('quay.io/brancz/kube-rbac-proxy:v0.22.1');
    expect(proxy.ports).toEqual([{ containerPort: 9100, hostPort: 9100, name: 'https' }]);
    expect(proxy.args).toEqual(expect.arrayContaining(['--secure-listen-address=[$(IP)]:9100', '--upstream=http://127.0.0.1:9100/']));
    expect(proxy.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    const role = one(m, 'ClusterRole');
    expect(role.rules).toEqual([
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ]);
    const binding = one(m, 'ClusterRoleBinding');
    expect(binding.roleRef.name).toBe(role.metadata.name);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: pod.serviceAccountName, namespace: 'monitoring' }]);
    expect(one(m, 'ServiceAccount').metadata.name).toBe(pod.serviceAccountName);
    const sm = one(m, 'ServiceMonitor');
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'https', scheme: 'https', tlsConfig: { insecureSkipVerify: true } });
    expect(d.clusterRole).toBeDefined();
  });

  test('no RBAC and no token without the proxy', () => {
    const chart = newChart();
    new NodeExporterDaemon(chart, 'ne');
    const m = synth(chart);
    expect(ofKind(m, 'ClusterRole')).toHaveLength(0);
    expect(one(m, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('rejects a surge: host port', () => {
    expect(() => new NodeExporterDaemon(newChart(), 'ne', {
      updateStrategy: DaemonUpdateStrategy.rollingUpdate({ maxUnavailable: IntOrPercent.fromNumber(0), maxSurge: IntOrPercent.fromNumber(1) }),
    })).toThrow(/test\/ne: updateStrategy: maxSurge is 1 but node-exporter binds host port 9100.*Fix: keep maxSurge 0/);
  });

  test('a surge added later with the fluent helper fails at synth', () => {
    const chart = newChart();
    new NodeExporterDaemon(chart, 'ne').useRollingUpdate({ maxUnavailable: IntOrPercent.fromNumber(0), maxSurge: IntOrPercent.fromPercent(10) });
    expect(() => Testing.synth(chart)).toThrow(/maxSurge.*host port/);
  });

  test.each([
    [{ port: 0 }, /port: 0 is not a port/],
    [{ enabledCollectors: ['--collector.systemd'] }, /enabledCollectors: "--collector.systemd" is not a collector name/],
    [{ enabledCollectors: ['systemd'], disabledCollectors: ['systemd'] }, /systemd is both enabled and disabled/],
    [{ textfileDirectory: 'textfile' }, /textfileDirectory: "textfile" is not an absolute directory/],
    [{ kubeRbacProxy: true, kubeRbacProxyVersion: 'latest' }, /kubeRbacProxyVersion: "latest" is not a pinned image tag/],
  ])('rejects %p', (props, message) => {
    expect(() => new NodeExporterDaemon(newChart(), 'ne', props)).toThrow(message);
  });
});
