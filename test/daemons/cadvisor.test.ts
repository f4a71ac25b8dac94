import { Duration, Testing } from 'cdk8s';
import { container, mount, newChart, one, podSpec, synth, volumeFor } from './helpers';
import { CadvisorDaemon, CadvisorMetric } from '../../src';

describe('CadvisorDaemon', () => {
  test('snapshot with zero props', () => {
    const chart = newChart();
    new CadvisorDaemon(chart, 'cadvisor');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('image, port 8080, /healthz probes, no token, root with no capabilities', () => {
    const chart = newChart();
    new CadvisorDaemon(chart, 'c');
    const m = synth(chart);
    const pod = podSpec(m);
    const c = container(m, 'cadvisor');
    expect(c.image).toBe('ghcr.io/google/cadvisor:v0.60.6');
    expect(c.ports).toEqual([{ containerPort: 8080, name: 'metrics' }]);
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork).toBe(false);
    expect(c.securityContext).toMatchObject({ privileged: false, runAsUser: 0, capabilities: { drop: ['ALL'] } });
    expect(c.securityContext.capabilities.add).toBeUndefined();
    expect(one(m, 'Service').spec.ports[0]).toMatchObject({ port: 8080, targetPort: 'metrics' });
  });

  test('read-only host mounts; no /dev/kmsg unless OOM detection is enabled', () => {
    const chart = newChart();
    new CadvisorDaemon(chart, 'c');
    const m = synth(chart);
    const c = container(m, 'cadvisor');
    const expected: Array<[string, string]> = [['/rootfs', '/'], ['/var/run', '/var/run'], ['/sys', '/sys'], ['/var/lib/docker', '/var/lib/docker'], ['/dev/disk', '/dev/disk']];
    for (const [path, host] of expected) {
      expect(volumeFor(m, c, path).hostPath.path).toBe(host);
      expect(mount(c, path).readOnly).toBe(true);
    }
    expect(mount(c, '/dev/kmsg')).toBeUndefined();
  });

  test('detectOomEvents mounts /dev/kmsg read-only and runs privileged (documented trade-off)', () => {
    const chart = newChart();
    new CadvisorDaemon(chart, 'c', { detectOomEvents: true });
    const m = synth(chart);
    const c = container(m, 'cadvisor');
    expect(volumeFor(m, c, '/dev/kmsg').hostPath).toEqual({ path: '/dev/kmsg', type: 'CharDevice' });
    expect(mount(c, '/dev/kmsg').readOnly).toBe(true);
    expect(c.securityContext.privileged).toBe(true);
  });

  test('CPU/memory-sane args by default', () => {
    const chart = newChart();
    new CadvisorDaemon(chart, 'c');
    const args: string[] = container(synth(chart), 'cadvisor').args;
    expect(args).toEqual(expect.arrayContaining([
      '--housekeeping_interval=10s',
      '--max_housekeeping_interval=15s',
      '--store_container_labels=false',
      '--whitelisted_container_labels=io.kubernetes.container.name,io.kubernetes.pod.name,io.kubernetes.pod.namespace',
      '--containerd=/var/run/containerd/containerd.sock',
      '--docker=unix:///var/run/docker.sock',
    ]));
    const disabled = args.find((a) => a.startsWith('--disable_metrics='))!.split('=')[1].split(',');
    expect(disabled).toEqual(expect.arrayContaining(['percpu', 'referenced_memory', 'process', 'tcp', 'udp', 'sched']));
    expect(disabled).not.toContain('cpu');
    expect(disabled).not.toContain('memory');
  });

  test('args are props', () => {
    const chart = newChart();
    new CadvisorDaemon(chart, 'c', {
      port: 9080,
      housekeepingInterval: Duration.seconds(30),
      maxHousekeepingInterval: Duration.minutes(1),
      disabledMetrics: [CadvisorMetric.PERCPU],
      allowedContainerLabels: ['io.kubernetes.pod.uid'],
      dockerRootDir: '/data/docker',
      extraArgs: ['--v=2'],
    });
    const m = synth(chart);
    const c = container(m, 'cadvisor');
    expect(c.args).toEqual(expect.arrayContaining([
      '--port=9080', '--housekeeping_interval=30s', '--max_housekeeping_interval=60s', '--disable_metrics=percpu',
      '--whitelisted_container_labels=io.kubernetes.pod.uid', '--docker_root=/data/docker', '--v=2',
    ]));
    expect(volumeFor(m, c, '/data/docker').hostPath.path).toBe('/data/docker');
    const chart2 = newChart();
    new CadvisorDaemon(chart2, 'c', { storeContainerLabels: true, disabledMetrics: [] });
    const args2: string[] = container(synth(chart2), 'cadvisor').args;
    expect(args2).toContain('--store_container_labels=true');
    expect(args2.some((a) => a.startsWith('--whitelisted_container_labels'))).toBe(false);
    expect(args2.some((a) => a.startsWith('--disable_metrics'))).toBe(false);
  });

  test.each([
    [{ port: 70000 }, /port: 70000 is not a port/],
    [{ housekeepingInterval: Duration.millis(100) }, /housekeepingInterval: 0.1s is below one second/],
    [{ housekeepingInterval: Duration.seconds(30), maxHousekeepingInterval: Duration.seconds(10) }, /maxHousekeepingInterval: 10s is shorter/],
    [{ allowedContainerLabels: ['a,b'] }, /allowedContainerLabels: "a,b" is not a label key/],
    [{ storeContainerLabels: true, allowedContainerLabels: ['a'] }, /an allow-list has no effect/],
    [{ dockerRootDir: 'docker' }, /dockerRootDir: "docker" is not an absolute directory/],
  ])('rejects %p', (props, message) => {
    expect(() => new CadvisorDaemon(newChart(), 'c', props)).toThrow(message);
  });
});
