import { withDs } from './fixtures';
import { ApiServerRules } from '../../src/validation';

function errs(edit: (ds: any) => void) {
  return ApiServerRules.validateDaemonSet(withDs(edit));
}
function one(edit: (ds: any) => void) {
  const e = errs(edit);
  expect(e).toHaveLength(1);
  return e[0];
}

describe('ApiServerRules.validateDaemonSet', () => {
  test('the fixture is valid', () => {
    expect(errs(() => {})).toEqual([]);
  });

  test('apps/v1 defaulting: no updateStrategy, restartPolicy, dnsPolicy is fine', () => {
    expect(errs((ds) => {
      delete ds.spec.updateStrategy;
      delete ds.spec.template.spec.restartPolicy;
    })).toEqual([]);
  });

  test('API-META-NAME: missing and invalid names', () => {
    expect(one((ds) => delete ds.metadata.name)).toMatchObject({
      ruleId: 'API-META-NAME', field: 'metadata.name', type: 'Required value', detail: 'name or generateName is required',
    });
    const e = one((ds) => ds.metadata.name = 'Agent_1');
    expect(e).toMatchObject({ ruleId: 'API-META-NAME', field: 'metadata.name', type: 'Invalid value', badValue: '"Agent_1"' });
    expect(e.detail).toMatch(/^a lowercase RFC 1123 subdomain must consist of/);
    expect(errs((ds) => { delete ds.metadata.name; ds.metadata.generateName = 'agent-'; })).toEqual([]);
  });

  test('API-META-NAMESPACE: a set namespace must be a DNS label; a missing one is filled in by the client', () => {
    expect(one((ds) => ds.metadata.namespace = 'Mon.itoring')).toMatchObject({ ruleId: 'API-META-NAMESPACE', field: 'metadata.namespace' });
    expect(errs((ds) => delete ds.metadata.namespace)).toEqual([]);
  });

  test('API-META-LABELS and API-META-ANNOTATIONS', () => {
    expect(one((ds) => ds.metadata.labels['bad key!'] = 'x')).toMatchObject({ ruleId: 'API-META-LABELS', field: 'metadata.labels', badValue: '"bad key!"' });
    expect(one((ds) => ds.metadata.labels.tier = '-x-')).toMatchObject({ ruleId: 'API-META-LABELS', field: 'metadata.labels', badValue: '"-x-"' });
    expect(one((ds) => ds.metadata.annotations = { 'a/b/c': 'x' })).toMatchObject({ ruleId: 'API-META-ANNOTATIONS', field: 'metadata.annotations' });
    expect(one((ds) => ds.metadata.annotations = { big: 'x'.repeat(262145) })).toMatchObject({ ruleId: 'API-META-ANNOTATIONS', type: 'Too long' });
    expect(errs((ds) => ds.metadata.annotations = { 'Example.com/Some-Key': 'anything at all' })).toEqual([]);
  });

  test('API-SELECTOR: matchExpressions operators and values', () => {
    const e = errs((ds) => ds.spec.selector = {
      matchLabels: { app: 'agent' },
      matchExpressions: [
        { key: 'a', operator: 'In', values: [] },
        { key: 'b', operator: 'Exists', values: ['x'] },
        { key: 'c', operator: 'Gt', values: ['1'] },
      ],
    });
    expect(e.map((x) => [x.ruleId, x.field, x.type])).toEqual([
      ['API-SELECTOR', 'spec.selector.matchExpressions[0].values', 'Required value'],
      ['API-SELECTOR', 'spec.selector.matchExpressions[1].values', 'Forbidden'],
      ['API-SELECTOR', 'spec.selector.matchExpressions[2].operator', 'Invalid value'],
    ]);
    expect(errs((ds) => ds.spec.selector.matchExpressions = [{ key: 'app', operator: 'In', values: ['agent'] }])).toEqual([]);
  });

  test('API-SELECTOR-MATCH: matchExpressions are evaluated', () => {
    expect(one((ds) => ds.spec.selector.matchExpressions = [{ key: 'app', operator: 'NotIn', values: ['agent'] }]))
      .toMatchObject({ ruleId: 'API-SELECTOR-MATCH', field: 'spec.template.metadata.labels', detail: '`selector` does not match template `labels`' });
  });

  test('API-TEMPLATE-METADATA: template labels use the upstream path spec.template.labels', () => {
    const e = errs((ds) => ds.spec.template.metadata.labels.tier = 'a b');
    expect(e[0]).toMatchObject({ ruleId: 'API-TEMPLATE-METADATA', field: 'spec.template.labels' });
  });

  test('API-RESTART-POLICY: core check plus DaemonSet Always-only', () => {
    expect(errs((ds) => ds.spec.template.spec.restartPolicy = 'Sometimes').map((x) => x.detail)).toEqual([
      'supported values: "Always", "OnFailure", "Never"', 'supported values: "Always"',
    ]);
    expect(one((ds) => ds.spec.template.spec.restartPolicy = 'Never')).toMatchObject({ field: 'spec.template.spec.restartPolicy', badValue: '"Never"' });
    expect(errs((ds) => ds.spec.template.spec.restartPolicy = 'Always')).toEqual([]);
  });

  test('API-ACTIVE-DEADLINE, API-MIN-READY-SECONDS, API-REVISION-HISTORY-LIMIT', () => {
    expect(one((ds) => ds.spec.template.spec.activeDeadlineSeconds = 5)).toMatchObject({ ruleId: 'API-ACTIVE-DEADLINE', type: 'Forbidden', detail: 'activeDeadlineSeconds in DaemonSet is not Supported' });
    expect(one((ds) => ds.spec.minReadySeconds = -1)).toMatchObject({ ruleId: 'API-MIN-READY-SECONDS', field: 'spec.minReadySeconds', detail: 'must be greater than or equal to 0' });
    expect(one((ds) => ds.spec.revisionHistoryLimit = -1)).toMatchObject({ ruleId: 'API-REVISION-HISTORY-LIMIT', field: 'spec.revisionHistoryLimit' });
    expect(errs((ds) => { ds.spec.minReadySeconds = 0; ds.spec.revisionHistoryLimit = 0; })).toEqual([]);
  });

  test('API-UPDATE-STRATEGY: unknown type, error on the strategy itself', () => {
    expect(one((ds) => ds.spec.updateStrategy = { type: 'Recreate' })).toMatchObject({ ruleId: 'API-UPDATE-STRATEGY', field: 'spec.updateStrategy', type: 'Unsupported value', detail: 'supported values: "RollingUpdate", "OnDelete"' });
    expect(errs((ds) => ds.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { maxSurge: 5, maxUnavailable: 5 } })).toEqual([]);
  });

  test('API-ROLLING-UPDATE: defaulting makes maxSurge alone fail; bad percent; negative', () => {
    expect(one((ds) => ds.spec.updateStrategy = { rollingUpdate: { maxSurge: 1 } })).toMatchObject({ ruleId: 'API-ROLLING-UPDATE', field: 'spec.updateStrategy.rollingUpdate.maxSurge', detail: 'may not be set when maxUnavailable is non-zero' });
    expect(errs((ds) => ds.spec.updateStrategy = { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } })).toEqual([]);
    const pct = errs((ds) => ds.spec.updateStrategy.rollingUpdate.maxUnavailable = '10 percent');
    expect(pct.map((x) => x.field)).toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable', 'spec.updateStrategy.rollingUpdate.maxUnavailable']);
    expect(pct[0].detail).toMatch(/^a valid percent string/);
    expect(pct[1].detail).toBe('cannot be 0 when maxSurge is 0'); // a non-numeric string counts as 0
    expect(errs((ds) => ds.spec.updateStrategy.rollingUpdate.maxUnavailable = -1).map((x) => x.detail))
      .toContain('must be greater than or equal to 0');
  });

  test('API-CONTAINERS: none, duplicate, bad name', () => {
    expect(one((ds) => ds.spec.template.spec.containers = [])).toMatchObject({ ruleId: 'API-CONTAINERS', field: 'spec.template.spec.containers', type: 'Required value' });
    expect(one((ds) => ds.spec.template.spec.initContainers = [{ name: 'agent', image: 'busybox:1' }])).toMatchObject({ ruleId: 'API-CONTAINERS', field: 'spec.template.spec.containers[0].name', type: 'Duplicate value' });
    expect(one((ds) => ds.spec.template.spec.containers[0].name = 'Agent')).toMatchObject({ field: 'spec.template.spec.containers[0].name', type: 'Invalid value' });
  });

  test('API-DNS-POLICY', () => {
    expect(one((ds) => ds.spec.template.spec.dnsPolicy = 'Cluster')).toMatchObject({ ruleId: 'API-DNS-POLICY', type: 'Unsupported value' });
    expect(one((ds) => ds.spec.template.spec.dnsPolicy = 'None')).toMatchObject({ field: 'spec.template.spec.dnsConfig', type: 'Required value' });
    expect(errs((ds) => ds.spec.template.spec.dnsPolicy = 'ClusterFirstWithHostNet')).toEqual([]);
  });

  test('API-NODE-SELECTOR, API-NODE-NAME, API-PRIORITY-CLASS-NAME, API-SERVICE-ACCOUNT-NAME', () => {
    expect(one((ds) => ds.spec.template.spec.nodeSelector = { 'kubernetes.io/os': 'linux os' })).toMatchObject({ ruleId: 'API-NODE-SELECTOR', field: 'spec.template.spec.nodeSelector' });
    expect(one((ds) => ds.spec.template.spec.nodeName = 'node_1')).toMatchObject({ ruleId: 'API-NODE-NAME' });
    expect(one((ds) => ds.spec.template.spec.priorityClassName = 'High')).toMatchObject({ ruleId: 'API-PRIORITY-CLASS-NAME' });
    expect(one((ds) => ds.spec.template.spec.serviceAccountName = 'my_sa')).toMatchObject({ ruleId: 'API-SERVICE-ACCOUNT-NAME' });
  });

  test('API-HOST-NETWORK-PORTS: hostPort must be 0 or equal containerPort with hostNetwork', () => {
    expect(one((ds) => {
      ds.spec.template.spec.hostNetwork = true;
      ds.spec.template.spec.containers[0].ports = [{ containerPort: 9100, hostPort: 9200 }];
    })).toMatchObject({ ruleId: 'API-HOST-NETWORK-PORTS', field: 'spec.template.spec.containers[0].ports[0].hostPort', detail: 'must match `containerPort` when `hostNetwork` is true' });
    expect(errs((ds) => {
      ds.spec.template.spec.hostNetwork = true;
      ds.spec.template.spec.containers[0].ports = [{ containerPort: 9100, hostPort: 9100 }, { containerPort: 9101 }];
    })).toEqual([]);
  });

  test('API-NODE-AFFINITY: required terms, operators, matchFields, weights', () => {
    const base = 'spec.template.spec.affinity.nodeAffinity';
    const noTerms = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } };
    expect(one((ds) => ds.spec.template.spec.affinity = noTerms))
      .toMatchObject({ field: `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, detail: 'must have at least one node selector term' });
    const e = errs((ds) => ds.spec.template.spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchExpressions: [{ key: 'cpu', operator: 'Gt', values: ['1', '2'] }, { key: 'a', operator: 'Near' }],
            matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['x'] }],
          }],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'k', operator: 'In', values: ['not valid!'] }] } }],
      },
    });
    const t = `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]`;
    expect(e.map((x) => [x.field, x.detail])).toEqual([
      [`${t}.matchExpressions[0].values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"],
      [`${t}.matchExpressions[1].operator`, 'not a valid selector operator'],
      [`${t}.matchFields[0].key`, 'not a valid field selector key'],
      [`${base}.preferredDuringSchedulingIgnoredDuringExecution[0].weight`, 'must be in the range 1-100'],
    ]);
    expect(e.every((x) => x.ruleId === 'API-NODE-AFFINITY')).toBe(true);
  });

  test('API-TOLERATIONS: every upstream toleration rule', () => {
    const e = errs((ds) => ds.spec.template.spec.tolerations = [
      { operator: 'Equal', value: 'x' },
      { key: 'a', operator: 'Exists', value: 'v' },
      { key: 'b', value: 'v', effect: 'NoSchedule', tolerationSeconds: 5 },
      { key: 'c', operator: 'Lt', value: '3' },
      { key: 'd', operator: 'Exists', effect: 'Sometimes' },
      { key: 'e', value: 'not valid!' },
    ]);
    const p = 'spec.template.spec.tolerations';
    expect(e.map((x) => [x.field, x.type, x.detail])).toEqual([
      [`${p}[0].operator`, 'Invalid value', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'],
      [`${p}[1].operator`, 'Invalid value', "value must be empty when `operator` is 'Exists'"],
      [`${p}[2].effect`, 'Invalid value', "effect must be 'NoExecute' when `tolerationSeconds` is set"],
      [`${p}[3].operator`, 'Unsupported value', 'supported values: "Equal", "Exists"'],
      [`${p}[4].effect`, 'Unsupported value', 'supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
      [`${p}[5].operator`, 'Invalid value', expect.stringMatching(/^a valid label must be an empty string/)],
    ]);
    expect(errs((ds) => ds.spec.template.spec.tolerations = [
      { operator: 'Exists' }, { key: 'x', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }, { key: 'y', value: 'z' },
    ])).toEqual([]);
  });

  test('EPHEMERAL containers are forbidden', () => {
    expect(one((ds) => ds.spec.template.spec.ephemeralContainers = [{ name: 'dbg', image: 'busybox:1' }])).toMatchObject({ ruleId: 'API-EPHEMERAL-CONTAINERS', type: 'Forbidden' });
  });

  test('wrong JSON types never throw', () => {
    expect(() => ApiServerRules.validateDaemonSet({ metadata: 5, spec: { template: 'x', selector: [] } })).not.toThrow();
    expect(() => ApiServerRules.validateDaemonSet(null)).not.toThrow();
  });

  test('format() prints like kubectl', () => {
    const e = one((ds) => ds.spec.template.spec.restartPolicy = 'Never');
    expect(ApiServerRules.format(e)).toBe('spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  });

  test('standalone helpers: tolerations, update strategy, defaulting', () => {
    expect(ApiServerRules.validateTolerations([{ operator: 'Equal' }], 'tolerations')[0].field).toBe('tolerations[0].operator');
    expect(ApiServerRules.validateUpdateStrategy(undefined)).toEqual([]);
    expect(ApiServerRules.defaultUpdateStrategy(undefined)).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ApiServerRules.defaultUpdateStrategy({ type: 'OnDelete' })).toEqual({ type: 'OnDelete' });
  });
});
