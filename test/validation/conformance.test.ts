import { ApiServerRules, ManifestValidator, Severity } from '../../src/validation';
import { describeShared, loadSharedJson } from '../shared-data';

const cases: any[] = loadSharedJson('conformance', 'invalid_daemonsets.json');
// Skipped with a note when ../shared is absent (never under CI).
const describe = describeShared('conformance');

describe('conformance: invalid_daemonsets.json', () => {
  test('the data set is there', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  test.each(cases.map((c) => [c.name, c]))('%s', (_name, c: any) => {
    const errors = ApiServerRules.validateDaemonSet(c.daemonSet);
    // verdict
    expect(errors.length === 0).toBe(c.valid);
    // exactly the expected error fields (internal-only errors do not occur after apps/v1 defaulting)
    expect([...new Set(errors.map((e) => e.field))].sort()).toEqual([...c.errorFields].sort());
    if (c.errorField) expect(errors.map((e) => e.field)).toContain(c.errorField);
    // each expected error with its exact upstream type and detail
    for (const x of c.expectedErrors) {
      expect(errors).toContainEqual(expect.objectContaining({ field: x.field, type: x.type, detail: x.detail }));
    }
  });

  test('ManifestValidator agrees on every verdict; only API-server findings reject them', () => {
    let agree = 0;
    for (const c of cases) {
      const findings = ManifestValidator.validate([c.daemonSet]);
      const errors = findings.filter((f) => f.severity === Severity.ERROR);
      if (c.valid) expect(errors).toEqual([]);
      expect(errors.filter((f) => !f.ruleId.startsWith('API-')).map((f) => f.field)).toEqual([]);
      if ((errors.length === 0) === c.valid) agree++;
      for (const field of c.errorFields) expect(errors.map((e) => e.field)).toContain(field);
    }
    expect(agree).toBe(cases.length);
  });
});
