import { Chart, ChartProps } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { resources } from './common';
import { IntOrPercent, NodeDaemon } from 'cdk8s-node-daemons';

/** redis on every node, control-plane nodes included (seed 002). */
export class RedisChart extends Chart {
  public readonly daemon: NodeDaemon;
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.daemon = new NodeDaemon(this, 'redis-ds', {
      metadata: { name: 'redis-ds' },
      podMetadata: { labels: { name: 'redis-ds' } },
      securityContext: { ensureNonRoot: true, user: 999, group: 1000, fsGroup: 1000 },
    });
    const redis = this.daemon.addContainer({
      name: 'redis',
      image: 'redis:5-alpine',
      portNumber: 6379,
      resources: resources(100, 128, 500, 256),
      securityContext: { user: 999, group: 1000 },
      liveness: plus.Probe.fromTcpSocket({ port: 6379 }),
      readiness: plus.Probe.fromCommand(['redis-cli', 'ping']),
    });
    redis.mount('/data', plus.Volume.fromEmptyDir(this, 'data', 'data'));
    this.daemon.tolerateControlPlane();
  }
}

/** nginx only on nodes labelled `ssd=true` (seed 003). */
export class NginxFastStorageChart extends Chart {
  public readonly daemon: NodeDaemon;
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.daemon = new NodeDaemon(this, 'nginx-fast-storage', {
      metadata: { name: 'nginx-fast-storage', labels: { app: 'nginx', ssd: 'true' } },
      podMetadata: { labels: { app: 'nginx', ssd: 'true' } },
    });
    const nginx = this.daemon.addContainer({
      name: 'nginx',
      // The unprivileged build listens on 8080 and runs as uid 101, so the pod needs no root.
      image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
      portNumber: 8080,
      resources: resources(50, 64, 200, 128),
      securityContext: { user: 101, group: 101 },
      liveness: plus.Probe.fromHttpGet('/', { port: 8080 }),
      readiness: plus.Probe.fromHttpGet('/', { port: 8080 }),
    });
    nginx.mount('/tmp', plus.Volume.fromEmptyDir(this, 'tmp', 'tmp'));
    this.daemon.selectNodesWithLabel('ssd', 'true');
  }
}

/**
 * An HDFS NameNode only on the `host=high-cpu` nodes, updated only when a pod is deleted by hand
 * (seed 004: a NameNode restart is an operator decision).
 */
export class HdfsNameNodeChart extends Chart {
  public readonly daemon: NodeDaemon;
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.daemon = new NodeDaemon(this, 'hdfs-namenode', {
      metadata: { name: 'hdfs-namenode' },
      podMetadata: { labels: { 'k8s-app': 'hdfs-namenode' } },
      select: false,
      updateStrategy: undefined,
      securityContext: { ensureNonRoot: true, user: 1000, group: 1000, fsGroup: 1000 },
    });
    this.daemon.select(plus.LabelSelector.of({ labels: { 'k8s-app': 'hdfs-namenode' } }));
    const namenode = this.daemon.addContainer({
      name: 'namenode',
      image: 'apache/hadoop:3.4.1',
      args: ['hdfs', 'namenode'],
      portNumber: 9870,
      resources: resources(1000, 2048, 2000, 4096),
      securityContext: { user: 1000, group: 1000 },
      liveness: plus.Probe.fromTcpSocket({ port: 8020 }),
      readiness: plus.Probe.fromHttpGet('/', { port: 9870 }),
    });
    namenode.mount('/tmp', plus.Volume.fromEmptyDir(this, 'tmp', 'tmp'));
    this.daemon
      .selectNodesWithLabel('host', 'high-cpu')
      .useOnDeleteUpdate();
  }
}

/**
 * A rolling update paced by `minReadySeconds` and `maxUnavailable` (seed 003): one node at a time,
 * each new pod ready for 30 s before the next node is touched.
 */
export class PacedRolloutChart extends Chart {
  public readonly daemon: NodeDaemon;
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.daemon = new NodeDaemon(this, 'my-daemon-set', {
      metadata: { name: 'my-daemon-set' },
      minReadySeconds: 30,
      revisionHistoryLimit: 5,
    });
    this.daemon.addContainer({
      name: 'agent',
      image: 'registry.k8s.io/e2e-test-images/agnhost:2.52',
      args: ['netexec', '--http-port=8080'],
      portNumber: 8080,
      resources: resources(10, 16, 50, 32),
      securityContext: { user: 65534, group: 65534 },
      liveness: plus.Probe.fromHttpGet('/healthz', { port: 8080 }),
      readiness: plus.Probe.fromHttpGet('/healthz', { port: 8080 }),
    });
    this.daemon.useRollingUpdate({ maxUnavailable: IntOrPercent.fromNumber(1) });
  }
}
