import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { configMap, daemonSet, errorOf } from './helpers';
import { StaticPod, StaticPodFileEncoding, StaticPodWriter } from '../../src/static-pod';

function withConfigVolume(volume: any = { name: 'config', configMap: { name: 'agent-config' } }) {
  return daemonSet((s) => {
    s.volumes.push(volume);
    s.containers[0].volumeMounts.push({ name: 'config', mountPath: '/etc/agent' });
  });
}

describe('ConfigMap volumes are inlined as host files', () => {
  const m = StaticPod.fromDaemonSet(withConfigVolume(), { manifests: [configMap()] });

  test('files with the ConfigMap contents', () => {
    expect(m.files).toEqual([
      {
        path: 'static-pods/agent/files/config/LEVEL',
        hostPath: '/etc/kubernetes/static-pod-files/agent/config/LEVEL',
        content: 'debug',
        encoding: StaticPodFileEncoding.UTF8,
        mode: 0o644,
        source: 'ConfigMap/monitoring/agent-config key LEVEL',
      },
      {
        path: 'static-pods/agent/files/config/agent.yaml',
        hostPath: '/etc/kubernetes/static-pod-files/agent/config/agent.yaml',
        content: 'level: info\n',
        encoding: StaticPodFileEncoding.UTF8,
        mode: 0o644,
        source: 'ConfigMap/monitoring/agent-config key agent.yaml',
      },
    ]);
  });

  test('the volume becomes a hostPath directory, mounted read-only', () => {
    expect(m.pod.spec.volumes[1]).toEqual({ name: 'config', hostPath: { path: '/etc/kubernetes/static-pod-files/agent/config', type: 'Directory' } });
    expect(m.pod.spec.containers[0].volumeMounts[1]).toEqual({ name: 'config', mountPath: '/etc/agent', readOnly: true });
  });

  test('the comment lists the translation and the files to write', () => {
    expect(m.yaml).toContain('# translated: spec.template.spec.volumes[1]: ConfigMap "agent-config" -> hostPath /etc/kubernetes/static-pod-files/agent/config');
    expect(m.yaml).toContain('#   static-pods/agent/files/config/agent.yaml -> /etc/kubernetes/static-pod-files/agent/config/agent.yaml (mode 0644)');
  });

  test('the writer writes the manifest and the files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-pod-'));
    const written = StaticPodWriter.write(dir, [m]);
    expect(written.map((p) => path.relative(dir, p))).toEqual([
      'static-pods/agent.yaml',
      'static-pods/agent/files/config/LEVEL',
      'static-pods/agent/files/config/agent.yaml',
    ]);
    expect(fs.readFileSync(path.join(dir, 'static-pods/agent/files/config/agent.yaml'), 'utf8')).toBe('level: info\n');
    expect((fs.statSync(path.join(dir, 'static-pods/agent/files/config/agent.yaml')).mode % 0o1000).toString(8)).toBe('644');
    expect(fs.readFileSync(path.join(dir, 'static-pods/agent.yaml'), 'utf8')).toBe(m.yaml);
  });
});

