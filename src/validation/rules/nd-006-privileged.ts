import { BestPracticeRule, forEachContainer, obj, arr, cname } from './rule';
import { Severity } from '../severity';

/** Whether the container has a volume mount with Bidirectional propagation (which the API server allows only privileged). */
export function hasBidirectionalMount(c: any): boolean {
  for (const m of arr(c.volumeMounts)) if (obj(m).mountPropagation === 'Bidirectional') return true;
  return false;
}

/** ND-006: no privileged containers. */
export const ND006: BestPracticeRule = {
  id: 'ND-006',
  severity: Severity.WARNING,
  description: 'No container is privileged: grant the specific capabilities, devices or host paths the agent needs instead (suppress with a reason when it really needs full host access). '
    + 'Not reported for a container with a Bidirectional volume mount, which the API server accepts only from a privileged container.',
  daemonSetOnly: false,
  check(ctx, report) {
    forEachContainer(ctx, true, (c, path) => {
      // mountPropagation: Bidirectional requires privileged (API server: "Bidirectional mount propagation is
      // available only to privileged containers"); removing privileged would be rejected
      if (obj(c.securityContext).privileged === true && !hasBidirectionalMount(c)) {
        report(`${path}.securityContext.privileged`,
          `container ${cname(c)} is privileged (full access to every host device and capability); remove privileged and add only the capabilities it needs`);
      }
    });
  },
};
