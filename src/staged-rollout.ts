import { Construct } from 'constructs';
import { labelValueErrors, qualifiedNameErrors } from './k8s/names';
import { NodeDaemon } from './node-daemon';
import { NodeRequirement, WellKnownNodeLabels } from './node-selection';
import { PlacementOptions } from './placement/feature-gates';
import { Placement } from './placement/placement';

/**
 * Properties of a `StagedRollout`.
 */
export interface StagedRolloutProps {
  /** The DaemonSet with the current version: it runs on every node outside the canary group. */
  readonly stable: NodeDaemon;

  /**
   * The DaemonSet with the new version: it runs on the canary nodes only. Give it the same node selection and
   * tolerations as `stable` (build both with one function), so that together they cover the same nodes.
   */
  readonly canary: NodeDaemon;

  /**
   * Canary nodes by label: the nodes whose label `canaryLabel` has the value `canaryLabelValue`. Move a node with
   * `kubectl label node NODE KEY=VALUE` (and back with `kubectl label node NODE KEY-`).
   *
   * @default - none: set exactly one of `canaryLabel` and `canaryNodes`
   */
  readonly canaryLabel?: string;

  /**
   * The value of `canaryLabel` that makes a node a canary node.
   *
   * @default "true"
   */
  readonly canaryLabelValue?: string;

  /**
   * Canary nodes by name, matched with their `kubernetes.io/hostname` label (the kubelet sets it to the node
   * name unless `--hostname-override` is used: check with `checkPlacement`). An empty list puts every node on
   * `stable`.
   *
   * @default - none: set exactly one of `canaryLabel` and `canaryNodes`
   */
  readonly canaryNodes?: string[];
}

/**
 * Where the two DaemonSets of a `StagedRollout` run on a given cluster.
 */
export interface StagedRolloutCheck {
  /** Nodes that run the stable DaemonSet only. */
  readonly stableNodes: string[];
  /** Nodes that run the canary DaemonSet only. */
  readonly canaryNodes: string[];
  /** Nodes that would run both (two daemons on one node: the split is not exclusive). */
  readonly bothNodes: string[];
  /** Nodes that run the stable DaemonSet alone would cover but neither of the pair does. */
  readonly uncoveredNodes: string[];
  /** True when every node runs at most one of the pair and no node loses the daemon to the split. */
  readonly ok: boolean;
}

/**
 * A staged (canary) rollout of a node daemon without a custom controller: two DaemonSets, `stable` with the
 * current version and `canary` with the new one, with mutually exclusive node selection, so that every node
 * runs exactly one of the pair. The split is a node label (`canaryLabel`) or a list of nodes (`canaryNodes`),
 * added to the required node affinity of both (ANDed with their own selection): `In` on the canary, `NotIn` on
 * the stable DaemonSet (which also matches nodes without the label).
 *
 * Promote by giving `stable` the canary's version (one line); roll back by giving `canary` the stable version
 * or by emptying `canaryNodes` (one line). When a node moves between the two, the DaemonSet it leaves deletes
 * its pod and the other creates one; a pod that binds host ports stays Pending until the old pod is gone.
 *
 * @example
 * const agent = (id: string, version: string) => new NodeExporterDaemon(chart, id, { version });
 * new StagedRollout(chart, 'node-exporter-rollout', {
 *   stable: agent('node-exporter', '1.8.2'),
 *   canary: agent('node-exporter-canary', '1.9.0'),
 *   canaryLabel: 'example.com/node-exporter-canary',
 * });
 */
export class StagedRollout extends Construct {
  /** The DaemonSet with the current version. */
  public readonly stable: NodeDaemon;

  /** The DaemonSet with the new version. */
  public readonly canary: NodeDaemon;

  /** The requirement added to `stable` (JSON), if any. */
  private readonly stableSplit?: any;

