import { Duration, Size } from 'cdk8s';
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

  /**
   * Buffer chunks on the filesystem under `<stateDir>/buffer` (inputs `storage.type filesystem`), so a
   * backlog survives restarts and does not grow in memory.
   *
   * @default - memory buffering
   */
  readonly filesystemBuffering?: FilesystemBufferingOptions;

  /**
   * The directory of the configuration files in the container (where Lua scripts and extra files are).
   *
   * @default '/fluent-bit/etc/conf'
   */
  readonly configDir?: string;
}

/**
 * Filesystem buffering of the log agent.
 */
export interface FilesystemBufferingOptions {
  /**
   * The most disk each output's backlog may use; older chunks are dropped beyond it.
   *
   * @default Size.gibibytes(1)
   */
  readonly totalLimitPerOutput?: Size;

  /**
   * How many chunks are kept in memory at once.
   *
   * @default 128
   */
  readonly maxChunksUp?: number;
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
    const stateDir = p.stateDir ?? '/var/lib/fluent-bit';
    const fs = p.filesystemBuffering;
    if (fs) {
      const up = fs.maxChunksUp ?? 128;
      if (!Number.isInteger(up) || up < 1) throw new Error(`FluentBitConfig: filesystemBuffering.maxChunksUp ${up} must be a whole number of at least 1. Fix: use e.g. 128.`);
      service.push(['storage.path', `${stateDir}/buffer/`], ['storage.sync', 'normal'], ['storage.checksum', 'off'],
        ['storage.backlog.mem_limit', '5M'], ['storage.max_chunks_up', String(up)]);
    }
    const limit = fs ? `${(fs.totalLimitPerOutput ?? Size.gibibytes(1)).toMebibytes()}M` : undefined;
    const ctx = { stateDir, filesystemBuffering: fs !== undefined, confDir: p.configDir ?? '/fluent-bit/etc/conf', outputBufferLimit: limit };
    const sections = [
      section('SERVICE', service),
      ...p.inputs.map((i) => section('INPUT', i._fluentBit(ctx))),
      ...(p.filters ?? []).map((f) => section('FILTER', f._fluentBit(ctx))),
      ...p.outputs.map((o) => section('OUTPUT', o._fluentBit(ctx))),
    ];
    return sections.join('\n\n') + '\n';
  }
}

function section(name: string, pairs: Array<[string, string]>): string {
  if (pairs.length === 0) return `[${name}]`;
  const width = Math.max(...pairs.map(([k]) => k.length));
  return [`[${name}]`, ...pairs.map(([k, v]) => `    ${k.padEnd(width)} ${v}`)].join('\n');
}
