import { BestPracticeRule, forEachContainer, obj, cname } from './rule';
import { Severity } from '../severity';

/** ND-002: every container has a memory limit. */
export const ND002: BestPracticeRule = {
  id: 'ND-002',
  severity: Severity.WARNING,
  description: 'Every container sets resources.limits.memory, so a leaking agent is OOM-killed instead of starving the node (a CPU limit is not required).',
  daemonSetOnly: false,
  check(ctx, report) {
    forEachContainer(ctx, false, (c, path) => {
      if (obj(obj(c.resources).limits).memory === undefined) {
        report(`${path}.resources.limits.memory`,
          `container ${cname(c)} has no memory limit; set resources.limits.memory (e.g. equal to the request)`);
      }
    });
  },
};
