import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { NodeInput } from '../../src/cli/plan-input';

const REPO = path.resolve(__dirname, '../..');
const NODES = path.join(REPO, 'examples/cluster/nodes.json');
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-plan-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => { out += String(s); return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => { err += String(s); return true; });
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const FLUENTD = `apiVersion: v1
kind: ConfigMap
metadata: {name: fluentd-config, namespace: logging}
data: {a: b}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluentd, namespace: logging}
spec:
  selector: {matchLabels: {app: fluentd}}
  minReadySeconds: 10
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: "50%"}}
  template:
    metadata: {labels: {app: fluentd}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      tolerations:
      - {key: app, operator: Equal, value: fluentd-logging, effect: NoExecute}
      - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}
      containers: [{name: fluentd, image: fluentd:v1.16}]
`;

const GPU = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: dcgm-exporter}
spec:
  selector: {matchLabels: {app: dcgm}}
  updateStrategy: {type: OnDelete}
  template:
    metadata: {labels: {app: dcgm}}
    spec:
      tolerations: [{key: nvidia.com/gpu, operator: Exists}]
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [{key: nvidia.com/gpu.present, operator: In, values: ["true"]}]
      containers: [{name: c, image: nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5}]
`;

describe('node-daemons plan', () => {
  test('table: nodes with ✓/✗ and reasons, summary line, rollout, and a note for non-DaemonSets', async () => {
    const r = await run(['plan', '--nodes', NODES, file('fluentd.yaml', FLUENTD)]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('DaemonSet logging/fluentd');
    expect(r.out).toMatch(/│ worker-1 +│ ✓ +│/);
    expect(r.out).toMatch(/│ control-plane-1 +│ ✗ +│ untolerated taint node-role.kubernetes.io\/master:NoSchedule/);
    expect(r.out).toMatch(/│ win-1 +│ ✗ +│ nodeSelector kubernetes.io\/os=linux not matched/);
    expect(r.out).toMatch(/│ worker-maintenance +│ ✗ +│ untolerated taint maintenance=true:NoExecute/);
    expect(r.out).toMatch(/│ logging-1 +│ ✓ +│ tolerates taint app=fluentd-logging:NoExecute/);
    expect(r.out).toMatch(/│ worker-cordoned +│ ✓ +│ node is cordoned/);
    expect(r.out).toContain('DESIRED 8 / nodes 14 (6 excluded: 5 untolerated taint, 1 nodeSelector)');
    expect(r.out).toContain('Rollout: RollingUpdate: maxUnavailable 4, 2 waves of up to 4 nodes, about 1m 20s');
    expect(r.out).toContain('warning: maxUnavailable 4 of 8 nodes: more than a third of the nodes lose this daemon at once');
    expect(r.err).toMatch(/note: .*fluentd\.yaml doc\[0\]: ConfigMap\/fluentd-config is not a DaemonSet, ignored/);
  });

  test('risk lines in plain words: duration, worst case, what a bad version does', async () => {
    const r = await run(['plan', '--nodes', NODES, '--pod-start-seconds', '40', file('fluentd.yaml', FLUENTD), file('gpu.yaml', GPU)]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Risk: Takes about 1m 40s over 8 nodes, up to 4 at a time (maxUnavailable 4).\n');
    expect(r.out).toContain('Risk: At worst 4 nodes are without this daemon at once.\n');
    expect(r.out).toContain('Risk: If the new version never becomes ready, the rollout stops after 4 nodes and leaves 4 nodes without this daemon.\n');
    expect(r.out).toContain('Risk: OnDelete: nothing is replaced until someone deletes the pods; 2 nodes keep the old version until then.\n');
    const json = await run(['plan', '--nodes', NODES, '-o', 'json', file('fluentd.yaml', FLUENTD)]);
    expect(JSON.parse(json.out).daemonSets[0].risk).toHaveLength(3);
  });

  test('json output, several files, OnDelete', async () => {
    const r = await run(['plan', '--nodes', NODES, '-o', 'json', file('a.yaml', FLUENTD), file('gpu.yaml', GPU)]);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.nodes).toBe(14);
    expect(body.daemonSets.map((d: any) => [d.daemonSet, d.desiredNumberScheduled])).toEqual([['logging/fluentd', 8], ['dcgm-exporter', 2]]);
    const gpu = body.daemonSets[1];
    expect(gpu.decisions.filter((d: any) => d.shouldRun).map((d: any) => d.node)).toEqual(['gpu-1', 'gpu-2']);
    expect(gpu.decisions.find((d: any) => d.node === 'worker-1').reasons).toEqual(['required node affinity not matched: nvidia.com/gpu.present In [true]']);
    expect(gpu.rollout).toMatchObject({ strategy: 'OnDelete', manual: true });
    expect(gpu.rollout.durationSeconds).toBeUndefined();
    expect(body.ignored).toHaveLength(1);
  });

  test('nodes as NodeList YAML (multi-doc), JSON array and a single Node', async () => {
    const list = JSON.parse(fs.readFileSync(NODES, 'utf-8'));
    const yaml = `kind: NodeList\napiVersion: v1\nitems:\n${list.items.slice(0, 2).map((n: any) => '- ' + JSON.stringify(n)).join('\n')}\n---\n${JSON.stringify(list.items[2])}\n---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\n`;
    const r = await run(['plan', '--nodes', file('nodes.yaml', yaml), file('f.yaml', FLUENTD), '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).nodes).toBe(3);
    expect(r.err).toContain('ConfigMap x is not a Node, ignored');
    const arr = await run(['plan', '--nodes', file('nodes-array.json', JSON.stringify(list.items.slice(0, 4))), file('f2.yaml', FLUENTD), '-o', 'json']);
    expect(JSON.parse(arr.out).daemonSets[0].nodeCount).toBe(4);
    const one = await run(['plan', '--nodes', file('node.json', JSON.stringify(list.items[12])), file('f3.yaml', FLUENTD), '-o', 'json']);
    expect(JSON.parse(one.out).daemonSets[0].decisions).toEqual([
      { node: 'win-1', shouldRun: false, shouldContinueRunning: false, reasons: ['nodeSelector kubernetes.io/os=linux not matched'] },
    ]);
  });

  test('usage and input errors', async () => {
    expect((await run(['plan', file('g.yaml', GPU)])).err).toContain('pass --nodes FILE');
    expect((await run(['plan', '--nodes', NODES])).err).toContain('pass at least one FILE');
    const missing = await run(['plan', '--nodes', path.join(dir, 'nope.json'), file('g2.yaml', GPU)]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.json: cannot read: file not found');
    const noDs = await run(['plan', '--nodes', NODES, file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n')]);
    expect(noDs.code).toBe(2);
    expect(noDs.err).toContain('no DaemonSet found');
    expect((await run(['plan', '--nodes', NODES, '-o', 'xml', file('g3.yaml', GPU)])).code).toBe(2);
    expect((await run(['plan', '--nodes', NODES, '--feature-gates', 'X=maybe', file('g4.yaml', GPU)])).err).toContain('must be true or false');
    expect((await run(['plan', '--nodes', file('empty.json', '[]'), file('g5.yaml', GPU)])).err).toContain('no Node objects found');
  });

  test('--excluded-only and --max-rows shorten the table; --feature-gates turns on numeric tolerations', async () => {
    const r = await run(['plan', '--nodes', NODES, '--excluded-only', '--max-rows', '2', file('f4.yaml', FLUENTD)]);
    expect(r.out).not.toContain('worker-1 ');
    expect(r.out).toContain('... 4 more nodes not shown');
    const sla = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: sla}\nspec:\n  template:\n    spec:\n      tolerations: [{key: sla, operator: Gt, value: "100", effect: NoSchedule}]\n      containers: [{name: c, image: x}]\n';
    const node = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [{ key: 'sla', value: '200', effect: 'NoSchedule' }] } });
    const off = await run(['plan', '--nodes', file('sla-node.json', node), '-o', 'json', file('sla.yaml', sla)]);
    expect(JSON.parse(off.out).daemonSets[0].desiredNumberScheduled).toBe(0);
    const on = await run(['plan', '--nodes', file('sla-node2.json', node), '-o', 'json', '--feature-gates', 'TaintTolerationComparisonOperators=true', file('sla2.yaml', sla)]);
    expect(JSON.parse(on.out).daemonSets[0].desiredNumberScheduled).toBe(1);
  });

  test('NodeInput parses kubectl output directly', () => {
    const r = NodeInput.parse(fs.readFileSync(NODES, 'utf-8'), 'nodes.json');
    expect(r.nodes).toHaveLength(14);
    expect(r.notes).toEqual([]);
    expect(() => NodeInput.parse('a: [', 'bad.yaml')).toThrow(/bad.yaml/);
  });

  test('a real process: node-daemons plan with stdin as the DaemonSet file', () => {
    const p = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', 'plan', '--nodes', NODES, '-'],
      { cwd: REPO, input: GPU, encoding: 'utf-8', timeout: 60_000 });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(p.stdout).toContain('DaemonSet dcgm-exporter');
    expect(p.stdout).toContain('DESIRED 2 / nodes 14');
    expect(p.stdout).toContain('Rollout: OnDelete: manual');
  });
});

describe('node-daemons plan: scheduler fit and overhead', () => {
  const exporter = (name: string, priorityClassName?: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: monitoring}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      ${priorityClassName ? `priorityClassName: ${priorityClassName}` : 'hostNetwork: false'}
      containers:
      - name: exporter
        image: quay.io/prometheus/node-exporter:v1.8.2
        resources: {requests: {cpu: 100m, memory: 64Mi}}
        ports: [{containerPort: 9100, hostPort: 9100}]
`;
  const pods = JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [{
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'hog', namespace: 'apps' },
      spec: { nodeName: 'worker-1', priority: 0, containers: [{ name: 'c', resources: { requests: { cpu: '1900m' } } }] },
      status: { phase: 'Running' },
    }],
  });

  test('two agents on host port 9100: one binds, the other is PENDING with the scheduler\'s words', async () => {
    const r = await run(['plan', '--nodes', NODES, '--pods', file('pods.json', pods), file('ne.yaml', exporter('node-exporter')),
      file('pne.yaml', exporter('prometheus-node-exporter'))]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/│ worker-2 +│ PENDING │ node\(s\) didn't have free ports for the requested pod ports: TCP 0.0.0.0:9100 is taken by a pod of DaemonSet monitoring\/node-exporter/);
    // worker-1 is full: 1900m of 1930m requested
    expect(r.out).toMatch(/│ worker-1 +│ PENDING │ Insufficient cpu: the pod requests 100m, 1900m of 1930m allocatable are requested \(30m free\)/);
    expect(r.out).toContain('Daemon overhead (requests of the daemon pods the scheduler binds, against allocatable)');
    expect(r.out).toMatch(/PENDING \d+: kube-scheduler does not bind those pods/);
  });

  test('-o json: fits, schedulingReasons, preempts, pendingNumber and overhead; PriorityClasses come from the files', async () => {
    const classes = 'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: agents}\nvalue: 1000\n';
    const r = await run(['plan', '--nodes', NODES, '--pods', file('pods2.json', pods), '-o', 'json', file('pc.yaml', classes),
      file('ne2.yaml', exporter('node-exporter', 'agents'))]);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    const ds = body.daemonSets[0];
    const w1 = ds.decisions.find((d: any) => d.node === 'worker-1');
    expect(w1).toMatchObject({ shouldRun: true, fits: true, schedulingReasons: [], preempts: ['apps/hog'] });
    const w2 = ds.decisions.find((d: any) => d.node === 'worker-2');
    expect(w2).toMatchObject({ fits: true, schedulingReasons: [] });
    expect(ds.pendingNumber).toBe(0);
    const o1 = body.overhead.nodes.find((n: any) => n.node === 'worker-1');
    expect(o1).toMatchObject({ cpuMillis: 100, memoryBytes: 64 * 2 ** 20, allocatableCpuMillis: 1930, allocatableMemoryBytes: 8009572 * 1024 });
    expect(body.overhead.nodeGroupLabel).toBe('node.kubernetes.io/instance-type');
    expect(body.ignored).toEqual([]);
  });

  test('a bad --pods file is a usage error', async () => {
    const r = await run(['plan', '--nodes', NODES, '--pods', path.join(dir, 'none.json'), file('ne3.yaml', exporter('x'))]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--pods');
    expect(r.err).toContain('file not found');
  });
});
