import * as path from 'path';
import { buildExamples } from './app';
import { StaticPod, StaticPodWriter } from '../src';

/**
 * Writes kubelet static pod manifests for the node-exporter and cAdvisor examples into
 * `examples/dist/static-pods/` (`<name>.yaml`, ready for /etc/kubernetes/manifests).
 */
const outdir = path.join(__dirname, 'dist');
const app = buildExamples({ outdir });
const manifests = ['node-exporter', 'cadvisor'].flatMap((id) => {
  const chart = app.charts.find((c) => c.node.id === id);
  if (!chart) throw new Error(`examples/app.ts has no chart "${id}"`);
  // The typed daemons give their pods a ServiceAccount without a mounted token: a static pod does without it.
  return StaticPod.fromChart(chart, { name: id, dropServiceAccount: true });
});
for (const file of StaticPodWriter.write(outdir, manifests)) {
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
