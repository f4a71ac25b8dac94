import { goodDaemonSet, withDs } from './fixtures';
import { ManifestValidator, RuleCatalog, Severity } from '../../src/validation';

const noInfo = (fs: any[]) => fs.filter((f) => f.severity !== Severity.INFO);

describe('ManifestValidator', () => {
  test('a good DaemonSet: only the PSS level info', () => {
    expect(ManifestValidator.validate([goodDaemonSet()]).map((f) => f.ruleId)).toEqual(['PSS-001']);
  });

  test('decoding and field errors as the API server reports them, with its field paths', () => {
    const wrongType = withDs((d) => {
      d.spec.minReadySeconds = 'ten';
    });
    expect(ManifestValidator.validate([wrongType], { bestPractices: false, podSecurity: false })).toEqual([{
      ruleId: 'API-DECODE',
      severity: Severity.ERROR,
      resource: 'DaemonSet/monitoring/agent',
      field: 'spec.minReadySeconds',
      message: 'DaemonSet in version "v1" cannot be handled as a DaemonSet: json: cannot unmarshal string into Go struct field DaemonSetSpec.spec.minReadySeconds of type int32',
    }]);
    const invalid = withDs((d) => {
      delete d.spec.template.spec.containers[0].name;
      d.spec.template.spec.containers[0].ports[0].protocol = 'ICMP';
    });
    expect(ManifestValidator.validate([invalid], { bestPractices: false, podSecurity: false }).map((x) => [x.ruleId, x.field, x.message])).toEqual([
      ['API-CONTAINERS', 'spec.template.spec.containers[0].name', 'Required value (fix: give every container a name (lowercase DNS-1123 label))'],
      ['API-FIELD-NOT-SUPPORTED', 'spec.template.spec.containers[0].ports[0].protocol', 'Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"'],
    ]);
    expect(ManifestValidator.validate([goodDaemonSet()], { bestPractices: false, podSecurity: false })).toEqual([]);
  });

  test('other built-in kinds are decoded as the API server decodes them (core v1, rbac)', () => {
    const f = ManifestValidator.validate([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 1 } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [{ verbs: 'get' }] },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ok', namespace: 'x' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'x' }, spec: { ports: [{ port: 70000 }] } },
    ]);
    expect(f.map((x) => [x.ruleId, x.resource, x.field])).toEqual([
      ['API-DECODE', 'ConfigMap/c', 'data'],
      ['API-DECODE', 'ClusterRole/r', 'rules[0].verbs'],
      ['API-FIELD-INVALID', 'Service/x/s', 'spec.ports[0].port'],
      // defaulting copies the port into targetPort before validation, as on the server
      ['API-FIELD-INVALID', 'Service/x/s', 'spec.ports[0].targetPort'],
    ]);
  });

  test('unknown kinds: CRDs get info, misspelled built-ins an error with a suggestion, removed APIs an error', () => {
    const f = ManifestValidator.validate([
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'sm', namespace: 'm' }, spec: {} },
      { apiVersion: 'apps/v1', kind: 'Daemonset', metadata: { name: 'x' } },
      { apiVersion: 'extensions/v1beta1', kind: 'DaemonSet', metadata: { name: 'old' } },
    ], { bestPractices: false, podSecurity: false });
    expect(f[0]).toEqual({
      ruleId: 'SCHEMA-UNKNOWN',
      severity: Severity.INFO,
      resource: 'ServiceMonitor/m/sm',
      field: '',
      message: expect.stringContaining('no built-in schema for monitoring.coreos.com/v1 ServiceMonitor'),
    });
    expect(f[1]).toMatchObject({ ruleId: 'SCHEMA-KIND', severity: Severity.ERROR, message: 'apps/v1 has no kind "Daemonset"; did you mean DaemonSet?' });
    expect(f[2]).toMatchObject({ ruleId: 'API-VERSION-REMOVED', severity: Severity.ERROR, field: 'apiVersion' });
  });

  test('MANIFEST: non-objects and missing kind never throw', () => {
    const f = ManifestValidator.validate([null, 'x', [], { metadata: { name: 'n' } }, { kind: 'Pod' }]);
    expect(f.map((x) => [x.ruleId, x.resource, x.field])).toEqual([
      ['MANIFEST', '#0', ''], ['MANIFEST', '#1', ''], ['MANIFEST', '#2', ''], ['MANIFEST', '#3', 'kind'], ['MANIFEST', 'Pod/#4', 'apiVersion'],
    ]);
    expect(ManifestValidator.validate(undefined as any)).toEqual([expect.objectContaining({
      ruleId: 'MANIFEST', severity: Severity.ERROR, message: expect.stringContaining('takes an array of Kubernetes objects, not undefined'),
    })]);
    expect(ManifestValidator.validate({ kind: 'Pod' } as any)[0].message).toContain('not a single object; pass [manifest]');
  });

  test('resource ids', () => {
    expect(ManifestValidator.resourceId({ kind: 'DaemonSet', metadata: { name: 'a', namespace: 'b' } })).toBe('DaemonSet/b/a');
    expect(ManifestValidator.resourceId({ kind: 'ClusterRole', metadata: { name: 'a' } })).toBe('ClusterRole/a');
    expect(ManifestValidator.resourceId({ kind: 'Pod', metadata: {} }, 7)).toBe('Pod/#7');
  });

  test('suppressions: global, scoped to a resource, annotation; suppressed findings are listed by run()', () => {
    const ds = withDs((d) => delete d.spec.template.spec.priorityClassName);
    const other = withDs((d) => { d.metadata.name = 'other'; delete d.spec.template.spec.priorityClassName; });
    const scoped = ManifestValidator.run([ds, other], { suppressions: [{ ruleId: 'ND-014', reason: 'best effort agent', resource: 'DaemonSet/monitoring/agent' }] });
    expect(noInfo(scoped.findings).map((f) => f.resource)).toEqual(['DaemonSet/monitoring/other']);
    expect(scoped.suppressed).toEqual([expect.objectContaining({ ruleId: 'ND-014', resource: 'DaemonSet/monitoring/agent', reason: 'best effort agent' })]);

    const global = ManifestValidator.validate([ds, other], { suppressions: [{ ruleId: 'ND-014', reason: 'best effort' }] });
    expect(noInfo(global)).toEqual([]);

    ds.metadata.annotations = { 'suppress.node-daemons.dev/ND-014': 'uses the default priority on purpose' };
    const annotated = ManifestValidator.run([ds, other]);
    // the annotation silences the rule for its own object only
    expect(noInfo(annotated.findings).map((f) => [f.ruleId, f.resource])).toEqual([['ND-014', 'DaemonSet/monitoring/other']]);
    expect(annotated.suppressed).toEqual([expect.objectContaining({ ruleId: 'ND-014', resource: 'DaemonSet/monitoring/agent', reason: 'uses the default priority on purpose' })]);
    // validate() leaves them out too
    expect(noInfo(ManifestValidator.validate([ds]))).toEqual([]);
  });

  test('annotation suppressions hold for every finding of that rule on the object, including warningsAsErrors', () => {
    const ds = withDs((d) => {
      delete d.spec.template.spec.priorityClassName;
      d.metadata.annotations = { 'suppress.node-daemons.dev/ND-014': 'best effort', 'suppress.node-daemons.dev/PSS-001': 'known' };
    });
    const r = ManifestValidator.run([ds], { warningsAsErrors: true });
    expect(r.findings).toEqual([]);
    expect(r.suppressed.map((f) => [f.ruleId, f.severity])).toEqual([['ND-014', 'error'], ['PSS-001', 'info']]);
  });

  test('a suppression without a reason is an error and is not applied', () => {
    const ds = withDs((d) => delete d.spec.template.spec.priorityClassName);
    const f = noInfo(ManifestValidator.validate([ds], { suppressions: [{ ruleId: 'ND-014', reason: ' ' }] }));
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([['SUPPRESSION', 'error'], ['ND-014', 'warning']]);
    ds.metadata.annotations = { 'suppress.node-daemons.dev/ND-014': '' };
    const empty = noInfo(ManifestValidator.validate([ds]));
    expect(empty.map((x) => [x.ruleId, x.severity, x.field])).toEqual([
      ['SUPPRESSION', 'error', 'metadata.annotations[suppress.node-daemons.dev/ND-014]'], ['ND-014', 'warning', 'spec.template.spec.priorityClassName'],
    ]);
    expect(empty[0].message).toContain('suppression of ND-014 has no reason');
    ds.metadata.annotations = { 'suppress.node-daemons.dev/ND-014': '   ' };
    expect(noInfo(ManifestValidator.validate([ds])).map((x) => x.ruleId)).toEqual(['SUPPRESSION', 'ND-014']);
    // a suppression naming no rule is an error too (a typo would otherwise silence nothing, silently)
    ds.metadata.annotations = { 'suppress.node-daemons.dev/ND-14': 'typo' };
    const typo = noInfo(ManifestValidator.validate([ds]));
    expect(typo.map((x) => x.ruleId)).toEqual(['SUPPRESSION', 'ND-014']);
    expect(typo[0].message).toContain('"ND-14" names no rule');
    // a SUPPRESSION finding cannot itself be suppressed
    ds.metadata.annotations = { 'suppress.node-daemons.dev/ND-014': '', 'suppress.node-daemons.dev/SUPPRESSION': 'no' };
    expect(noInfo(ManifestValidator.validate([ds])).map((x) => x.ruleId)).toEqual(['SUPPRESSION', 'ND-014']);
  });

  test('warningsAsErrors promotes warnings only', () => {
    const ds = withDs((d) => delete d.spec.template.spec.priorityClassName);
    const f = ManifestValidator.validate([ds], { warningsAsErrors: true });
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([['ND-014', 'error'], ['PSS-001', 'info']]);
  });

  test('options switch groups off', () => {
    const bad = withDs((d) => { d.spec.template.spec.restartPolicy = 'Never'; delete d.spec.template.spec.priorityClassName; });
    expect(ManifestValidator.validate([bad], { apiServer: false, bestPractices: false, podSecurity: false })).toEqual([]);
    expect(ManifestValidator.validate([bad], { reportPodSecurityLevel: false }).map((x) => x.ruleId)).toEqual(['API-RESTART-POLICY', 'ND-014']);
  });

  test('every reported rule ID is in the catalog', () => {
    const ids = new Set(RuleCatalog.all().map((r) => r.ruleId));
    const f = ManifestValidator.validate([
      withDs((d) => { d.spec.template.spec.hostNetwork = true; d.spec.template.spec.restartPolicy = 'Never'; delete d.spec.template.spec.priorityClassName; }),
      { apiVersion: 'x.io/v1', kind: 'Y', metadata: { name: 'y' } }, 5,
    ]);
    for (const x of f) expect(ids.has(x.ruleId)).toBe(true);
    expect(RuleCatalog.find('ND-001')?.severity).toBe(Severity.WARNING);
  });

  test('validates 1,000 DaemonSets, every one clean (speed is measured by `npm run bench`, not here)', () => {
    const many = Array.from({ length: 1000 }, (_, i) => withDs((d) => { d.metadata.name = `ds-${i}`; }));
    const errors = ManifestValidator.validate(many).filter((f) => f.severity === Severity.ERROR);
    expect(errors).toEqual([]);
  });
});
