import { formatDuration } from './duration';
import { ModelParams, ModelResult, runModel, seededRandom, shuffledOrder, sortedOrder } from './rollout-model';
import { RolloutRange, RolloutSimulation, RolloutSimulationOptions, RolloutStep } from './rollout-simulation';

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
   * Seconds an old daemon pod takes to terminate. Without surge the replacement is created only after the old
   * pod is gone (every wave pays it); with `maxSurge` the old pod goes after the new one is available, and a
   * node counts as updated once it is gone (the rollout ends one pod stop after the last new pod is available).
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

  /** Seconds per wave: pod start + `minReadySeconds` (+ pod stop without surge; with surge one pod stop is added at the end). */
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
    const podStop = nonNegative(options.podStopSeconds, 0);
    const stop = surging ? 0 : podStop;
    const minReady = nonNegative(daemonSet?.spec?.minReadySeconds, 0);
    const waveSeconds = start + minReady + stop;
    const durationSeconds = waves * waveSeconds + (surging && waves > 0 ? podStop : 0);
    const hostPorts = surging ? Rollout.hostPorts(daemonSet) : [];
    if (nodes > 0 && hostPorts.length > 0) {
      warnings.push(`maxSurge with host port(s) ${hostPorts.join(', ')}: the new pod cannot bind the port the old pod holds, `
        + 'so the rollout freezes at once (0 nodes updated); use maxSurge: 0 with maxUnavailable >= 1');
    }

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
   * Simulate a DaemonSet update over `nodeCount` nodes as the controller runs it (pkg/controller/daemon,
   * `rollingUpdate`): slots, not waves. Without surge every node whose old pod is being deleted or whose new
   * pod is not yet available holds one of `maxUnavailable` slots, and a slot is refilled as soon as any new pod
   * is available; old pods that are already unavailable are replaced at once and hold slots too. With
   * `maxSurge` each node with an old pod and a new pod that is not yet available holds a slot; the old pod is
   * deleted once the new one is available, and the node counts as updated when the old pod is gone. A new pod
   * that never becomes ready holds its slot forever (a DaemonSet has no progress deadline); a surge pod that
   * needs a host port the old pod holds is never scheduled, so such a rollout freezes at once.
   *
   * The controller walks the nodes in a random order on every sync. When that order matters (failing nodes,
   * different start times), the rollout is replayed in the best, the worst and several seeded random orders:
   * the single figures are those of the first random order, the `...Range` fields span all of them.
   *
   * @param daemonSet an apps/v1 `DaemonSet` object
   * @param nodeCount nodes that run the daemon (`PlacementPlan.desiredNumberScheduled`)
   * @param options timing, failing and unavailable nodes, order sampling
   */
  public static simulate(daemonSet: any, nodeCount: number, options: RolloutSimulationOptions = {}): RolloutSimulation {
    const estimate = Rollout.estimate(daemonSet, nodeCount, options);
    const nodes = estimate.nodes;
    const warnings = [...estimate.warnings];
    const failing = Math.min(nodes, count(options.failingNodes, 'failingNodes'));
    const unavailable = Math.min(nodes, count(options.unavailableNodes, 'unavailableNodes'));
    const base = {
      strategy: estimate.strategy,
      nodes,
      maxUnavailable: estimate.maxUnavailable,
      maxSurge: estimate.maxSurge,
      manual: estimate.manual,
    };
    if (estimate.manual) {
      return {
        ...base,
        stalled: false,
        hostPortFreeze: false,
        orderDependent: false,
        settledSeconds: 0,
        updatedNodes: 0,
        updatedNodesRange: { min: 0, max: 0 },
        nodesWithoutDaemon: unavailable,
        nodesWithoutDaemonRange: { min: unavailable, max: unavailable },
        peakUnavailable: unavailable,
        peakUnavailableRange: { min: unavailable, max: unavailable },
        timeline: [],
        summary: estimate.summary,
        warnings,
      };
    }
    const invalid = estimate.strategy !== 'RollingUpdate' || estimate.warnings.some((w) => w.startsWith('invalid value'));
    const start = nonNegative(options.podStartSeconds, DEFAULT_POD_START_SECONDS);
    const spread = nonNegative(options.podStartSpreadSeconds, 0);
    const perNode = options.nodeStartSeconds;
    if (perNode !== undefined) {
      if (!Array.isArray(perNode) || perNode.length !== nodes) {
        throw new Error(`Rollout.simulate: nodeStartSeconds must have one entry per node (${nodes}), got ${Array.isArray(perNode) ? perNode.length + ' entries' : typeof perNode}`);
      }
      perNode.forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`Rollout.simulate: nodeStartSeconds[${i}] must be a number >= 0, got ${JSON.stringify(v)}`);
      });
    }
    const profile = {
      start: new Float64Array(nodes),
      failing: new Uint8Array(nodes),
      unavailable: new Uint8Array(nodes),
    };
    for (let i = 0; i < nodes; i++) {
      profile.start[i] = perNode ? perNode[i] : start + (nodes > 1 ? (spread * i) / (nodes - 1) : 0);
      if (i < failing) profile.failing[i] = 1;
      if (i >= nodes - unavailable) profile.unavailable[i] = 1;
    }
    const hostPorts = estimate.maxSurge > 0 && Rollout.hostPorts(daemonSet).length > 0;
    const params: ModelParams = {
      nodes,
      maxUnavailable: invalid ? 0 : estimate.maxUnavailable,
      maxSurge: invalid ? 0 : estimate.maxSurge,
      minReadySeconds: nonNegative(daemonSet?.spec?.minReadySeconds, 0),
      stopSeconds: nonNegative(options.podStopSeconds, 0),
      hostPorts,
      profile,
    };

    const varied = perNode !== undefined ? new Set(perNode).size > 1 : spread > 0 && nodes > 1;
    const orderDependent = !invalid && nodes > 1 && ((failing > 0 && failing < nodes) || varied);
    const random = seededRandom(options.seed ?? 1);
    const reference = runModel(params, orderDependent ? shuffledOrder(nodes, random) : identity(nodes), true);
    const runs: ModelResult[] = [reference];
    if (orderDependent) {
      const samples = Math.max(0, Math.floor(nonNegative(options.orderSamples, nodes > 1000 ? 2 : 8)));
      runs.push(runModel(params, sortedOrder(profile, false), false));
      runs.push(runModel(params, sortedOrder(profile, true), false));
      for (let k = 1; k < samples; k++) runs.push(runModel(params, shuffledOrder(nodes, random), false));
    }
    const durations = runs.map((r) => r.durationSeconds);
    const completes = durations.every((d) => d !== undefined);
    const stalled = !completes;
    const timeline: RolloutStep[] = reference.steps ?? [];
    const result = {
      ...base,
      durationSeconds: reference.durationSeconds,
      durationRange: completes ? range(durations as number[]) : undefined,
      stalled,
      hostPortFreeze: hostPorts && nodes > 0,
      orderDependent,
      settledSeconds: reference.settledSeconds,
      updatedNodes: reference.updatedNodes,
      updatedNodesRange: range(runs.map((r) => r.updatedNodes)),
      nodesWithoutDaemon: reference.nodesWithoutDaemon,
      nodesWithoutDaemonRange: range(runs.map((r) => r.nodesWithoutDaemon)),
      peakUnavailable: reference.peakUnavailable,
      peakUnavailableRange: range(runs.map((r) => r.peakUnavailable)),
      timeline,
      warnings,
    };
    return { ...result, summary: simulationSummary(result) };
  }

  /**
   * The host ports a DaemonSet's pods bind: `hostPort` of any container port, and every container port with
   * `hostNetwork: true` (init containers included).
   *
   * @param daemonSet an apps/v1 `DaemonSet` object
   */
  public static hostPorts(daemonSet: any): number[] {
    const spec = daemonSet?.spec?.template?.spec ?? {};
    const ports = new Set<number>();
    for (const list of [spec.containers, spec.initContainers]) {
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (!Array.isArray(c?.ports)) continue;
        for (const port of c.ports) {
          if (typeof port?.hostPort === 'number' && port.hostPort > 0) ports.add(port.hostPort);
          else if (spec.hostNetwork === true && typeof port?.containerPort === 'number') ports.add(port.containerPort);
        }
      }
    }
    return [...ports].sort((a, b) => a - b);
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

