import { ApiObject, Duration, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NodeDaemon } from '../node-daemon';
import { NodeAgentProps } from './common';
import {
  AgentDefaults, nameIf, AgentIdentity, applyPlacement, clusterRoleFor, baseDaemonProps, companionName, hardenedContext, labelResource,
  resolveIdentity, splitDigest,
} from './internal';
import { MetricsEndpoint, MetricsScheme, NetworkPolicyEgress } from './metrics';

/** The default kube-rbac-proxy tag (see docs/daemons.md for the source). */
const KUBE_RBAC_PROXY_VERSION = 'v0.22.1';

/**
 * Properties of `NodeExporterDaemon`.
 */
export interface NodeExporterDaemonProps extends NodeAgentProps {
  /**
   * The port node-exporter (or, with `kubeRbacProxy`, the proxy) serves metrics on, on the node's
   * address (host network and host port).
   *
   * @default 9100
   */
  readonly port?: number;

  /**
   * Collectors to enable on top of node-exporter's defaults (`--collector.<name>`), e.g.
   * `systemd`, `processes`, `ethtool`.
   *
   * @default - none beyond node-exporter's defaults
   */
  readonly enabledCollectors?: string[];

  /**
   * Default collectors to disable (`--no-collector.<name>`), e.g. `wifi`, `hwmon`.
   *
   * @default - none
   */
  readonly disabledCollectors?: string[];

  /**
   * A host directory of `*.prom` files for the textfile collector, mounted read-only.
   *
   * @default - no textfile directory
   */
  readonly textfileDirectory?: string;

  /**
   * Mount points the filesystem collector ignores (a regular expression). The default ignores
   * pseudo filesystems and the per-container mounts of Docker, containerd, kubelet, k3s and RKE2,
   * which would otherwise multiply the series by the number of pods.
   *
   * @default '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containerd/.+|run/containerd/.+|var/lib/kubelet/.+|run/k3s/.+|var/lib/rancher/.+)($|/)'
   */
  readonly mountPointsExclude?: string;

  /**
   * Filesystem types the filesystem collector ignores (a regular expression).
   *
   * @default '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$'
   */
  readonly fsTypesExclude?: string;

  /**
   * Network devices the netdev and netclass collectors ignore (a regular expression). The
   * default ignores the per-pod veth / Calico / Cilium interfaces.
   *
   * @default '^(veth.*|cali.*|lxc.*|[a-f0-9]{15})$'
   */
  readonly networkDevicesExclude?: string;

  /**
   * Put the metrics behind a kube-rbac-proxy sidecar: node-exporter listens on 127.0.0.1 only,
   * the proxy serves HTTPS on `port` and lets in only callers whose token is allowed `get` on
   * the `/metrics` non-resource URL. Adds a ServiceAccount token (for TokenReview /
   * SubjectAccessReview) and the ClusterRole for it.
   *
   * @default false
   */
  readonly kubeRbacProxy?: boolean;

  /**
   * The kube-rbac-proxy image repository.
   *
   * @default 'quay.io/brancz/kube-rbac-proxy'
   */
  readonly kubeRbacProxyImage?: string;

  /**
   * The kube-rbac-proxy image tag.
   *
   * @default 'v0.22.1'
   */
  readonly kubeRbacProxyVersion?: string;

  /**
   * Extra node-exporter arguments.
   *
   * @default - none
   */
  readonly extraArgs?: string[];
}

const DEFAULTS: AgentDefaults = {
  name: 'node-exporter',
  component: 'metrics',
  partOf: 'monitoring',
  image: 'quay.io/prometheus/node-exporter',
  version: 'v1.12.1',
};

const COLLECTOR_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Prometheus node-exporter on every Linux node.
 *
 * Host network and host PID (so node metrics are the node's, not the pod's), the host's `/proc`,
 * `/sys` and `/` mounted read-only, non-root user 65534 with every capability dropped, a host
 * port (so `maxSurge` stays 0) and a headless metrics Service; optionally a kube-rbac-proxy
 * sidecar, a ServiceMonitor and a NetworkPolicy.
 *
 * @example
 * new NodeExporterDaemon(chart, 'node-exporter', { serviceMonitor: {} })
 *   .excludeNodes('bastion-0');
 */
