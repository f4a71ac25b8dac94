/**
 * The `priority` a static pod must carry. The kubelet does not resolve `priorityClassName` for static pods (it has
 * no API server to ask), so graceful node shutdown and eviction see priority 0 unless `spec.priority` is set; the
 * API server's Priority admission then rejects the mirror pod if `spec.priority` differs from the value of the
 * PriorityClass named by `priorityClassName` ("the integer value of priority (N) must not be provided in pod spec;
 * priority admission controller computed M from the given PriorityClass name"). kubeadm therefore writes both
 * `priorityClassName: system-node-critical` and `priority: 2000001000` (kubernetes/kubernetes#114338).
 */
export class StaticPodPriority {
  /** Value of the built-in `system-node-critical` PriorityClass. */
  public static readonly SYSTEM_NODE_CRITICAL = 2000001000;
  /** Value of the built-in `system-cluster-critical` PriorityClass. */
  public static readonly SYSTEM_CLUSTER_CRITICAL = 2000000000;

  /**
   * The value of `priorityClassName`: a built-in class, or a `scheduling.k8s.io/v1` PriorityClass in `manifests`.
   * @returns the value, or undefined when unknown
   */
  public static valueOf(priorityClassName: string, manifests: any[] = []): number | undefined {
    if (priorityClassName === 'system-node-critical') return StaticPodPriority.SYSTEM_NODE_CRITICAL;
    if (priorityClassName === 'system-cluster-critical') return StaticPodPriority.SYSTEM_CLUSTER_CRITICAL;
    const pc = manifests.find((o) => o?.kind === 'PriorityClass' && String(o?.apiVersion ?? '').startsWith('scheduling.k8s.io/')
      && o?.metadata?.name === priorityClassName);
    return typeof pc?.value === 'number' ? pc.value : undefined;
  }
}
