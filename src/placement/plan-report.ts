import { formatDuration } from './duration';
import { ClusterPlan, PlacementDecision, PlacementPlan } from './placement-decision';
import { formatBytes, formatMilli } from './quantity';
import { RolloutEstimate } from './rollout';

/**
 * Options for `PlanReport.render`.
 */
export interface PlanReportOptions {
  /**
   * Show at most this many node rows (the summary still counts every node).
   *
   * @default - every node
   */
  readonly maxRows?: number;

  /**
   * Show only the nodes that do NOT run the daemon.
   *
   * @default false
   */
  readonly excludedOnly?: boolean;
}

/**
 * Human-readable and JSON renderings of a placement plan and its rollout estimate, as printed by
 * `node-daemons plan` and `npm run examples`.
 */
export class PlanReport {
  /**
   * A table of nodes with ✓/✗ and the reason, a summary line (`DESIRED 5 / nodes 9`) and the rollout estimate.
   *
   * @param plan from `Placement.plan`
   * @param estimate from `Rollout.estimate` (omit to leave out the rollout)
   * @param options row limits
   */
  public static render(plan: PlacementPlan, estimate?: RolloutEstimate, options: PlanReportOptions = {}): string {
    // cli-table3 is loaded on first use so that importing the library stays cheap
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Table = require('cli-table3');
    const table = new Table({
      head: ['NODE', 'RUNS', 'WHY'],
      style: { head: [], border: [], compact: true },
    });
    const rows = options.excludedOnly ? plan.decisions.filter((d) => !d.shouldRun) : plan.decisions;
    const limit = options.maxRows !== undefined && options.maxRows >= 0 ? Math.min(options.maxRows, rows.length) : rows.length;
    for (let i = 0; i < limit; i++) {
      const d = rows[i];
      let why: string;
      if (d.shouldRun) {
        why = [...(d.notes ?? []), ...PlanReport.fitLines(d)].join('\n');
      } else {
        why = d.reasons.join('\n');
        if (d.shouldContinueRunning) why += '\n(a daemon pod already running here stays)';
      }
      table.push([d.node || '<unnamed>', d.shouldRun ? (d.fits === false ? 'PENDING' : '✓') : '✗', why]);
    }
    const lines: string[] = [];
    lines.push(`DaemonSet ${plan.daemonSet || '<unnamed>'}`);
    lines.push(table.toString());
    if (limit < rows.length) lines.push(`... ${rows.length - limit} more node${rows.length - limit === 1 ? '' : 's'} not shown`);
    lines.push(PlanReport.summaryLine(plan));
    if (estimate) {
      lines.push(`Rollout: ${estimate.summary}`);
      for (const w of estimate.warnings) lines.push(`  warning: ${w}`);
    }
    return lines.join('\n') + '\n';
  }

