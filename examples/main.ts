import * as path from 'path';
import { buildExamples } from './app';

const outdir = path.join(__dirname, 'dist');
const app = buildExamples({ outdir });
app.synth();
for (const chart of app.charts) {
  process.stdout.write(`synthesized ${path.relative(process.cwd(), path.join(outdir, `${chart.node.id}.k8s.yaml`))}\n`);
}
