import { _PipelineContext, fluentdPattern, onOff, Pairs, singleLine, singleToken } from './log-common';

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
 * Options of `LogFilter.modify()`. Applied in the order of the fluent-bit `modify` filter: rename, copy,
 * set, add, remove.
 *
 */
export interface ModifyFilterOptions {
  /**
   * Set these keys (overwriting).
   *
   * @default - none
   */
  readonly set?: { [key: string]: string };

  /**
   * Add these keys when absent.
   *
   * @default - none
   */
  readonly add?: { [key: string]: string };

  /**
   * Remove these keys.
   *
   * @default - none
   */
  readonly remove?: string[];

  /**
   * Rename keys (old name to new name), when the new name is absent.
   *
   * @default - none
   */
  readonly rename?: { [key: string]: string };

  /**
   * Copy keys (source to destination), when the destination is absent.
   *
   * @default - none
   */
  readonly copy?: { [key: string]: string };

  /**
   * The tags the filter applies to.
   *
   * @default '*'
   */
  readonly match?: string;
}

/**
 * The operation of `LogFilter.nest()`.
 */
export enum NestOperation {
  /** Move the keys matching `wildcard` into a map under `nestUnder`. */
  NEST = 'nest',
  /** Move the keys of the map `nestedUnder` up to the record. */
  LIFT = 'lift',
}

/**
 * Options of `LogFilter.nest()`.
 */
export interface NestFilterOptions {
  /** Nest or lift. */
  readonly operation: NestOperation;

  /**
   * With NEST: the key patterns moved (`*` at the end matches a prefix).
   *
   * @default - required with NEST
   */
  readonly wildcard?: string[];

  /**
   * With NEST: the key of the new map.
   *
   * @default - required with NEST
   */
  readonly nestUnder?: string;

  /**
   * With LIFT: the key of the map lifted.
   *
   * @default - required with LIFT
   */
  readonly nestedUnder?: string;

  /**
   * With LIFT: prefix the lifted keys.
   *
   * @default - none
   */
  readonly addPrefix?: string;

  /**
   * With NEST: remove this prefix from the nested keys.
   *
   * @default - none
   */
  readonly removePrefix?: string;

  /**
   * The tags the filter applies to.
   *
   * @default '*'
   */
  readonly match?: string;
}

/**
 * Options of `LogFilter.lua()`.
 */
export interface LuaFilterOptions {
  /** The Lua code; stored as a file in the daemon's ConfigMap. */
  readonly script: string;

  /** The Lua function called for each record, `function(tag, timestamp, record)`. */
  readonly call: string;

  /**
   * The file name of the script in the ConfigMap.
   *
   * @default - `<call>.lua`
   */
  readonly fileName?: string;

  /**
   * Pass the timestamp as a table with `sec` and `nsec` instead of a float.
   *
   * @default false
   */
  readonly timeAsTable?: boolean;

  /**
   * The tags the filter applies to.
   *
   * @default '*'
   */
  readonly match?: string;
}

/**
 * Options of `LogFilter.multiline()`.
 */
export interface MultilineFilterOptions {
  /** Multiline parsers, built-in (`go`, `java`, `python`, `ruby`) or defined in a config file. */
  readonly parsers: string[];

  /**
   * The key holding the message to join.
   *
   * @default 'log'
   */
  readonly keyContent?: string;

  /**
   * The tags the filter applies to.
   *
   * @default 'kube.*'
   */
  readonly match?: string;
}

/**
 * One rule of `LogFilter.rewriteTag()`.
 */
export interface RewriteTagRule {
  /** The record key tested, e.g. `$kubernetes['namespace_name']`. */
  readonly key: string;

  /** The regular expression (its groups can be used in `newTag` as `$1`). */
  readonly regex: string;

  /** The new tag, e.g. `audit.$1`. */
  readonly newTag: string;

  /**
   * Keep the original record under its old tag as well.
   *
   * @default false
   */
  readonly keep?: boolean;
}

/**
 * Options of `LogFilter.rewriteTag()`.
 */
export interface RewriteTagFilterOptions {
  /** The rules, tried in order. */
  readonly rules: RewriteTagRule[];

  /**
   * The name of the emitter that re-ingests the records.
   *
   * @default 're_emitted'
   */
  readonly emitterName?: string;

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

