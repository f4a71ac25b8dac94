import { createHash } from 'crypto';
import { ApiObject, Duration, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NodeDaemon } from '../node-daemon';
import { NodeAgentProps } from './common';
import { AgentLogLevel, FilesystemBufferingOptions, FluentBitConfig, LogPipelineConfigProps } from './fluent-bit-config';
import { FluentdConfig } from './fluentd-config';
import {
  AgentDefaults, nameIf, AgentIdentity, applyPlacement, clusterRoleFor, baseDaemonProps, companionName, hardenedContext, labelResource,
  resolveIdentity,
} from './internal';
import { LogFilter, LogInput, LogOutput } from './log-pipeline';
import { MetricsEndpoint, NetworkPolicyEgress } from './metrics';

/**
 * The log agent a `LogAgentDaemon` runs.
 */
export enum LogAgentKind {
  /** Fluent Bit (`cr.fluentbit.io/fluent/fluent-bit`): small, fast, every output. The default. */
  FLUENT_BIT = 'fluent-bit',
  /**
   * Fluentd in the fluent project's DaemonSet image (`fluent/fluentd-kubernetes-daemonset`, the
   * `debian-elasticsearch8` variant): for clusters that standardised on it. Elasticsearch, forward and
   * stdout outputs only.
   */
  FLUENTD = 'fluentd',
}

/**
 * Properties of `LogAgentDaemon`.
 */
export interface LogAgentDaemonProps extends NodeAgentProps {
  /**
   * The agent.
   *
   * @default LogAgentKind.FLUENT_BIT
   */
  readonly agent?: LogAgentKind;

  /**
   * The inputs.
   *
   * @default [LogInput.containerLogs()] - every container's logs, Docker and CRI formats
   */
  readonly inputs?: LogInput[];

  /**
   * The filters, in order.
   *
   * @default [LogFilter.kubernetes()] - pod metadata enrichment
   */
  readonly filters?: LogFilter[];

  /**
   * The outputs. Replace the default with your backend.
   *
   * @default [LogOutput.stdout()] - a safe placeholder that sends nothing off the node
   */
  readonly outputs?: LogOutput[];

  /**
   * Host directories with log files, each mounted read-only at the same path. `/var/log` holds
   * `/var/log/pods` and the `/var/log/containers` symlinks (containerd, CRI-O, k3s, RKE2);
   * `/var/lib/docker/containers` holds the symlink targets on Docker nodes. Add e.g. a custom
   * Docker data root.
   *
   * @default ['/var/log', '/var/lib/docker/containers']
   */
  readonly logPaths?: string[];

  /**
   * The host directory of the read positions (tail DB / pos files), mounted read-write at the
   * same path and created if missing (`DirectoryOrCreate`). The only writable mount: positions
   * survive pod restarts, so logs are neither lost nor shipped twice.
   *
   * @default - '/var/lib/fluent-bit' (fluent-bit) or '/var/lib/fluentd' (fluentd)
   */
  readonly stateDir?: string;

  /**
   * The port of the agent's HTTP server (health and Prometheus metrics).
   *
   * @default - 2020 (fluent-bit) or 24231 (fluentd)
   */
  readonly metricsPort?: number;

  /**
   * The agent's own log level.
   *
   * @default AgentLogLevel.INFO
   */
  readonly logLevel?: AgentLogLevel;

  /**
   * How often buffered records are flushed.
   *
   * @default Duration.seconds(1)
   */
  readonly flushInterval?: Duration;

  /**
   * The user the agent runs as. Root (0) by default, with every capability dropped: container
   * log files are root-owned and mode 0640 on most distributions, and the state directory is
   * created root-owned, so only root can read the one and write the other. Capabilities added
   * to a non-root container (e.g. DAC_READ_SEARCH) are not effective under containerd/runc
   * without ambient capabilities, so "non-root plus a capability" does not work. A non-root
   * user only works where the log files are readable by it (e.g. group-readable and a matching
   * `runAsGroup` on the node) and the state directory is writable by it.
   *
   * @default 0
   */
  readonly runAsUser?: number;

