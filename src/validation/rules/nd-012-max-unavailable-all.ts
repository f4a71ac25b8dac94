import { BestPracticeRule } from './rule';
import { ApiServerRules } from '../api-server-rules';
import { Severity } from '../severity';

/** ND-012: a rolling update does not take down every node's agent at once. */
export const ND012: BestPracticeRule = {
  id: 'ND-012',
  severity: Severity.WARNING,
  description: 'A DaemonSet rolling update does not use maxUnavailable: 100%, which stops the agent on every node at once.',
  daemonSetOnly: true,
  check(ctx, report) {
    const s = ApiServerRules.defaultUpdateStrategy(ctx.manifest.spec?.updateStrategy);
    if (s.type === 'RollingUpdate' && s.rollingUpdate.maxUnavailable === '100%') {
      report('spec.updateStrategy.rollingUpdate.maxUnavailable',
        'maxUnavailable: 100% replaces the agent on all nodes at the same time; use a small number or percentage (e.g. 1 or "10%")');
    }
  },
};
