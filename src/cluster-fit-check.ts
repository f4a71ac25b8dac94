import { Construct, IConstruct } from 'constructs';
import { SynthScope } from './k8s/synth-scope';
import { NodeDaemon } from './node-daemon';
import { Placement } from './placement/placement';
import { ClusterPlan, PlacementDecision } from './placement/placement-decision';

/**
 * Properties of a `ClusterFitCheck`.
 */
export interface ClusterFitCheckProps {
  /**
   * The cluster's nodes: `Node` objects as `kubectl get nodes -o json` prints them (the `items`, or the whole
   * `List`), each with `metadata.name` and `status.allocatable`.
   */
  readonly nodes: any[];

  /**
   * The pods already on the nodes (`kubectl get pods -A -o json` items): bound pods that are not finished take
   * their requests, host ports and pod slot and may be preempted. Pods of the daemons being checked are left out.
   *
   * @default - no pods: empty nodes
   */
  readonly existingPods?: any[];

  /**
   * `PriorityClass` objects (`kubectl get priorityclasses -o json` items) to resolve the daemons' and the pods'
   * `priorityClassName`. `system-node-critical` and `system-cluster-critical` are always known.
   *
   * @default - only the built-in classes
   */
  readonly priorityClasses?: any[];

  /**
   * The constructs whose `NodeDaemon`s are checked together (they compete for the same nodes).
   *
   * @default - the whole app
   */
  readonly scope?: IConstruct;

  /**
   * Fail synth when a daemon pod fits only by preempting pods already on the node (they are evicted when the
   * daemon rolls out). Otherwise preemptions are reported as warnings on standard error.
   *
   * @default false
   */
  readonly preemptionIsError?: boolean;

  /**
   * Nodes listed per daemon and problem in an error (the count is always given).
   *
   * @default 5
   */
  readonly maxNodesListed?: number;
}

/**
 * kube-scheduler's verdict at synth time: given the cluster's nodes (and the pods on them), every `NodeDaemon` of
 * the app (or of `scope`) is planned together, as `Placement.planCluster` does, and synth fails when a daemon pod
 * would stay Pending on a node its DaemonSet should run on: host ports taken by another daemon or pod,
 * `Insufficient cpu`/`memory`/..., `Too many pods`, an unknown PriorityClass. The errors name the daemon's
 * construct path, the nodes, the scheduler's words and numbers (requested, in use, allocatable, free), the
 * construct that holds a contested host port, and the fix. Preemptions are warnings (`preemptionIsError` makes
 * them errors).
 *
 * ```ts
 * new ClusterFitCheck(chart, 'fit', { nodes: nodeList.items, existingPods: podList.items });
 * ```
 *
 * Without a `ClusterFitCheck` nothing about the cluster is assumed and no fit is checked.
 */
export class ClusterFitCheck extends Construct {
  private readonly nodes: any[];
  private readonly existingPods?: any[];
  private readonly priorityClasses?: any[];
  private readonly target?: IConstruct;
  private readonly preemptionIsError: boolean;
  private readonly maxNodesListed: number;
  private reportedWarnings?: string;

  constructor(scope: Construct, id: string, props: ClusterFitCheckProps) {
    super(scope, id);
    const where = `ClusterFitCheck at ${this.node.path}`;
    if (props == null || typeof props !== 'object') throw new Error(`${where}: props with \`nodes\` are required`);
    this.nodes = listOf(props.nodes, 'nodes', where, 'Node', 'kubectl get nodes -o json');
    if (this.nodes.length === 0) throw new Error(`${where}: \`nodes\` is empty: pass the cluster's Node objects (kubectl get nodes -o json)`);
    this.nodes.forEach((n, i) => {
      const name = n?.metadata?.name;
      if (n == null || typeof n !== 'object' || (n.kind !== undefined && n.kind !== 'Node')) {
        throw new Error(`${where}: nodes[${i}] is not a Node object (got ${describe(n)}): pass the items of kubectl get nodes -o json`);
      }
      if (typeof name !== 'string' || name.length === 0) throw new Error(`${where}: nodes[${i}] has no metadata.name`);
      const alloc = n.status?.allocatable;
      if (alloc == null || typeof alloc !== 'object' || alloc.pods === undefined) {
        throw new Error(`${where}: node ${name} has no status.allocatable (or no allocatable pods): the scheduler's fit needs it; `
          + 'kubectl get nodes -o json prints it');
      }
    });
    this.existingPods = props.existingPods === undefined ? undefined : listOf(props.existingPods, 'existingPods', where, 'Pod', 'kubectl get pods -A -o json');
    this.priorityClasses = props.priorityClasses === undefined ? undefined
      : listOf(props.priorityClasses, 'priorityClasses', where, 'PriorityClass', 'kubectl get priorityclasses -o json');
    this.target = props.scope;
    this.preemptionIsError = props.preemptionIsError ?? false;
    const max = props.maxNodesListed ?? 5;
    if (!Number.isInteger(max) || max < 1) throw new Error(`${where}: maxNodesListed must be a whole number of at least 1, got ${max}`);
    this.maxNodesListed = max;
    this.node.addValidation({ validate: () => this.validateFit() });
    SynthScope.install(this);
  }

