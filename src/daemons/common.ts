import * as plus from 'cdk8s-plus-27';
import { IPriorityClass } from '../priority';
import { DaemonUpdateStrategy } from '../update-strategy';
import { MetricsNetworkPolicyOptions, ServiceMonitorOptions } from './metrics';

/**
 * Properties every typed daemon (`NodeExporterDaemon`, `LogAgentDaemon`, `CadvisorDaemon`)
 * shares. With none of them set, the daemon runs on every Linux node (control plane included),
 * with `system-node-critical` priority, a bounded rolling update and least-privilege containers.
 */
export interface NodeAgentProps {
  /**
   * The name of the DaemonSet, and of its companions (ServiceAccount, ConfigMap, Service,
   * ServiceMonitor / PodMonitor, NetworkPolicy, ClusterRole and ClusterRoleBinding). Give the name a
   * chart-installed DaemonSet has (with `selectorLabels`) to take it over in place: see docs/migrating.md.
   *
   * @default - names generated from the construct path
   */
  readonly name?: string;

  /**
   * The labels of the DaemonSet's selector, which is immutable once created. The pod template, every
   * object and the Service / ServiceMonitor / NetworkPolicy selectors carry them; a key here takes
   * precedence over the recommended label of the same key (e.g. `app.kubernetes.io/name`). Give the
   * selector of a chart-installed DaemonSet to take it over in place.
   *
   * @default - a selector generated from the construct path (`cdk8s.io/metadata.addr`)
   */
  readonly selectorLabels?: { [key: string]: string };

  /**
   * Image pull secrets of the pods (names of `kubernetes.io/dockerconfigjson` Secrets in the namespace).
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];

  /**
   * The image digest (`sha256:` and 64 hex digits), rendered as `image:version@digest`: the node pulls
   * exactly this image. A `version` of the form `v1.2.3@sha256:...` is accepted too.
   *
   * @default - tag only
   */
  readonly digest?: string;

  /**
   * The namespace of every namespaced object (DaemonSet, ServiceAccount, ConfigMap, Service,
   * ServiceMonitor, NetworkPolicy) and of the ServiceAccount subject of the ClusterRoleBinding.
   *
   * @default - the chart's namespace, or `default` when the chart has none
   */
  readonly namespace?: string;

  /**
   * The `app.kubernetes.io/instance` label. Give each daemon of the same kind in one cluster its
   * own instance, so Services and ServiceMonitors select only their own pods.
   *
   * @default - the agent name, e.g. `node-exporter`
   */
  readonly instance?: string;

  /**
   * The `app.kubernetes.io/part-of` label.
   *
   * @default - `monitoring` for the metrics agents, `logging` for the log agent
   */
  readonly partOf?: string;

  /**
   * Extra labels on every object and on the pod template. The recommended
   * `app.kubernetes.io/*` labels are set by the daemon and cannot be given here.
   *
   * @default - only the recommended labels
   */
  readonly labels?: { [key: string]: string };

  /**
   * The image repository, without tag.
   *
   * @default - the agent's upstream repository
   */
  readonly image?: string;

  /**
   * The image tag, optionally with a digest (`v1.2.3@sha256:...`). The tag is also the
   * `app.kubernetes.io/version` label. `latest` and empty tags are rejected: every node must run the
   * same, reviewable version.
   *
   * @default - the agent's current release (see each daemon)
   */
  readonly version?: string;

  /**
   * When the kubelet pulls the image. A pinned tag never changes, so pulling it again on every
   * pod start only adds a registry dependency to node recovery.
   *
   * @default plus.ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: plus.ImagePullPolicy;

  /**
   * Requests and limits of the agent container.
   *
   * @default - per agent, see each daemon
   */
  readonly resources?: plus.ContainerResources;

  /**
   * The priority class. Node agents must not be preempted by ordinary workloads.
   *
   * @default PriorityClass.SYSTEM_NODE_CRITICAL
   */
  readonly priorityClass?: IPriorityClass;

  /**
   * How pods are replaced when the template changes.
   *
   * @default - RollingUpdate with maxUnavailable 10% and maxSurge 0
   */
  readonly updateStrategy?: DaemonUpdateStrategy;

  /**
   * How many old ControllerRevisions are kept for rollback.
   *
   * @default 5
   */
  readonly revisionHistoryLimit?: number;

  /**
   * Tolerate every taint (`operator: Exists`), so the agent also runs on control-plane, GPU and
   * otherwise dedicated nodes: an agent that skips nodes is a silent monitoring gap. Set to false
   * and call `tolerate()` / `tolerateControlPlane()` to choose.
   *
   * @default true
   */
  readonly tolerateAllTaints?: boolean;

  /**
   * Require `kubernetes.io/os=linux` (node affinity): the images are Linux-only.
   *
   * @default true
   */
  readonly linuxOnly?: boolean;

  /**
   * Keep off virtual nodes (EKS Fargate, virtual-kubelet), where a node agent cannot work.
   *
   * @default true
   */
  readonly excludeVirtualNodes?: boolean;

  /**
   * Create a headless Service selecting the agent pods, for metrics scraping.
   *
   * @default true
   */
  readonly metricsService?: boolean;

  /**
   * Create a Prometheus Operator `ServiceMonitor` (monitoring.coreos.com/v1) for the metrics
   * Service. Pass `{}` for the defaults. Requires `metricsService`.
   *
   * @default - no ServiceMonitor
   */
  readonly serviceMonitor?: ServiceMonitorOptions;

  /**
   * Create a Prometheus Operator `PodMonitor` selecting the agent pods directly, an alternative to
   * `serviceMonitor` that needs no Service. Pass `{}` for the defaults.
   *
   * @default - no PodMonitor
   */
  readonly podMonitor?: ServiceMonitorOptions;

  /**
   * Annotations of the metrics Service, e.g. `{ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100' }`
   * for annotation-based scraping.
   *
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };

  /**
   * Create a NetworkPolicy that admits only the scraper to the metrics port. Pass `{}` for the
   * defaults (Prometheus pods in namespace `monitoring`). Pods with `hostNetwork` are not
   * subject to NetworkPolicy in most CNIs.
   *
   * @default - no NetworkPolicy
   */
  readonly networkPolicy?: MetricsNetworkPolicyOptions;
}
