import { ApiObject, Duration } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { nameIf } from './names';
import { labelValueErrors, qualifiedNameErrors } from '../k8s/names';

/** A Duration as a Prometheus duration string (`30s`, `1500ms`). */
function promDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * The scheme of a metrics endpoint.
 */
export enum MetricsScheme {
  /** Plain HTTP. */
  HTTP = 'http',
  /** HTTPS (e.g. behind kube-rbac-proxy). */
  HTTPS = 'https',
}

/**
 * The action of a Prometheus relabeling rule.
 */
export enum RelabelAction {
  /** Set `targetLabel` to `replacement` with the regex groups of the joined source labels. */
  REPLACE = 'replace',
  /** Keep the target / series when the joined source labels match `regex`. */
  KEEP = 'keep',
  /** Drop the target / series when the joined source labels match `regex`. */
  DROP = 'drop',
  /** Set `targetLabel` to the hash of the source labels modulo `modulus`. */
  HASHMOD = 'hashmod',
  /** Copy labels whose names match `regex` to the names given by `replacement`. */
  LABELMAP = 'labelmap',
  /** Remove labels whose names match `regex`. */
  LABELDROP = 'labeldrop',
  /** Remove labels whose names do not match `regex`. */
  LABELKEEP = 'labelkeep',
  /** Lower-case the joined source labels into `targetLabel`. */
  LOWERCASE = 'lowercase',
  /** Upper-case the joined source labels into `targetLabel`. */
  UPPERCASE = 'uppercase',
}

/**
 * A Prometheus relabeling rule (`relabelings` / `metricRelabelings` of a ServiceMonitor or PodMonitor endpoint).
 */
export interface RelabelConfig {
  /**
   * The labels whose values are joined with `separator` and matched against `regex`.
   *
   * @default - none
   */
  readonly sourceLabels?: string[];

  /**
   * The separator of the joined source labels.
   *
   * @default ';'
   */
  readonly separator?: string;

  /**
   * The label written by `replace`, `hashmod`, `lowercase` and `uppercase`.
   *
   * @default - none
   */
  readonly targetLabel?: string;

  /**
   * The regular expression (RE2, anchored).
   *
   * @default '(.*)'
   */
  readonly regex?: string;

  /**
   * The replacement, with `$1`-style references to the regex groups.
   *
   * @default '$1'
   */
  readonly replacement?: string;

  /**
   * The action.
   *
   * @default RelabelAction.REPLACE
   */
  readonly action?: RelabelAction;

  /**
   * The modulus of `hashmod`.
   *
   * @default - none
   */
  readonly modulus?: number;
}

/**
 * Options of a Prometheus Operator `ServiceMonitor` (also used for a `PodMonitor`).
 */
export interface ServiceMonitorOptions {
  /**
   * Relabelings applied to each target before scraping, after the built-in one that sets the `node`
   * label from the pod's node name.
   *
   * @default - only the `node` label
   */
  readonly relabelings?: RelabelConfig[];

  /**
   * Relabelings applied to each scraped series before ingestion, e.g. to drop expensive series.
   *
   * @default - none
   */
  readonly metricRelabelings?: RelabelConfig[];

  /**
   * Labels of the Service (ServiceMonitor `targetLabels`) or of the pod (PodMonitor `podTargetLabels`)
   * copied onto every series.
   *
   * @default - none
   */
  readonly targetLabels?: string[];

  /**
   * How often Prometheus scrapes each pod.
   *
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;

  /**
   * The scrape timeout. Must not exceed the interval.
   *
   * @default Duration.seconds(10)
   */
  readonly scrapeTimeout?: Duration;

  /**
   * Extra labels on the ServiceMonitor, e.g. the `release` label a Prometheus
   * `serviceMonitorSelector` matches.
   *
   * @default - only the recommended labels
   */
  readonly labels?: { [key: string]: string };
}

/**
 * Options of the NetworkPolicy that admits only the scraper to the metrics port.
 */
export interface MetricsNetworkPolicyOptions {
  /**
   * The namespace of the scraper (matched by its `kubernetes.io/metadata.name` label).
   *
   * @default 'monitoring'
   */
  readonly scraperNamespace?: string;

