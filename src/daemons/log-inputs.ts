import { Duration, Size } from 'cdk8s';
import { _PipelineContext, Pairs, sizeToFluentBit } from './log-common';

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
 * Options of `LogInput.systemd()`.
 */
export interface SystemdInputOptions {
  /**
   * The journal directory: `/var/log/journal` (persistent journal) or `/run/log/journal` (volatile; add
   * `/run/log` to the daemon's `logPaths`).
   *
   * @default '/var/log/journal'
   */
  readonly path?: string;

  /**
   * The tag of the records.
   *
   * @default 'host.*'
   */
  readonly tag?: string;

  /**
   * Journal matches, e.g. `['_SYSTEMD_UNIT=kubelet.service', '_SYSTEMD_UNIT=containerd.service']` (ORed).
   *
   * @default ['_SYSTEMD_UNIT=kubelet.service'] - the kubelet, as the fluent-bit chart does
   */
  readonly filters?: string[];

  /**
   * Start at the end of the journal on first start (positions are kept in the DB afterwards).
   *
   * @default true
   */
  readonly readFromTail?: boolean;

  /**
   * Remove the leading underscore of the journal fields (`_SYSTEMD_UNIT` to `SYSTEMD_UNIT`).
   *
   * @default false
   */
  readonly stripUnderscores?: boolean;
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

  /**
   * Read the systemd journal of the node (fluent-bit `systemd` input, fluentd `systemd` source), by default
   * the kubelet's unit. The daemon mounts `/etc/machine-id` read-only, which the journal reader needs.
   */
  public static systemd(options: SystemdInputOptions = {}): LogInput {
    const path = options.path ?? '/var/log/journal';
    if (!path.startsWith('/')) {
      throw new Error(`LogInput.systemd: path "${path}" is relative. Fix: use "/var/log/journal" or "/run/log/journal".`);
    }
    const filters = options.filters ?? ['_SYSTEMD_UNIT=kubelet.service'];
    for (const f of filters) {
      if (!/^[A-Z0-9_]+=[^\r\n]*$/.test(f)) {
        throw new Error(`LogInput.systemd: filter "${f}" is not a journal match. Fix: use FIELD=value, e.g. "_SYSTEMD_UNIT=kubelet.service".`);
      }
    }
    return new LogInput('systemd', {
      path,
      tag: options.tag ?? 'host.*',
      excludePaths: [],
      memBufLimit: Size.mebibytes(50),
      refreshInterval: Duration.seconds(10),
      readFromHead: !(options.readFromTail ?? true),
      multiline: [],
      systemdFilters: filters,
      stripUnderscores: options.stripUnderscores ?? false,
    });
  }

  private constructor(
    /** What kind of input this is (`containers`, `tail` or `systemd`). */
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
      systemdFilters?: string[];
      stripUnderscores?: boolean;
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
    if (this.kind === 'systemd') {
      return [
        ['Name', 'systemd'],
        ['Tag', this.o.tag],
        ['Path', this.o.path],
        ...(this.o.systemdFilters ?? []).map((f): [string, string] => ['Systemd_Filter', f]),
        ['DB', `${ctx.stateDir}/${this._dbName()}.db`],
        ['DB.Sync', 'Normal'],
        ['Read_From_Tail', this.o.readFromHead ? 'Off' : 'On'],
        ['Strip_Underscores', this.o.stripUnderscores ? 'On' : 'Off'],
        ...storage(ctx),
      ];
    }
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
      ...storage(ctx),
    );
    return p;
  }

  /** @internal */
  public _fluentd(ctx: _PipelineContext): string {
    if (this.kind === 'systemd') {
      const matches = (this.o.systemdFilters ?? []).map((f) => {
        const i = f.indexOf('=');
        return { [f.slice(0, i)]: f.slice(i + 1) };
      });
      return [
        '<source>',
        '  @type systemd',
        `  @id in_systemd_${this._dbName().replace(/-/g, '_')}`,
        `  path ${this.o.path}`,
        `  matches ${JSON.stringify(matches)}`,
        `  read_from_head ${this.o.readFromHead}`,
        `  tag ${this.o.tag.replace(/\.\*$/, '')}`,
        '  <storage>',
        '    @type local',
        '    persistent true',
        `    path ${ctx.stateDir}/${this._dbName()}.pos`,
        '  </storage>',
        ...(this.o.stripUnderscores ? ['  <entry>', '    fields_strip_underscores true', '  </entry>'] : []),
        '</source>',
      ].join('\n');
    }
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

/** `storage.type filesystem` when filesystem buffering is on. */
function storage(ctx: _PipelineContext): Pairs {
  return ctx.filesystemBuffering ? [['storage.type', 'filesystem']] : [];
}