  /** Add, set, remove, rename or copy record keys (fluent-bit `modify`; fluentd `record_transformer` for set, add and remove). */
  public static modify(options: ModifyFilterOptions): LogFilter {
    const pairs: Pairs = [];
    const fd: string[] = [];
    const kv = (op: string, m: { [k: string]: string } | undefined) => {
      for (const [k, v] of Object.entries(m ?? {})) {
        singleToken(`LogFilter.modify: ${op} key`, k);
        singleLine(`LogFilter.modify: ${op} value`, v);
        pairs.push([op, `${k} ${v}`]);
      }
    };
    kv('Rename', options.rename);
    kv('Copy', options.copy);
    kv('Set', options.set);
    kv('Add', options.add);
    for (const k of options.remove ?? []) {
      singleToken('LogFilter.modify: remove key', k);
      pairs.push(['Remove', k]);
    }
    if (pairs.length === 0) throw new Error('LogFilter.modify: nothing to do. Fix: give at least one of set, add, remove, rename, copy.');
    const none = (m: { [k: string]: string } | undefined) => Object.keys(m ?? {}).length === 0;
    const fluentdOk = none(options.rename) && none(options.copy) && none(options.add);
    if (fluentdOk) {
      fd.push('  @type record_transformer');
      const set = Object.entries(options.set ?? {});
      if (set.length > 0) fd.push('  <record>', ...set.map(([k, v]) => `    ${k} ${v}`), '  </record>');
      if ((options.remove ?? []).length > 0) fd.push(`  remove_keys ${options.remove!.join(',')}`);
    }
    return new LogFilter('modify', options.match ?? '*', { pairs, fluentd: fluentdOk ? fd : undefined });
  }

  /** Nest keys under a map, or lift a map's keys (fluent-bit `nest`). fluent-bit only. */
  public static nest(options: NestFilterOptions): LogFilter {
    const pairs: Pairs = [['Operation', options.operation]];
    if (options.operation === NestOperation.NEST) {
      if ((options.wildcard ?? []).length === 0 || !options.nestUnder) {
        throw new Error('LogFilter.nest: NEST needs `wildcard` and `nestUnder`. Fix: e.g. { wildcard: [\'pod_*\'], nestUnder: \'pod\' }.');
      }
      for (const w of options.wildcard!) {
        singleToken('LogFilter.nest: wildcard', w);
        pairs.push(['Wildcard', w]);
      }
      pairs.push(['Nest_under', options.nestUnder]);
      if (options.removePrefix) pairs.push(['Remove_prefix', options.removePrefix]);
    } else {
      if (!options.nestedUnder) throw new Error('LogFilter.nest: LIFT needs `nestedUnder`. Fix: name the map to lift, e.g. \'kubernetes\'.');
      pairs.push(['Nested_under', options.nestedUnder]);
      if (options.addPrefix) pairs.push(['Add_prefix', options.addPrefix]);
    }
    for (const [k, v] of pairs) singleLine(`LogFilter.nest: ${k}`, v);
    return new LogFilter('nest', options.match ?? '*', { pairs });
  }