  /**
   * The labels of the scraper pods.
   *
   * @default { 'app.kubernetes.io/name': 'prometheus' }
   */
  readonly scraperPodLabels?: { [key: string]: string };

  /**
   * The egress the agent pods are allowed. The policy always declares egress, so a default-deny
   * egress policy in the namespace cannot silently cut the agent off from what it needs.
   *
   * @default - per agent: NONE for node-exporter and cAdvisor, DNS_AND_API_SERVER with kube-rbac-proxy
   * or the log agent's kubernetes filter, ALL for the log agent (its outputs can be anywhere)
   */
  readonly egress?: NetworkPolicyEgress;

  /**
   * The API server port allowed with `DNS_AND_API_SERVER` (the port of the endpoints of the
   * `kubernetes` Service, which NetworkPolicy matches after DNAT).
   *
   * @default [443, 6443]
   */
  readonly apiServerPorts?: number[];
}

/**
 * The egress a metrics NetworkPolicy allows the agent pods.
 */
export enum NetworkPolicyEgress {
  /** No egress at all. */
  NONE = 'none',
  /** DNS (port 53, UDP and TCP) and the API server ports. */
  DNS_AND_API_SERVER = 'dns-and-api-server',
  /** Any destination (an explicit allow-all egress rule). */
  ALL = 'all',
}

/**
 * Properties of `MetricsEndpoint`.
 */
export interface MetricsEndpointProps {
  /**
   * The name of every object.
   *
   * @default - generated from the construct path
   */
  readonly name?: string;

  /** The namespace of the Service, ServiceMonitor and NetworkPolicy. */
  readonly namespace: string;

  /**
   * Annotations of the Service, e.g. `prometheus.io/scrape` for annotation-based scraping.
   *
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };

  /**
   * Create a Prometheus Operator `PodMonitor` selecting the pods directly (no Service needed).
   *
   * @default - none
   */
  readonly podMonitor?: ServiceMonitorOptions;

  /**
   * The egress of the NetworkPolicy when its options do not choose.
   *
   * @default NetworkPolicyEgress.NONE
   */
  readonly defaultEgress?: NetworkPolicyEgress;

  /** Labels of every object created. */
  readonly labels: { [key: string]: string };

  /** The labels that select the agent's pods (and, for the ServiceMonitor, the Service). */
  readonly selectorLabels: { [key: string]: string };

  /** The port the metrics are served on (container port). */
  readonly port: number;

  /**
   * The port name, referenced by the ServiceMonitor.
   *
   * @default 'metrics'
   */
  readonly portName?: string;

  /**
   * The HTTP path of the metrics.
   *
   * @default '/metrics'
   */
  readonly path?: string;

  /**
   * The scheme of the metrics endpoint.
   *
   * @default MetricsScheme.HTTP
   */
  readonly scheme?: MetricsScheme;

  /**
   * Scrape with the scraper's service-account token and skip TLS verification of the
   * self-signed certificate (how kube-prometheus scrapes kube-rbac-proxy).
   *
   * @default false
   */
  readonly bearerTokenAuth?: boolean;

  /**
   * Create the headless Service.
   *
   * @default true
   */
  readonly service?: boolean;

  /**
   * Create a ServiceMonitor.
   *
   * @default - none
   */
  readonly serviceMonitor?: ServiceMonitorOptions;

  /**
   * Create a NetworkPolicy admitting only the scraper.
   *
   * @default - none
   */
  readonly networkPolicy?: MetricsNetworkPolicyOptions;
}

/**
 * The scraping companions of a node agent: a headless Service (one endpoint per node), an
 * optional Prometheus Operator ServiceMonitor and an optional NetworkPolicy that admits only the
 * scraper to the metrics port.
 */
export class MetricsEndpoint extends Construct {
  /** The headless Service, when created. */
  public readonly service?: ApiObject;

  /** The ServiceMonitor, when created. */
  public readonly serviceMonitor?: ApiObject;

  /** The PodMonitor, when created. */
  public readonly podMonitor?: ApiObject;

  /** The NetworkPolicy, when created. */
  public readonly networkPolicy?: ApiObject;

