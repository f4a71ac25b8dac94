import { formatDuration } from './duration';
import { PlacementPlan } from './placement-decision';
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
        why = (d.notes ?? []).join('\n');
      } else {
        why = d.reasons.join('\n');
        if (d.shouldContinueRunning) why += '\n(a daemon pod already running here stays)';
      }
      table.push([d.node || '<unnamed>', d.shouldRun ? '✓' : '✗', why]);
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
   * Seconds as `1h 5m`, `12m 30s` or `45s`.
   */
  public static formatDuration(seconds: number): string {
    return formatDuration(seconds);
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
