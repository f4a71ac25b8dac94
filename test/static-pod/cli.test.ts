import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { main } from '../../src/cli/main';

const DS = `apiVersion: v1
kind: ConfigMap
metadata: {name: agent-config, namespace: logging}
data:
  agent.conf: "level = info\\n"
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: logging}
spec:
  selector: {matchLabels: {app: agent}}
  updateStrategy: {type: OnDelete}
  template:
    metadata: {labels: {app: agent}}
    spec:
      automountServiceAccountToken: false
      tolerations: [{operator: Exists}]
      containers:
        - name: agent
          image: example/agent:1.0
          volumeMounts: [{name: config, mountPath: /etc/agent}]
      volumes:
        - name: config
          configMap: {name: agent-config}
`;

const BAD = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ok}
spec:
  selector: {matchLabels: {app: ok}}
  template:
    metadata: {labels: {app: ok}}
    spec:
      containers: [{name: ok, image: example/ok:1}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: bad, namespace: infra}
spec:
  selector: {matchLabels: {app: bad}}
  template:
    metadata: {labels: {app: bad}}
    spec:
      serviceAccountName: bad
      containers: [{name: bad, image: example/bad:1}]
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-pod-cli-'));
  fs.writeFileSync(path.join(dir, 'agent.yaml'), DS);
  fs.writeFileSync(path.join(dir, 'bad.yaml'), BAD);
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => { stdout += String(s); return true; });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => { stderr += String(s); return true; });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('node-daemons static-pod (in process)', () => {
  test('prints the static pod YAML with the comment header', async () => {
    const r = await run(['static-pod', path.join(dir, 'agent.yaml'), '--name-suffix', '-n1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# dropped: spec.updateStrategy (static pods are updated by replacing the file; the kubelet then restarts the pod)');
    expect(r.stdout).toContain('# dropped: spec.template.spec.tolerations (static pods are not scheduled');
    const pod = YAML.parse(r.stdout);
    expect(pod.metadata).toEqual({ name: 'agent-n1', namespace: 'kube-system', labels: { app: 'agent' } });
    expect(pod.spec.volumes[0]).toEqual({ name: 'config', hostPath: { path: '/etc/kubernetes/static-pod-files/agent-n1/config', type: 'Directory' } });
    expect(r.stderr).toContain('agent.yaml doc[1]: static pod agent-n1 needs 1 host file(s) (inlined ConfigMap data) that are not printed; pass --out DIR');
  });

  test('--output json and --namespace', async () => {
    const r = await run(['static-pod', path.join(dir, 'agent.yaml'), '--output', 'json', '--namespace', 'edge']);
    expect(r.code).toBe(0);
    const [m] = JSON.parse(r.stdout);
    expect(m.source).toBe(`${path.join(dir, 'agent.yaml')} doc[1]`);
    expect(m.pod.metadata.namespace).toBe('edge');
    expect(m.files[0]).toMatchObject({ path: 'static-pods/agent/files/config/agent.conf', content: 'level = info\n' });
    expect(m.dropped).toContainEqual(expect.stringMatching(/^spec\.selector/));
  });

  test('--out writes the manifest and the files', async () => {
    const out = path.join(dir, 'out');
    const r = await run(['static-pod', path.join(dir, 'agent.yaml'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${path.join(out, 'static-pods/agent.yaml')}\nwrote ${path.join(out, 'static-pods/agent/files/config/agent.conf')}\n`);
    expect(fs.readFileSync(path.join(out, 'static-pods/agent/files/config/agent.conf'), 'utf8')).toBe('level = info\n');
  });

  test('errors name the file and document index, no stack trace', async () => {
    const r = await run(['static-pod', path.join(dir, 'bad.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${path.join(dir, 'bad.yaml')} doc[1] DaemonSet/infra/bad spec.template.spec.serviceAccountName: static pods cannot reference ServiceAccount "bad": `
      + 'the kubelet rejects static pods that reference API objects, and the API server rejects their mirror pods. '
      + 'Fix: remove serviceAccountName, or pass `dropServiceAccount: true` (CLI: --drop-service-account) if the agent does not call the Kubernetes API; '
      + 'an agent that needs the API must read a kubeconfig from a hostPath file.\n');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(YAML.parse(r.stdout).metadata.name).toBe('ok');
  });

  test('--drop-service-account converts it', async () => {
    const r = await run(['static-pod', path.join(dir, 'bad.yaml'), '--drop-service-account', '--keep-namespace', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((m: any) => `${m.namespace}/${m.name}`)).toEqual(['kube-system/ok', 'infra/bad']);
  });

  test('--out writes nothing when a DaemonSet fails', async () => {
    const out = path.join(dir, 'out-bad');
    const r = await run(['static-pod', path.join(dir, 'bad.yaml'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing written because of the errors above');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('unreadable input and files without DaemonSets', async () => {
    const missing = await run(['static-pod', path.join(dir, 'missing.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`${path.join(dir, 'missing.yaml')}: cannot read file: file not found\n`);
    fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    const none = await run(['static-pod', path.join(dir, 'cm.yaml')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no DaemonSet in');
  });

  test('usage errors exit 2', async () => {
    expect((await run(['static-pod', path.join(dir, 'agent.yaml'), '--output', 'xml'])).code).toBe(2);
    expect((await run(['static-pod', path.join(dir, 'agent.yaml'), '--priority', 'high'])).code).toBe(2);
  });
});

describe('node-daemons static-pod (spawned process)', () => {
  test('reads stdin with -', () => {
    const root = path.join(__dirname, '..', '..');
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', 'static-pod', '-', '--name-suffix', '-worker-1'], {
      cwd: root,
      input: DS,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toContain('<stdin> doc[1]: static pod agent-worker-1 needs 1 host file(s)');
    expect(r.status).toBe(0);
    const pod = YAML.parse(r.stdout);
    expect(pod.kind).toBe('Pod');
    expect(pod.metadata.name).toBe('agent-worker-1');
  });
});