  /**
   * The kubectl-like summary, e.g. `DESIRED 5 / nodes 9 (4 excluded: 2 untolerated taint, 1 nodeSelector, 1 node affinity)`.
   *
   * @param plan from `Placement.plan`
   */
  public static summaryLine(plan: PlacementPlan): string {
    const excluded = plan.nodeCount - plan.desiredNumberScheduled;
    let line = `DESIRED ${plan.desiredNumberScheduled} / nodes ${plan.nodeCount}`;
    if (excluded > 0) {
      const counts = new Map<string, number>();
      for (const d of plan.decisions) {
        if (d.shouldRun) continue;
        const kind = PlanReport.reasonKind(d.reasons[0] ?? '');
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }
      const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`);
      line += ` (${excluded} excluded: ${parts.join(', ')})`;
    }
    if (plan.pendingNumber !== undefined) {
      line += plan.pendingNumber > 0
        ? `; PENDING ${plan.pendingNumber}: kube-scheduler does not bind ${plan.pendingNumber === 1 ? 'that pod' : 'those pods'}`
        : '; kube-scheduler binds every one';
    }
    return line;
  }

  /**
   * A JSON-ready object: the plan plus the rollout estimate.
   *
   * @param plan from `Placement.plan`
   * @param estimate from `Rollout.estimate`
   */
  public static toJson(plan: PlacementPlan, estimate?: RolloutEstimate): any {
    return { ...plan, ...(estimate ? { rollout: estimate } : {}) };
  }

  /**
   * The daemons' overhead: one row per node group (and, with `options.maxRows`, that many node rows), with the
   * daemons' cpu and memory requests, the share of allocatable and what is left for workloads.
   *
   * @param cluster from `Placement.planCluster`
   * @param options `maxRows`: also list up to this many nodes
   */
  public static renderOverhead(cluster: ClusterPlan, options: PlanReportOptions = {}): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Table = require('cli-table3');
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const groups = new Table({
      head: [cluster.nodeGroupLabel, 'NODES', 'DAEMON PODS', 'PENDING', 'CPU', 'CPU %', 'CPU LEFT', 'MEMORY', 'MEMORY %', 'MEMORY LEFT', 'MAX CPU/NODE', 'MAX MEMORY/NODE'],
      style: { head: [], border: [], compact: true },
    });
    for (const g of cluster.nodeGroups) {
      groups.push([g.group, g.nodes, g.daemonPods, g.pendingDaemonPods, formatMilli(g.cpuMillis), pct(g.cpuShare),
        formatMilli(g.allocatableCpuMillis - g.cpuMillis), formatBytes(g.memoryBytes), pct(g.memoryShare),
        formatBytes(g.allocatableMemoryBytes - g.memoryBytes), formatMilli(g.maxNodeCpuMillis), formatBytes(g.maxNodeMemoryBytes)]);
    }
    const lines = ['Daemon overhead (requests of the daemon pods the scheduler binds, against allocatable)', groups.toString()];
    const limit = Math.min(options.maxRows ?? 0, cluster.overhead.length);
    if (limit > 0) {
      const nodes = new Table({
        head: ['NODE', 'GROUP', 'DAEMON PODS', 'PENDING', 'CPU', 'OF ALLOCATABLE', 'MEMORY', 'OF ALLOCATABLE'],
        style: { head: [], border: [], compact: true },
      });
      for (const n of cluster.overhead.slice(0, limit)) {
        nodes.push([n.node, n.group, n.daemonPods, n.pendingDaemonPods, formatMilli(n.cpuMillis), `${pct(n.cpuShare)} of ${formatMilli(n.allocatableCpuMillis)}`,
          formatBytes(n.memoryBytes), `${pct(n.memoryShare)} of ${formatBytes(n.allocatableMemoryBytes)}`]);
      }
      lines.push(nodes.toString());
      if (limit < cluster.overhead.length) lines.push(`... ${cluster.overhead.length - limit} more nodes not shown`);
    }
    return lines.join('\n') + '\n';
  }

  /**
   * A JSON-ready object of the daemon overhead: per node, cpu and memory requested by the daemons and the
   * node's allocatable (plus the groups).
   *
   * @param cluster from `Placement.planCluster`
   */
  public static overheadJson(cluster: ClusterPlan): any {
    return { nodeGroupLabel: cluster.nodeGroupLabel, nodes: cluster.overhead, nodeGroups: cluster.nodeGroups };
  }

  /**
   * Seconds as `1h 5m`, `12m 30s` or `45s`.
   */
  public static formatDuration(seconds: number): string {
    return formatDuration(seconds);
  }

  /** The scheduler's verdict for a node that runs the daemon, as table lines. */
  private static fitLines(d: PlacementDecision): string[] {
    if (d.fits === undefined) return [];
    const lines: string[] = [];
    if (d.fits === false) lines.push(...(d.schedulingDetails && d.schedulingDetails.length > 0 ? d.schedulingDetails : d.schedulingReasons ?? []));
    else if (d.preempts || d.contested || (d.schedulingDetails?.length ?? 0) > 0) lines.push(...(d.schedulingDetails ?? []));
    return lines;
  }

  private static reasonKind(reason: string): string {
    if (reason.startsWith('untolerated taint')) return 'untolerated taint';
    if (reason.startsWith('nodeSelector')) return 'nodeSelector';
    if (reason.startsWith('required node affinity')) return 'node affinity';
    if (reason.startsWith('nodeName')) return 'nodeName';
    return 'other';
  }

  private constructor() {}
}
