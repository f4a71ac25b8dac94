import * as path from 'path';
import { App } from 'cdk8s';
import { buildExamples } from './app';
import { StaticPod, StaticPodWriter } from 'cdk8s-node-daemons';

/**
 * Write kubelet static pod manifests for the node-exporter and cAdvisor examples into
 * `<outdir>/static-pods/` (`<name>.yaml`, ready for /etc/kubernetes/manifests).
 *
 * @returns the files written
 */
export function writeStaticPods(app: App, outdir: string): string[] {
  const manifests = ['node-exporter', 'cadvisor'].flatMap((id) => {
    const chart = app.charts.find((c) => c.node.id === id);
    if (!chart) throw new Error(`examples/app.ts has no chart "${id}"`);
    // The typed daemons give their pods a ServiceAccount without a mounted token: a static pod does without it.
    return StaticPod.fromChart(chart, { name: id, dropServiceAccount: true });
  });
  return StaticPodWriter.write(outdir, manifests);
}

if (require.main === module) {
  const outdir = path.join(__dirname, 'dist');
  for (const file of writeStaticPods(buildExamples({ outdir }), outdir)) {
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}