  /**
   * The `NodeDaemon`s checked: every one in `scope` (default the app), in construct tree order.
   */
  public get daemons(): NodeDaemon[] {
    const root = this.target ?? this.node.root;
    return root.node.findAll().filter((c): c is NodeDaemon => c instanceof NodeDaemon);
  }

  /**
   * The plan the check judges: `Placement.planCluster` of the daemons' manifests on the nodes, with the existing
   * pods and priority classes.
   */
  public plan(): ClusterPlan {
    return Placement.planCluster(this.daemons.map((d) => d._manifestJson()), this.nodes, {
      existingPods: this.existingPods,
      priorityClasses: this.priorityClasses,
      schedulerFit: true,
    });
  }

  private validateFit(): string[] {
    const scope = SynthScope.current(this);
    return scope ? scope.memo(this, 'fit', () => this.checkFit()) : this.checkFit();
  }

  private checkFit(): string[] {
    const daemons = this.daemons;
    if (daemons.length === 0) return [];
    const manifests: any[] = [];
    const paths: string[] = [];
    for (const d of daemons) {
      try {
        manifests.push(d._manifestJson());
        paths.push(d.node.path);
      } catch {
        // a daemon that cannot render reports that itself
      }
    }
    const cluster = Placement.planCluster(manifests, this.nodes, {
      existingPods: this.existingPods,
      priorityClasses: this.priorityClasses,
      schedulerFit: true,
    });
    const pathOf = new Map<string, string>();
    cluster.plans.forEach((p, i) => pathOf.set(p.daemonSet, paths[i]));
    const errors: string[] = [];
    const warnings: string[] = [];
    cluster.plans.forEach((plan, i) => {
      const who = `DaemonSet ${plan.daemonSet || '<unnamed>'} (${paths[i]})`;
      const pending = plan.decisions.filter((d) => d.shouldRun && d.fits === false);
      if (pending.length > 0) {
        errors.push(`${who}: its pod stays Pending on ${pending.length} of the ${plan.desiredNumberScheduled} node(s) it should run on `
          + `(kube-scheduler does not bind it; the DaemonSet's status does not say so).\n${this.groupByProblem(pending, pathOf)}`);
      }
      const preempting = plan.decisions.filter((d) => d.shouldRun && d.fits === true && d.preempts !== undefined);
      if (preempting.length > 0) {
        const text = `${who}: its pod fits only by preempting pods on ${preempting.length} node(s): `
          + `${this.listNodes(preempting, (d) => `evicts ${d.preempts!.join(', ')}`)}. Fix: if those pods must stay, give them a priority of `
          + 'at least the daemon\'s or make room on the nodes; otherwise expect the evictions when the daemon rolls out.';
        (this.preemptionIsError ? errors : warnings).push(text);
      }
    });
    this.reportWarnings(warnings);
    return errors;
  }

