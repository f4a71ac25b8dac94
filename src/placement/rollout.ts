import { formatDuration } from './duration';

/**
 * Options for `Rollout.estimate`.
 */
export interface RolloutOptions {
  /**
   * Seconds from creating a daemon pod until it is Ready (image pull, start, readiness probe).
   *
   * @default 30
   */
  readonly podStartSeconds?: number;

  /**
   * Seconds an old daemon pod takes to terminate before its replacement can be created (only with
   * `maxUnavailable`; with `maxSurge` the old pod goes after the new one is available).
   *
   * @default 0
   */
  readonly podStopSeconds?: number;

  /**
   * Warn when the estimated rollout takes longer than this many seconds.
   *
   * @default 3600 (one hour)
   */
  readonly warnAfterSeconds?: number;

  /**
   * Warn when more than this fraction of the nodes lose their daemon at once.
   *
   * @default 1/3
   */
  readonly warnUnavailableFraction?: number;
}

/**
 * How a DaemonSet update rolls out over its nodes.
 */
export interface RolloutEstimate {
  /** `RollingUpdate` or `OnDelete` (the apps/v1 default is `RollingUpdate`). */
  readonly strategy: string;

  /** Nodes the rollout covers (the desired number scheduled). */
  readonly nodes: number;

  /** Resolved `maxUnavailable`: nodes whose daemon may be down at once. */
  readonly maxUnavailable: number;

  /** Resolved `maxSurge`: nodes that may run an old and a new daemon pod at once. */
  readonly maxSurge: number;

  /** Nodes updated per wave (`maxSurge` when surging, otherwise `maxUnavailable`); 0 for OnDelete. */
  readonly perWave: number;

  /** Number of waves: ceil(nodes / perWave); 0 for OnDelete. */
  readonly waves: number;

  /** Seconds per wave: pod start + `minReadySeconds` (+ pod stop without surge). */
  readonly waveSeconds?: number;

  /**
   * Estimated duration of the whole rollout, in seconds.
   *
   * @default - none for OnDelete (manual)
   */
  readonly durationSeconds?: number;

  /** True for `OnDelete`: pods are replaced only when someone deletes them. */
  readonly manual: boolean;

  /** One-line human summary. */
  readonly summary: string;

  /** Problems worth a look (long rollout, large share of nodes down at once, invalid settings). */
  readonly warnings: string[];
}

const DEFAULT_POD_START_SECONDS = 30;

/**
 * Rollout estimates for DaemonSet updates, with the controller's arithmetic (`UnavailableCount`/`SurgeCount` and
 * `updatedDesiredNodeCounts` in pkg/controller/daemon).
 */
