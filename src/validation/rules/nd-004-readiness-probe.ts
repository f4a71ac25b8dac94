import { BestPracticeRule, forEachContainer, cname } from './rule';
import { Severity } from '../severity';

/** ND-004: long-running containers have a readiness probe. */
export const ND004: BestPracticeRule = {
  id: 'ND-004',
  severity: Severity.WARNING,
  description: 'Every container of a long-running workload has a readinessProbe, so a rolling update waits until the new pod really works before moving to the next node (not checked for Jobs and CronJobs).',
  daemonSetOnly: false,
  check(ctx, report) {
    if (ctx.isBatch) return;
    forEachContainer(ctx, false, (c, path) => {
      if (c.readinessProbe === undefined || c.readinessProbe === null) {
        report(`${path}.readinessProbe`, `container ${cname(c)} has no readinessProbe; add one so rollouts stop when the new version is not ready`);
      }
    });
  },
};
