import { Duration, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NodeDaemon } from '../node-daemon';
import { NodeAgentProps } from './common';
import { AgentDefaults, nameIf, applyPlacement, baseDaemonProps, companionName, hardenedContext, labelResource, resolveIdentity } from './internal';
import { MetricsEndpoint } from './metrics';

/**
 * A cAdvisor metric group (a value of `--disable_metrics`).
 */
export enum CadvisorMetric {
  /** Advanced TCP stats (expensive). */
  ADVTCP = 'advtcp',
  /** Application metrics. */
  APP = 'app',
  /** CPU usage. */
  CPU = 'cpu',
  /** CPU load (needs netlink). */
  CPU_LOAD = 'cpuLoad',
  /** CPU topology per container (large). */
  CPU_TOPOLOGY = 'cpu_topology',
  /** cpuset. */
  CPUSET = 'cpuset',
  /** Filesystem usage (runs `du`-like scans). */
  DISK = 'disk',
  /** Block I/O. */
  DISK_IO = 'diskIO',
  /** Hugetlb usage. */
  HUGETLB = 'hugetlb',
  /** Memory usage. */
  MEMORY = 'memory',
  /** Memory per NUMA node (large). */
  MEMORY_NUMA = 'memory_numa',
  /** Network usage. */
  NETWORK = 'network',
  /** OOM events (needs /dev/kmsg). */
  OOM_EVENT = 'oom_event',
  /** CPU usage per core (series x cores). */
  PERCPU = 'percpu',
  /** Perf events. */
  PERF_EVENT = 'perf_event',
  /** Process and thread counts (reads every /proc entry). */
  PROCESS = 'process',
  /** Pressure stall information. */
  PRESSURE = 'pressure',
  /** Referenced memory (walks page tables: very expensive). */
  REFERENCED_MEMORY = 'referenced_memory',
  /** Resource control (resctrl). */
  RESCTRL = 'resctrl',
  /** Scheduler stats. */
  SCHED = 'sched',
  /** TCP connection states (reads /proc/net per container). */
  TCP = 'tcp',
  /** UDP connection states. */
  UDP = 'udp',
}

/**
 * Properties of `CadvisorDaemon`.
 */
export interface CadvisorDaemonProps extends NodeAgentProps {
  /**
   * The port cAdvisor serves on (pod network; no host port).
   *
   * @default 8080
   */
  readonly port?: number;

  /**
   * How often container stats are collected. cAdvisor's own default (1s) is the top cause of
   * its CPU usage.
   *
   * @default Duration.seconds(10)
   */
  readonly housekeepingInterval?: Duration;

  /**
   * The longest interval dynamic housekeeping may back off to for idle containers.
   *
   * @default Duration.seconds(15)
   */
  readonly maxHousekeepingInterval?: Duration;

  /**
   * Metric groups not collected. The default drops the expensive and high-cardinality groups
   * (per-CPU, per-NUMA, topology, referenced memory, process, TCP/UDP, sched, perf, resctrl,
   * hugetlb, cpuset, advtcp) and keeps CPU, memory, network, disk, disk I/O and OOM events.
   *
   * @default [ADVTCP, CPU_TOPOLOGY, CPUSET, HUGETLB, MEMORY_NUMA, PERCPU, PERF_EVENT, PROCESS, REFERENCED_MEMORY, RESCTRL, SCHED, TCP, UDP]
   */
  readonly disabledMetrics?: CadvisorMetric[];

  /**
   * Store every container label as a metric label (cardinality explosion on busy nodes).
   *
   * @default false
   */
  readonly storeContainerLabels?: boolean;

  /**
   * Container labels kept as metric labels when `storeContainerLabels` is false.
   *
   * @default ['io.kubernetes.container.name', 'io.kubernetes.pod.name', 'io.kubernetes.pod.namespace']
   */
  readonly allowedContainerLabels?: string[];

  /**
   * Detect OOM kills from the kernel log: mounts `/dev/kmsg` and runs the container
   * privileged. The device cgroup of an unprivileged container denies opening `/dev/kmsg` even
   * when it is mounted, and no capability lifts that, so this is off by default: OOM kills are
   * still visible as container restarts (`kube_pod_container_status_last_terminated_reason`).
   *
   * @default false
   */
  readonly detectOomEvents?: boolean;

