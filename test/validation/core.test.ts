import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { goodDaemonSet, withDs } from './fixtures';
import { ManifestValidator, PodSecurityLevel, Severity } from '../../src';
import { ManifestFiles } from '../../src/k8s/manifest-files';
import { KubeCore } from '../../src/validation/core/kube-core';

const ROOT = path.resolve(__dirname, '..', '..');

function pinned(goMod: string): Record<string, string> {
  const text = fs.readFileSync(path.join(ROOT, goMod), 'utf8');
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^\s*(k8s\.io\/[\w.-]+)(?: => k8s\.io\/[\w.-]+)? (v\d+\.\d+\.\d+)\s*$/gm)) out[m[1]] = m[2];
  return out;
}

/** The server's errors for one DaemonSet, as [field, message]. */
function errors(mutate: (d: any) => void): string[][] {
  return ManifestValidator.validate([withDs(mutate)], { bestPractices: false, podSecurity: false })
    .filter((f) => f.severity === Severity.ERROR)
    .map((f) => [f.field, f.message.replace(/ \(fix: .*\)$/, '')]);
}

const C = 'spec.template.spec.containers[0]';

describe('the embedded API-server core', () => {
  test('is built from the Kubernetes release the control-plane tests pin (one version for both)', () => {
    const core = pinned('apiserver-core/go.mod');
    const cluster = pinned('test/cluster/build/go.mod');
    expect(core['k8s.io/kubernetes']).toBe('v1.37.2');
    expect(core['k8s.io/kubernetes']).toBe(cluster['k8s.io/kubernetes']);
    for (const [mod, version] of Object.entries(cluster)) {
      if (core[mod] !== undefined) expect([mod, core[mod]]).toEqual([mod, version]);
    }
  });

  test('is linked without the methods nothing calls (no reflective method lookup is reachable)', () => {
    // When code that looks methods up by name through reflection (text/template's) is reachable, Go's linker keeps
    // every exported method of every type: the modules then grow by about a third (apiserver-core/build.sh leaves
    // out the init function of golang.org/x/net/trace that made it reachable). A version bump that brings such code
    // back shows here first.
    const dir = path.join(ROOT, 'lib', 'core');
    const mb = (f: string) => fs.statSync(path.join(dir, f)).size / 1e6;
    expect(['kube-core-small.wasm', mb('kube-core-small.wasm') < 36]).toEqual(['kube-core-small.wasm', true]);
    expect(['kube-core.wasm', mb('kube-core.wasm') < 68]).toEqual(['kube-core.wasm', true]);
  });

  test('probes: handler, thresholds, ports', () => {
    expect(errors((d) => {
      d.spec.template.spec.containers[0].livenessProbe = { exec: { command: ['true'] }, httpGet: { port: 8080 }, successThreshold: 2 };
    })).toEqual([
      [`${C}.livenessProbe.httpGet`, 'Forbidden: may not specify more than 1 handler type'],
      [`${C}.livenessProbe.successThreshold`, 'Invalid value: 2: must be 1'],
    ]);
    expect(errors((d) => {
      d.spec.template.spec.containers[0].readinessProbe = { httpGet: { port: 70000 } };
    })).toEqual([[`${C}.readinessProbe.httpGet.port`, 'Invalid value: 70000: must be between 1 and 65535, inclusive']]);
  });

  test('volumes: duplicate names, two sources, mounts that name no volume', () => {
    expect(errors((d) => {
      d.spec.template.spec.volumes.push({ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }, { name: 'w', emptyDir: {}, hostPath: { path: '/x' } });
    })).toEqual([
      ['spec.template.spec.volumes[2].name', 'Duplicate value: "v"'],
      ['spec.template.spec.volumes[3].hostPath', 'Forbidden: may not specify more than 1 volume type'],
    ]);
    expect(errors((d) => {
      d.spec.template.spec.containers[0].volumeMounts.push({ name: 'missing', mountPath: '/data' });
    })).toEqual([[`${C}.volumeMounts[1].name`, 'Not found: "missing"']]);
  });

  test('resources: requests above limits, quantities', () => {
    expect(errors((d) => {
      d.spec.template.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '1' } };
    })).toEqual([[`${C}.resources.requests`, 'Invalid value: "2": must be less than or equal to cpu limit of 1']]);
    const bad = ManifestValidator.validate([withDs((d) => {
      d.spec.template.spec.containers[0].resources = { requests: { memory: '12 apples' } };
    })], { bestPractices: false, podSecurity: false });
    expect(bad.map((f) => f.ruleId)).toEqual(['API-DECODE']);
    expect(bad[0].message).toContain('quantities must match the regular expression');
  });

  test('env and ports', () => {
    expect(errors((d) => {
      d.spec.template.spec.containers[0].env = [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }];
    })).toEqual([[`${C}.env[0].valueFrom`, 'Invalid value: "": may not be specified when `value` is not empty']]);
    expect(errors((d) => {
      d.spec.template.spec.containers[0].ports = [{ name: 'm', containerPort: 9100 }, { name: 'm', containerPort: 9101 }];
    })).toEqual([[`${C}.ports[1].name`, 'Duplicate value: "m"']]);
  });

  test('security context and metadata', () => {
    expect(errors((d) => {
      d.spec.template.spec.securityContext = { runAsUser: -1 };
    })).toEqual([['spec.template.spec.securityContext.runAsUser', 'Invalid value: -1: must be between 0 and 2147483647, inclusive']]);
    expect(errors((d) => {
      d.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: 'n', uid: '' }];
    })).toEqual([['metadata.ownerReferences[0].uid', 'Required value: must not be empty']]);
    expect(errors((d) => {
      d.spec.template.spec.containers[0].image = '';
    })).toEqual([[`${C}.image`, 'Required value']]);
  });

  test('warnings of the server become warnings', () => {
    const f = ManifestValidator.validate([withDs((d) => {
      d.spec.template.spec.containers[0].ports = [{ name: 'm', containerPort: 9100 }, { name: 'n', containerPort: 9100 }];
    })], { bestPractices: false, podSecurity: false });
    expect(f.filter((x) => x.ruleId === 'API-WARNING').map((x) => x.severity)).toEqual([Severity.WARNING]);
  });

  test('official Pod Security levels: a probe host fails baseline (1.34+)', () => {
    const d = goodDaemonSet();
    d.spec.template.spec.containers[0].livenessProbe = { httpGet: { port: 9100, host: '127.0.0.1' } };
    const [r] = KubeCore.judge([d]);
    expect(r.podSecurity?.level).toBe('privileged');
    expect(r.podSecurity?.baseline?.map((v) => v.reason)).toEqual(['probe or lifecycle host']);
  });

  test('Pod Security is evaluated only when asked: the rest of the answer is the same', () => {
    const bad = goodDaemonSet();
    bad.spec.template.spec.containers[0].livenessProbe = { httpGet: { port: 9100, host: '127.0.0.1' }, successThreshold: 2 };
    bad.spec.template.spec.containers[0].ports = [{ name: 'm', containerPort: 9100 }, { name: 'm', containerPort: 9101 }];
    const objects = [goodDaemonSet(), bad, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }];
    const withLevels = KubeCore.judge(objects);
    const without = KubeCore.judge(objects, { podSecurity: false });
    expect(withLevels.map((r) => r.podSecurity?.level)).toEqual(['restricted', 'privileged', undefined]);
    expect(without.map((r) => r.podSecurity)).toEqual([undefined, undefined, undefined]);
    expect(without).toEqual(withLevels.map(({ podSecurity: _, ...rest }) => rest));
    expect(without[1].errors?.map((e) => e.field)).toEqual([`${C}.ports[1].name`, `${C}.livenessProbe.successThreshold`]);
  });

  test('a batch whose options line is not a JSON object is a clear error', () => {
    expect(() => KubeCore.load('small').validate('O{podSecurity}\n')).not.toThrow();
    expect(JSON.parse(KubeCore.load('small').validate('O{podSecurity}\n'))).toEqual({
      error: 'the first line of a batch may be "O" and a JSON object of options, such as {"podSecurity":false}',
    });
  });

  test('ManifestValidator asks for Pod Security levels only when a finding can use them', () => {
    const d = goodDaemonSet();
    d.spec.template.spec.hostNetwork = true;
    const spy = jest.spyOn(KubeCore, 'judge');
    try {
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } };
      const cases: Array<[any[], any, boolean]> = [
        [[d], {}, true],
        [[d], { reportPodSecurityLevel: false }, false],
        [[ns, d], { reportPodSecurityLevel: false }, true],
        [[ns, d], { podSecurity: false }, false],
        [[d], { reportPodSecurityLevel: false, maxPodSecurityLevel: PodSecurityLevel.BASELINE }, true],
      ];
      for (const [input, options, asked] of cases) {
        spy.mockClear();
        const f = ManifestValidator.validate(input, { bestPractices: false, ...options });
        expect([options, spy.mock.calls[0][1]?.podSecurity !== false]).toEqual([options, asked]);
        expect(f.some((x) => x.ruleId === 'PSS-002')).toBe(input.length === 2 && options.podSecurity !== false);
        expect(f.some((x) => x.ruleId === 'PSS-004')).toBe(options.maxPodSecurityLevel !== undefined);
      }
    } finally {
      spy.mockRestore();
    }
  });

  test('removed and unknown versions are errors', () => {
    const f = ManifestValidator.validate([
      { apiVersion: 'apps/v2', kind: 'DaemonSet', metadata: { name: 'a' } },
      { apiVersion: 'extensions/v1beta1', kind: 'DaemonSet', metadata: { name: 'b' } },
    ]);
    expect(f.map((x) => x.ruleId)).toEqual(['API-VERSION-NOT-SERVED', 'API-VERSION-REMOVED']);
  });

  test('never throws: cycles, 10,000-deep nesting and shared-reference bombs are findings', () => {
    const cyclic: any = goodDaemonSet();
    cyclic.spec.template.metadata.self = cyclic;
    let deep: any = {};
    const root = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' }, data: deep };
    for (let i = 0; i < 10_000; i++) deep = (deep.x = {});
    let bomb: any = ['x'];
    for (let i = 0; i < 40; i++) bomb = [bomb, bomb];
    const f = ManifestValidator.validate([cyclic, root, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bomb' }, data: { a: bomb } }]);
    expect(f.map((x) => [x.ruleId, x.resource])).toEqual([
      ['MANIFEST', 'DaemonSet/monitoring/agent'], ['MANIFEST', 'ConfigMap/deep'], ['MANIFEST', 'ConfigMap/bomb'],
    ]);
    expect(f[0].message).toContain('contains itself (a reference cycle at spec.template.metadata.self)');
    const list: any = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l', annotations: {} }, data: {} };
    list.data.items = [{}, { a: [list.metadata] }];
    // a shared reference is no cycle
    expect(ManifestValidator.validate([list]).filter((x) => x.ruleId === 'MANIFEST')).toEqual([]);
    list.metadata.annotations.up = list.data;
    expect(ManifestValidator.validate([list])[0].message).toContain('a reference cycle at metadata.annotations.up.items[1].a[0])');
    // a cycle behind many values: reported as the cycle, not as the values its laps count
    const wide: any = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w' }, data: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v'])) };
    wide.z = wide;
    expect(ManifestValidator.validate([wide])[0].message).toContain('a reference cycle at z)');
    expect(f[1].message).toContain('nested deeper than 1000 levels');
    expect(f[2].message).toContain('expands to more than');
  });

  test('an input of more than a megabyte is judged in calls of about one, results in input order', () => {
    const objects = Array.from({ length: 700 }, (_, i) => ({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: i % 350 === 349 ? `Bad_${i}` : `cm-${i}` }, data: { payload: 'x'.repeat(2000) },
    }));
    const results = KubeCore.judge(objects);
    expect(results).toHaveLength(700);
    const rejected = results.flatMap((r, i) => ((r.errors ?? []).length > 0 ? [[i, r.errors![0].field]] : []));
    expect(rejected).toEqual([[349, 'metadata.name'], [699, 'metadata.name']]);
  });

  test('an apiVersion or kind that is not a plain string is read by the core from the object, as the server reads it', () => {
    const results = KubeCore.judge([
      { apiVersion: 1, kind: 'ConfigMap', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'Config\tMap', metadata: { name: 'b' } },
      { kind: 'ConfigMap', metadata: { name: 'c' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' } },
    ]);
    expect(results.map((r) => [r.status, r.errors?.[0]?.type, r.errors?.[0]?.field])).toEqual([
      ['rejected', 'Decode', undefined],
      ['rejected', 'NotFound', 'kind'],
      ['rejected', 'NotFound', 'apiVersion'],
      ['validated', undefined, undefined],
    ]);
    expect(results[0].errors![0].message).toBe('json: cannot unmarshal number into Go struct field .apiVersion of type string');
  });

  test('yamlToJson reads YAML as kubectl does', () => {
    expect(JSON.parse(KubeCore.yamlToJson('a: 12:30\nb: 2024-01-01\nc: E1\nd: on\n').json!)).toEqual({ a: '12:30', b: '2024-01-01', c: 'E1', d: true });
  });
});

describe('reading YAML as kubectl does', () => {
  test('a self-referencing anchor names the file and line', () => {
    const r = ManifestFiles.parse('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\na: &x\n  b: *x\n', 'loop.yaml');
    expect(r.documents.map((d) => d.object.metadata.name)).toEqual(['ok']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'loop.yaml', index: 1 });
    expect(r.errors[0].line).toBeGreaterThanOrEqual(5);
    expect(r.errors[0].message).toMatch(/^invalid YAML: /);
  });
});

describe('the build of the core', () => {
  test('without Go it stops with a message saying what to install', () => {
    const r = spawnSync('/bin/bash', [path.join(ROOT, 'apiserver-core', 'build.sh')], { env: { PATH: '/nonexistent', HOME: '/tmp' }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Go is not installed. Building cdk8s-node-daemons needs Go >= 1.26 (https://go.dev/dl/)');
  });
});
