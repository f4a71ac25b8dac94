import { CompiledPlacement, DecisionCache } from './compiled-placement';
import { daemonPodTolerations } from './daemon-tolerations';
import { PlacementFeatureGates, PlacementOptions } from './feature-gates';
import { CompiledNodeSelection } from './node-affinity';
import { ClusterPlan, PlacementDecision, PlacementPlan } from './placement-decision';
import { fitRequested } from './scheduler-fit';

/** Nodes per block in `planAll`: a block's node objects stay in the CPU cache while every DaemonSet reads them. */
const NODE_BLOCK = 2048;
import { toleratesTaint } from './toleration-matching';

/**
 * Where a DaemonSet's pods land, decided exactly as the Kubernetes DaemonSet controller does
 * (`NodeShouldRunDaemonPod`), from plain Kubernetes JSON: a pod template spec or DaemonSet, and Node objects as
 * printed by `kubectl get nodes -o json`.
 *
 * Rules: the template's `nodeName`; `nodeSelector` AND required node affinity; only `NoSchedule`/`NoExecute`
 * taints block, against the template's tolerations plus the ones the controller adds to every daemon pod;
 * unschedulable (cordoned) nodes, node conditions and resources are not considered.
 *
 * ```ts
 * const plan = Placement.plan(daemonSet, nodeList.items);
 * console.log(`DESIRED ${plan.desiredNumberScheduled} / nodes ${plan.nodeCount}`);
 * ```
 */
export class Placement {
  /**
   * Whether one toleration tolerates one taint (upstream `Toleration.ToleratesTaint`).
   *
   * An empty effect matches every effect; an empty key (with `Exists`) matches every key; `Equal` (or no
   * operator) compares values; `Exists` matches any value; `Lt`/`Gt` never tolerate unless the
   * `TaintTolerationComparisonOperators` feature gate is on in `options`.
   *
   * @param toleration a `Toleration` object
   * @param taint a `Taint` object
   * @param options feature gates
   */
  public static tolerates(toleration: any, taint: any, options?: PlacementOptions): boolean {
    return toleratesTaint(toleration, taint, PlacementFeatureGates.comparisonOperatorsEnabled(options));
  }

  /**
   * Whether a node satisfies a pod spec's `nodeSelector` AND its required node affinity (terms ORed,
   * expressions ANDed; a term that fails to parse never matches). Taints and `nodeName` are not checked here.
   *
   * @param podSpec a pod spec (a DaemonSet's `spec.template.spec`)
   * @param node a `Node` object
   */
  public static matchesNode(podSpec: any, node: any): boolean {
    return new CompiledNodeSelection(podSpec).matches(node);
  }

  /**
   * The DaemonSet controller's decision for one node.
   *
   * @param podSpec the DaemonSet's `spec.template.spec`
   * @param node a `Node` object
   * @param options feature gates and explanations
   */
  public static decide(podSpec: any, node: any, options?: PlacementOptions): PlacementDecision {
    return new CompiledPlacement(podSpec, options).decide(node);
  }

  /**
   * The decision for every node, and the resulting `desiredNumberScheduled`. The DaemonSet's pod template is
   * parsed once, then every node is checked.
   *
   * @param daemonSet an apps/v1 `DaemonSet` object
   * @param nodes `Node` objects (a `NodeList`/`List` object with `items` is accepted too)
   * @param options feature gates and explanations
   */
  public static plan(daemonSet: any, nodes: any[], options?: PlacementOptions): PlacementPlan {
    Placement.checkDaemonSet(daemonSet, 'Placement.plan: expected a DaemonSet object (apps/v1)');
    const list = Placement.nodeList(nodes);
    const compiled = new CompiledPlacement(daemonSet.spec?.template?.spec ?? {}, options);
    const { decisions, desired } = compiled.decideAll(list, DecisionCache.of(list));
    return {
      daemonSet: Placement.daemonSetName(daemonSet),
      decisions,
      desiredNumberScheduled: desired,
      nodeCount: list.length,
    };
  }

  /**
   * `plan` for many DaemonSets over the same nodes: the same plans, in the same order, computed block by block
   * (a few thousand nodes at a time, every DaemonSet per block) so that a large node list is read from memory
   * once per block instead of once per DaemonSet. Use it to plan a whole repository against a large cluster.
   *
   * With `options.existingPods` (or `options.schedulerFit`), also kube-scheduler's half: for every node that should
   * run a daemon, whether the pod binds there, all DaemonSets planned together with the pods already on the node
   * (resources, pod slots, host ports, preemption): `fits`, `schedulingReasons`, `schedulingDetails`, `preempts`
   * and `contested` on those decisions, `pendingNumber` on each plan.
   *
   * @param daemonSets apps/v1 `DaemonSet` objects
   * @param nodes `Node` objects (a `NodeList`/`List` object with `items` is accepted too)
   * @param options feature gates, explanations, existing pods and priority classes for scheduler fit
   */
  public static planAll(daemonSets: any[], nodes: any[], options?: PlacementOptions): PlacementPlan[] {
    if (!fitRequested(options)) return Placement.planController(daemonSets, nodes, options);
    return Placement.withFit(daemonSets, nodes, options, false).plans;
  }