  /**
   * The Docker data root, mounted read-only for Docker nodes (harmless where absent).
   *
   * @default '/var/lib/docker'
   */
  readonly dockerRootDir?: string;

  /**
   * Extra cAdvisor arguments.
   *
   * @default - none
   */
  readonly extraArgs?: string[];
}

const DEFAULTS: AgentDefaults = {
  name: 'cadvisor',
  component: 'metrics',
  partOf: 'monitoring',
  image: 'ghcr.io/google/cadvisor',
  version: 'v0.60.6',
};

/** A Duration as a Go duration string (`10s`, `1500ms`). */
function goDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

const DEFAULT_DISABLED: CadvisorMetric[] = [
  CadvisorMetric.ADVTCP, CadvisorMetric.CPU_TOPOLOGY, CadvisorMetric.CPUSET, CadvisorMetric.HUGETLB,
  CadvisorMetric.MEMORY_NUMA, CadvisorMetric.PERCPU, CadvisorMetric.PERF_EVENT, CadvisorMetric.PROCESS,
  CadvisorMetric.REFERENCED_MEMORY, CadvisorMetric.RESCTRL, CadvisorMetric.SCHED, CadvisorMetric.TCP, CadvisorMetric.UDP,
];

/**
 * cAdvisor on every Linux node, tuned for sane CPU and memory: 10s housekeeping, the expensive
 * metric groups disabled, container labels reduced to an allow-list. Reads containerd and
 * Docker through their sockets under `/var/run` and the host filesystem through read-only
 * mounts; runs as root with every capability dropped and no service-account token.
 *
 * @example
 * new CadvisorDaemon(chart, 'cadvisor', { serviceMonitor: {}, networkPolicy: {} });
 */
export class CadvisorDaemon extends NodeDaemon {
  private static check(path: string, props: CadvisorDaemonProps): void {
    const fail = (prop: string, problem: string, fix: string): never => {
      throw new Error(`${path}: ${prop}: ${problem}. Fix: ${fix}.`);
    };
    const port = props.port ?? 8080;
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail('port', `${port} is not a port`, 'use a whole number from 1 to 65535');
    const hk = (props.housekeepingInterval ?? Duration.seconds(10)).toMilliseconds() / 1000;
    const maxHk = (props.maxHousekeepingInterval ?? Duration.seconds(15)).toMilliseconds() / 1000;
    if (hk < 1) fail('housekeepingInterval', `${hk}s is below one second, which makes cAdvisor burn CPU`, 'use 10s or more');
    if (maxHk < hk) fail('maxHousekeepingInterval', `${maxHk}s is shorter than housekeepingInterval ${hk}s`, 'use a maximum at least as long as the interval');
    for (const l of props.allowedContainerLabels ?? []) {
      if (!l || /[\s,]/.test(l)) fail('allowedContainerLabels', `"${l}" is not a label key`, 'use keys without spaces or commas');
    }
    if (props.storeContainerLabels && props.allowedContainerLabels) {
      fail('allowedContainerLabels', 'an allow-list has no effect when storeContainerLabels is true', 'drop one of the two');
    }
    const root = props.dockerRootDir ?? '/var/lib/docker';
    if (!root.startsWith('/') || root === '/' || /\s/.test(root)) fail('dockerRootDir', `"${root}" is not an absolute directory below /`, 'use e.g. "/var/lib/docker"');
  }

  /** The cAdvisor container. */
  public readonly container: plus.Container;

  /** The ServiceAccount of the pods (no token mounted). */
  public readonly serviceAccountResource: plus.ServiceAccount;

  /** The Service, ServiceMonitor and NetworkPolicy. */
  public readonly metrics: MetricsEndpoint;

  /** The port metrics are served on. */
  public readonly port: number;

