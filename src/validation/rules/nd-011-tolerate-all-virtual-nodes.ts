import { BestPracticeRule, obj, arr } from './rule';
import { Severity } from '../severity';

/** Node labels that mark virtual nodes, which cannot run DaemonSet pods. */
export const VIRTUAL_NODE_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['eks.amazonaws.com/compute-type', 'fargate'],
  ['type', 'virtual-kubelet'],
];

/**
 * Signs that a workload is made for a platform that has these virtual nodes: images from the platform's registry,
 * or node labels of the platform in its node selection. Fargate: EKS (ECR images, eks.amazonaws.com/ labels);
 * virtual-kubelet: AKS virtual nodes (Microsoft's registry, kubernetes.azure.com/ labels).
 */
const PLATFORM_IMAGE: ReadonlyArray<RegExp> = [
  /^([0-9]+\.dkr\.ecr\.[-a-z0-9]+\.amazonaws\.com(\.cn)?|public\.ecr\.aws)\//,
  /^mcr\.microsoft\.com\//,
];
const PLATFORM_LABEL: ReadonlyArray<RegExp> = [/(^|\.)(eks\.amazonaws\.com|k8s\.aws)\//, /(^|\.)kubernetes\.azure\.com\/|^type$/];

/** Whether the pod is made for the platform of virtual-node label i. */
function forPlatform(ctx: any, spec: any, i: number): boolean {
  for (const r of [...ctx.initContainers, ...ctx.containers]) {
    if (typeof r.container.image === 'string' && PLATFORM_IMAGE[i].test(r.container.image)) return true;
  }
  for (const k of Object.keys(obj(spec.nodeSelector))) if (PLATFORM_LABEL[i].test(k)) return true;
  const affinity = obj(obj(spec.affinity).nodeAffinity);
  const terms = [
    ...arr(obj(affinity.requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms),
    ...arr(affinity.preferredDuringSchedulingIgnoredDuringExecution).map((p: any) => obj(p).preference),
  ];
  for (const t of terms) for (const e of arr(obj(t).matchExpressions)) if (typeof obj(e).key === 'string' && PLATFORM_LABEL[i].test(e.key)) return true;
  return false;
}

/** Whether a required node selector term keeps nodes with label key=value out. */
function termExcludes(term: any, key: string, value: string): boolean {
  for (const raw of arr(term.matchExpressions)) {
    const e = obj(raw);
    if (e.key !== key) continue;
    const values = arr(e.values);
    if (e.operator === 'NotIn' && values.includes(value)) return true;
    if (e.operator === 'DoesNotExist') return true;
    if (e.operator === 'In' && !values.includes(value)) return true;
  }
  return false;
}

/** Whether every node selected by the pod spec lacks label key=value. */
function excludes(spec: any, key: string, value: string): boolean {
  const ns = obj(spec.nodeSelector);
  if (typeof ns[key] === 'string' && ns[key] !== value) return true;
  const terms = arr(obj(obj(obj(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms);
  return terms.length > 0 && terms.every((t) => termExcludes(obj(t), key, value));
}

/** ND-011: a tolerate-everything toleration comes with virtual-node exclusions. */
export const ND011: BestPracticeRule = {
  id: 'ND-011',
  severity: Severity.WARNING,
  description: 'A DaemonSet that tolerates every taint (empty key, operator Exists) and is made for a platform with virtual nodes (EKS Fargate: ECR images or eks.amazonaws.com/ node labels; '
    + 'AKS virtual nodes: mcr.microsoft.com images or kubernetes.azure.com/ node labels) excludes those nodes (eks.amazonaws.com/compute-type=fargate, type=virtual-kubelet) '
    + 'with required node affinity, otherwise its pods are scheduled there and stay Pending.',
  daemonSetOnly: true,
  check(ctx, report) {
    const spec = ctx.pod.spec;
    let reported = false;
    arr(spec.tolerations).forEach((raw: any, i: number) => {
      const t = obj(raw);
      if (reported) return; // one finding per pod, at the first tolerate-all toleration
      const key = t.key ?? '';
      const effect = t.effect ?? '';
      if (key !== '' || t.operator !== 'Exists' || (effect !== '' && effect !== 'NoSchedule')) return;
      const missing = VIRTUAL_NODE_LABELS.filter(([k, v], j) => forPlatform(ctx, spec, j) && !excludes(spec, k, v)).map(([k, v]) => `${k}=${v}`);
      if (missing.length > 0) {
        reported = true;
        report(`${ctx.pod.specPath}.tolerations[${i}]`,
          `this toleration matches every taint, including virtual nodes (${missing.join(', ')}); add required node affinity with ` +
          missing.map((m) => `{key: ${m.split('=')[0]}, operator: NotIn, values: [${m.split('=')[1]}]}`).join(' and ') + ' to every nodeSelectorTerm');
      }
    });
  },
};