export class NodeExporterDaemon extends NodeDaemon {
  private static check(path: string, props: NodeExporterDaemonProps): void {
    const fail = (prop: string, problem: string, fix: string): never => {
      throw new Error(`${path}: ${prop}: ${problem}. Fix: ${fix}.`);
    };
    const port = props.port ?? 9100;
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail('port', `${port} is not a port`, 'use a whole number from 1 to 65535 (9100 is the registered node-exporter port)');
    const surge = props.updateStrategy?.maxSurge;
    if (surge && !surge.isZero) {
      fail('updateStrategy', `maxSurge is ${surge} but node-exporter binds host port ${port}: a surge pod cannot bind the port the old pod holds, so the rollout would hang`,
        'keep maxSurge 0 and bound the rollout with maxUnavailable, e.g. DaemonUpdateStrategy.rollingUpdate({ maxUnavailable: IntOrPercent.fromPercent(10) })');
    }
    const enabled = props.enabledCollectors ?? [];
    const disabled = props.disabledCollectors ?? [];
    for (const [prop, list] of [['enabledCollectors', enabled], ['disabledCollectors', disabled]] as Array<[string, string[]]>) {
      for (const c of list) {
        if (!COLLECTOR_NAME.test(c)) fail(prop, `"${c}" is not a collector name`, 'use a collector name such as "systemd" (lower case, without the --collector. prefix)');
      }
    }
    const both = enabled.filter((c) => disabled.includes(c));
    if (both.length > 0) fail('enabledCollectors', `${both.join(', ')} is both enabled and disabled`, 'list each collector in only one of enabledCollectors and disabledCollectors');
    if (props.textfileDirectory !== undefined && (!props.textfileDirectory.startsWith('/') || props.textfileDirectory === '/')) {
      fail('textfileDirectory', `"${props.textfileDirectory}" is not an absolute directory below /`, 'use a host directory such as "/var/lib/node_exporter/textfile_collector"');
    }
  }

  /** The node-exporter container. */
  public readonly container: plus.Container;

  /** The kube-rbac-proxy container, when enabled. */
  public readonly proxyContainer?: plus.Container;

  /** The ServiceAccount of the pods. */
  public readonly serviceAccountResource: plus.ServiceAccount;

  /** The ClusterRole for TokenReview / SubjectAccessReview, with `kubeRbacProxy`. */
  public readonly clusterRole?: ApiObject;

  /** The Service, ServiceMonitor and NetworkPolicy. */
  public readonly metrics: MetricsEndpoint;

  /** The port metrics are served on. */
  public readonly port: number;

