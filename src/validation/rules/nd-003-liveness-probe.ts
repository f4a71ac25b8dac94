import { BestPracticeRule, forEachContainer, cname } from './rule';
import { Severity } from '../severity';

/** ND-003: long-running containers have a liveness probe. */
export const ND003: BestPracticeRule = {
  id: 'ND-003',
  severity: Severity.WARNING,
  description: 'Every container of a long-running workload has a livenessProbe, so a hung agent is restarted (not checked for Jobs and CronJobs).',
  daemonSetOnly: false,
  check(ctx, report) {
    if (ctx.isBatch) return;
    forEachContainer(ctx, false, (c, path) => {
      if (c.livenessProbe === undefined || c.livenessProbe === null) {
        report(`${path}.livenessProbe`, `container ${cname(c)} has no livenessProbe; add an httpGet, tcpSocket, grpc or exec probe so a hung process is restarted`);
      }
    });
  },
};
