import { BestPracticeRule, forEachContainer, obj, cname } from './rule';
import { Severity } from '../severity';

/** ND-008: a seccomp profile applies to every container. */
export const ND008: BestPracticeRule = {
  id: 'ND-008',
  severity: Severity.WARNING,
  description: 'Every container runs with seccomp RuntimeDefault or Localhost, set on the pod (securityContext.seccompProfile) or on the container.',
  daemonSetOnly: false,
  check(ctx, report) {
    const podType = obj(obj(ctx.pod.spec.securityContext).seccompProfile).type;
    forEachContainer(ctx, true, (c, path) => {
      const own = obj(obj(c.securityContext).seccompProfile).type;
      const t = own ?? podType;
      if (t === 'RuntimeDefault' || t === 'Localhost') return;
      if (t === undefined) {
        report(`${ctx.pod.specPath}.securityContext.seccompProfile`,
          `container ${cname(c)} has no seccomp profile; set securityContext.seccompProfile.type: RuntimeDefault on the pod`);
      } else {
        const field = own !== undefined ? `${path}.securityContext.seccompProfile.type` : `${ctx.pod.specPath}.securityContext.seccompProfile.type`;
        report(field, `container ${cname(c)} runs with seccomp ${JSON.stringify(t)}; use RuntimeDefault (or a Localhost profile)`);
      }
    });
  },
};
