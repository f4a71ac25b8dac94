import { CompiledPlacement, RunDecisionCache } from './compiled-placement';
import { daemonPodTolerations } from './daemon-tolerations';
import { PlacementFeatureGates, PlacementOptions } from './feature-gates';
import { CompiledNodeSelection } from './node-affinity';
import { PlacementDecision, PlacementPlan } from './placement-decision';
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
    if (daemonSet == null || typeof daemonSet !== 'object') {
      throw new Error('Placement.plan: expected a DaemonSet object (apps/v1), got ' + (daemonSet === null ? 'null' : typeof daemonSet));
    }
    const list: any[] = Array.isArray(nodes) ? nodes : Array.isArray((nodes as any)?.items) ? (nodes as any).items : [];
    const compiled = new CompiledPlacement(daemonSet.spec?.template?.spec ?? {}, options);
    const { decisions, desired } = compiled.decideAll(list, RunDecisionCache.of(list));
    return {
      daemonSet: Placement.daemonSetName(daemonSet),
      decisions,
      desiredNumberScheduled: desired,
      nodeCount: list.length,
    };
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

  /** `namespace/name` of a DaemonSet, or `name` when it has no namespace. */
  private static daemonSetName(ds: any): string {
    const name = typeof ds?.metadata?.name === 'string' ? ds.metadata.name : '';
    const ns = typeof ds?.metadata?.namespace === 'string' ? ds.metadata.namespace : '';
    return ns.length > 0 ? `${ns}/${name}` : name;
  }

  private constructor() {}
}
