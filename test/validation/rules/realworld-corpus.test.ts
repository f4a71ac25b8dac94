import * as fs from 'fs';
import * as path from 'path';
import { ManifestFiles } from '../../../src/k8s/manifest-files';
import { ManifestValidator } from '../../../src/validation';

/** The published DaemonSet manifests beside the repository (../shared/realworld); not part of the repository. */
const CORPUS = path.resolve(__dirname, '../../../../shared/realworld');
const present = fs.existsSync(CORPUS);
const files = present ? fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(CORPUS, f)) : [];

// Skipped when ../shared/realworld is absent (a clone without the shared data).
(present ? describe : describe.skip)('best-practice pack on published node agents (../shared/realworld)', () => {
  const loaded = ManifestFiles.load(files);
  const findings = ManifestValidator.validate(loaded.documents.map((d) => d.object));
  const count = (id: string) => findings.filter((f) => f.ruleId === id).length;

  test('findings per rule (the table in docs/validation.md)', () => {
    expect(files).toHaveLength(47);
    const ids = ['ND-001', 'ND-002', 'ND-003', 'ND-004', 'ND-005', 'ND-006', 'ND-007', 'ND-008', 'ND-009', 'ND-010', 'ND-011', 'ND-012', 'ND-013', 'ND-014'];
    expect(Object.fromEntries(ids.map((id) => [id, count(id)]))).toEqual({
      'ND-001': 46,
      'ND-002': 53,
      'ND-003': 58,
      'ND-004': 66,
      'ND-005': 17,
      'ND-006': 28,
      'ND-007': 27,
      'ND-008': 37,
      'ND-009': 11,
      'ND-010': 0,
      'ND-011': 0,
      'ND-012': 2,
      'ND-013': 0,
      'ND-014': 27,
    });
  });

  test('one finding per problem: no rule reports the same field of the same object twice', () => {
    const keys = findings.map((f) => `${f.ruleId} ${f.resource} ${f.field}`);
    expect(keys.length - new Set(keys).size).toBe(0);
  });

  test('no advice the API server would reject: ND-006 never on a container with Bidirectional propagation', () => {
    const objects = new Map(loaded.documents.map((d, i) => [ManifestValidator.resourceId(d.object, i), d.object]));
    for (const f of findings.filter((x) => x.ruleId === 'ND-006')) {
      const m = /^spec\.template\.spec\.(containers|initContainers)\[(\d+)\]/.exec(f.field)!;
      const c = objects.get(f.resource).spec.template.spec[m[1]][Number(m[2])];
      expect((c.volumeMounts ?? []).some((v: any) => v.mountPropagation === 'Bidirectional')).toBe(false);
    }
  });

  test('ND-008: a missing seccomp profile is reported once per pod', () => {
    const seccomp = findings.filter((f) => f.ruleId === 'ND-008' && f.field.endsWith('.securityContext.seccompProfile'));
    expect(new Set(seccomp.map((f) => f.resource)).size).toBe(seccomp.length);
  });
});
