import { BestPracticeRule, forEachContainer, obj, cname } from './rule';
import { Severity } from '../severity';

/** ND-008: a seccomp profile applies to every container. */
export const ND008: BestPracticeRule = {
  id: 'ND-008',
  severity: Severity.WARNING,
  description: 'Every container runs with seccomp RuntimeDefault or Localhost, set on the pod (securityContext.seccompProfile) or on the container. '
    + 'A missing profile is reported once per pod; privileged containers are not checked (the runtime does not apply seccomp to them).',
  daemonSetOnly: false,
  check(ctx, report) {
    const podType = obj(obj(ctx.pod.spec.securityContext).seccompProfile).type;
    const missing: string[] = [];
    forEachContainer(ctx, true, (c, path) => {
      const sc = obj(c.securityContext);
      if (sc.privileged === true) return;
      const own = obj(sc.seccompProfile).type;
      const t = own ?? podType;
      if (t === 'RuntimeDefault' || t === 'Localhost') return;
      if (t === undefined) {
        missing.push(cname(c));
      } else if (own !== undefined) {
        report(`${path}.securityContext.seccompProfile.type`, `container ${cname(c)} runs with seccomp ${JSON.stringify(t)}; use RuntimeDefault (or a Localhost profile)`);
      } else {
        missing.push(cname(c));
      }
    });
    if (missing.length === 0) return;
    const who = missing.length === 1 ? `container ${missing[0]} runs` : `containers ${missing.join(', ')} run`;
    if (podType === undefined) {
      report(`${ctx.pod.specPath}.securityContext.seccompProfile`,
        `${who} without a seccomp profile; set securityContext.seccompProfile.type: RuntimeDefault on the pod`);
    } else {
      report(`${ctx.pod.specPath}.securityContext.seccompProfile.type`,
        `${who} with the pod's seccomp ${JSON.stringify(podType)}; use RuntimeDefault (or a Localhost profile)`);
    }
  },
};