  constructor(scope: Construct, id: string, props: NodeExporterDaemonProps = {}) {
    const identity = resolveIdentity(scope, id, props, DEFAULTS);
    const rbacProxy = props.kubeRbacProxy ?? false;
    NodeExporterDaemon.check(`${scope.node.path}/${id}`, props);
    super(scope, id, baseDaemonProps(props, identity, {
      hostNetwork: true,
      hostPid: true,
      automountServiceAccountToken: rbacProxy,
      securityContext: { user: 65534, group: 65534, ensureNonRoot: true },
    }));
    this.port = props.port ?? 9100;
    applyPlacement(this, props, identity);

    this.serviceAccountResource = new plus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { ...nameIf(companionName(identity)), namespace: identity.namespace },
      automountToken: false,
    });
    labelResource(this.serviceAccountResource, identity.labels);
    (this as { serviceAccount?: plus.IServiceAccount }).serviceAccount = this.serviceAccountResource;

    const listen = rbacProxy ? `127.0.0.1:${this.port}` : `[$(HOST_IP)]:${this.port}`;
    const args = [
      '--path.procfs=/host/proc',
      '--path.sysfs=/host/sys',
      '--path.rootfs=/host/root',
      '--path.udev.data=/host/root/run/udev/data',
      `--web.listen-address=${listen}`,
      `--collector.filesystem.mount-points-exclude=${props.mountPointsExclude ?? '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containerd/.+|run/containerd/.+|var/lib/kubelet/.+|run/k3s/.+|var/lib/rancher/.+)($|/)'}`,
      `--collector.filesystem.fs-types-exclude=${props.fsTypesExclude ?? '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$'}`,
      `--collector.netclass.ignored-devices=${props.networkDevicesExclude ?? '^(veth.*|cali.*|lxc.*|[a-f0-9]{15})$'}`,
      `--collector.netdev.device-exclude=${props.networkDevicesExclude ?? '^(veth.*|cali.*|lxc.*|[a-f0-9]{15})$'}`,
      ...(props.enabledCollectors ?? []).map((c) => `--collector.${c}`),
      ...(props.disabledCollectors ?? []).map((c) => `--no-collector.${c}`),
      ...(props.textfileDirectory ? ['--collector.textfile.directory=/host/textfile'] : []),
      ...(props.extraArgs ?? []),
    ];

    // Behind kube-rbac-proxy node-exporter listens on loopback only, and a probe may not name a host (Pod
    // Security baseline, since Kubernetes 1.34): its probes go through the proxy, which passes `/` (the
    // landing page, no metrics) without authentication. They check the whole chain.
    const probeScheme = rbacProxy ? plus.ConnectionScheme.HTTPS : undefined;
    this.container = this.addContainer({
      name: 'node-exporter',
      image: identity.imageRef,
      imagePullPolicy: props.imagePullPolicy ?? plus.ImagePullPolicy.IF_NOT_PRESENT,
      args,
      envVariables: rbacProxy ? {} : { HOST_IP: plus.EnvValue.fromFieldRef(plus.EnvFieldPaths.NODE_IP) },
      resources: props.resources ?? {
        cpu: { request: plus.Cpu.millis(50), limit: plus.Cpu.millis(250) },
        memory: { request: Size.mebibytes(64), limit: Size.mebibytes(180) },
      },
      securityContext: hardenedContext({ user: 65534, group: 65534 }),
      liveness: plus.Probe.fromHttpGet('/', { port: this.port, scheme: probeScheme, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(20), timeoutSeconds: Duration.seconds(5), failureThreshold: 6 }),
      readiness: plus.Probe.fromHttpGet('/', { port: this.port, scheme: probeScheme, periodSeconds: Duration.seconds(5), timeoutSeconds: Duration.seconds(3), failureThreshold: 2 }),
    });
    this.mountHostPath(this.container, '/proc', '/host/proc');
    this.mountHostPath(this.container, '/sys', '/host/sys');
    this.mountHostPath(this.container, '/', '/host/root', { propagation: plus.MountPropagation.HOST_TO_CONTAINER, volumeName: 'host-root' });
    if (props.textfileDirectory) {
      this.mountHostPath(this.container, props.textfileDirectory, '/host/textfile', {
        type: plus.HostPathVolumeType.DIRECTORY_OR_CREATE, volumeName: 'textfile',
      });
    }

    if (rbacProxy) {
      const proxyImage = props.kubeRbacProxyImage ?? 'quay.io/brancz/kube-rbac-proxy';
      const [proxyVersion, proxyDigest] = splitDigest(props.kubeRbacProxyVersion ?? KUBE_RBAC_PROXY_VERSION);
      if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(proxyVersion) || proxyVersion === 'latest') {
        throw new Error(`${this.node.path}: kubeRbacProxyVersion: "${proxyVersion}" is not a pinned image tag. Fix: pin a release tag such as "${KUBE_RBAC_PROXY_VERSION}".`);
      }
      if (proxyDigest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(proxyDigest)) {
        throw new Error(`${this.node.path}: kubeRbacProxyVersion: "${proxyDigest}" is not an image digest. Fix: use \`sha256:\` followed by 64 lower-case hex digits.`);
      }
      this.proxyContainer = this.addContainer({
        name: 'kube-rbac-proxy',
        image: proxyDigest ? `${proxyImage}:${proxyVersion}@${proxyDigest}` : `${proxyImage}:${proxyVersion}`,
        imagePullPolicy: props.imagePullPolicy ?? plus.ImagePullPolicy.IF_NOT_PRESENT,
        args: [
          `--secure-listen-address=[$(IP)]:${this.port}`,
          `--upstream=http://127.0.0.1:${this.port}/`,
          '--ignore-paths=/',
          '--tls-min-version=VersionTLS12',
          '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
        ],
        envVariables: { IP: plus.EnvValue.fromFieldRef(plus.EnvFieldPaths.POD_IP) },
        resources: {
          cpu: { request: plus.Cpu.millis(10), limit: plus.Cpu.millis(50) },
          memory: { request: Size.mebibytes(20), limit: Size.mebibytes(40) },
        },
        securityContext: hardenedContext({ user: 65532, group: 65532 }),
        liveness: plus.Probe.fromTcpSocket({
          port: this.port, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(20), failureThreshold: 6,
        }),
        readiness: plus.Probe.fromTcpSocket({ port: this.port, periodSeconds: Duration.seconds(5), failureThreshold: 2 }),
      });
      this.addHostPort(this.proxyContainer, this.port, { name: 'https' });
      this.clusterRole = this.createProxyRbac(identity);
    } else {
      this.addHostPort(this.container, this.port, { name: 'metrics' });
    }

    this.metrics = new MetricsEndpoint(this, 'Metrics', {
      name: companionName(identity),
      namespace: identity.namespace,
      labels: identity.labels,
      selectorLabels: identity.selectorLabels,
      port: this.port,
      portName: rbacProxy ? 'https' : 'metrics',
      scheme: rbacProxy ? MetricsScheme.HTTPS : MetricsScheme.HTTP,
      bearerTokenAuth: rbacProxy,
      service: props.metricsService ?? true,
      serviceMonitor: props.serviceMonitor,
      networkPolicy: props.networkPolicy,
      defaultEgress: rbacProxy ? NetworkPolicyEgress.DNS_AND_API_SERVER : NetworkPolicyEgress.NONE,
      serviceAnnotations: props.serviceAnnotations,
      podMonitor: props.podMonitor,
    });
  }

  private createProxyRbac(identity: AgentIdentity): ApiObject {
    return clusterRoleFor(this, identity.labels, [
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ], this.serviceAccountResource.name, identity.namespace, companionName(identity));
  }

}