function count(v: unknown, field: string): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new Error(`Rollout.simulate: ${field} must be an integer >= 0, got ${JSON.stringify(v)}`);
  }
  return v;
}

function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

function range(xs: number[]): RolloutRange {
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min, max };
}

function rangeText(r: RolloutRange, unit: (n: number) => string): string {
  return r.min === r.max ? unit(r.min) : `${unit(r.min)}-${unit(r.max)}`;
}

function simulationSummary(r: Omit<RolloutSimulation, 'summary'>): string {
  const nodes = (n: number) => `${n} node${plural(n)}`;
  if (r.nodes === 0) return 'RollingUpdate: no nodes to update';
  const mode = r.maxSurge > 0 ? `maxSurge ${r.maxSurge}` : `maxUnavailable ${r.maxUnavailable}`;
  if (r.hostPortFreeze) {
    return `RollingUpdate: ${mode} with host ports: freezes at once, ${r.updatedNodes} of ${r.nodes} nodes updated`;
  }
  if (!r.stalled && r.durationRange) {
    return `RollingUpdate: ${mode}, about ${rangeText(r.durationRange, formatDuration)}, `
      + `at most ${rangeText(r.peakUnavailableRange, nodes)} without the daemon at once`;
  }
  const updated = rangeText(r.updatedNodesRange, String);
  return `RollingUpdate: ${mode}: stalls with ${updated} of ${r.nodes} nodes updated, `
    + `${rangeText(r.nodesWithoutDaemonRange, nodes)} left without the daemon`;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

function fractionText(f: number): string {
  if (Math.abs(f - 1 / 3) < 1e-9) return 'a third';
  if (Math.abs(f - 0.5) < 1e-9) return 'half';
  return `${Math.round(f * 100)}%`;
}

