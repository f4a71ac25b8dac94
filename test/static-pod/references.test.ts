import { configMap, daemonSet, errorOf } from './helpers';
import { StaticPod } from '../../src/static-pod';

const WHY = 'the kubelet rejects static pods that reference API objects, and the API server rejects their mirror pods';

describe('rejected references', () => {
  test('serviceAccountName', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => { s.serviceAccountName = 'agent'; }))))
      .toBe(`DaemonSet/monitoring/agent spec.template.spec.serviceAccountName: static pods cannot reference ServiceAccount "agent": ${WHY}. `
        + 'Fix: remove serviceAccountName, or pass `dropServiceAccount: true` (CLI: --drop-service-account) if the agent does not call the Kubernetes API; '
        + 'an agent that needs the API must read a kubeconfig from a hostPath file.');
  });

  test('secret volume', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => { s.volumes.push({ name: 'tls', secret: { secretName: 'agent-tls' } }); }))))
      .toBe(`DaemonSet/monitoring/agent spec.template.spec.volumes[1].secret: static pods cannot reference Secret "agent-tls": ${WHY}. `
        + 'Fix: provision the secret as a file on the node and mount it with a hostPath volume (or keep this agent a DaemonSet); '
        + 'secrets are never inlined into a plain manifest.');
  });

  test('configMap volume without the ConfigMap object', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => { s.volumes.push({ name: 'config', configMap: { name: 'agent-config' } }); }))))
      .toBe(`DaemonSet/monitoring/agent spec.template.spec.volumes[1].configMap: static pods cannot reference ConfigMap "agent-config": ${WHY}. `
        + 'Fix: pass the ConfigMap object together with the DaemonSet (same manifest set, or the `manifests` option) so it is inlined as host files, '
        + 'or mount the configuration from a hostPath volume.');
  });

  test('configMap volume with inlining switched off names the option', () => {
    const ds = daemonSet((s) => { s.volumes.push({ name: 'config', configMap: { name: 'agent-config' } }); });
    expect(errorOf(() => StaticPod.fromDaemonSet(ds, { manifests: [configMap()], inlineConfigMaps: false })))
      .toContain('spec.template.spec.volumes[1].configMap: static pods cannot reference ConfigMap "agent-config"'
        + `: ${WHY}. Fix: the ConfigMap is in the manifests, but inlining is off: set \`inlineConfigMaps: true\``);
  });

  test('env from a secret (secretKeyRef and envFrom.secretRef)', () => {
    const msg = errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => {
      s.containers[0].env = [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'agent-token', key: 'token' } } }];
      s.containers[0].envFrom = [{ secretRef: { name: 'agent-env' } }];
    })));
    const lines = msg.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`DaemonSet/monitoring/agent spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: static pods cannot reference Secret "agent-token": ${WHY}. `
      + 'Fix: provision the secret as a file on the node and mount it with a hostPath volume (or keep this agent a DaemonSet); secrets are never inlined into a plain manifest.');
    expect(lines[1]).toMatch(/^DaemonSet\/monitoring\/agent spec\.template\.spec\.containers\[0\]\.envFrom\[0\]\.secretRef: static pods cannot reference Secret "agent-env"/);
  });

  test('imagePullSecrets', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => { s.imagePullSecrets = [{ name: 'registry' }]; }))))
      .toBe(`DaemonSet/monitoring/agent spec.template.spec.imagePullSecrets[0]: static pods cannot reference Secret "registry": ${WHY}. `
        + 'Fix: configure the registry credentials on the node (container runtime auth config or a kubelet image credential provider) and remove imagePullSecrets.');
  });

  test('projected service account token', () => {
    const ds = daemonSet((s) => {
      s.volumes.push({ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } });
    });
    expect(errorOf(() => StaticPod.fromDaemonSet(ds)))
      .toBe(`DaemonSet/monitoring/agent spec.template.spec.volumes[1].projected.sources[0].serviceAccountToken: static pods get no ServiceAccount token (projected serviceAccountToken): ${WHY}. `
        + 'Fix: set automountServiceAccountToken: false and remove serviceAccountToken projections; give an agent that needs the API a kubeconfig in a hostPath file.');
  });

  test('automountServiceAccountToken: true', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => { s.automountServiceAccountToken = true; }))))
      .toContain('spec.template.spec.automountServiceAccountToken: static pods get no ServiceAccount token (automountServiceAccountToken is true)');
  });

  test('persistentVolumeClaim volume', () => {
    expect(errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => { s.volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'data' } }); }))))
      .toContain('spec.template.spec.volumes[1].persistentVolumeClaim: static pods cannot reference PersistentVolumeClaim "data"');
  });

  test('every problem is reported at once, one per line', () => {
    const msg = errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => {
      s.serviceAccountName = 'agent';
      s.imagePullSecrets = [{ name: 'registry' }];
      s.volumes.push({ name: 'tls', secret: { secretName: 'tls' } });
    })));
    expect(msg.split('\n').map((l) => l.split(':')[0])).toEqual([
      'DaemonSet/monitoring/agent spec.template.spec.serviceAccountName',
      'DaemonSet/monitoring/agent spec.template.spec.imagePullSecrets[0]',
      'DaemonSet/monitoring/agent spec.template.spec.volumes[1].secret',
    ]);
  });
});

describe('dropServiceAccount', () => {
  test('drops the ServiceAccount when its token is not mounted', () => {
    const m = StaticPod.fromDaemonSet(daemonSet((s) => { s.serviceAccountName = 'agent'; }), { dropServiceAccount: true });
    expect(m.pod.spec.serviceAccountName).toBeUndefined();
    expect(m.translated).toContainEqual('spec.template.spec.serviceAccountName: ServiceAccount "agent" dropped (dropServiceAccount; its token was not mounted)');
  });

  test('still fails when the token is mounted', () => {
    const msg = errorOf(() => StaticPod.fromDaemonSet(daemonSet((s) => {
      s.serviceAccountName = 'agent';
      s.automountServiceAccountToken = true;
    }), { dropServiceAccount: true }));
    expect(msg).toContain('spec.template.spec.serviceAccountName: static pods cannot reference ServiceAccount "agent": '
      + `${WHY}. Fix: the container mounts the ServiceAccount token (automountServiceAccountToken: true), so dropping the ServiceAccount would break it.`);
    expect(msg).toContain('spec.template.spec.automountServiceAccountToken: static pods get no ServiceAccount token');
  });

  test('sets automountServiceAccountToken: false when it was not set', () => {
    const m = StaticPod.fromDaemonSet(daemonSet((s) => { delete s.automountServiceAccountToken; }));
    expect(m.pod.spec.automountServiceAccountToken).toBe(false);
    expect(m.translated).toContainEqual('spec.template.spec.automountServiceAccountToken: false (static pods get no ServiceAccount token)');
  });
});