export class Rollout {
  /**
   * Estimate a DaemonSet update over `nodeCount` nodes (use `PlacementPlan.desiredNumberScheduled`).
   *
   * `maxUnavailable`/`maxSurge` percentages scale against the node count and round up; apps/v1 defaults apply
   * (maxUnavailable 1, maxSurge 0); when both resolve to 0 the controller uses maxUnavailable 1.
   *
   * @param daemonSet an apps/v1 `DaemonSet` object
   * @param nodeCount nodes that run the daemon
   * @param options timing and warning thresholds
   */
  public static estimate(daemonSet: any, nodeCount: number, options: RolloutOptions = {}): RolloutEstimate {
    const nodes = Math.max(0, Math.floor(Number.isFinite(nodeCount) ? nodeCount : 0));
    const strategy = daemonSet?.spec?.updateStrategy ?? {};
    const type = typeof strategy.type === 'string' && strategy.type.length > 0 ? strategy.type : 'RollingUpdate';
    const warnings: string[] = [];
    if (type === 'OnDelete') {
      return {
        strategy: type,
        nodes,
        maxUnavailable: 0,
        maxSurge: 0,
        perWave: 0,
        waves: 0,
        manual: true,
        summary: `OnDelete: manual; ${nodes} node${plural(nodes)} keep the old pod until someone deletes it`,
        warnings,
      };
    }
    if (type !== 'RollingUpdate') {
      warnings.push(`spec.updateStrategy.type ${JSON.stringify(type)} is not supported (RollingUpdate or OnDelete); the API server rejects it`);
    }
    const ru = strategy.rollingUpdate ?? {};
    let maxUnavailable = Rollout.resolve(ru.maxUnavailable ?? 1, nodes, 'maxUnavailable', warnings);
    const maxSurge = Rollout.resolve(ru.maxSurge ?? 0, nodes, 'maxSurge', warnings);
    if (maxUnavailable > 0 && maxSurge > 0) {
      warnings.push('maxSurge may not be set when maxUnavailable is non-zero (the API server rejects it); set maxUnavailable: 0 to surge');
    }
    if (nodes > 0 && maxUnavailable === 0 && maxSurge === 0) {
      maxUnavailable = 1; // the controller's fallback for an impossible configuration
    }
    const surging = maxSurge > 0;
    const perWave = nodes === 0 ? 0 : Math.min(nodes, surging ? maxSurge : maxUnavailable);
    const waves = perWave === 0 ? 0 : Math.ceil(nodes / perWave);
    const start = nonNegative(options.podStartSeconds, DEFAULT_POD_START_SECONDS);
    const stop = surging ? 0 : nonNegative(options.podStopSeconds, 0);
    const minReady = nonNegative(daemonSet?.spec?.minReadySeconds, 0);
    const waveSeconds = start + minReady + stop;
    const durationSeconds = waves * waveSeconds;

    const warnAfter = nonNegative(options.warnAfterSeconds, 3600);
    if (durationSeconds > warnAfter) {
      warnings.push(`rollout takes about ${formatDuration(durationSeconds)} (${waves} waves of ${perWave}); `
        + 'raise maxUnavailable (e.g. a percentage) to speed it up');
    }
    const fraction = options.warnUnavailableFraction ?? 1 / 3;
    const down = surging ? 0 : Math.min(maxUnavailable, nodes);
    if (nodes > 0 && down / nodes > fraction) {
      warnings.push(`maxUnavailable ${down} of ${nodes} nodes: more than ${fractionText(fraction)} of the nodes lose this daemon at once`);
    }
    const mode = surging ? `maxSurge ${maxSurge}` : `maxUnavailable ${maxUnavailable}`;
    const summary = nodes === 0
      ? 'RollingUpdate: no nodes to update'
      : `RollingUpdate: ${mode}, ${waves} wave${plural(waves)} of up to ${perWave} node${plural(perWave)}, about ${formatDuration(durationSeconds)}`;
    return {
      strategy: type,
      nodes,
      maxUnavailable,
      maxSurge,
      perWave,
      waves,
      waveSeconds,
      durationSeconds,
      manual: false,
      summary,
      warnings,
    };
  }

  /**
   * Upstream `intstr.GetScaledValueFromIntOrPercent(value, total, roundUp=true)`: an integer as is, a percentage
   * `"N%"` as ceil(N * total / 100).
   *
   * @param value an integer or a percentage string such as `"25%"`
   * @param total the count the percentage applies to
   * @returns the count, or undefined for a value that is neither
   */
  public static scaledValue(value: any, total: number): number | undefined {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string') {
      const m = /^([0-9]+)%$/.exec(value);
      if (m) return Math.ceil((Number(m[1]) * total) / 100);
    }
    return undefined;
  }

  private static resolve(value: any, nodes: number, field: string, warnings: string[]): number {
    const v = Rollout.scaledValue(value, nodes);
    if (v === undefined) {
      warnings.push(`invalid value for ${field}: ${JSON.stringify(value)} (an integer or a percentage like "10%"); the controller stops rolling out`);
      return 0;
    }
    if (v < 0) {
      warnings.push(`${field} ${v} must be greater than or equal to 0`);
      return 0;
    }
    return v;
  }

  private constructor() {}
}

function nonNegative(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

function fractionText(f: number): string {
  if (Math.abs(f - 1 / 3) < 1e-9) return 'a third';
  if (Math.abs(f - 0.5) < 1e-9) return 'half';
  return `${Math.round(f * 100)}%`;
}