  constructor(scope: Construct, id: string, props: CadvisorDaemonProps = {}) {
    const identity = resolveIdentity(scope, id, props, DEFAULTS);
    CadvisorDaemon.check(`${scope.node.path}/${id}`, props);
    super(scope, id, baseDaemonProps(props, identity, {
      automountServiceAccountToken: false,
      securityContext: { user: 0, group: 0, ensureNonRoot: false },
    }));
    this.port = props.port ?? 8080;
    applyPlacement(this, props, identity);

    this.serviceAccountResource = new plus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { ...nameIf(companionName(identity)), namespace: identity.namespace },
      automountToken: false,
    });
    labelResource(this.serviceAccountResource, identity.labels);
    (this as { serviceAccount?: plus.IServiceAccount }).serviceAccount = this.serviceAccountResource;

    const housekeeping = props.housekeepingInterval ?? Duration.seconds(10);
    const maxHousekeeping = props.maxHousekeepingInterval ?? Duration.seconds(15);
    const disabled = props.disabledMetrics ?? DEFAULT_DISABLED;
    const dockerRoot = props.dockerRootDir ?? '/var/lib/docker';
    const oom = props.detectOomEvents ?? false;
    const args = [
      `--port=${this.port}`,
      `--housekeeping_interval=${goDuration(housekeeping)}`,
      `--max_housekeeping_interval=${goDuration(maxHousekeeping)}`,
      '--allow_dynamic_housekeeping=true',
      ...(disabled.length > 0 ? [`--disable_metrics=${[...new Set(disabled)].join(',')}`] : []),
      `--store_container_labels=${props.storeContainerLabels ?? false}`,
      ...((props.storeContainerLabels ?? false) ? [] : [`--whitelisted_container_labels=${(props.allowedContainerLabels ?? [
        'io.kubernetes.container.name', 'io.kubernetes.pod.name', 'io.kubernetes.pod.namespace',
      ]).join(',')}`]),
      '--containerd=/var/run/containerd/containerd.sock',
      '--docker=unix:///var/run/docker.sock',
      `--docker_root=${dockerRoot}`,
      '--event_storage_event_limit=default=0',
      '--event_storage_age_limit=default=0',
      ...(props.extraArgs ?? []),
    ];

    const probe = { port: this.port, timeoutSeconds: Duration.seconds(5) };
    this.container = this.addContainer({
      name: 'cadvisor',
      image: identity.imageRef,
      imagePullPolicy: props.imagePullPolicy ?? plus.ImagePullPolicy.IF_NOT_PRESENT,
      args,
      ports: [{ number: this.port, name: 'metrics' }],
      resources: props.resources ?? {
        cpu: { request: plus.Cpu.millis(150), limit: plus.Cpu.millis(800) },
        memory: { request: Size.mebibytes(200), limit: Size.mebibytes(1024) },
      },
      securityContext: hardenedContext({ user: 0, group: 0, privileged: oom }),
      liveness: plus.Probe.fromHttpGet('/healthz', { ...probe, periodSeconds: Duration.seconds(20), failureThreshold: 6, initialDelaySeconds: Duration.seconds(15) }),
      readiness: plus.Probe.fromHttpGet('/healthz', { ...probe, periodSeconds: Duration.seconds(5), failureThreshold: 2 }),
    });
    this.mountHostPath(this.container, '/', '/rootfs', { volumeName: 'rootfs' });
    this.mountHostPath(this.container, '/var/run', '/var/run');
    this.mountHostPath(this.container, '/sys', '/sys');
    this.mountHostPath(this.container, dockerRoot, dockerRoot, { volumeName: 'docker' });
    this.mountHostPath(this.container, '/dev/disk', '/dev/disk');
    if (oom) {
      this.mountHostPath(this.container, '/dev/kmsg', '/dev/kmsg', { type: plus.HostPathVolumeType.CHAR_DEVICE, volumeName: 'kmsg' });
    }

    this.metrics = new MetricsEndpoint(this, 'Metrics', {
      name: companionName(identity),
      namespace: identity.namespace,
      labels: identity.labels,
      selectorLabels: identity.selectorLabels,
      port: this.port,
      portName: 'metrics',
      service: props.metricsService ?? true,
      serviceMonitor: props.serviceMonitor,
      networkPolicy: props.networkPolicy,
      serviceAnnotations: props.serviceAnnotations,
      podMonitor: props.podMonitor,
    });
  }

}