  /**
   * `planAll` with scheduler fit (always on), plus what the daemons cost: per node, the sum of the effective
   * requests of the daemon pods the scheduler binds there against the node's allocatable, and the same summed
   * per node group (`options.nodeGroupLabel`, default the instance type).
   *
   * @param daemonSets apps/v1 `DaemonSet` objects
   * @param nodes `Node` objects with `status.allocatable`
   * @param options existing pods, priority classes, the grouping label, feature gates, explanations
   */
  public static planCluster(daemonSets: any[], nodes: any[], options?: PlacementOptions): ClusterPlan {
    return Placement.withFit(daemonSets, nodes, options, true);
  }

  /**
   * The tolerations of the daemon pods the controller creates: the template's tolerations merged with the
   * defaults it adds (`not-ready`/`unreachable` NoExecute, `disk-pressure`/`memory-pressure`/`pid-pressure`/
   * `unschedulable` NoSchedule, and `network-unavailable` NoSchedule with `hostNetwork: true`).
   *
   * @param podSpec the DaemonSet's `spec.template.spec`
   */
  public static daemonPodTolerations(podSpec: any): any[] {
    return daemonPodTolerations(podSpec);
  }

  private static withFit(daemonSets: any[], nodes: any[], options: PlacementOptions | undefined, overhead: boolean): ClusterPlan {
    // loaded on first use: plans without fit do not pay for it
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { FitPass } = require('./fit-plan') as typeof import('./fit-plan');
    let pass: InstanceType<typeof FitPass> | undefined;
    const plans = Placement.planController(daemonSets, nodes, options, (list) => {
      pass = new FitPass(daemonSets, list, options ?? {}, overhead, daemonSets.map((ds) => Placement.daemonSetName(ds)));
      return pass;
    });
    return pass!.finish(plans);
  }

  /**
   * The controller's plans, block by block; `startFit` (given the node list) returns what runs scheduler fit on
   * each block right after the controller decided it.
   */
  private static planController(daemonSets: any[], nodes: any[], options?: PlacementOptions,
    startFit?: (list: any[]) => { block(decisions: PlacementDecision[][], start: number, end: number): void }): PlacementPlan[] {
    if (!Array.isArray(daemonSets)) {
      throw new Error('Placement.planAll: expected an array of DaemonSet objects (apps/v1), got ' + (daemonSets === null ? 'null' : typeof daemonSets));
    }
    daemonSets.forEach((ds, i) => Placement.checkDaemonSet(ds, `Placement.planAll: daemonSets[${i}] is not a DaemonSet object (apps/v1)`));
    const list = Placement.nodeList(nodes);
    const cache = DecisionCache.of(list);
    const compiled = daemonSets.map((ds) => new CompiledPlacement(ds.spec?.template?.spec ?? {}, options));
    const fit = startFit?.(list);
    const decisions: PlacementDecision[][] = compiled.map(() => new Array(list.length));
    const desired: number[] = compiled.map(() => 0);
    for (let start = 0; start < list.length; start += NODE_BLOCK) {
      const end = Math.min(list.length, start + NODE_BLOCK);
      for (let d = 0; d < compiled.length; d++) desired[d] += compiled[d].decideRange(list, start, end, cache, decisions[d]);
      fit?.block(decisions, start, end);
    }
    return daemonSets.map((ds, d) => ({
      daemonSet: Placement.daemonSetName(ds),
      decisions: decisions[d],
      desiredNumberScheduled: desired[d],
      nodeCount: list.length,
    }));
  }

  private static checkDaemonSet(daemonSet: any, message: string): void {
    if (daemonSet == null || typeof daemonSet !== 'object') {
      throw new Error(`${message}, got ${daemonSet === null ? 'null' : typeof daemonSet}`);
    }
  }

  private static nodeList(nodes: any): any[] {
    return Array.isArray(nodes) ? nodes : Array.isArray(nodes?.items) ? nodes.items : [];
  }

  /** `namespace/name` of a DaemonSet, or `name` when it has no namespace. */
  private static daemonSetName(ds: any): string {
    const name = typeof ds?.metadata?.name === 'string' ? ds.metadata.name : '';
    const ns = typeof ds?.metadata?.namespace === 'string' ? ds.metadata.namespace : '';
    return ns.length > 0 ? `${ns}/${name}` : name;
  }

  private constructor() {}
}