  constructor(scope: Construct, id: string, props: MetricsEndpointProps) {
    super(scope, id);
    const portName = props.portName ?? 'metrics';
    const path = props.path ?? '/metrics';
    const fail = (field: string, problem: string, fix: string): never => {
      throw new Error(`${this.node.path}: ${field}: ${problem}. Fix: ${fix}.`);
    };
    const metadata = { ...nameIf(props.name), namespace: props.namespace, labels: { ...props.labels } };

    if ((props.service ?? true) === false && props.serviceMonitor) {
      fail('serviceMonitor', 'a ServiceMonitor needs the metrics Service, which is disabled', 'keep `metricsService` true, or drop `serviceMonitor`');
    }

    if (props.service ?? true) {
      this.service = new plus.k8s.KubeService(this, 'Service', {
        metadata: {
          ...metadata,
          annotations: props.serviceAnnotations && Object.keys(props.serviceAnnotations).length > 0 ? { ...props.serviceAnnotations } : undefined,
        },
        spec: {
          clusterIp: 'None',
          selector: { ...props.selectorLabels },
          ports: [{ name: portName, port: props.port, targetPort: plus.k8s.IntOrString.fromString(portName), protocol: 'TCP' }],
        },
      });
    }

    const endpointOf = (what: string, sm: ServiceMonitorOptions): { [key: string]: any } => {
      const interval = sm.interval ?? Duration.seconds(30);
      const timeout = sm.scrapeTimeout ?? Duration.seconds(10);
      if (timeout.toMilliseconds() > interval.toMilliseconds()) {
        fail(`${what}.scrapeTimeout`, `${promDuration(timeout)} is longer than the interval ${promDuration(interval)}`, 'use a timeout no longer than the interval');
      }
      for (const [k, v] of Object.entries(sm.labels ?? {})) {
        for (const e of qualifiedNameErrors(k)) fail(`${what}.labels`, `key "${k}": ${e}`, 'use a valid label key');
        for (const e of labelValueErrors(v)) fail(`${what}.labels`, `value "${v}": ${e}`, 'use a valid label value');
      }
      for (const l of sm.targetLabels ?? []) {
        for (const e of qualifiedNameErrors(l)) fail(`${what}.targetLabels`, `"${l}": ${e}`, 'name a label of the Service or pod');
      }
      const endpoint: { [key: string]: any } = {
        port: portName,
        path,
        scheme: props.scheme ?? MetricsScheme.HTTP,
        interval: promDuration(interval),
        scrapeTimeout: promDuration(timeout),
        relabelings: [
          { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' },
          ...(sm.relabelings ?? []).map((r, i) => relabelJson(`${what}.relabelings[${i}]`, r, fail)),
        ],
      };
      if ((sm.metricRelabelings ?? []).length > 0) {
        endpoint.metricRelabelings = sm.metricRelabelings!.map((r, i) => relabelJson(`${what}.metricRelabelings[${i}]`, r, fail));
      }
      if (props.bearerTokenAuth) {
        endpoint.bearerTokenFile = '/var/run/secrets/kubernetes.io/serviceaccount/token';
        endpoint.tlsConfig = { insecureSkipVerify: true };
      }
      return endpoint;
    };

    if (props.serviceMonitor) {
      const sm = props.serviceMonitor;
      const endpoint = endpointOf('serviceMonitor', sm);
      this.serviceMonitor = new ApiObject(this, 'ServiceMonitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { ...nameIf(props.name), namespace: props.namespace, labels: { ...props.labels, ...(sm.labels ?? {}) } },
        spec: {
          selector: { matchLabels: { ...props.selectorLabels } },
          namespaceSelector: { matchNames: [props.namespace] },
          jobLabel: 'app.kubernetes.io/name',
          targetLabels: (sm.targetLabels ?? []).length > 0 ? [...sm.targetLabels!] : undefined,
          endpoints: [endpoint],
        },
      });
    }

    if (props.podMonitor) {
      const pm = props.podMonitor;
      const endpoint = endpointOf('podMonitor', pm);
      if (props.bearerTokenAuth) {
        // PodMonitor endpoints take the token from a Secret, not a file: scrape with the ServiceMonitor instead.
        fail('podMonitor', 'a PodMonitor cannot use the scraper\'s own service-account token file, which kube-rbac-proxy needs', 'use `serviceMonitor` with kubeRbacProxy');
      }
      this.podMonitor = new ApiObject(this, 'PodMonitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { ...nameIf(props.name), namespace: props.namespace, labels: { ...props.labels, ...(pm.labels ?? {}) } },
        spec: {
          selector: { matchLabels: { ...props.selectorLabels } },
          namespaceSelector: { matchNames: [props.namespace] },
          jobLabel: 'app.kubernetes.io/name',
          podTargetLabels: (pm.targetLabels ?? []).length > 0 ? [...pm.targetLabels!] : undefined,
          podMetricsEndpoints: [endpoint],
        },
      });
    }

