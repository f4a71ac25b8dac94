import { Duration, Size } from 'cdk8s';

/**
 * Where rendered plugins put their state, and the agent they are rendered for.
 * @internal
 */
export interface _PipelineContext {
  /** The state directory inside the container (tail DB / pos files). */
  readonly stateDir: string;
}

type Pairs = Array<[string, string]>;

const ENV_REF = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

function checkSecret(field: string, value: string | undefined): void {
  if (value === undefined) return;
  if (!ENV_REF.test(value)) {
    throw new Error(`${field}: a literal secret would be stored in plain text in the ConfigMap. Fix: pass an environment reference such as "\${LOG_PASSWORD}" and set \`env: { LOG_PASSWORD: EnvValue.fromSecretValue(...) }\` on the daemon.`);
  }
}

function checkHost(field: string, host: string): void {
  if (!host || /[\s/]/.test(host)) {
    throw new Error(`${field}: "${host}" is not a host name or address. Fix: pass a host such as "elasticsearch.logging.svc" (no scheme, no path).`);
  }
}

function checkPort(field: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${field}: ${port} is not a port. Fix: use a whole number from 1 to 65535.`);
  }
}

/** `${VAR}` (fluent-bit syntax) to fluentd's embedded Ruby. */
function fluentdValue(v: string): string {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(v);
  return m ? `"#{ENV['${m[1]}']}"` : v;
}

/** A fluent-bit match pattern as a fluentd one (`*` spans tag parts in fluent-bit). */
function fluentdPattern(match: string): string {
  return match.replace(/\*+/g, '**');
}

function sizeToFluentBit(size: Size): string {
  return `${size.toMebibytes()}MB`;
}

function onOff(v: boolean): string {
  return v ? 'On' : 'Off';
}

// ============================================================================ inputs

/**
 * Options of `LogInput.containerLogs()`.
 */
export interface ContainerLogsInputOptions {
  /**
   * The glob of the container log files (the kubelet's symlinks to `/var/log/pods`).
   *
   * @default '/var/log/containers/*.log'
   */
  readonly path?: string;

  /**
   * Globs of files not to read.
   *
   * @default - none (the daemon adds its own logs when an stdout output would loop them back)
   */
  readonly excludePaths?: string[];

  /**
   * The tag of the records. The Kubernetes filter expects `kube.*`.
   *
   * @default 'kube.*'
   */
  readonly tag?: string;

  /**
   * Memory buffer limit of the input: when reached, the input pauses instead of the agent being
   * OOM-killed.
   *
   * @default Size.mebibytes(50)
   */
  readonly memBufLimit?: Size;

  /**
   * How often the glob is re-evaluated for new files.
   *
   * @default Duration.seconds(10)
   */
  readonly refreshInterval?: Duration;

  /**
   * Read files found at start-up from the beginning (the tail DB still prevents re-reading).
   *
   * @default true
   */
  readonly readFromHead?: boolean;
}

/**
 * Options of `LogInput.tail()`.
 */
export interface TailInputOptions {
  /** The glob of the files to read. It must be under a mounted log path. */
  readonly path: string;

  /** The tag of the records, unique among the inputs. */
  readonly tag: string;

  /**
   * A parser name (fluent-bit `Parser`, fluentd `<parse> @type`).
   *
   * @default - no parsing, the line is the `log` field
   */
  readonly parser?: string;

  /**
   * Globs of files not to read.
   *
   * @default - none
   */
  readonly excludePaths?: string[];

  /**
   * Memory buffer limit of the input.
   *
   * @default Size.mebibytes(50)
   */
  readonly memBufLimit?: Size;
}

/**
 * A log input of the generated agent configuration. Create with the static factories.
 */
export class LogInput {
  /**
   * Tail the container logs of every pod on the node, with the built-in `cri` (containerd,
   * CRI-O) and `docker` multiline parsers, so both runtimes work and lines split by the runtime
   * are joined again. Read positions are kept in a DB on the node.
   */
  public static containerLogs(options: ContainerLogsInputOptions = {}): LogInput {
    return new LogInput('containers', {
      path: options.path ?? '/var/log/containers/*.log',
      tag: options.tag ?? 'kube.*',
      excludePaths: options.excludePaths ?? [],
      memBufLimit: options.memBufLimit ?? Size.mebibytes(50),
      refreshInterval: options.refreshInterval ?? Duration.seconds(10),
      readFromHead: options.readFromHead ?? true,
      multiline: ['docker', 'cri'],
    });
  }

  /**
   * Tail any log files on the node.
   */
  public static tail(options: TailInputOptions): LogInput {
    if (!options.path.startsWith('/')) {
      throw new Error(`LogInput.tail: path "${options.path}" is relative. Fix: use an absolute path such as "/var/log/syslog".`);
    }
    return new LogInput('tail', {
      path: options.path,
      tag: options.tag,
      excludePaths: options.excludePaths ?? [],
      memBufLimit: options.memBufLimit ?? Size.mebibytes(50),
      refreshInterval: Duration.seconds(10),
      readFromHead: true,
      parser: options.parser,
      multiline: [],
    });
  }

  private constructor(
    /** What kind of input this is (`containers` or `tail`). */
    public readonly kind: string,
    private readonly o: {
      path: string;
      tag: string;
      excludePaths: string[];
      memBufLimit: Size;
      refreshInterval: Duration;
      readFromHead: boolean;
      multiline: string[];
      parser?: string;
    },
  ) {
    if (!o.tag || /\s/.test(o.tag)) {
      throw new Error(`LogInput: tag "${o.tag}" is not a tag. Fix: use a tag without spaces, such as "kube.*".`);
    }
  }

  /** The tag of the records of this input. */
  public get tag(): string {
    return this.o.tag;
  }

  /** The glob of the files read. */
  public get path(): string {
    return this.o.path;
  }

  /** The name of the read-position DB file, derived from the tag. @internal */
  public _dbName(): string {
    return this.o.tag.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'tail';
  }

  /** @internal */
  public _withExcludes(extra: string[]): LogInput {
    return new LogInput(this.kind, { ...this.o, excludePaths: [...this.o.excludePaths, ...extra] });
  }

  /** @internal */
  public _fluentBit(ctx: _PipelineContext): Pairs {
    const p: Pairs = [
      ['Name', 'tail'],
      ['Tag', this.o.tag],
      ['Path', this.o.path],
    ];
    if (this.o.excludePaths.length > 0) p.push(['Exclude_Path', this.o.excludePaths.join(',')]);
    if (this.o.multiline.length > 0) p.push(['multiline.parser', this.o.multiline.join(', ')]);
    if (this.o.parser) p.push(['Parser', this.o.parser]);
    p.push(
      ['DB', `${ctx.stateDir}/${this._dbName()}.db`],
      ['DB.locking', 'true'],
      ['Mem_Buf_Limit', sizeToFluentBit(this.o.memBufLimit)],
      ['Skip_Long_Lines', 'On'],
      ['Refresh_Interval', String(this.o.refreshInterval.toSeconds())],
      ['Read_from_Head', this.o.readFromHead ? 'True' : 'False'],
    );
    return p;
  }

  /** @internal */
  public _fluentd(ctx: _PipelineContext): string {
    const lines = [
      '<source>',
      '  @type tail',
      `  @id in_tail_${this._dbName().replace(/-/g, '_')}`,
      `  path ${this.o.path}`,
    ];
    if (this.o.excludePaths.length > 0) lines.push(`  exclude_path ${JSON.stringify(this.o.excludePaths)}`);
    lines.push(
      `  pos_file ${ctx.stateDir}/${this._dbName()}.pos`,
      `  tag ${this.o.tag}`,
      `  read_from_head ${this.o.readFromHead}`,
      `  refresh_interval ${this.o.refreshInterval.toSeconds()}`,
    );
    if (this.kind === 'containers') {
      lines.push(
        '  <parse>',
        '    @type multi_format',
        '    <pattern>',
        '      format json',
        '      time_key time',
        '      time_format %Y-%m-%dT%H:%M:%S.%NZ',
        '    </pattern>',
        '    <pattern>',
        '      format /^(?<time>.+) (?<stream>stdout|stderr) [^ ]* (?<log>.*)$/',
        '      time_format %Y-%m-%dT%H:%M:%S.%N%:z',
        '    </pattern>',
        '  </parse>',
      );
    } else {
      lines.push('  <parse>', `    @type ${this.o.parser ?? 'none'}`, '  </parse>');
    }
    lines.push('</source>');
    return lines.join('\n');
  }
}

// ============================================================================ filters

/**
 * Options of `LogFilter.kubernetes()`.
 */
export interface KubernetesFilterOptions {
  /**
   * The tags the filter applies to.
   *
   * @default 'kube.*'
   */
  readonly match?: string;

  /**
   * Parse JSON log lines into fields of the record.
   *
   * @default true
   */
  readonly mergeLog?: boolean;

  /**
   * Keep the original `log` field after merging it.
   *
   * @default false
   */
  readonly keepLog?: boolean;

  /**
   * Add the pod labels.
   *
   * @default true
   */
  readonly labels?: boolean;

  /**
   * Add the pod annotations (often large and sensitive).
   *
   * @default false
   */
  readonly annotations?: boolean;

  /**
   * Let pods choose a parser with the `fluentbit.io/parser` annotation.
   *
   * @default true
   */
  readonly k8sLoggingParser?: boolean;

  /**
   * Let pods opt out of collection with the `fluentbit.io/exclude` annotation.
   *
   * @default true
   */
  readonly k8sLoggingExclude?: boolean;
}

/**
 * Options of `LogFilter.grep()`.
 */
export interface GrepFilterOptions {
  /** The record key to test, e.g. `log` or `$kubernetes['namespace_name']`. */
  readonly key: string;

  /** The regular expression. */
  readonly regex: string;

  /**
   * Drop matching records (instead of keeping only matching records).
   *
   * @default false
   */
  readonly exclude?: boolean;

  /**
   * The tags the filter applies to.
   *
   * @default '*'
   */
  readonly match?: string;
}

/**
 * A filter of the generated agent configuration. Create with the static factories.
 */
export class LogFilter {
  /**
   * Enrich records with pod metadata from the API server (namespace, pod, container, labels).
   * Needs the agent's ServiceAccount token and read access to pods and namespaces, which the
   * log agent creates.
   */
  public static kubernetes(options: KubernetesFilterOptions = {}): LogFilter {
    return new LogFilter('kubernetes', options.match ?? 'kube.*', { kubernetes: options });
  }

  /**
   * Keep (or, with `exclude`, drop) the records whose key matches a regular expression.
   */
  public static grep(options: GrepFilterOptions): LogFilter {
    if (/[\r\n]/.test(options.regex) || /[\r\n\s]/.test(options.key)) {
      throw new Error('LogFilter.grep: key and regex must be single-line, and the key has no spaces. Fix: remove the line breaks.');
    }
    return new LogFilter('grep', options.match ?? '*', { grep: options });
  }

  private constructor(
    /** The plugin name. */
    public readonly kind: string,
    /** The tags the filter applies to. */
    public readonly match: string,
    private readonly o: { kubernetes?: KubernetesFilterOptions; grep?: GrepFilterOptions },
  ) {}

  /** Whether the filter queries the API server. */
  public get needsApiServer(): boolean {
    return this.kind === 'kubernetes';
  }

  /** @internal */
  public _fluentBit(): Pairs {
    if (this.o.kubernetes) {
      const k = this.o.kubernetes;
      return [
        ['Name', 'kubernetes'],
        ['Match', this.match],
        ['Kube_URL', 'https://kubernetes.default.svc:443'],
        ['Kube_CA_File', '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt'],
        ['Kube_Token_File', '/var/run/secrets/kubernetes.io/serviceaccount/token'],
        ['Kube_Tag_Prefix', `${this.match.replace(/\*+$/, '')}var.log.containers.`],
        ['Merge_Log', onOff(k.mergeLog ?? true)],
        ['Keep_Log', onOff(k.keepLog ?? false)],
        ['Labels', onOff(k.labels ?? true)],
        ['Annotations', onOff(k.annotations ?? false)],
        ['K8S-Logging.Parser', onOff(k.k8sLoggingParser ?? true)],
        ['K8S-Logging.Exclude', onOff(k.k8sLoggingExclude ?? true)],
      ];
    }
    const g = this.o.grep!;
    return [
      ['Name', 'grep'],
      ['Match', this.match],
      [g.exclude ? 'Exclude' : 'Regex', `${g.key} ${g.regex}`],
    ];
  }

  /** @internal */
  public _fluentd(): string {
    const pattern = fluentdPattern(this.match);
    if (this.o.kubernetes) {
      return [`<filter ${pattern}>`, '  @type kubernetes_metadata', `  skip_labels ${!(this.o.kubernetes.labels ?? true)}`, '</filter>'].join('\n');
    }
    const g = this.o.grep!;
    const section = g.exclude ? 'exclude' : 'regexp';
    return [`<filter ${pattern}>`, '  @type grep', `  <${section}>`, `    key ${g.key}`, `    pattern /${g.regex}/`, `  </${section}>`, '</filter>'].join('\n');
  }
}

// ============================================================================ outputs

/**
 * Options every output has.
 */
export interface LogOutputCommonOptions {
  /**
   * The tags sent to this output.
   *
   * @default '*'
   */
  readonly match?: string;

  /**
   * How often a failed chunk is retried before it is dropped (fluent-bit's own default is a
   * single retry, which loses logs on the first backend hiccup).
   *
   * @default 5
   */
  readonly retryLimit?: number;
}

/**
 * Options of `LogOutput.elasticsearch()` and `LogOutput.opensearch()`.
 */
export interface ElasticsearchOutputOptions extends LogOutputCommonOptions {
  /** The host name, e.g. `elasticsearch.logging.svc`. */
  readonly host: string;

  /**
   * The port.
   *
   * @default 9200
   */
  readonly port?: number;

  /**
   * Write to daily indices `<logstashPrefix>-YYYY.MM.DD`. When false, every record goes to `index`.
   *
   * @default true
   */
  readonly logstashFormat?: boolean;

  /**
   * The prefix of the daily indices.
   *
   * @default 'logs'
   */
  readonly logstashPrefix?: string;

  /**
   * The index, when `logstashFormat` is false.
   *
   * @default 'logs'
   */
  readonly index?: string;

  /**
   * Connect with TLS (certificate verified).
   *
   * @default true
   */
  readonly tls?: boolean;

  /**
   * Basic-auth user.
   *
   * @default - no authentication
   */
  readonly httpUser?: string;

  /**
   * Basic-auth password, as an environment reference such as `${ES_PASSWORD}` (literal secrets are
   * rejected: the config is a ConfigMap).
   *
   * @default - no password
   */
  readonly httpPassword?: string;
}

/**
 * Options of `LogOutput.loki()`.
 */
export interface LokiOutputOptions extends LogOutputCommonOptions {
  /** The host name, e.g. `loki-gateway.logging.svc`. */
  readonly host: string;

  /**
   * The port.
   *
   * @default 3100
   */
  readonly port?: number;

  /**
   * Connect with TLS.
   *
   * @default false
   */
  readonly tls?: boolean;

  /**
   * Static stream labels.
   *
   * @default { job: 'fluent-bit' }
   */
  readonly labels?: { [key: string]: string };

  /**
   * Add the pod labels as stream labels (beware of cardinality).
   *
   * @default false
   */
  readonly autoKubernetesLabels?: boolean;

  /**
   * The tenant (X-Scope-OrgID) in multi-tenant Loki.
   *
   * @default - none
   */
  readonly tenantId?: string;

  /**
   * Basic-auth user.
   *
   * @default - no authentication
   */
  readonly httpUser?: string;

  /**
   * Basic-auth password, as an environment reference such as `${LOKI_PASSWORD}`.
   *
   * @default - no password
   */
  readonly httpPassword?: string;
}

/**
 * Options of `LogOutput.forward()`.
 */
export interface ForwardOutputOptions extends LogOutputCommonOptions {
  /** The host of the Fluentd / Fluent Bit aggregator. */
  readonly host: string;

  /**
   * The port.
   *
   * @default 24224
   */
  readonly port?: number;

  /**
   * Connect with TLS.
   *
   * @default false
   */
  readonly tls?: boolean;

  /**
   * The shared key of the secure forward protocol, as an environment reference such as
   * `${FORWARD_SHARED_KEY}`. Requires `tls`.
   *
   * @default - no shared key
   */
  readonly sharedKey?: string;
}

/**
 * Options of `LogOutput.openTelemetry()`.
 */
export interface OpenTelemetryOutputOptions extends LogOutputCommonOptions {
  /** The host of the OTLP/HTTP receiver, e.g. `otel-collector.observability.svc`. */
  readonly host: string;

  /**
   * The port of the OTLP/HTTP receiver.
   *
   * @default 4318
   */
  readonly port?: number;

  /**
   * The logs path.
   *
   * @default '/v1/logs'
   */
  readonly logsUri?: string;

  /**
   * Connect with TLS.
   *
   * @default false
   */
  readonly tls?: boolean;
}

/**
 * Options of `LogOutput.stdout()`.
 */
export interface StdoutOutputOptions {
  /**
   * The tags printed.
   *
   * @default '*'
   */
  readonly match?: string;
}

/**
 * A log output (destination) of the generated agent configuration. Create with the static
 * factories: `LogOutput.elasticsearch({ host })`, `LogOutput.loki({ host })`, ...
 */
export class LogOutput {
  /** Elasticsearch (`es` plugin), daily indices by default. */
  public static elasticsearch(options: ElasticsearchOutputOptions): LogOutput {
    return LogOutput.search('es', 'LogOutput.elasticsearch', options);
  }

  /** OpenSearch (`opensearch` plugin), daily indices by default. fluent-bit only. */
  public static opensearch(options: ElasticsearchOutputOptions): LogOutput {
    return LogOutput.search('opensearch', 'LogOutput.opensearch', options);
  }

  /** Grafana Loki. fluent-bit only. */
  public static loki(options: LokiOutputOptions): LogOutput {
    checkHost('LogOutput.loki: host', options.host);
    const port = options.port ?? 3100;
    checkPort('LogOutput.loki: port', port);
    checkSecret('LogOutput.loki: httpPassword', options.httpPassword);
    const labels = options.labels ?? { job: 'fluent-bit' };
    const p: Pairs = [
      ['Host', options.host],
      ['Port', String(port)],
      ['tls', onOff(options.tls ?? false)],
    ];
    if (options.tls) p.push(['tls.verify', 'On']);
    if (Object.keys(labels).length > 0) p.push(['Labels', Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')]);
    p.push(['Auto_Kubernetes_Labels', onOff(options.autoKubernetesLabels ?? false)]);
    p.push(['Line_Format', 'json']);
    if (options.tenantId) p.push(['Tenant_ID', options.tenantId]);
    if (options.httpUser) p.push(['HTTP_User', options.httpUser]);
    if (options.httpPassword) p.push(['HTTP_Passwd', options.httpPassword]);
    return new LogOutput('loki', options.match, options.retryLimit, p, undefined);
  }

  /** The Forward protocol, to a Fluentd or Fluent Bit aggregator. */
  public static forward(options: ForwardOutputOptions): LogOutput {
    checkHost('LogOutput.forward: host', options.host);
    const port = options.port ?? 24224;
    checkPort('LogOutput.forward: port', port);
    checkSecret('LogOutput.forward: sharedKey', options.sharedKey);
    if (options.sharedKey && !options.tls) {
      throw new Error('LogOutput.forward: sharedKey without tls would send the key handshake in the clear. Fix: set `tls: true`.');
    }
    const p: Pairs = [['Host', options.host], ['Port', String(port)], ['tls', onOff(options.tls ?? false)]];
    if (options.tls) p.push(['tls.verify', 'On']);
    if (options.sharedKey) p.push(['Shared_Key', options.sharedKey], ['Self_Hostname', '${NODE_NAME}']);
    const fluentd = [
      '  @type forward',
      ...(options.tls ? ['  transport tls', '  tls_verify_hostname true'] : []),
      ...(options.sharedKey ? ['  <security>', '    self_hostname "#{ENV[\'NODE_NAME\']}"', `    shared_key ${fluentdValue(options.sharedKey)}`, '  </security>'] : []),
      '  <server>',
      `    host ${options.host}`,
      `    port ${port}`,
      '  </server>',
    ];
    return new LogOutput('forward', options.match, options.retryLimit, p, fluentd);
  }

  /** OpenTelemetry (OTLP/HTTP). fluent-bit only. */
  public static openTelemetry(options: OpenTelemetryOutputOptions): LogOutput {
    checkHost('LogOutput.openTelemetry: host', options.host);
    const port = options.port ?? 4318;
    checkPort('LogOutput.openTelemetry: port', port);
    const uri = options.logsUri ?? '/v1/logs';
    if (!uri.startsWith('/')) {
      throw new Error(`LogOutput.openTelemetry: logsUri "${uri}" must start with "/". Fix: use a path such as "/v1/logs".`);
    }
    const p: Pairs = [['Host', options.host], ['Port', String(port)], ['Logs_uri', uri], ['tls', onOff(options.tls ?? false)]];
    if (options.tls) p.push(['tls.verify', 'On']);
    return new LogOutput('opentelemetry', options.match, options.retryLimit, p, undefined);
  }

  /** Print records to the agent's own stdout (debugging; the agent's own logs are then excluded). */
  public static stdout(options: StdoutOutputOptions = {}): LogOutput {
    return new LogOutput('stdout', options.match, undefined, [['Format', 'json_lines']], ['  @type stdout']);
  }

  private static search(plugin: string, what: string, options: ElasticsearchOutputOptions): LogOutput {
    checkHost(`${what}: host`, options.host);
    const port = options.port ?? 9200;
    checkPort(`${what}: port`, port);
    checkSecret(`${what}: httpPassword`, options.httpPassword);
    const tls = options.tls ?? true;
    const logstash = options.logstashFormat ?? true;
    const p: Pairs = [['Host', options.host], ['Port', String(port)]];
    if (logstash) {
      p.push(['Logstash_Format', 'On'], ['Logstash_Prefix', options.logstashPrefix ?? 'logs']);
    } else {
      p.push(['Index', options.index ?? 'logs']);
    }
    p.push(['Suppress_Type_Name', 'On'], ['Replace_Dots', 'On'], ['Trace_Error', 'On'], ['tls', onOff(tls)]);
    if (tls) p.push(['tls.verify', 'On']);
    if (options.httpUser) p.push(['HTTP_User', options.httpUser]);
    if (options.httpPassword) p.push(['HTTP_Passwd', options.httpPassword]);
    const fluentd = plugin === 'es' ? [
      '  @type elasticsearch',
      `  host ${options.host}`,
      `  port ${port}`,
      `  scheme ${tls ? 'https' : 'http'}`,
      ...(tls ? ['  ssl_verify true'] : []),
      ...(logstash ? ['  logstash_format true', `  logstash_prefix ${options.logstashPrefix ?? 'logs'}`] : [`  index_name ${options.index ?? 'logs'}`]),
      ...(options.httpUser ? [`  user ${options.httpUser}`] : []),
      ...(options.httpPassword ? [`  password ${fluentdValue(options.httpPassword)}`] : []),
      '  <buffer>',
      '    @type memory',
      '    flush_interval 5s',
      '    retry_max_times ' + String(options.retryLimit ?? 5),
      '    chunk_limit_size 2M',
      '    total_limit_size 64M',
      '    overflow_action block',
      '  </buffer>',
    ] : undefined;
    return new LogOutput(plugin, options.match, options.retryLimit, p, fluentd);
  }

  /** The tags sent to this output. */
  public readonly match: string;

  private constructor(
    /** The fluent-bit plugin name (`es`, `opensearch`, `loki`, `forward`, `opentelemetry`, `stdout`). */
    public readonly plugin: string,
    match: string | undefined,
    private readonly retryLimit: number | undefined,
    private readonly pairs: Pairs,
    private readonly fluentdBody: string[] | undefined,
  ) {
    this.match = match ?? '*';
    if (retryLimit !== undefined && (!Number.isInteger(retryLimit) || retryLimit < 1)) {
      throw new Error(`LogOutput.${plugin}: retryLimit ${retryLimit} must be a whole number of at least 1. Fix: use e.g. 5.`);
    }
    for (const [k, v] of pairs) {
      if (/[\r\n]/.test(v)) throw new Error(`LogOutput.${plugin}: ${k} contains a line break. Fix: remove it.`);
    }
  }

  /** Whether fluentd (the `fluentd-kubernetes-daemonset` elasticsearch image) can render this output. */
  public get supportsFluentd(): boolean {
    return this.fluentdBody !== undefined;
  }

  /** @internal */
  public _fluentBit(): Pairs {
    const p: Pairs = [['Name', this.plugin], ['Match', this.match], ...this.pairs];
    if (this.plugin !== 'stdout') p.push(['Retry_Limit', String(this.retryLimit ?? 5)]);
    return p;
  }

  /** @internal */
  public _fluentd(): string {
    if (!this.fluentdBody) {
      throw new Error(`LogOutput "${this.plugin}" is not available in the fluentd-kubernetes-daemonset elasticsearch image. Fix: use LogAgentKind.FLUENT_BIT, or an elasticsearch, forward or stdout output.`);
    }
    return [`<match ${fluentdPattern(this.match)}>`, ...this.fluentdBody, '</match>'].join('\n');
  }
}
