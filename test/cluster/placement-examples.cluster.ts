// The planner agrees with the DaemonSet controller on the example cluster: examples/cluster/nodes.json's Nodes are
// created (no kubelets), every example DaemonSet is applied for real, and once the controller has created its
// pods, the nodes it picked must be exactly Placement.plan's shouldRun nodes.
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, TestCluster } from './kube';
import { applyNodes, comparePlacement, deleteNodes } from './placement-check';
import { buildExamples } from '../../examples/app';

const NODES_FILE = path.join(REPO_ROOT, 'examples', 'cluster', 'nodes.json');
const haveNodes = fs.existsSync(NODES_FILE);
const nodes: any[] = haveNodes ? (JSON.parse(fs.readFileSync(NODES_FILE, 'utf8')).items ?? []) : [];
const objects: any[] = buildExamples().charts.flatMap((c) => c.toJson());
const daemonSets = objects.filter((o) => o.kind === 'DaemonSet');

let cluster: TestCluster;

if (!haveNodes) {
  process.stdout.write(`NOTE: ${path.relative(REPO_ROOT, NODES_FILE)} does not exist yet: the example-cluster placement comparison is skipped\n`);
}
const describeIfNodes = haveNodes ? describe : describe.skip;

describeIfNodes('Placement.plan agrees with the DaemonSet controller on examples/cluster/nodes.json', () => {
  beforeAll(async () => {
    cluster = TestCluster.connect();
    await applyNodes(cluster, nodes);
    // Everything the daemon pods need to be admitted (namespaces, ServiceAccounts, PriorityClasses, ...).
    for (const o of objects.filter((x) => x.kind === 'Namespace')) await cluster.applyOrThrow(o);
    for (const ns of new Set(objects.map((o) => o.metadata?.namespace).filter(Boolean))) await cluster.ensureNamespace(ns as string);
    for (const o of objects) {
      if (o.kind === 'DaemonSet' || o.kind === 'Namespace' || !(await cluster.resourceFor(o.apiVersion, o.kind))) continue;
      await cluster.applyOrThrow(o);
    }
  });

  afterAll(async () => {
    if (!cluster) return;
    for (const ds of daemonSets) await cluster.delete(ds);
    await deleteNodes(cluster, nodes);
    cluster.close();
  });

  test('the sample cluster has nodes', () => {
    expect(nodes.length).toBeGreaterThan(0);
  });

  test.each(daemonSets.map((ds) => [`${ds.metadata.namespace ?? 'default'}/${ds.metadata.name}`, ds] as const))('%s', async (_name, ds) => {
    const c = await comparePlacement(cluster, ds);
    expect(c.disagreements).toEqual([]);
    expect(c.plannedNodes).toEqual(c.controllerNodes);
    expect(c.plannedDesired).toBe(c.controllerDesired);
  });
});
