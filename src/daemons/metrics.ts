import { ApiObject, Duration } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
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
 * Options of a Prometheus Operator `ServiceMonitor`.
 */
export interface ServiceMonitorOptions {
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
}

/**
 * Properties of `MetricsEndpoint`.
 */
export interface MetricsEndpointProps {
  /** The namespace of the Service, ServiceMonitor and NetworkPolicy. */
  readonly namespace: string;

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

  /** The NetworkPolicy, when created. */
  public readonly networkPolicy?: ApiObject;

  constructor(scope: Construct, id: string, props: MetricsEndpointProps) {
    super(scope, id);
    const portName = props.portName ?? 'metrics';
    const path = props.path ?? '/metrics';
    const fail = (field: string, problem: string, fix: string): never => {
      throw new Error(`${this.node.path}: ${field}: ${problem}. Fix: ${fix}.`);
    };
    const metadata = { namespace: props.namespace, labels: { ...props.labels } };

    if ((props.service ?? true) === false && props.serviceMonitor) {
      fail('serviceMonitor', 'a ServiceMonitor needs the metrics Service, which is disabled', 'keep `metricsService` true, or drop `serviceMonitor`');
    }

    if (props.service ?? true) {
      this.service = new plus.k8s.KubeService(this, 'Service', {
        metadata,
        spec: {
          clusterIp: 'None',
          selector: { ...props.selectorLabels },
          ports: [{ name: portName, port: props.port, targetPort: plus.k8s.IntOrString.fromString(portName), protocol: 'TCP' }],
        },
      });
    }

    if (props.serviceMonitor) {
      const sm = props.serviceMonitor;
      const interval = sm.interval ?? Duration.seconds(30);
      const timeout = sm.scrapeTimeout ?? Duration.seconds(10);
      if (timeout.toMilliseconds() > interval.toMilliseconds()) {
        fail('serviceMonitor.scrapeTimeout', `${promDuration(timeout)} is longer than the interval ${promDuration(interval)}`, 'use a timeout no longer than the interval');
      }
      for (const [k, v] of Object.entries(sm.labels ?? {})) {
        for (const e of qualifiedNameErrors(k)) fail('serviceMonitor.labels', `key "${k}": ${e}`, 'use a valid label key');
        for (const e of labelValueErrors(v)) fail('serviceMonitor.labels', `value "${v}": ${e}`, 'use a valid label value');
      }
      const endpoint: { [key: string]: any } = {
        port: portName,
        path,
        scheme: props.scheme ?? MetricsScheme.HTTP,
        interval: promDuration(interval),
        scrapeTimeout: promDuration(timeout),
        relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' }],
      };
      if (props.bearerTokenAuth) {
        endpoint.bearerTokenFile = '/var/run/secrets/kubernetes.io/serviceaccount/token';
        endpoint.tlsConfig = { insecureSkipVerify: true };
      }
      this.serviceMonitor = new ApiObject(this, 'ServiceMonitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { namespace: props.namespace, labels: { ...props.labels, ...(sm.labels ?? {}) } },
        spec: {
          selector: { matchLabels: { ...props.selectorLabels } },
          namespaceSelector: { matchNames: [props.namespace] },
          jobLabel: 'app.kubernetes.io/name',
          endpoints: [endpoint],
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
      this.networkPolicy = new plus.k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata,
        spec: {
          podSelector: { matchLabels: { ...props.selectorLabels } },
          policyTypes: ['Ingress'],
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
