import { BestPracticeRule } from './rule';
import { Severity } from '../severity';

/** ND-010: hostNetwork pods use ClusterFirstWithHostNet. */
export const ND010: BestPracticeRule = {
  id: 'ND-010',
  severity: Severity.WARNING,
  description: 'A hostNetwork pod sets dnsPolicy: ClusterFirstWithHostNet; with the default ClusterFirst it silently uses the node\'s resolver and cannot resolve cluster Service names.',
  daemonSetOnly: false,
  check(ctx, report) {
    const spec = ctx.pod.spec;
    if (spec.hostNetwork !== true) return;
    const dp = spec.dnsPolicy === undefined || spec.dnsPolicy === null || spec.dnsPolicy === '' ? 'ClusterFirst' : spec.dnsPolicy;
    if (dp === 'ClusterFirst') {
      report(`${ctx.pod.specPath}.dnsPolicy`,
        'hostNetwork: true with dnsPolicy ClusterFirst (the default) falls back to the node\'s DNS; set dnsPolicy: ClusterFirstWithHostNet to resolve cluster Services');
    }
  },
};
