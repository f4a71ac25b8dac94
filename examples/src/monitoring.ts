import { Chart, ChartProps, Duration } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { resources } from './common';
import { NodeDaemon, PriorityClass, SeccompProfile } from '../../src';

/**
 * node-exporter on every node with host network, host PID and host port 9100, a TCP liveness and
 * an HTTP readiness probe (seeds 000 and 004), built with the generic builder.
 */
export class NodeExporterSeedChart extends Chart {
  public readonly daemon: NodeDaemon;
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.daemon = new NodeDaemon(this, 'node-exporter', {
      metadata: { name: 'daemonset-node-exporter', labels: { app: 'prometheus', component: 'node-exporter' } },
      podMetadata: { labels: { app: 'prometheus', component: 'node-exporter' } },
      securityContext: { ensureNonRoot: true, user: 65534, group: 65534 },
      hostNetwork: true,
    });
    const exporter = this.daemon.addContainer({
      name: 'prometheus-node-exporter',
      image: 'quay.io/prometheus/node-exporter:v1.9.1',
      args: ['--path.procfs=/host/proc', '--path.sysfs=/host/sys'],
      resources: resources(100, 50, 200, 100),
      securityContext: { user: 65534, group: 65534 },
      liveness: plus.Probe.fromTcpSocket({ port: 9100, initialDelaySeconds: Duration.seconds(3) }),
      readiness: plus.Probe.fromHttpGet('/metrics', { port: 9100, scheme: plus.ConnectionScheme.HTTP, initialDelaySeconds: Duration.seconds(5) }),
    });
    this.daemon
      .useHostPid()
      .addHostPort(exporter, 9100, { name: 'prom-node-exp' })
      .mountHostPath(exporter, '/proc', '/host/proc', { volumeName: 'proc' })
      .mountHostPath(exporter, '/sys', '/host/sys', { volumeName: 'sys' })
      .usePriorityClass(PriorityClass.SYSTEM_NODE_CRITICAL)
      .useSeccompProfile(SeccompProfile.runtimeDefault());
  }
}

/**
 * cAdvisor in namespace `cadvisor`, tolerating the control-plane taint, with requests and limits
 * (seed 000), built with the generic builder.
 */
export class CadvisorSeedChart extends Chart {
  public readonly daemon: NodeDaemon;
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    new plus.Namespace(this, 'namespace', { metadata: { name: 'cadvisor' } });
    this.daemon = new NodeDaemon(this, 'cadvisor', {
      metadata: { name: 'cadvisor', namespace: 'cadvisor' },
      podMetadata: { labels: { name: 'cadvisor' } },
      hostNetwork: true,
      securityContext: { ensureNonRoot: false },
    });
    const cadvisor = this.daemon.addContainer({
      name: 'cadvisor',
      image: 'ghcr.io/google/cadvisor:v0.52.1',
      portNumber: 8080,
      resources: resources(400, 400, 800, 2000),
      securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: true },
      liveness: plus.Probe.fromHttpGet('/healthz', { port: 8080 }),
      readiness: plus.Probe.fromHttpGet('/healthz', { port: 8080 }),
    });
    this.daemon
      .tolerateControlPlane()
      .mountHostPath(cadvisor, '/', '/rootfs', { volumeName: 'rootfs' })
      .mountHostPath(cadvisor, '/var/run', '/var/run', { volumeName: 'var-run' })
      .mountHostPath(cadvisor, '/sys', '/sys', { volumeName: 'sys' })
      .mountHostPath(cadvisor, '/var/lib/docker', '/var/lib/docker', { volumeName: 'docker' })
      .mountHostPath(cadvisor, '/dev/disk', '/dev/disk', { volumeName: 'disk' });
  }
}