  /** The pending nodes grouped by the scheduler's reasons, each group with its numbers and its fix. */
  private groupByProblem(pending: PlacementDecision[], pathOf: ReadonlyMap<string, string>): string {
    const groups = new Map<string, PlacementDecision[]>();
    for (const d of pending) {
      const key = (d.schedulingReasons ?? []).join('; ');
      let list = groups.get(key);
      if (list === undefined) groups.set(key, list = []);
      list.push(d);
    }
    const lines: string[] = [];
    for (const [reasons, list] of groups) {
      // nodes with the same details (the same numbers) are named together
      const byDetails = new Map<string, string[]>();
      for (const d of list) {
        const text = this.detailsOf(d, pathOf);
        let nodes = byDetails.get(text);
        if (nodes === undefined) byDetails.set(text, nodes = []);
        nodes.push(d.node);
      }
      lines.push(`  ${reasons} on ${list.length} node(s):`);
      let shown = 0;
      for (const [text, nodes] of byDetails) {
        if (shown >= this.maxNodesListed) break;
        const names = nodes.slice(0, this.maxNodesListed - shown);
        shown += names.length;
        const more = nodes.length - names.length;
        lines.push(`    node${nodes.length > 1 ? 's' : ''} ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}: ${text}`);
      }
      if (shown < list.length) lines.push(`    and ${list.length - shown} more node(s)`);
      lines.push(`  Fix: ${fixFor(reasons)}`);
    }
    return lines.join('\n');
  }

  /** The scheduler's details of one decision, with the construct path of a daemon named in them. */
  private detailsOf(d: PlacementDecision, pathOf: ReadonlyMap<string, string>): string {
    const details = (d.schedulingDetails ?? d.schedulingReasons ?? []).filter((t) => !t.startsWith('no preemption: no other pods'));
    return details.map((t) => t.replace(/a pod of DaemonSet (\S+)/g, (m, name: string) => {
      const path = pathOf.get(name);
      return path === undefined ? m : `${m} (${path})`;
    })).join('; ');
  }

  private listNodes(list: PlacementDecision[], what: (d: PlacementDecision) => string): string {
    const shown = list.slice(0, this.maxNodesListed).map((d) => `node ${d.node}: ${what(d)}`);
    const more = list.length - shown.length;
    return shown.join(' | ') + (more > 0 ? ` | and ${more} more node(s)` : '');
  }

  private reportWarnings(warnings: string[]): void {
    const report = warnings.map((w) => `[${this.node.path}] warning: ${w}\n`).join('');
    if (report.length === 0 || report === this.reportedWarnings) return;
    const scope = SynthScope.current(this);
    if (scope) scope.report(report);
    else process.stderr.write(report);
    this.reportedWarnings = report;
  }
}

/** What to do about a set of scheduler reasons. */
function fixFor(reasons: string): string {
  const fixes: string[] = [];
  if (reasons.includes("didn't have free ports")) {
    fixes.push('give one of the pods another host port (`hostPort`; with hostNetwork the container port is the host port), '
      + 'or keep the two off the same nodes (node selection); two exporters on one port is usually one too many');
  }
  if (reasons.includes('Insufficient ')) {
    fixes.push('lower the daemon\'s requests, give it a priority class above the pods it may then preempt (`system-node-critical` for '
      + 'node agents), or keep it off these nodes');
  }
  if (reasons.includes('Too many pods')) fixes.push('the nodes have no pod slot left (allocatable pods): raise the kubelet\'s maxPods, give the daemon a higher priority so it preempts, or keep it off these nodes');
  if (reasons.includes('no PriorityClass')) fixes.push('create the PriorityClass (and pass it in `priorityClasses`) or use an existing one');
  if (reasons.includes('scheduling gates')) fixes.push('remove the pod template\'s schedulingGates');
  return fixes.length > 0 ? fixes.join('; ') : 'see docs/placement.md (Scheduler fit)';
}

/** A list of Kubernetes objects (or a `List` with `items`), or a clear error. */
function listOf(value: any, field: string, where: string, kind: string, source: string): any[] {
  if (Array.isArray(value)) return value;
  if (value != null && typeof value === 'object' && Array.isArray(value.items)) return value.items;
  throw new Error(`${where}: \`${field}\` must be a list of ${kind} objects (${source}), got ${describe(value)}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return (v as any).kind ? `a ${(v as any).kind}` : 'an object';
  return typeof v;
}
