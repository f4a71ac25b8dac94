import { BestPracticeRule } from './rule';
import { Severity } from '../severity';

/** ND-014: node agents have a priority class. */
export const ND014: BestPracticeRule = {
  id: 'ND-014',
  severity: Severity.WARNING,
  description: 'A DaemonSet sets priorityClassName (e.g. system-node-critical or a dedicated high-priority class), so its pods can preempt ordinary pods on full nodes and are not evicted first.',
  daemonSetOnly: true,
  check(ctx, report) {
    const pc = ctx.pod.spec.priorityClassName;
    if (typeof pc !== 'string' || pc === '') {
      report(`${ctx.pod.specPath}.priorityClassName`,
        'no priorityClassName: on a full node the agent stays Pending; set a high priority class such as system-node-critical or a dedicated PriorityClass');
    }
  },
};