  /** Run a Lua function on each record (fluent-bit `lua`); the script is stored in the ConfigMap. fluent-bit only. */
  public static lua(options: LuaFilterOptions): LogFilter {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.call)) {
      throw new Error(`LogFilter.lua: call "${options.call}" is not a Lua function name. Fix: name the function the script defines.`);
    }
    if (!new RegExp(`function\\s+${options.call}\\s*\\(`).test(options.script)) {
      throw new Error(`LogFilter.lua: the script defines no function "${options.call}". Fix: define \`function ${options.call}(tag, timestamp, record)\` or change \`call\`.`);
    }
    const fileName = options.fileName ?? `${options.call}.lua`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.lua$/.test(fileName)) {
      throw new Error(`LogFilter.lua: fileName "${fileName}" is not a ConfigMap key ending in .lua. Fix: use e.g. "${options.call}.lua".`);
    }
    const pairs: Pairs = [['script', `@CONF_DIR@/${fileName}`], ['call', options.call]];
    if (options.timeAsTable) pairs.push(['time_as_table', 'On']);
    return new LogFilter('lua', options.match ?? '*', { pairs, files: { [fileName]: options.script } });
  }

  /** Join lines split by the application, e.g. stack traces (fluent-bit `multiline`). fluent-bit only. */
  public static multiline(options: MultilineFilterOptions): LogFilter {
    if (options.parsers.length === 0) throw new Error('LogFilter.multiline: parsers is empty. Fix: give e.g. [\'go\', \'java\', \'python\'].');
    for (const p of options.parsers) singleToken('LogFilter.multiline: parser', p);
    const key = options.keyContent ?? 'log';
    singleToken('LogFilter.multiline: keyContent', key);
    return new LogFilter('multiline', options.match ?? 'kube.*', {
      pairs: [['multiline.key_content', key], ['multiline.parser', options.parsers.join(', ')]],
    });
  }

  /** Re-tag records by rules, e.g. to route one namespace elsewhere (fluent-bit `rewrite_tag`). fluent-bit only. */
  public static rewriteTag(options: RewriteTagFilterOptions): LogFilter {
    if (options.rules.length === 0) throw new Error('LogFilter.rewriteTag: rules is empty. Fix: give at least one rule.');
    const pairs: Pairs = options.rules.map((r) => {
      singleToken('LogFilter.rewriteTag: key', r.key);
      singleToken('LogFilter.rewriteTag: regex', r.regex);
      singleToken('LogFilter.rewriteTag: newTag', r.newTag);
      return ['Rule', `${r.key} ${r.regex} ${r.newTag} ${r.keep ? 'true' : 'false'}`];
    });
    const emitter = options.emitterName ?? 're_emitted';
    singleToken('LogFilter.rewriteTag: emitterName', emitter);
    pairs.push(['Emitter_Name', emitter], ['Emitter_Mem_Buf_Limit', '10M'], ['@EMITTER_STORAGE@', '']);
    return new LogFilter('rewrite_tag', options.match ?? '*', { pairs });
  }

  private constructor(
    /** The plugin name. */
    public readonly kind: string,
    /** The tags the filter applies to. */
    public readonly match: string,
    private readonly o: {
      kubernetes?: KubernetesFilterOptions;
      grep?: GrepFilterOptions;
      pairs?: Pairs;
      fluentd?: string[];
      files?: { [name: string]: string };
    },
  ) {}

  /** Files the filter needs beside the configuration (e.g. a Lua script), by file name. */
  public get files(): { [name: string]: string } {
    return { ...(this.o.files ?? {}) };
  }

  /** Whether fluentd can render this filter. */
  public get supportsFluentd(): boolean {
    return this.o.pairs === undefined || this.o.fluentd !== undefined;
  }

  /** Whether the filter queries the API server. */
  public get needsApiServer(): boolean {
    return this.kind === 'kubernetes';
  }

  /** @internal */
  public _fluentBit(ctx?: _PipelineContext): Pairs {
    if (this.o.pairs) {
      const out: Pairs = [['Name', this.kind], ['Match', this.match]];
      for (const [k, v] of this.o.pairs) {
        if (k === '@EMITTER_STORAGE@') {
          if (ctx?.filesystemBuffering) out.push(['Emitter_Storage.type', 'filesystem']);
        } else {
          out.push([k, v.replace('@CONF_DIR@', ctx?.confDir ?? '/fluent-bit/etc/conf')]);
        }
      }
      return out;
    }
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
    if (this.o.pairs) {
      if (!this.o.fluentd) {
        throw new Error(`LogFilter "${this.kind}" is not available for fluentd. Fix: use LogAgentKind.FLUENT_BIT, or for modify only set and remove.`);
      }
      return [`<filter ${pattern}>`, ...this.o.fluentd, '</filter>'].join('\n');
    }
    if (this.o.kubernetes) {
      return [`<filter ${pattern}>`, '  @type kubernetes_metadata', `  skip_labels ${!(this.o.kubernetes.labels ?? true)}`, '</filter>'].join('\n');
    }
    const g = this.o.grep!;
    const section = g.exclude ? 'exclude' : 'regexp';
    return [`<filter ${pattern}>`, '  @type grep', `  <${section}>`, `    key ${g.key}`, `    pattern /${g.regex}/`, `  </${section}>`, '</filter>'].join('\n');
  }
}