  /**
   * Buffer chunks on the filesystem under `<stateDir>/buffer` instead of memory (fluent-bit
   * `storage.type filesystem`, fluentd file buffers): a backend outage fills the disk backlog, not the
   * memory limit, and the backlog survives restarts. Pass `{}` for the defaults. Pairs with `retryForever`
   * on the outputs.
   *
   * @default - memory buffering
   */
  readonly filesystemBuffering?: FilesystemBufferingOptions;

  /**
   * An existing configuration used as is instead of the generated one (fluent-bit classic
   * `fluent-bit.conf`, or fluentd `fluent.conf`): the escape hatch for a configuration brought from a
   * chart. `inputs`, `filters` and `outputs` must then be left unset. It must serve the HTTP health and
   * metrics endpoint on `metricsPort`, which the probes and the metrics Service use. The checksum
   * annotation covers it.
   *
   * @default - generated from inputs, filters and outputs
   */
  readonly configOverride?: string;

  /**
   * Sections appended to the generated configuration, e.g. `[FILTER]` / `[OUTPUT]` sections of an existing
   * fluent-bit configuration, or fluentd `<filter>` / `<match>` blocks.
   *
   * @default - none
   */
  readonly extraConfig?: string;

  /**
   * Extra files stored in the ConfigMap beside the configuration and mounted in the same directory
   * (`/fluent-bit/etc/conf` or `/fluentd/etc/cdk8s`): parsers files, Lua scripts, included files.
   *
   * @default - none
   */
  readonly configFiles?: { [fileName: string]: string };

  /**
   * Environment variables of the agent container, e.g. secrets referenced from the outputs as
   * `${ES_PASSWORD}`.
   *
   * @default - only NODE_NAME
   */
  readonly env?: { [name: string]: plus.EnvValue };
}

const FLUENT_BIT_DEFAULTS: AgentDefaults = {
  name: 'fluent-bit',
  component: 'log-collector',
  partOf: 'logging',
  image: 'cr.fluentbit.io/fluent/fluent-bit',
  version: '5.1.3',
};

const FLUENTD_DEFAULTS: AgentDefaults = {
  name: 'fluentd',
  component: 'log-collector',
  partOf: 'logging',
  image: 'docker.io/fluent/fluentd-kubernetes-daemonset',
  version: 'v1.19.3-debian-elasticsearch8-1.1',
};

/** The per-object suppression annotation of the validator. */
const SUPPRESS_ANNOTATION = 'node-daemons.cdk8s.io/suppress';

const STATE_DIR_REASON = 'the state directory (read positions, filesystem buffers) is the only writable host path, a dedicated DirectoryOrCreate directory that must outlive the pod';

/** The annotation with the checksum of the configuration. */
const CHECKSUM_ANNOTATION = 'checksum/config';

/**
 * A log agent on every Linux node: fluent-bit (default) or fluentd, with a configuration
 * generated from typed inputs, filters and outputs and stored in a ConfigMap.
 *
 * Container logs are read from `/var/log/containers` (read-only) with the `cri` and `docker`
 * multiline parsers; read positions live in a DB on a host state directory (the only writable
 * mount); records are enriched with pod metadata through a ServiceAccount that may only read
 * pods and namespaces. A checksum of the configuration on the pod template rolls the pods when
 * the configuration changes.
 *
 * @example
 * new LogAgentDaemon(chart, 'logs', {
 *   outputs: [LogOutput.loki({ host: 'loki-gateway.logging.svc', port: 80 })],
 * });
 */
export class LogAgentDaemon extends NodeDaemon {
  private static check(path: string, logPaths: string[], stateDir: string, inputs: LogInput[]): void {
    const fail = (prop: string, problem: string, fix: string): never => {
      throw new Error(`${path}: ${prop}: ${problem}. Fix: ${fix}.`);
    };
    for (const p of logPaths) {
      if (!p.startsWith('/') || p === '/' || /\s/.test(p)) fail('logPaths', `"${p}" is not an absolute directory below /`, 'use host directories such as "/var/log"');
    }
    if (!stateDir.startsWith('/') || stateDir === '/' || /\s/.test(stateDir)) {
      fail('stateDir', `"${stateDir}" is not an absolute directory below /`, 'use a dedicated host directory such as "/var/lib/fluent-bit"');
    }
    const under = (file: string, dir: string) => file === dir || file.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
    if (logPaths.some((p) => under(stateDir, p) || under(p, stateDir))) {
      fail('stateDir', `"${stateDir}" overlaps a read-only log path`, 'use a state directory outside the log paths, such as "/var/lib/fluent-bit"');
    }
    for (const i of inputs) {
      if (!logPaths.some((p) => under(i.path, p))) {
        fail('inputs', `the input path "${i.path}" is under none of the mounted log paths (${logPaths.join(', ')})`, 'add its directory to `logPaths`');
      }
    }
  }

