import { Duration, Size } from 'cdk8s';
import { _PipelineContext, checkHost, checkPort, checkSecret, fluentdPattern, fluentdValue, onOff, Pairs, sizeToFluentBit } from './log-common';
import {
  LogOutputCommonOptions, HttpOutputOptions, S3OutputOptions, KafkaOutputOptions, CloudWatchLogsOutputOptions,
  ElasticsearchOutputOptions, LokiOutputOptions, ForwardOutputOptions, OpenTelemetryOutputOptions, StdoutOutputOptions,
} from './log-output-options';

// ============================================================================ outputs

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
      ...tlsPairs(options.tls ?? false, options),
    ];
    if (Object.keys(labels).length > 0) p.push(['Labels', Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')]);
    p.push(['Auto_Kubernetes_Labels', onOff(options.autoKubernetesLabels ?? false)]);
    p.push(['Line_Format', 'json']);
    if (options.tenantId) p.push(['Tenant_ID', options.tenantId]);
    if (options.httpUser) p.push(['HTTP_User', options.httpUser]);
    if (options.httpPassword) p.push(['HTTP_Passwd', options.httpPassword]);
    return new LogOutput('loki', options.match, options, p, undefined);
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
    const p: Pairs = [['Host', options.host], ['Port', String(port)], ...tlsPairs(options.tls ?? false, options)];
    if (options.sharedKey) p.push(['Shared_Key', options.sharedKey], ['Self_Hostname', '${NODE_NAME}']);
    const fluentd = [
      '  @type forward',
      ...(options.tls ? ['  transport tls', `  tls_verify_hostname ${options.tlsVerify ?? true}`, `  tls_insecure_mode ${!(options.tlsVerify ?? true)}`,
        ...(options.tlsCaFile ? [`  tls_cert_path ${options.tlsCaFile}`] : [])] : []),
      ...(options.sharedKey ? ['  <security>', '    self_hostname "#{ENV[\'NODE_NAME\']}"', `    shared_key ${fluentdValue(options.sharedKey)}`, '  </security>'] : []),
      '  <server>',
      `    host ${options.host}`,
      `    port ${port}`,
      '  </server>',
    ];
    return new LogOutput('forward', options.match, options, p, fluentd);
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
    const p: Pairs = [['Host', options.host], ['Port', String(port)], ['Logs_uri', uri], ...tlsPairs(options.tls ?? false, options)];
    return new LogOutput('opentelemetry', options.match, options, p, undefined);
  }

  /** Print records to the agent's own stdout (debugging; the agent's own logs are then excluded). */
  public static stdout(options: StdoutOutputOptions = {}): LogOutput {
    return new LogOutput('stdout', options.match, {}, [['Format', 'json_lines']], ['  @type stdout']);
  }

  /** HTTP(S) POST of the records to any endpoint (`http` plugin). fluent-bit only. */
  public static http(options: HttpOutputOptions): LogOutput {
    checkHost('LogOutput.http: host', options.host);
    const port = options.port ?? 443;
    checkPort('LogOutput.http: port', port);
    checkSecret('LogOutput.http: httpPassword', options.httpPassword);
    const uri = options.uri ?? '/';
    if (!uri.startsWith('/') || /\s/.test(uri)) throw new Error(`LogOutput.http: uri "${uri}" must start with "/" and have no spaces. Fix: use e.g. "/ingest".`);
    const tls = options.tls ?? true;
    const p: Pairs = [['Host', options.host], ['Port', String(port)], ['URI', uri], ['Format', options.format ?? 'json_lines'], ...tlsPairs(tls, options)];
    for (const [k, v] of Object.entries(options.headers ?? {})) {
      if (!/^[A-Za-z0-9-]+$/.test(k)) throw new Error(`LogOutput.http: header "${k}" is not a header name. Fix: use letters, digits and '-'.`);
      p.push(['Header', `${k} ${v}`]);
    }
    if (options.httpUser) p.push(['HTTP_User', options.httpUser]);
    if (options.httpPassword) p.push(['HTTP_Passwd', options.httpPassword]);
    return new LogOutput('http', options.match, options, p, undefined);
  }

  /** Amazon S3 (or S3-compatible storage), `s3` plugin. fluent-bit only. */
  public static s3(options: S3OutputOptions): LogOutput {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
      throw new Error(`LogOutput.s3: bucket "${options.bucket}" is not an S3 bucket name. Fix: use 3-63 lower-case letters, digits, '.' and '-'.`);
    }
    checkRegion('LogOutput.s3', options.region);
    const p: Pairs = [
      ['bucket', options.bucket],
      ['region', options.region],
      ['s3_key_format', options.s3KeyFormat ?? '/fluent-bit-logs/$TAG/%Y/%m/%d/%H/%M/%S'],
      ['total_file_size', sizeToFluentBit(options.totalFileSize ?? Size.mebibytes(50))],
      ['upload_timeout', `${(options.uploadTimeout ?? Duration.minutes(10)).toSeconds()}s`],
      ['use_put_object', 'On'],
    ];
    if (options.roleArn) p.push(['role_arn', options.roleArn]);
    if (options.endpoint) p.push(['endpoint', options.endpoint]);
    return new LogOutput('s3', options.match, options, p, undefined);
  }

  /** Apache Kafka (`kafka` plugin). fluent-bit only. */
  public static kafka(options: KafkaOutputOptions): LogOutput {
    if (options.brokers.length === 0) throw new Error('LogOutput.kafka: brokers is empty. Fix: give at least one "host:port".');
    for (const b of options.brokers) {
      if (!/^[^\s:/,]+:[0-9]{1,5}$/.test(b)) throw new Error(`LogOutput.kafka: broker "${b}" is not host:port. Fix: use e.g. "kafka-0.kafka.svc:9092".`);
    }
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(options.topic)) throw new Error(`LogOutput.kafka: topic "${options.topic}" is not a Kafka topic name. Fix: use letters, digits, '.', '_' and '-'.`);
    const p: Pairs = [['Brokers', options.brokers.join(',')], ['Topics', options.topic], ['Format', options.format ?? 'json']];
    for (const [k, v] of Object.entries(options.rdkafka ?? {})) {
      if (!/^[a-z0-9.]+$/.test(k)) throw new Error(`LogOutput.kafka: rdkafka property "${k}" is not a librdkafka property name. Fix: use e.g. "security.protocol".`);
      if (/password|secret/.test(k)) checkSecret(`LogOutput.kafka: rdkafka.${k}`, v);
      p.push([`rdkafka.${k}`, v]);
    }
    return new LogOutput('kafka', options.match, options, p, undefined);
  }

  /** Amazon CloudWatch Logs (`cloudwatch_logs` plugin). fluent-bit only. */
  public static cloudwatchLogs(options: CloudWatchLogsOutputOptions): LogOutput {
    checkRegion('LogOutput.cloudwatchLogs', options.region);
    if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(options.logGroupName)) {
      throw new Error(`LogOutput.cloudwatchLogs: logGroupName "${options.logGroupName}" is not a log group name. Fix: use letters, digits and . - _ / #.`);
    }
    const p: Pairs = [
      ['region', options.region],
      ['log_group_name', options.logGroupName],
      ['log_stream_prefix', options.logStreamPrefix ?? 'from-fluent-bit-'],
      ['auto_create_group', onOff(options.autoCreateGroup ?? false)],
    ];
    if (options.roleArn) p.push(['role_arn', options.roleArn]);
    return new LogOutput('cloudwatch_logs', options.match, options, p, undefined);
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
    p.push(['Suppress_Type_Name', 'On'], ['Replace_Dots', 'On'], ['Trace_Error', 'On'], ...tlsPairs(tls, options));
    if (options.httpUser) p.push(['HTTP_User', options.httpUser]);
    if (options.httpPassword) p.push(['HTTP_Passwd', options.httpPassword]);
    const fluentd = plugin === 'es' ? [
      '  @type elasticsearch',
      `  host ${options.host}`,
      `  port ${port}`,
      `  scheme ${tls ? 'https' : 'http'}`,
      ...(tls ? [`  ssl_verify ${options.tlsVerify ?? true}`, ...(options.tlsCaFile ? [`  ca_file ${options.tlsCaFile}`] : [])] : []),
      ...(logstash ? ['  logstash_format true', `  logstash_prefix ${options.logstashPrefix ?? 'logs'}`] : [`  index_name ${options.index ?? 'logs'}`]),
      ...(options.httpUser ? [`  user ${options.httpUser}`] : []),
      ...(options.httpPassword ? [`  password ${fluentdValue(options.httpPassword)}`] : []),
      '  <buffer>',
      '    @type memory',
      '    flush_interval 5s',
      options.retryForever ? '    retry_forever true' : '    retry_max_times ' + String(options.retryLimit ?? 5),
      '    chunk_limit_size 2M',
      '    total_limit_size 64M',
      '    overflow_action block',
      '  </buffer>',
    ] : undefined;
    return new LogOutput(plugin, options.match, options, p, fluentd);
  }

  /** The tags sent to this output. */
  public readonly match: string;

  private constructor(
    /** The fluent-bit plugin name (`es`, `opensearch`, `loki`, `forward`, `opentelemetry`, `stdout`). */
    public readonly plugin: string,
    match: string | undefined,
    private readonly common: LogOutputCommonOptions,
    private readonly pairs: Pairs,
    private readonly fluentdBody: string[] | undefined,
  ) {
    this.match = match ?? '*';
    const retryLimit = common.retryLimit;
    if (retryLimit !== undefined && (!Number.isInteger(retryLimit) || retryLimit < 1)) {
      throw new Error(`LogOutput.${plugin}: retryLimit ${retryLimit} must be a whole number of at least 1. Fix: use e.g. 5, or \`retryForever: true\` to never drop a chunk.`);
    }
    if (retryLimit !== undefined && common.retryForever) {
      throw new Error(`LogOutput.${plugin}: retryLimit and retryForever contradict each other. Fix: keep one.`);
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
  public _fluentBit(ctx?: _PipelineContext): Pairs {
    const p: Pairs = [['Name', this.plugin], ['Match', this.match], ...this.pairs];
    if (this.plugin !== 'stdout') p.push(['Retry_Limit', this.common.retryForever ? 'no_limits' : String(this.common.retryLimit ?? 5)]);
    if (ctx?.filesystemBuffering && ctx.outputBufferLimit && this.plugin !== 'stdout') p.push(['storage.total_limit_size', ctx.outputBufferLimit]);
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

/** The TLS settings of an output. */
function tlsPairs(tls: boolean, o: LogOutputCommonOptions): Pairs {
  if (!tls) {
    if (o.tlsCaFile || o.tlsVerify !== undefined || o.tlsServerName) {
      throw new Error('LogOutput: tlsVerify, tlsCaFile and tlsServerName need TLS. Fix: set `tls: true` or drop them.');
    }
    return [['tls', 'Off']];
  }
  const p: Pairs = [['tls', 'On'], ['tls.verify', onOff(o.tlsVerify ?? true)]];
  if (o.tlsCaFile) {
    if (!o.tlsCaFile.startsWith('/')) throw new Error(`LogOutput: tlsCaFile "${o.tlsCaFile}" is relative. Fix: give the absolute path of the mounted CA bundle.`);
    p.push(['tls.ca_file', o.tlsCaFile]);
  }
  if (o.tlsServerName) p.push(['tls.vhost', o.tlsServerName]);
  return p;
}

function checkRegion(what: string, region: string): void {
  if (!/^[a-z]{2}(-[a-z]+)+-[0-9]$/.test(region)) throw new Error(`${what}: region "${region}" is not an AWS region. Fix: use e.g. "eu-west-1".`);
}
