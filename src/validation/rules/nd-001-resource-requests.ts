import { BestPracticeRule, forEachContainer, obj, cname } from './rule';
import { Severity } from '../severity';

/** ND-001: every container requests CPU and memory. */
export const ND001: BestPracticeRule = {
  id: 'ND-001',
  severity: Severity.WARNING,
  description: 'Every container sets resources.requests for cpu and memory, so the scheduler reserves room for the agent on every node.',
  daemonSetOnly: false,
  check(ctx, report) {
    forEachContainer(ctx, false, (c, path) => {
      const req = obj(obj(c.resources).requests);
      const missing = [];
      if (req.cpu === undefined) missing.push('cpu');
      if (req.memory === undefined) missing.push('memory');
      if (missing.length > 0) {
        report(`${path}.resources.requests`,
          `container ${cname(c)} has no ${missing.join(' or ')} request; set resources.requests.${missing.join(' and .')} so every node reserves room for it`);
      }
    });
  },
};
