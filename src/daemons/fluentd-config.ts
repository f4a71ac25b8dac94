import { Duration } from 'cdk8s';
import { AgentLogLevel, LogPipelineConfigProps } from './fluent-bit-config';
import { checkPipeline } from './pipeline-checks';

/**
 * Builds a fluentd configuration for the `fluent/fluentd-kubernetes-daemonset` (elasticsearch8) image from the same typed
 * inputs, filters and outputs as `FluentBitConfig`. Container logs are parsed with a
 * `multi_format` parser (Docker JSON and CRI lines), pods are enriched by the
 * `kubernetes_metadata` filter, and metrics are served by the prometheus plugin.
 *
 * Loki, OpenSearch and OpenTelemetry outputs are not in that image: they are rejected with an
 * error that says so.
 */
export class FluentdConfig {
  /** The file name the configuration is stored under (the whole configuration fluentd runs). */
  public static readonly FILE_NAME = 'fluent.conf';

  private readonly props: LogPipelineConfigProps;

  constructor(props: LogPipelineConfigProps) {
    checkPipeline('FluentdConfig', { ...props, stateDir: props.stateDir ?? '/var/lib/fluentd' });
    for (const f of props.filters ?? []) {
      if (!f.supportsFluentd) {
        throw new Error(`FluentdConfig: the "${f.kind}" filter is not available for fluentd. Fix: use LogAgentKind.FLUENT_BIT, or for modify only set and remove.`);
      }
    }
    for (const o of props.outputs) {
      if (!o.supportsFluentd) {
        throw new Error(`FluentdConfig: the "${o.plugin}" output is not available in the fluentd-kubernetes-daemonset elasticsearch image. Fix: use LogAgentKind.FLUENT_BIT, or an elasticsearch, forward or stdout output.`);
      }
    }
    this.props = props;
  }

  /** The configuration text. */
  public render(): string {
    const p = this.props;
    const ctx = { stateDir: p.stateDir ?? '/var/lib/fluentd' };
    const flush = (p.flushInterval ?? Duration.seconds(1)).toSeconds();
    const parts = [
      ['<system>', `  log_level ${p.logLevel ?? AgentLogLevel.INFO}`, '</system>'].join('\n'),
      ['<source>', '  @type prometheus', '  bind 0.0.0.0', `  port ${p.httpPort ?? 24231}`, '  metrics_path /metrics', '</source>'].join('\n'),
      ['<source>', '  @type prometheus_monitor', '</source>'].join('\n'),
      ['<source>', '  @type prometheus_output_monitor', '</source>'].join('\n'),
      ...p.inputs.map((i) => i._fluentd(ctx)),
      ...(p.filters ?? []).map((f) => f._fluentd()),
      ...p.outputs.map((o, i) => {
        let text = o._fluentd().replace('flush_interval 5s', `flush_interval ${Math.max(flush, 1)}s`);
        if (p.filesystemBuffering) text = text.replace('    @type memory', `    @type file\n    path ${ctx.stateDir}/buffer/${o.plugin}-${i}`);
        return text;
      }),
    ];
    return parts.join('\n\n') + '\n';
  }
}
