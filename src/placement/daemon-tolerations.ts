/**
 * The tolerations the DaemonSet controller adds to every daemon pod (`AddOrUpdateDaemonPodTolerations` in
 * pkg/controller/daemon/util/daemonset_util.go), merged with `AddOrUpdateTolerationInPodSpec` semantics.
 *
 * Internal module.
 */

/** Default tolerations added to every daemon pod, in upstream order. */
const ALWAYS: ReadonlyArray<{ key: string; effect: string }> = [
  { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
];

const HOST_NETWORK_ONLY = { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' };

function s(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Upstream `Toleration.MatchToleration`: same key, operator, value and effect (tolerationSeconds ignored). */
function sameToleration(a: any, b: any): boolean {
  return s(a?.key) === s(b?.key) && s(a?.operator) === s(b?.operator) && s(a?.value) === s(b?.value)
    && s(a?.effect) === s(b?.effect);
}

function deepEqualToleration(a: any, b: any): boolean {
  return sameToleration(a, b) && (a?.tolerationSeconds ?? undefined) === (b?.tolerationSeconds ?? undefined);
}

/**
 * Upstream `AddOrUpdateTolerationInPodSpec`: a toleration equal in key, operator, value and effect is replaced
 * (which drops its tolerationSeconds); otherwise the toleration is appended.
 */
export function addOrUpdateToleration(tolerations: any[], toleration: any): any[] {
  const out: any[] = [];
  let updated = false;
  for (const existing of tolerations) {
    if (sameToleration(toleration, existing)) {
      if (deepEqualToleration(toleration, existing)) return tolerations;
      out.push(toleration);
      updated = true;
      continue;
    }
    out.push(existing);
  }
  if (!updated) out.push(toleration);
  return out;
}

/**
 * The tolerations of the daemon pod the controller simulates for a pod template spec: the template's own
 * tolerations plus the defaults (network-unavailable only with `hostNetwork: true`).
 */
export function daemonPodTolerations(podSpec: any): any[] {
  let tolerations: any[] = Array.isArray(podSpec?.tolerations) ? [...podSpec.tolerations] : [];
  const defaults = podSpec?.hostNetwork === true ? [...ALWAYS, HOST_NETWORK_ONLY] : ALWAYS;
  for (const d of defaults) {
    tolerations = addOrUpdateToleration(tolerations, { key: d.key, operator: 'Exists', effect: d.effect });
  }
  return tolerations;
}

/** Keys of the default tolerations (for explanations). */
export const DEFAULT_TOLERATION_KEYS: ReadonlySet<string> = new Set([...ALWAYS.map((d) => d.key), HOST_NETWORK_ONLY.key]);