  private static checkOverride(path: string, text: string, fluentd: boolean, port: number): void {
    const fail = (problem: string, fix: string): never => {
      throw new Error(`${path}: configOverride: ${problem}. Fix: ${fix}.`);
    };
    if (text.trim() === '') fail('is empty', 'pass the whole configuration, or leave it unset');
    if (fluentd) {
      if (!/@type\s+prometheus\s*$/m.test(text) || !new RegExp(`^\\s*port\\s+${port}\\s*$`, 'm').test(text)) {
        fail(`serves no prometheus endpoint on port ${port}, which the probes and the metrics Service use`,
          `add a \`<source> @type prometheus\` with \`port ${port}\`, or set metricsPort to its port`);
      }
    } else {
      if (!/^\s*HTTP_Server\s+(On|true|yes)\s*$/mi.test(text) || !new RegExp(`^\\s*HTTP_Port\\s+${port}\\s*$`, 'mi').test(text)) {
        fail(`has no \`HTTP_Server On\` with \`HTTP_Port ${port}\` in [SERVICE], which the probes and the metrics Service use`,
          'add them (and `Health_Check On`), or set metricsPort to the configured port');
      }
      if (/^\s*\[(INPUT|OUTPUT)\]/mi.test(text) === false) fail('has no [INPUT] or [OUTPUT] section', 'pass a whole fluent-bit classic configuration (YAML configurations are not supported)');
    }
  }

  /** The agent container. */
  public readonly container: plus.Container;

  /** The ConfigMap with the generated configuration. */
  public readonly configMap: plus.ConfigMap;

  /** The generated configuration text. */
  public readonly configText: string;

  /** The ServiceAccount of the pods. */
  public readonly serviceAccountResource: plus.ServiceAccount;

  /** The ClusterRole (read pods and namespaces), when a filter talks to the API server. */
  public readonly clusterRole?: ApiObject;

  /** The Service, ServiceMonitor and NetworkPolicy. */
  public readonly metrics: MetricsEndpoint;

  /** The agent. */
  public readonly agent: LogAgentKind;

  /** The HTTP port (health and metrics). */
  public readonly metricsPort: number;

