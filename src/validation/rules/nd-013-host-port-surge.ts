import { BestPracticeRule, forEachContainer, obj, arr } from './rule';
import { ApiServerRules } from '../api-server-rules';
import { Severity } from '../severity';

const PERCENT_RE = /^[0-9]+%$/;

/** ND-013: no surge for pods that bind host ports. */
export const ND013: BestPracticeRule = {
  id: 'ND-013',
  severity: Severity.WARNING,
  description: 'A DaemonSet that binds host ports (hostPort, or container ports with hostNetwork) does not use maxSurge, because the surge pod cannot bind the port the old pod still holds and the rollout stalls.',
  daemonSetOnly: true,
  check(ctx, report) {
    const s = ApiServerRules.defaultUpdateStrategy(ctx.manifest.spec?.updateStrategy);
    if (s.type !== 'RollingUpdate') return;
    const ms = s.rollingUpdate.maxSurge;
    const surge = typeof ms === 'number' ? ms : typeof ms === 'string' && PERCENT_RE.test(ms) ? parseInt(ms, 10) : 0;
    if (surge === 0) return;
    const hostNetwork = ctx.pod.spec.hostNetwork === true;
    const ports: string[] = [];
    forEachContainer(ctx, false, (c) => {
      for (const p of arr(c.ports)) {
        const port = obj(p);
        if (typeof port.hostPort === 'number' && port.hostPort > 0) ports.push(String(port.hostPort));
        else if (hostNetwork && typeof port.containerPort === 'number') ports.push(String(port.containerPort));
      }
    });
    if (ports.length > 0) {
      report('spec.updateStrategy.rollingUpdate.maxSurge',
        `maxSurge ${JSON.stringify(ms)} starts a second pod on each node while the old one still holds host port(s) ${ports.join(', ')}; ` +
        'the new pod cannot be scheduled and the rollout stalls: use maxSurge: 0 with maxUnavailable >= 1');
    }
  },
};
