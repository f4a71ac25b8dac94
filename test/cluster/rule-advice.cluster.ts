// The best-practice pack gives no advice the API server would reject: on every published DaemonSet of
// ../shared/realworld that the server accepts, following each ND-006/007/008/010/012 finding (exactly what its
// message says) still gives an object the server accepts (dryRun=All). And where ND-006 is silent on purpose
// (a privileged container with Bidirectional mount propagation), removing privileged is indeed rejected.
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, TestCluster } from './kube';
import { ManifestFiles } from '../../src/k8s/manifest-files';
import { ManifestValidator } from '../../src/validation';

const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'realworld');
const present = fs.existsSync(CORPUS);
const daemonSets: any[] = present
  ? ManifestFiles.load(fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(CORPUS, f))).documents
    .map((d) => d.object).filter((o) => o.apiVersion === 'apps/v1' && o.kind === 'DaemonSet')
  : [];

/** Set `value` at an API field path such as `spec.template.spec.containers[0].securityContext.privileged`. */
function setField(obj: any, field: string, value: any): void {
  const keys = field.replace(/\[(\d+)\]/g, '.$1').split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    o[k] ??= {};
    o = o[k];
  }
  o[keys[keys.length - 1]] = value;
}

/** What each rule's message tells the user to do, applied to a copy of the DaemonSet. */
const ADVICE: Record<string, (ds: any, field: string) => void> = {
  'ND-006': (ds, field) => setField(ds, field, false),
  'ND-007': (ds, field) => setField(ds, field, true),
  'ND-008': (ds, field) => setField(ds, field.endsWith('.type') ? field : `${field}.type`, 'RuntimeDefault'),
  'ND-010': (ds, field) => setField(ds, field, 'ClusterFirstWithHostNet'),
  'ND-012': (ds, field) => setField(ds, field, 1),
};

let cluster: TestCluster;
beforeAll(async () => {
  cluster = TestCluster.connect();
  for (const ns of new Set(daemonSets.map((d) => d.metadata?.namespace ?? 'default'))) await cluster.ensureNamespace(ns);
});
afterAll(() => cluster?.close());

(present ? describe : describe.skip)('best-practice advice on published DaemonSets, judged by kube-apiserver', () => {
  test('following every ND-006/007/008/010/012 finding keeps the DaemonSet valid', async () => {
    const rejected: string[] = [];
    let followed = 0;
    for (const original of daemonSets) {
      const ds = { ...original, metadata: { namespace: 'default', ...original.metadata } };
      if (!(await cluster.create(ds, { dryRun: true })).ok) continue; // the server rejects it as published: not our advice
      const fixed = JSON.parse(JSON.stringify(ds));
      const findings = ManifestValidator.validate([ds], { schema: false }).filter((f) => ADVICE[f.ruleId]);
      if (findings.length === 0) continue;
      for (const f of findings) ADVICE[f.ruleId](fixed, f.field);
      followed += findings.length;
      const r = await cluster.create(fixed, { dryRun: true });
      if (!r.ok) rejected.push(`${ManifestValidator.resourceId(ds)}: ${r.message}`);
    }
    expect(rejected).toEqual([]);
    expect(followed).toBeGreaterThan(50);
  });

  test('where ND-006 is silent (Bidirectional propagation), removing privileged is rejected', async () => {
    const bidirectional = (c: any) => c.securityContext?.privileged === true && (c.volumeMounts ?? []).some((m: any) => m.mountPropagation === 'Bidirectional');
    const wrong: string[] = [];
    let checked = 0;
    for (const original of daemonSets) {
      const ds = JSON.parse(JSON.stringify({ ...original, metadata: { namespace: 'default', ...original.metadata } }));
      const spec = ds.spec.template.spec;
      const paths: string[] = [];
      for (const field of ['initContainers', 'containers']) {
        (spec[field] ?? []).forEach((c: any, i: number) => { if (bidirectional(c)) paths.push(`spec.template.spec.${field}[${i}].`); });
      }
      if (paths.length === 0 || !(await cluster.create(ds, { dryRun: true })).ok) continue;
      const nd006 = ManifestValidator.validate([ds], { schema: false }).filter((f) => f.ruleId === 'ND-006' && paths.some((p) => f.field.startsWith(p)));
      if (nd006.length > 0) wrong.push(`${ManifestValidator.resourceId(ds)}: ND-006 on ${nd006.map((f) => f.field).join(', ')}`);
      for (const p of paths) setField(ds, `${p}securityContext.privileged`, false);
      const r = await cluster.create(ds, { dryRun: true });
      if (r.ok || !r.message.includes('Bidirectional mount propagation is available only to privileged containers')) {
        wrong.push(`${ManifestValidator.resourceId(ds)}: without privileged the server says ${r.ok ? 'ok' : r.message}`);
      }
      checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});