describe('ConfigMap details', () => {
  test('items, modes and binaryData', () => {
    const cm = { ...configMap(), binaryData: { 'logo.png': Buffer.from([0, 1, 2]).toString('base64') } };
    const m = StaticPod.fromDaemonSet(withConfigVolume({
      name: 'config',
      configMap: { name: 'agent-config', defaultMode: 0o600, items: [{ key: 'agent.yaml', path: 'conf/agent.yaml', mode: 0o400 }, { key: 'logo.png', path: 'logo.png' }] },
    }), { manifests: [cm], hostFilesDir: '/opt/agents/' });
    expect(m.files.map((f) => [f.path, f.hostPath, f.mode, f.encoding, f.content])).toEqual([
      ['static-pods/agent/files/config/conf/agent.yaml', '/opt/agents/agent/config/conf/agent.yaml', 0o400, 'utf8', 'level: info\n'],
      ['static-pods/agent/files/config/logo.png', '/opt/agents/agent/config/logo.png', 0o600, 'base64', 'AAEC'],
    ]);
  });

  test('a missing key is an error naming the item', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(withConfigVolume({ name: 'config', configMap: { name: 'agent-config', items: [{ key: 'nope', path: 'x' }] } }),
      { manifests: [configMap()] })))
      .toBe('DaemonSet/monitoring/agent spec.template.spec.volumes[1].configMap.items[0]: key "nope" is not in ConfigMap/monitoring/agent-config '
        + '(keys: agent.yaml, LEVEL). Fix: add the key to the ConfigMap, fix the item, or mark the volume optional.');
  });

  test('a ConfigMap in another namespace is not used', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(withConfigVolume(), { manifests: [configMap('agent-config', 'other')] })))
      .toContain('static pods cannot reference ConfigMap "agent-config"');
  });

  test('a ConfigMap without namespace matches (cdk8s charts without namespace)', () => {
    expect(StaticPod.fromDaemonSet(withConfigVolume(), { manifests: [configMap('agent-config', undefined)] }).files).toHaveLength(2);
  });

  test('a missing optional ConfigMap becomes an emptyDir', () => {
    const m = StaticPod.fromDaemonSet(withConfigVolume({ name: 'config', configMap: { name: 'absent', optional: true } }));
    expect(m.pod.spec.volumes[1]).toEqual({ name: 'config', emptyDir: {} });
  });

  test('a projected volume of ConfigMaps only is inlined', () => {
    const m = StaticPod.fromDaemonSet(withConfigVolume({
      name: 'config',
      projected: { sources: [{ configMap: { name: 'agent-config', items: [{ key: 'LEVEL', path: 'level' }] } }, { configMap: { name: 'more' } }] },
    }), { manifests: [configMap(), configMap('more', 'monitoring', { 'extra.conf': 'x' })] });
    expect(m.files.map((f) => f.path)).toEqual(['static-pods/agent/files/config/level', 'static-pods/agent/files/config/extra.conf']);
    expect(m.pod.spec.volumes[1].hostPath.path).toBe('/etc/kubernetes/static-pod-files/agent/config');
  });

  test('a projected volume mixing a ConfigMap and the downward API is rejected with the fix', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(withConfigVolume({
      name: 'config',
      projected: { sources: [{ configMap: { name: 'agent-config' } }, { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }] },
    }), { manifests: [configMap()] }))).toContain('volumes[1].projected.sources[0].configMap: static pods cannot reference ConfigMap "agent-config": '
      + 'the kubelet rejects static pods that reference API objects, and the API server rejects their mirror pods. '
      + 'Fix: this projected volume mixes the ConfigMap with other sources, which one hostPath directory cannot replace');
  });

  test('a downward API projected volume is kept', () => {
    const v = { name: 'info', projected: { sources: [{ downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }] } };
    expect(StaticPod.fromDaemonSet(daemonSet((s) => { s.volumes.push(v); })).pod.spec.volumes[1]).toEqual(v);
  });
});

describe('ConfigMap environment values are inlined', () => {
  test('configMapKeyRef becomes a literal value ($( escaped)', () => {
    const m = StaticPod.fromDaemonSet(daemonSet((s) => {
      s.containers[0].env = [
        { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'agent-config', key: 'LEVEL' } } },
        { name: 'CMD', valueFrom: { configMapKeyRef: { name: 'agent-config', key: 'CMD' } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      ];
    }), { manifests: [configMap('agent-config', 'monitoring', { LEVEL: 'debug', CMD: 'echo $(HOME)' })] });
    expect(m.pod.spec.containers[0].env).toEqual([
      { name: 'LEVEL', value: 'debug' },
      { name: 'CMD', value: 'echo $$(HOME)' },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ]);
  });

  test('envFrom configMapRef becomes env values; env wins over envFrom', () => {
    const m = StaticPod.fromDaemonSet(daemonSet((s) => {
      s.containers[0].envFrom = [{ configMapRef: { name: 'agent-config' }, prefix: 'AGENT_' }];
      s.containers[0].env = [{ name: 'AGENT_LEVEL', value: 'warn' }];
    }), { manifests: [configMap('agent-config', 'monitoring', { 'LEVEL': 'debug', 'MODE': 'fast', 'bad key': 'x' })] });
    expect(m.pod.spec.containers[0].envFrom).toBeUndefined();
    expect(m.pod.spec.containers[0].env).toEqual([{ name: 'AGENT_MODE', value: 'fast' }, { name: 'AGENT_LEVEL', value: 'warn' }]);
    expect(m.warnings[0]).toContain('keys AGENT_bad key of ConfigMap "agent-config" are not valid variable names');
  });

  test('a missing key of configMapKeyRef is an error', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => {
      s.containers[0].env = [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'agent-config', key: 'NOPE' } } }];
    }), { manifests: [configMap()] }))).toBe('DaemonSet/monitoring/agent spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key: '
      + 'key "NOPE" is not in ConfigMap "agent-config". Fix: add the key or mark the reference optional.');
  });
});