  constructor(scope: Construct, id: string, props: StagedRolloutProps) {
    super(scope, id);
    const where = `${this.node.path}: StagedRollout`;
    if (!props.stable || !props.canary) throw new Error(`${where}: both stable and canary DaemonSets are required`);
    if (props.stable === props.canary) throw new Error(`${where}: stable and canary must be two different NodeDaemons`);
    const byLabel = props.canaryLabel !== undefined;
    const byName = props.canaryNodes !== undefined;
    if (byLabel === byName) {
      throw new Error(`${where}: set exactly one of canaryLabel (a node label) and canaryNodes (node names)`);
    }
    this.stable = props.stable;
    this.canary = props.canary;
    if (byLabel) {
      const key = props.canaryLabel!;
      const value = props.canaryLabelValue ?? 'true';
      const keyErrors = qualifiedNameErrors(key);
      if (keyErrors.length > 0) throw new Error(`${where}: canaryLabel ${JSON.stringify(key)} is not a valid label key: ${keyErrors.join('; ')}`);
      const valueErrors = labelValueErrors(value);
      if (valueErrors.length > 0) throw new Error(`${where}: canaryLabelValue ${JSON.stringify(value)} is not a valid label value: ${valueErrors.join('; ')}`);
      this.canary.requireNodeAffinity(NodeRequirement.labelIn(key, value));
      const split = NodeRequirement.labelNotIn(key, value);
      this.stable.requireNodeAffinity(split);
      this.stableSplit = split.toJson();
    } else {
      const names = [...new Set(props.canaryNodes!)];
      for (const n of names) {
        const errors = labelValueErrors(n);
        if (n.length === 0 || errors.length > 0) {
          throw new Error(`${where}: canaryNodes: ${JSON.stringify(n)} cannot be matched by the ${WellKnownNodeLabels.HOSTNAME} label: ${errors.join('; ') || 'empty name'}`);
        }
      }
      if (names.length === 0) {
        // no canary node: a requirement no node meets (the label both exists and does not)
        const hostname = WellKnownNodeLabels.HOSTNAME;
        this.canary.requireNodeAffinity(NodeRequirement.labelExists(hostname), NodeRequirement.labelDoesNotExist(hostname));
      } else {
        this.canary.requireNodeAffinity(NodeRequirement.labelIn(WellKnownNodeLabels.HOSTNAME, ...names));
        const split = NodeRequirement.labelNotIn(WellKnownNodeLabels.HOSTNAME, ...names);
        this.stable.requireNodeAffinity(split);
        this.stableSplit = split.toJson();
      }
    }
  }

  /**
   * Check the split on a cluster's nodes with `Placement`: which nodes run the stable, the canary, both or
   * neither DaemonSet. `ok` is true when no node runs both and every node the stable DaemonSet would cover
   * without the split runs one of the pair.
   *
   * @param nodes `Node` objects (`kubectl get nodes -o json`; a `List` with `items` is accepted)
   * @param options feature gates
   */
  public checkPlacement(nodes: any[], options?: PlacementOptions): StagedRolloutCheck {
    const stable = this.stable._manifestJson();
    const canary = this.canary._manifestJson();
    const [s, c] = Placement.planAll([stable, canary], nodes, options);
    // the stable DaemonSet without the split: the nodes the pair must cover together
    const unsplit = withoutRequirement(stable, this.stableSplit);
    const u = Placement.plan(unsplit, nodes, options);
    const stableNodes: string[] = [];
    const canaryNodes: string[] = [];
    const bothNodes: string[] = [];
    const uncoveredNodes: string[] = [];
    for (let i = 0; i < s.decisions.length; i++) {
      const inStable = s.decisions[i].shouldRun;
      const inCanary = c.decisions[i].shouldRun;
      const name = s.decisions[i].node;
      if (inStable && inCanary) bothNodes.push(name);
      else if (inStable) stableNodes.push(name);
      else if (inCanary) canaryNodes.push(name);
      else if (u.decisions[i].shouldRun) uncoveredNodes.push(name);
    }
    return { stableNodes, canaryNodes, bothNodes, uncoveredNodes, ok: bothNodes.length === 0 && uncoveredNodes.length === 0 };
  }
}

/** A copy of a DaemonSet with one requirement removed from every required node affinity term. */
function withoutRequirement(daemonSet: any, requirement: any): any {
  const copy = JSON.parse(JSON.stringify(daemonSet));
  if (!requirement) return copy;
  const nodeAffinity = copy.spec?.template?.spec?.affinity?.nodeAffinity;
  const required = nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required || !Array.isArray(required.nodeSelectorTerms)) return copy;
  const same = JSON.stringify(requirement);
  for (const t of required.nodeSelectorTerms) {
    if (!Array.isArray(t.matchExpressions)) continue;
    t.matchExpressions = t.matchExpressions.filter((e: any) => JSON.stringify(e) !== same);
    if (t.matchExpressions.length === 0) delete t.matchExpressions;
  }
  // a term left empty matched every node before the split (it only held the split's requirement)
  if (required.nodeSelectorTerms.some((t: any) => !t.matchExpressions && !t.matchFields)) {
    delete nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  }
  return copy;
}
