import * as fs from 'fs';
import * as path from 'path';
import { buildExamples } from './app';
import { writeStaticPods } from './static-pods';
import { Placement, PlanReport, Rollout, RolloutRisk } from 'cdk8s-node-daemons';

/**
 * `npm run examples`: synthesize every example chart into examples/dist/*.k8s.yaml, write static pod
 * manifests for node-exporter and cAdvisor, and print where each example daemon lands on the sample
 * cluster (examples/cluster/nodes.json).
 */
const outdir = path.join(__dirname, 'dist');
const app = buildExamples({ outdir });
app.synth();
const rel = (f: string) => path.relative(process.cwd(), f);
for (const chart of app.charts) {
  process.stdout.write(`synthesized ${rel(path.join(outdir, `${chart.node.id}.k8s.yaml`))}\n`);
}
for (const file of writeStaticPods(app, outdir)) {
  process.stdout.write(`wrote ${rel(file)}\n`);
}

const cluster = JSON.parse(fs.readFileSync(path.join(__dirname, 'cluster', 'nodes.json'), 'utf-8'));
const nodes: any[] = cluster.items ?? cluster;
process.stdout.write(`\nPlacement on the sample cluster (${nodes.length} nodes, examples/cluster/nodes.json):\n`);
const daemonSets = app.charts.flatMap((chart) => chart.toJson()
  .filter((o: any) => o.kind === 'DaemonSet')
  .map((object: any) => ({ chart: chart.node.id, object })));
const plans = Placement.planAll(daemonSets.map((d) => d.object), nodes);
daemonSets.forEach((d, i) => {
  const estimate = Rollout.estimate(d.object, plans[i].desiredNumberScheduled);
  const risk = RolloutRisk.describe(d.object, plans[i].desiredNumberScheduled).map((l) => `Risk: ${l}\n`).join('');
  process.stdout.write(`\n[${d.chart}] ${PlanReport.render(plans[i], estimate)}${risk}\n`);
});
