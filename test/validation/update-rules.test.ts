import { goodDaemonSet, withDs } from './fixtures';
import { ApiServerRules, ManifestValidator, RuleCatalog, Severity } from '../../src/validation';

const immutable = (manifests: any[], live?: any[]) =>
  ManifestValidator.validate(manifests, { live }).filter((f) => f.ruleId === 'API-SELECTOR-IMMUTABLE');

describe('update-only rules (API-SELECTOR-IMMUTABLE), with the live objects given', () => {
  const live = goodDaemonSet();

  test('a changed selector is rejected, naming the live selector in the fix', () => {
    const changed = withDs((d) => {
      d.spec.selector.matchLabels = { app: 'agent-v2' };
      d.spec.template.metadata.labels.app = 'agent-v2';
    });
    const f = immutable([changed], [live]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: Severity.ERROR, resource: 'DaemonSet/monitoring/agent', field: 'spec.selector' });
    expect(f[0].message).toBe(`Invalid value: {"matchLabels":{"app":"agent-v2"}}: field is immutable (fix: keep the selector of the DaemonSet in the cluster (${JSON.stringify(live.spec.selector)}), or delete the DaemonSet and create it again (its pods are replaced))`);
  });

  test('the same selector, other changes: allowed', () => {
    const updated = withDs((d) => { d.spec.template.spec.containers[0].image = 'example.com/agent:2.0.0'; });
    expect(immutable([updated], [live])).toEqual([]);
  });

  test('compared as the API server does: a missing list or map equals an empty one, order of expressions counts', () => {
    const base = { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'k', operator: 'Exists' }] };
    const ds = (selector: any) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'x' }, spec: { selector } });
    expect(ApiServerRules.validateDaemonSetUpdate(ds({ ...base, matchExpressions: [{ key: 'k', operator: 'Exists', values: [] }] }), ds(base))).toEqual([]);
    expect(ApiServerRules.validateDaemonSetUpdate(ds({ matchLabels: { app: 'a' }, matchExpressions: [] }), ds({ matchLabels: { app: 'a' } }))).toEqual([]);
    const two = [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }];
    expect(ApiServerRules.validateDaemonSetUpdate(ds({ matchExpressions: two }), ds({ matchExpressions: [...two].reverse() }))).toHaveLength(1);
    expect(ApiServerRules.validateDaemonSetUpdate(ds({ matchLabels: { app: 'a', extra: 'b' } }), ds({ matchLabels: { app: 'a' } }))).toHaveLength(1);
  });

  test('matched by kind, namespace and name: other objects, and objects without live counterparts, are creates', () => {
    const changed = withDs((d) => {
      d.spec.selector.matchLabels = { app: 'other' };
      d.spec.template.metadata.labels.app = 'other';
    });
    const elsewhere = { ...live, metadata: { ...live.metadata, namespace: 'other' } };
    expect(immutable([changed], [elsewhere])).toEqual([]);
    expect(immutable([changed])).toEqual([]);
    expect(immutable([changed], [{ ...live, kind: 'Deployment' }])).toEqual([]);
    // no namespace means default, on both sides; the apiVersion within a group does not matter
    const noNs = (o: any) => ({ ...o, metadata: { name: o.metadata.name } });
    expect(immutable([noNs(changed)], [{ ...noNs(live), metadata: { name: 'agent', namespace: 'default' } }])).toHaveLength(1);
    expect(immutable([changed], [{ ...live, apiVersion: 'apps/v1beta2' }])).toHaveLength(1);
  });

  test('is in the rule catalog', () => {
    expect(RuleCatalog.find('API-SELECTOR-IMMUTABLE')?.severity).toBe(Severity.ERROR);
  });
});
