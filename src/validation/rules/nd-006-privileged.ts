import { BestPracticeRule, forEachContainer, obj, cname } from './rule';
import { Severity } from '../severity';

/** ND-006: no privileged containers. */
export const ND006: BestPracticeRule = {
  id: 'ND-006',
  severity: Severity.WARNING,
  description: 'No container is privileged: grant the specific capabilities, devices or host paths the agent needs instead (suppress with a reason when it really needs full host access).',
  daemonSetOnly: false,
  check(ctx, report) {
    forEachContainer(ctx, true, (c, path) => {
      if (obj(c.securityContext).privileged === true) {
        report(`${path}.securityContext.privileged`,
          `container ${cname(c)} is privileged (full access to every host device and capability); remove privileged and add only the capabilities it needs`);
      }
    });
  },
};
