import { BestPracticeRule } from './rule';
import { Severity } from '../severity';

/** ND-009: the default ServiceAccount's token is not mounted. */
export const ND009: BestPracticeRule = {
  id: 'ND-009',
  severity: Severity.WARNING,
  description: 'A pod that uses the default ServiceAccount sets automountServiceAccountToken: false: an agent that needs the API gets its own ServiceAccount, and one that does not should not carry a token.',
  daemonSetOnly: false,
  check(ctx, report) {
    const spec = ctx.pod.spec;
    const sa = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== ''
      ? spec.serviceAccountName
      : typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '' ? spec.serviceAccount : 'default';
    if (sa === 'default' && spec.automountServiceAccountToken !== false) {
      report(`${ctx.pod.specPath}.automountServiceAccountToken`,
        'pods mount an API token of the namespace\'s default ServiceAccount; set automountServiceAccountToken: false, or use a dedicated serviceAccountName if the agent calls the API');
    }
  },
};