  constructor(scope: Construct, id: string, props: LogAgentDaemonProps = {}) {
    const agent = props.agent ?? LogAgentKind.FLUENT_BIT;
    const fluentd = agent === LogAgentKind.FLUENTD;
    const identity = resolveIdentity(scope, id, props, fluentd ? FLUENTD_DEFAULTS : FLUENT_BIT_DEFAULTS);
    const path = `${scope.node.path}/${id}`;
    const filters = props.filters ?? [LogFilter.kubernetes()];
    if (props.configOverride !== undefined && (props.inputs || props.filters || props.outputs || props.extraConfig !== undefined)) {
      throw new Error(`${path}: configOverride: replaces the generated configuration, so inputs, filters, outputs and extraConfig would be ignored. Fix: leave them unset, or use extraConfig to add sections to the generated configuration.`);
    }
    const needsApi = props.configOverride !== undefined
      ? /^\s*(Name\s+kubernetes\s*$|@type\s+kubernetes_metadata)/mi.test(props.configOverride)
      : filters.some((f) => f.needsApiServer);
    const runAsUser = props.runAsUser ?? 0;
    if (!Number.isInteger(runAsUser) || runAsUser < 0) {
      throw new Error(`${path}: runAsUser: ${runAsUser} is not a user id. Fix: use 0 (see the prop's documentation) or a non-negative uid.`);
    }
    super(scope, id, baseDaemonProps(props, identity, {
      automountServiceAccountToken: needsApi,
      securityContext: { user: runAsUser, group: runAsUser === 0 ? 0 : undefined, ensureNonRoot: runAsUser !== 0 },
    }));
    this.agent = agent;
    applyPlacement(this, props, identity);

    const containerName = fluentd ? 'fluentd' : 'fluent-bit';
    const stateDir = props.stateDir ?? (fluentd ? '/var/lib/fluentd' : '/var/lib/fluent-bit');
    this.metricsPort = props.metricsPort ?? (fluentd ? 24231 : 2020);
    const outputs = props.outputs ?? [LogOutput.stdout()];
    let inputs = props.inputs ?? [LogInput.containerLogs()];
    // An stdout output writes into the agent's own container log: never read that back.
    if (outputs.some((o) => o.plugin === 'stdout')) {
      const own = `/var/log/containers/*_${identity.namespace}_${containerName}-*.log`;
      inputs = inputs.map((i) => (i.kind === 'containers' ? i._withExcludes([own]) : i));
    }
    const logPaths = props.logPaths ?? ['/var/log', '/var/lib/docker/containers'];
    LogAgentDaemon.check(path, logPaths, stateDir, inputs);

    const configDir = fluentd ? '/fluentd/etc/cdk8s' : '/fluent-bit/etc/conf';
    const pipeline: LogPipelineConfigProps = {
      inputs,
      filters,
      outputs,
      httpPort: this.metricsPort,
      stateDir,
      logLevel: props.logLevel,
      flushInterval: props.flushInterval,
      filesystemBuffering: props.filesystemBuffering,
      configDir,
    };
    const wrap = (f: () => string): string => {
      try {
        return f();
      } catch (e) {
        throw new Error(`${path}: ${(e as Error).message}`);
      }
    };
    const fileName = fluentd ? FluentdConfig.FILE_NAME : FluentBitConfig.FILE_NAME;
    if (props.configOverride !== undefined) {
      LogAgentDaemon.checkOverride(path, props.configOverride, fluentd, this.metricsPort);
      this.configText = props.configOverride.endsWith('\n') ? props.configOverride : `${props.configOverride}\n`;
    } else {
      const generated = wrap(() => (fluentd ? new FluentdConfig(pipeline) : new FluentBitConfig(pipeline)).render());
      const extra = props.extraConfig?.trim();
      this.configText = extra ? `${generated}\n${extra}\n` : generated;
    }
    const files: { [name: string]: string } = {};
    const addFile = (name: string, content: string, from: string) => {
      if (!/^[-._a-zA-Z0-9]+$/.test(name) || name.length > 253) {
        throw new Error(`${path}: ${from}: "${name}" is not a ConfigMap key. Fix: use letters, digits, '-', '_' and '.'.`);
      }
      if (name === fileName || (files[name] !== undefined && files[name] !== content)) {
        throw new Error(`${path}: ${from}: the file "${name}" is given twice. Fix: give each file one name.`);
      }
      files[name] = content;
    };
    if (props.configOverride === undefined) for (const f of filters) for (const [n, c] of Object.entries(f.files)) addFile(n, c, `filters (${f.kind})`);
    for (const [n, c] of Object.entries(props.configFiles ?? {})) addFile(n, c, 'configFiles');

    this.configMap = new plus.ConfigMap(this, 'Config', {
      metadata: { ...nameIf(companionName(identity)), namespace: identity.namespace },
      data: { [fileName]: this.configText, ...files },
    });
    labelResource(this.configMap, identity.labels);
    // Every file of the ConfigMap is covered: a change to a Lua script or parsers file rolls the pods too.
    const hash = createHash('sha256').update(this.configText);
    for (const n of Object.keys(files).sort()) hash.update(`\0${n}\0${files[n]}`);
    const checksum = hash.digest('hex');
    this.podMetadata.addAnnotation(CHECKSUM_ANNOTATION, checksum);

    this.serviceAccountResource = new plus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { ...nameIf(companionName(identity)), namespace: identity.namespace },
      automountToken: false,
    });
    labelResource(this.serviceAccountResource, identity.labels);
    (this as { serviceAccount?: plus.IServiceAccount }).serviceAccount = this.serviceAccountResource;
    if (needsApi) this.clusterRole = this.createReaderRbac(identity);

    const env: { [name: string]: plus.EnvValue } = {
      NODE_NAME: plus.EnvValue.fromFieldRef(plus.EnvFieldPaths.NODE_NAME),
      ...(props.env ?? {}),
    };
    const probeTiming = { periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(5) };
    this.container = this.addContainer({
      name: containerName,
      image: identity.imageRef,
      imagePullPolicy: props.imagePullPolicy ?? plus.ImagePullPolicy.IF_NOT_PRESENT,
      // fluentd: the image's entrypoint edits its own configuration in place (sed -i), which a read-only
      // ConfigMap mount forbids; run fluentd as the entrypoint finally does, on the generated configuration.
      command: fluentd ? ['fluentd'] : ['/fluent-bit/bin/fluent-bit'],
      args: fluentd
        ? ['-c', `/fluentd/etc/cdk8s/${fileName}`, '-p', '/fluentd/plugins', '--gemfile', '/fluentd/Gemfile', '--no-supervisor', '-q']
        : ['--workdir=/fluent-bit/etc', `--config=/fluent-bit/etc/conf/${fileName}`],
      envVariables: env,
      ports: [{ number: this.metricsPort, name: 'metrics' }],
      resources: props.resources ?? (fluentd ? {
        cpu: { request: plus.Cpu.millis(100), limit: plus.Cpu.millis(1000) },
        memory: { request: Size.mebibytes(200), limit: Size.mebibytes(512) },
      } : {
        cpu: { request: plus.Cpu.millis(100), limit: plus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
      }),
      securityContext: hardenedContext({ user: runAsUser, group: runAsUser === 0 ? 0 : runAsUser }),
      liveness: fluentd
        ? plus.Probe.fromHttpGet('/metrics', { port: this.metricsPort, ...probeTiming, failureThreshold: 6, initialDelaySeconds: Duration.seconds(30) })
        : plus.Probe.fromHttpGet('/', { port: this.metricsPort, ...probeTiming, failureThreshold: 6 }),
      readiness: fluentd
        ? plus.Probe.fromHttpGet('/metrics', { port: this.metricsPort, ...probeTiming, failureThreshold: 3 })
        : plus.Probe.fromHttpGet('/api/v2/health', { port: this.metricsPort, ...probeTiming, failureThreshold: 3 }),
    });

    const configVolume = plus.Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' });
    this.container.mount(configDir, configVolume, { readOnly: true });
    for (const p of logPaths) this.mountHostPath(this.container, p, p);
    const journal = props.configOverride !== undefined
      ? /^\s*(Name\s+systemd\s*$|@type\s+systemd)/mi.test(props.configOverride)
      : inputs.some((i) => i.kind === 'systemd');
    // The journal reader needs the machine id to find the node's journal files.
    if (journal) this.mountHostPath(this.container, '/etc/machine-id', '/etc/machine-id', { type: plus.HostPathVolumeType.FILE, volumeName: 'machine-id' });
    this.mountHostPath(this.container, stateDir, stateDir, {
      type: plus.HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false, volumeName: 'state',
    });
    // The one writable host path, by design: read positions (and filesystem buffers) must outlive the pod,
    // or logs are lost or shipped twice. Recorded on the DaemonSet too, so `node-daemons validate` of the
    // synthesized YAML agrees.
    this.suppress('ND-007', STATE_DIR_REASON);
    this.metadata.addAnnotation(SUPPRESS_ANNOTATION, JSON.stringify({ 'ND-007': STATE_DIR_REASON }));
    if (fluentd) {
      // Ruby needs a writable temp directory; the root filesystem stays read-only.
      const tmp = plus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: Size.mebibytes(64) });
      this.container.mount('/tmp', tmp);
    }

    this.metrics = new MetricsEndpoint(this, 'Metrics', {
      name: companionName(identity),
      namespace: identity.namespace,
      labels: identity.labels,
      selectorLabels: identity.selectorLabels,
      port: this.metricsPort,
      portName: 'metrics',
      path: fluentd ? '/metrics' : '/api/v2/metrics/prometheus',
      service: props.metricsService ?? true,
      serviceMonitor: props.serviceMonitor,
      networkPolicy: props.networkPolicy,
      defaultEgress: NetworkPolicyEgress.ALL,
      serviceAnnotations: props.serviceAnnotations,
      podMonitor: props.podMonitor,
    });
  }

  private createReaderRbac(identity: AgentIdentity): ApiObject {
    return clusterRoleFor(this, identity.labels, [
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ], this.serviceAccountResource.name, identity.namespace, companionName(identity));
  }

}
