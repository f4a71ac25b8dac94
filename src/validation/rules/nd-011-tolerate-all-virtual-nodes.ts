import { BestPracticeRule, obj, arr } from './rule';
import { Severity } from '../severity';

/** Node labels that mark virtual nodes, which cannot run DaemonSet pods. */
export const VIRTUAL_NODE_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['eks.amazonaws.com/compute-type', 'fargate'],
  ['type', 'virtual-kubelet'],
];

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
  description: 'A DaemonSet that tolerates every taint (empty key, operator Exists) excludes virtual nodes (eks.amazonaws.com/compute-type=fargate, type=virtual-kubelet) with required node affinity, otherwise its pods are scheduled there and stay Pending.',
  daemonSetOnly: true,
  check(ctx, report) {
    const spec = ctx.pod.spec;
    arr(spec.tolerations).forEach((raw: any, i: number) => {
      const t = obj(raw);
      const key = t.key ?? '';
      const effect = t.effect ?? '';
      if (key !== '' || t.operator !== 'Exists' || (effect !== '' && effect !== 'NoSchedule')) return;
      const missing = VIRTUAL_NODE_LABELS.filter(([k, v]) => !excludes(spec, k, v)).map(([k, v]) => `${k}=${v}`);
      if (missing.length > 0) {
        report(`${ctx.pod.specPath}.tolerations[${i}]`,
          `this toleration matches every taint, including virtual nodes (${missing.join(', ')}); add required node affinity with ` +
          missing.map((m) => `{key: ${m.split('=')[0]}, operator: NotIn, values: [${m.split('=')[1]}]}`).join(' and ') + ' to every nodeSelectorTerm');
      }
    });
  },
};
