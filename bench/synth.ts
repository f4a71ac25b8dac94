/**
 * Synth overhead scenarios: N daemons built three ways that synthesize the same DaemonSet.
 *  - ours:  NodeDaemon with fluent helpers
 *  - peer:  a cdk8s-plus-27 DaemonSet plus JSON patches for the fields cdk8s-plus-27 lacks
 *  - floor: a raw cdk8s ApiObject holding the final manifest
 */
import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';

// The library under test: compiled (what users load) unless BENCH_LIBRARY=src.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require(process.env.BENCH_LIBRARY === 'src' ? '../src' : '../lib') as typeof import('../src');

const RESOURCES: plus.ContainerResources = {
  cpu: { request: plus.Cpu.millis(100), limit: plus.Cpu.millis(200) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
};

function ours(chart: Chart, i: number) {
  const d = new lib.NodeDaemon(chart, `agent-${i}`, {
    metadata: { name: `agent-${i}`, namespace: 'monitoring' },
    podMetadata: { labels: { app: `agent-${i}` } },
    select: false,
    hostNetwork: true,
  });
  d.select(plus.LabelSelector.of({ labels: { app: `agent-${i}` } }));
  const c = d.addContainer({ name: 'agent', image: 'quay.io/prometheus/node-exporter:v1.9.1', resources: RESOURCES });
  d.tolerateControlPlane()
    .linuxOnly()
    .excludeVirtualNodes()
    .usePriorityClass(lib.PriorityClass.SYSTEM_NODE_CRITICAL)
    .useRollingUpdate({ maxUnavailable: lib.IntOrPercent.fromPercent(10) })
    .keepRevisions(5)
    .useHostPid()
    .addHostPort(c, 9100)
    .mountHostPath(c, '/proc', '/host/proc', { volumeName: 'proc' });
  return d;
}


function peer(chart: Chart, i: number) {
  const d = new plus.DaemonSet(chart, `agent-${i}`, {
    metadata: { name: `agent-${i}`, namespace: 'monitoring' },
    podMetadata: { labels: { app: `agent-${i}` } },
    select: false,
    hostNetwork: true,
  });
  d.select(plus.LabelSelector.of({ labels: { app: `agent-${i}` } }));
  const c = d.addContainer({ name: 'agent', image: 'quay.io/prometheus/node-exporter:v1.9.1', resources: RESOURCES });
  c.addPort({ number: 9100, hostPort: 9100 });
  c.mount('/host/proc', plus.Volume.fromHostPath(d, 'proc', 'proc', { path: '/proc' }), { readOnly: true });
  const api = ApiObject.of(d);
  api.addJsonPatch(
    // cdk8s-plus applies patches before its own JSON conversion: camelCase names and IntOrString values.
    JsonPatch.add('/spec/updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: plus.k8s.IntOrString.fromString('10%'), maxSurge: plus.k8s.IntOrString.fromNumber(0) } }),
    JsonPatch.add('/spec/revisionHistoryLimit', 5),
    JsonPatch.add('/spec/template/spec/priorityClassName', 'system-node-critical'),
    JsonPatch.add('/spec/template/spec/hostPid', true),
    JsonPatch.replace('/spec/template/spec/dnsPolicy', 'ClusterFirstWithHostNet'),
    JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
    JsonPatch.add('/spec/template/spec/tolerations', [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
    ]),
    JsonPatch.add('/spec/template/spec/affinity', {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
              { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
              { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
            ],
          }],
        },
      },
    }),
  );
  return d;
}

/** The final manifest of daemon i, as `ours` synthesizes it. */
function finalManifest(i: number): any {
  const chart = new Chart(Testing.app(), 'ref');
  ours(chart, i);
  return Testing.synth(chart)[0];
}

function floor(chart: Chart, i: number, template: any) {
  const m = JSON.parse(JSON.stringify(template).split('agent-0').join(`agent-${i}`));
  return new ApiObject(chart, `agent-${i}`, m);
}

function exporter(chart: Chart, i: number) {
  return new (lib as any).NodeExporterDaemon(chart, `node-exporter-${i}`);
}

/** The final manifests of exporter i (DaemonSet and companions). */
function exporterManifests(): any[] {
  const chart = new Chart(Testing.app(), 'ref');
  exporter(chart, 0);
  return Testing.synth(chart);
}

export type SynthVariant = 'ours' | 'peer' | 'floor' | 'exporter' | 'exporter-floor';

/** Build and synthesize n daemons of one variant; times in ms. */
export function runSynth(variant: SynthVariant, n: number): { constructMs: number; synthMs: number; docs: number } {
  const template = variant === 'floor' ? finalManifest(0) : undefined;
  const exporterTemplates = variant === 'exporter-floor' ? exporterManifests() : [];
  const app = new App({ outdir: '/tmp/cdk8s-node-daemons-bench' });
  const chart = new Chart(app, 'bench');
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if (variant === 'ours') ours(chart, i);
    else if (variant === 'peer') peer(chart, i);
    else if (variant === 'floor') floor(chart, i, template);
    else if (variant === 'exporter') exporter(chart, i);
    else exporterTemplates.forEach((m, j) => new ApiObject(chart, `ne-${i}-${j}`, { ...m, metadata: { ...m.metadata, name: `${m.metadata.name}-${i}` } }));
  }
  const t1 = performance.now();
  const yaml = app.synthYaml();
  const t2 = performance.now();
  return { constructMs: t1 - t0, synthMs: t2 - t1, docs: yaml.split('\n---\n').length };
}

/** The three variants must produce the same DaemonSet; returns a difference description or ''. */
export function checkEquivalence(): string {
  const a = new Chart(Testing.app(), 'x');
  const b = new Chart(Testing.app(), 'x');
  ours(a, 0);
  peer(b, 0);
  const ja = JSON.stringify(sortKeys(Testing.synth(a)[0]));
  const jb = JSON.stringify(sortKeys(Testing.synth(b)[0]));
  return ja === jb ? '' : `ours and peer differ:\n${ja}\n${jb}`;
}

function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}
