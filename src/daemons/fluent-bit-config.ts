import { Duration } from 'cdk8s';
import { LogFilter, LogInput, LogOutput } from './log-pipeline';
import { checkPipeline } from './pipeline-checks';

/**
 * The log level of the agent itself.
 */
export enum AgentLogLevel {
  /** Errors only. */
  ERROR = 'error',
  /** Warnings and errors. */
  WARN = 'warn',
  /** Informational messages. */
  INFO = 'info',
  /** Debug output (verbose). */
  DEBUG = 'debug',
}

/**
 * Properties of `FluentBitConfig` (and `FluentdConfig`).
 */
export interface LogPipelineConfigProps {
  /** The inputs. At least one. */
  readonly inputs: LogInput[];

  /**
   * The filters, applied in order.
   *
   * @default - none
   */
  readonly filters?: LogFilter[];

  /** The outputs. At least one. */
  readonly outputs: LogOutput[];

  /**
   * The port of the built-in HTTP server (health and metrics).
   *
   * @default 2020
   */
  readonly httpPort?: number;

  /**
   * The directory (in the container) of the tail DB / pos files.
   *
   * @default '/var/lib/fluent-bit'
   */
  readonly stateDir?: string;

  /**
   * The agent's own log level.
   *
   * @default AgentLogLevel.INFO
   */
  readonly logLevel?: AgentLogLevel;

  /**
   * How often buffered records are flushed to the outputs.
   *
   * @default Duration.seconds(1)
   */
  readonly flushInterval?: Duration;
}

/**
 * Builds a fluent-bit configuration (classic `fluent-bit.conf` format) from typed inputs,
 * filters and outputs. The built-in `docker` and `cri` multiline parsers need no parsers file.
 *
 * @example
 * new FluentBitConfig({
 *   inputs: [LogInput.containerLogs()],
 *   filters: [LogFilter.kubernetes()],
 *   outputs: [LogOutput.loki({ host: 'loki-gateway.logging.svc' })],
 * }).render();
 */
export class FluentBitConfig {
  /** The file name the configuration is stored under. */
  public static readonly FILE_NAME = 'fluent-bit.conf';

  private readonly props: LogPipelineConfigProps;

  constructor(props: LogPipelineConfigProps) {
    checkPipeline('FluentBitConfig', props);
    this.props = props;
  }

  /** The configuration text. */
  public render(): string {
    const p = this.props;
    const service: Array<[string, string]> = [
      ['Flush', String((p.flushInterval ?? Duration.seconds(1)).toSeconds())],
      ['Daemon', 'Off'],
      ['Log_Level', p.logLevel ?? AgentLogLevel.INFO],
      ['HTTP_Server', 'On'],
      ['HTTP_Listen', '0.0.0.0'],
      ['HTTP_Port', String(p.httpPort ?? 2020)],
      ['Health_Check', 'On'],
      ['storage.metrics', 'On'],
    ];
    const ctx = { stateDir: p.stateDir ?? '/var/lib/fluent-bit' };
    const sections = [
      section('SERVICE', service),
      ...p.inputs.map((i) => section('INPUT', i._fluentBit(ctx))),
      ...(p.filters ?? []).map((f) => section('FILTER', f._fluentBit())),
      ...p.outputs.map((o) => section('OUTPUT', o._fluentBit())),
    ];
    return sections.join('\n\n') + '\n';
  }
}

function section(name: string, pairs: Array<[string, string]>): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return [`[${name}]`, ...pairs.map(([k, v]) => `    ${k.padEnd(width)} ${v}`)].join('\n');
}