    if (props.networkPolicy) {
      const np = props.networkPolicy;
      const scraperNamespace = np.scraperNamespace ?? 'monitoring';
      const scraperPodLabels = np.scraperPodLabels ?? { 'app.kubernetes.io/name': 'prometheus' };
      for (const [k, v] of Object.entries(scraperPodLabels)) {
        for (const e of qualifiedNameErrors(k)) fail('networkPolicy.scraperPodLabels', `key "${k}": ${e}`, 'use a valid label key');
        for (const e of labelValueErrors(v)) fail('networkPolicy.scraperPodLabels', `value "${v}": ${e}`, 'use a valid label value');
      }
      for (const e of labelValueErrors(scraperNamespace)) fail('networkPolicy.scraperNamespace', `"${scraperNamespace}": ${e}`, 'name an existing namespace');
      const egress = np.egress ?? props.defaultEgress ?? NetworkPolicyEgress.NONE;
      const apiPorts = np.apiServerPorts ?? [443, 6443];
      for (const p of apiPorts) if (!Number.isInteger(p) || p < 1 || p > 65535) fail('networkPolicy.apiServerPorts', `${p} is not a port`, 'use 1-65535');
      const port = (n: number, protocol: string) => ({ port: plus.k8s.IntOrString.fromNumber(n), protocol });
      const egressRules = egress === NetworkPolicyEgress.ALL ? [{}]
        : egress === NetworkPolicyEgress.DNS_AND_API_SERVER ? [
          { ports: [port(53, 'UDP'), port(53, 'TCP')] },
          { ports: apiPorts.map((p) => port(p, 'TCP')) },
        ] : [];
      this.networkPolicy = new plus.k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata,
        spec: {
          podSelector: { matchLabels: { ...props.selectorLabels } },
          policyTypes: ['Ingress', 'Egress'],
          egress: egressRules,
          ingress: [{
            from: [{
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': scraperNamespace } },
              podSelector: { matchLabels: { ...scraperPodLabels } },
            }],
            ports: [{ port: plus.k8s.IntOrString.fromNumber(props.port), protocol: 'TCP' }],
          }],
        },
      });
    }
  }
}

function relabelJson(field: string, r: RelabelConfig, fail: (field: string, problem: string, fix: string) => never): { [key: string]: any } {
  const action = r.action ?? RelabelAction.REPLACE;
  const needsTarget = [RelabelAction.REPLACE, RelabelAction.HASHMOD, RelabelAction.LOWERCASE, RelabelAction.UPPERCASE].includes(action);
  if (needsTarget && !r.targetLabel) fail(`${field}.targetLabel`, `is required with action ${action}`, 'name the label to write');
  if (action === RelabelAction.HASHMOD && (r.modulus === undefined || !Number.isInteger(r.modulus) || r.modulus < 1)) {
    fail(`${field}.modulus`, 'hashmod needs a positive whole modulus', 'set `modulus`, e.g. the number of shards');
  }
  if (r.regex !== undefined) {
    try {
      new RegExp(r.regex);
    } catch (e) {
      fail(`${field}.regex`, `"${r.regex}" is not a regular expression (${(e as Error).message})`, 'fix the expression');
    }
  }
  return {
    sourceLabels: r.sourceLabels && r.sourceLabels.length > 0 ? [...r.sourceLabels] : undefined,
    separator: r.separator,
    targetLabel: r.targetLabel,
    regex: r.regex,
    replacement: r.replacement,
    modulus: r.modulus,
    action,
  };
}
