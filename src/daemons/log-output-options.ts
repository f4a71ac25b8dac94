import { Duration, Size } from 'cdk8s';

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

  /**
   * Retry a failed chunk until it is delivered (fluent-bit `Retry_Limit no_limits`, fluentd
   * `retry_forever`): no log is dropped after a backend outage, as the fluent-bit chart does. Combine with
   * `filesystemBuffering` on the daemon so the backlog survives restarts and does not fill memory.
   *
   * @default false
   */
  readonly retryForever?: boolean;

  /**
   * Verify the server certificate when TLS is on. Turning it off accepts any certificate.
   *
   * @default true
   */
  readonly tlsVerify?: boolean;

  /**
   * A CA bundle file (in the container) that signs the server certificate, e.g. from a ConfigMap mounted
   * with `daemon.container.mount()`.
   *
   * @default - the image's system CAs
   */
  readonly tlsCaFile?: string;

  /**
   * The TLS server name (SNI) when it differs from `host`.
   *
   * @default - the host
   */
  readonly tlsServerName?: string;
}

/**
 * Options of `LogOutput.http()`.
 */
export interface HttpOutputOptions extends LogOutputCommonOptions {
  /** The host name. */
  readonly host: string;

  /**
   * The port.
   *
   * @default 443
   */
  readonly port?: number;

  /**
   * The request path.
   *
   * @default '/'
   */
  readonly uri?: string;

  /**
   * Connect with TLS.
   *
   * @default true
   */
  readonly tls?: boolean;

  /**
   * The body format: `json`, `json_lines`, `json_stream` or `msgpack`.
   *
   * @default 'json_lines'
   */
  readonly format?: string;

  /**
   * Extra request headers. Secret values as environment references (`${API_KEY}`).
   *
   * @default - none
   */
  readonly headers?: { [name: string]: string };

  /**
   * Basic-auth user.
   *
   * @default - no authentication
   */
  readonly httpUser?: string;

  /**
   * Basic-auth password, as an environment reference such as `${HTTP_PASSWORD}`.
   *
   * @default - no password
   */
  readonly httpPassword?: string;
}

/**
 * Options of `LogOutput.s3()`.
 */
export interface S3OutputOptions extends LogOutputCommonOptions {
  /** The bucket. */
  readonly bucket: string;

  /** The AWS region. */
  readonly region: string;

  /**
   * The object key format.
   *
   * @default '/fluent-bit-logs/$TAG/%Y/%m/%d/%H/%M/%S'
   */
  readonly s3KeyFormat?: string;

  /**
   * Upload when a file reaches this size.
   *
   * @default Size.mebibytes(50)
   */
  readonly totalFileSize?: Size;

  /**
   * Upload at least this often.
   *
   * @default Duration.minutes(10)
   */
  readonly uploadTimeout?: Duration;

  /**
   * An IAM role to assume (credentials otherwise come from the pod's environment, e.g. IRSA).
   *
   * @default - none
   */
  readonly roleArn?: string;

  /**
   * A custom endpoint (S3-compatible storage).
   *
   * @default - AWS S3
   */
  readonly endpoint?: string;
}

/**
 * Options of `LogOutput.kafka()`.
 */
export interface KafkaOutputOptions extends LogOutputCommonOptions {
  /** The bootstrap brokers, `host:port`. */
  readonly brokers: string[];

  /** The topic. */
  readonly topic: string;

  /**
   * The message format: `json`, `msgpack`, `gelf` or `raw`.
   *
   * @default 'json'
   */
  readonly format?: string;

  /**
   * Extra librdkafka properties (`rdkafka.<name>`), e.g. `{ 'security.protocol': 'SASL_SSL' }`; secret values
   * as environment references.
   *
   * @default - none
   */
  readonly rdkafka?: { [name: string]: string };
}

/**
 * Options of `LogOutput.cloudwatchLogs()`.
 */
export interface CloudWatchLogsOutputOptions extends LogOutputCommonOptions {
  /** The AWS region. */
  readonly region: string;

  /** The log group. */
  readonly logGroupName: string;

  /**
   * The prefix of the log stream names (followed by the tag).
   *
   * @default 'from-fluent-bit-'
   */
  readonly logStreamPrefix?: string;

  /**
   * Create the log group when missing (needs `logs:CreateLogGroup`).
   *
   * @default false
   */
  readonly autoCreateGroup?: boolean;

  /**
   * An IAM role to assume.
   *
   * @default - none
   */
  readonly roleArn?: string;
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
