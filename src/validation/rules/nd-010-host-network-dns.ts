import { BestPracticeRule, forEachContainer, obj, arr } from './rule';
import { Severity } from '../severity';

/** A cluster Service DNS name: `<service>.<namespace>.svc`, optionally followed by the cluster domain. */
const SERVICE_NAME = /(^|[^-a-z0-9.])[a-z0-9]([-a-z0-9]*[a-z0-9])?\.[a-z0-9]([-a-z0-9]*[a-z0-9])?\.svc(?![-a-z0-9])/;

/** The first cluster Service name in the container's command, args or env values. */
function serviceNameIn(c: any): string | undefined {
  const texts: unknown[] = [...arr(c.command), ...arr(c.args), ...arr(c.env).map((e: any) => obj(e).value)];
  for (const t of texts) {
    if (typeof t !== 'string') continue;
    const m = SERVICE_NAME.exec(t);
    if (m) return m[0].slice(m[1].length);
  }
  return undefined;
}

/** ND-010: hostNetwork pods that resolve cluster Services use ClusterFirstWithHostNet. */
export const ND010: BestPracticeRule = {
  id: 'ND-010',
  severity: Severity.WARNING,
  description: 'A hostNetwork pod that names a cluster Service (`<service>.<namespace>.svc` in a command, args or env value) sets dnsPolicy: ClusterFirstWithHostNet; '
    + 'with the default ClusterFirst it silently uses the node\'s resolver, which cannot resolve Service names. '
    + 'A hostNetwork agent that names no Service is not reported: the node\'s resolver is what network and storage agents need, since they run before cluster DNS is reachable.',
  daemonSetOnly: false,
  check(ctx, report) {
    const spec = ctx.pod.spec;
    if (spec.hostNetwork !== true) return;
    const dp = spec.dnsPolicy === undefined || spec.dnsPolicy === null || spec.dnsPolicy === '' ? 'ClusterFirst' : spec.dnsPolicy;
    if (dp !== 'ClusterFirst') return;
    let name: string | undefined;
    forEachContainer(ctx, true, (c) => { name ??= serviceNameIn(c); });
    if (name === undefined) return;
    report(`${ctx.pod.specPath}.dnsPolicy`,
      `hostNetwork: true with dnsPolicy ClusterFirst (the default) uses the node's DNS, which cannot resolve the Service name ${JSON.stringify(name)} the pod uses; ` +
      'set dnsPolicy: ClusterFirstWithHostNet');
  },
};
