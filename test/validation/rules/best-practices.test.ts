import { ManifestValidator, RuleCatalog, Severity } from '../../../src/validation';
import { goodDaemonSet, withDs } from '../fixtures';

/** ND findings of one rule for one object. */
function nd(ruleId: string, manifest: any) {
  return ManifestValidator.validate([manifest], { schema: false, podSecurity: false }).filter((f) => f.ruleId === ruleId);
}

const C0 = 'spec.template.spec.containers[0]';

describe('best-practice pack', () => {
  test('the fixture has no ND finding', () => {
    expect(ManifestValidator.validate([goodDaemonSet()]).filter((f) => f.ruleId.startsWith('ND-'))).toEqual([]);
  });

  test('catalog: 14 rules with stable IDs, warning severity and one sentence each', () => {
    const rules = RuleCatalog.bestPractices();
    expect(rules.map((r) => r.ruleId)).toEqual(Array.from({ length: 14 }, (_, i) => `ND-${String(i + 1).padStart(3, '0')}`));
    for (const r of rules) {
      expect(r.severity).toBe(Severity.WARNING);
      expect(r.description).toMatch(/^[A-Z].*\.$/);
    }
  });

  test('ND-001 resource requests', () => {
    expect(nd('ND-001', withDs((ds) => delete ds.spec.template.spec.containers[0].resources.requests.cpu))).toEqual([{
      ruleId: 'ND-001',
      severity: 'warning',
      resource: 'DaemonSet/monitoring/agent',
      field: `${C0}.resources.requests`,
      message: 'container "agent" has no cpu request; set resources.requests.cpu so every node reserves room for it',
    }]);
    expect(nd('ND-001', goodDaemonSet())).toEqual([]);
  });

  test('ND-002 memory limit', () => {
    const f = nd('ND-002', withDs((ds) => delete ds.spec.template.spec.containers[0].resources.limits));
    expect(f.map((x) => x.field)).toEqual([`${C0}.resources.limits.memory`]);
    expect(nd('ND-002', goodDaemonSet())).toEqual([]);
  });

  test('ND-003 liveness probe (not for Jobs)', () => {
    expect(nd('ND-003', withDs((ds) => delete ds.spec.template.spec.containers[0].livenessProbe)).map((x) => x.field)).toEqual([`${C0}.livenessProbe`]);
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } } };
    expect(nd('ND-003', job)).toEqual([]);
    expect(nd('ND-003', goodDaemonSet())).toEqual([]);
  });

  test('ND-004 readiness probe', () => {
    expect(nd('ND-004', withDs((ds) => delete ds.spec.template.spec.containers[0].readinessProbe)).map((x) => x.field)).toEqual([`${C0}.readinessProbe`]);
    expect(nd('ND-004', goodDaemonSet())).toEqual([]);
  });

  test('ND-005 latest or untagged image; registry ports and digests are understood', () => {
    const latest = nd('ND-005', withDs((ds) => ds.spec.template.spec.containers[0].image = 'fluent/fluent-bit:latest'));
    expect(latest).toHaveLength(1);
    expect(latest[0].message).toContain('uses the latest tag');
    expect(nd('ND-005', withDs((ds) => ds.spec.template.spec.containers[0].image = 'registry:5000/team/agent'))[0].message).toContain('has no tag');
    expect(nd('ND-005', withDs((ds) => ds.spec.template.spec.initContainers = [{ name: 'init', image: 'busybox' }]))[0].field)
      .toBe('spec.template.spec.initContainers[0].image');
    expect(nd('ND-005', withDs((ds) => ds.spec.template.spec.containers[0].image = 'registry:5000/agent@sha256:' + 'a'.repeat(64)))).toEqual([]);
    expect(nd('ND-005', goodDaemonSet())).toEqual([]);
  });

  test('ND-006 privileged', () => {
    expect(nd('ND-006', withDs((ds) => ds.spec.template.spec.containers[0].securityContext.privileged = true)).map((x) => x.field))
      .toEqual([`${C0}.securityContext.privileged`]);
    expect(nd('ND-006', withDs((ds) => ds.spec.template.spec.containers[0].securityContext.privileged = false))).toEqual([]);
    // Bidirectional propagation is accepted only from a privileged container: "remove privileged" would be rejected
    expect(nd('ND-006', withDs((ds) => {
      ds.spec.template.spec.volumes.push({ name: 'kubelet', hostPath: { path: '/var/lib/kubelet' } });
      ds.spec.template.spec.containers[0].securityContext.privileged = true;
      ds.spec.template.spec.containers[0].volumeMounts.push({ name: 'kubelet', mountPath: '/var/lib/kubelet', mountPropagation: 'Bidirectional' });
    }))).toEqual([]);
  });

  test('ND-007 writable hostPath mount', () => {
    const ds = withDs((d) => {
      d.spec.template.spec.volumes.push({ name: 'proc', hostPath: { path: '/proc' } });
      d.spec.template.spec.containers[0].volumeMounts.push({ name: 'proc', mountPath: '/host/proc' });
    });
    const f = nd('ND-007', ds);
    expect(f.map((x) => x.field)).toEqual([`${C0}.volumeMounts[1].readOnly`]);
    expect(f[0].message).toContain('"/proc"');
    ds.spec.template.spec.containers[0].volumeMounts[1].readOnly = true;
    expect(nd('ND-007', ds)).toEqual([]);
  });

  test('ND-007 is silent where the agent must write, and still fires on shared or system paths', () => {
    const mounts = (name: string, paths: Array<[string, any?]>) => withDs((d) => {
      d.metadata.name = name;
      paths.forEach(([p, extra], i) => {
        d.spec.template.spec.volumes.push({ name: `v${i}`, hostPath: { path: p, ...(extra?.type ? { type: extra.type } : {}) } });
        d.spec.template.spec.containers[0].volumeMounts.push({ name: `v${i}`, mountPath: `/host/v${i}`, ...(extra?.propagation ? { mountPropagation: extra.propagation } : {}) });
      });
    });
    const silent = mounts('calico-node', [
      ['/var/lib/kubelet/plugins/ebs.csi.aws.com/'], ['/var/lib/kubelet/plugins_registry'], ['/var/lib/kubelet/device-plugins'],
      ['/var/lib/kubelet', { propagation: 'Bidirectional' }], ['/etc/cni/net.d'], ['/opt/cni/bin'], ['/var/lib/cni/networks'],
      ['/run/xtables.lock'], ['/run'], ['/var/run/netns'], ['/dev'], ['/sys/fs/bpf'], ['/var/lib/calico'], ['/var/log/calico/cni'],
    ]);
    expect(nd('ND-007', silent)).toEqual([]);
    const fires = mounts('calico-node', [
      ['/'], ['/var/log'], ['/var/lib/kubelet/pods'], ['/var/lib/docker/containers'], ['/run/containerd/containerd.sock'],
      ['/var/run/docker.sock', { type: 'Socket' }], ['/etc'], ['/var/lib/kubelet'],
    ]);
    expect(nd('ND-007', fires).map((f) => JSON.parse(/host path ("[^"]*")/.exec(f.message)![1]))).toEqual([
      '/', '/var/log', '/var/lib/kubelet/pods', '/var/lib/docker/containers', '/run/containerd/containerd.sock', '/var/run/docker.sock', '/etc', '/var/lib/kubelet',
    ]);
    // another agent's directory is not this agent's own
    expect(nd('ND-007', mounts('fluent-bit', [['/var/lib/calico']]))).toHaveLength(1);
  });

  test('ND-008 seccomp: pod default, container override, Unconfined', () => {
    expect(nd('ND-008', withDs((ds) => delete ds.spec.template.spec.securityContext.seccompProfile)).map((x) => x.field))
      .toEqual(['spec.template.spec.securityContext.seccompProfile']);
    expect(nd('ND-008', withDs((ds) => ds.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' })).map((x) => x.field))
      .toEqual([`${C0}.securityContext.seccompProfile.type`]);
    expect(nd('ND-008', withDs((ds) => {
      delete ds.spec.template.spec.securityContext.seccompProfile;
      ds.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
    }))).toEqual([]);
  });

  test('ND-008: one finding per pod for a missing profile, none for privileged containers', () => {
    const two = withDs((ds) => {
      delete ds.spec.template.spec.securityContext.seccompProfile;
      ds.spec.template.spec.containers.push({ ...ds.spec.template.spec.containers[0], name: 'sidecar', ports: [], securityContext: {} });
      ds.spec.template.spec.initContainers = [{ name: 'init', image: 'example.com/init:1', securityContext: { privileged: true } }];
    });
    const f = nd('ND-008', two);
    expect(f.map((x) => x.field)).toEqual(['spec.template.spec.securityContext.seccompProfile']);
    expect(f[0].message).toContain('containers "agent", "sidecar" run without a seccomp profile');
    expect(f[0].message).not.toContain('init');
    two.spec.template.spec.containers.forEach((c: any) => c.securityContext = { privileged: true });
    expect(nd('ND-008', two)).toEqual([]);
  });

  test('ND-009 default ServiceAccount token', () => {
    expect(nd('ND-009', withDs((ds) => delete ds.spec.template.spec.serviceAccountName)).map((x) => x.field))
      .toEqual(['spec.template.spec.automountServiceAccountToken']);
    expect(nd('ND-009', withDs((ds) => ds.spec.template.spec.serviceAccountName = 'default'))).toHaveLength(1);
    expect(nd('ND-009', withDs((ds) => { delete ds.spec.template.spec.serviceAccountName; ds.spec.template.spec.automountServiceAccountToken = false; }))).toEqual([]);
    expect(nd('ND-009', goodDaemonSet())).toEqual([]);
  });

  test('ND-010 hostNetwork without ClusterFirstWithHostNet', () => {
    const usesService = (ds: any) => {
      ds.spec.template.spec.hostNetwork = true;
      ds.spec.template.spec.containers[0].env = [{ name: 'OUTPUT', value: 'http://loki-gateway.logging.svc.cluster.local:3100/push' }];
    };
    const f = nd('ND-010', withDs(usesService));
    expect(f.map((x) => x.field)).toEqual(['spec.template.spec.dnsPolicy']);
    expect(f[0].message).toContain('"loki-gateway.logging.svc"');
    expect(nd('ND-010', withDs((ds) => { usesService(ds); ds.spec.template.spec.containers[0].env = []; ds.spec.template.spec.containers[0].args = ['--server=es.search.svc:9200']; }))).toHaveLength(1);
    expect(nd('ND-010', withDs((ds) => { usesService(ds); ds.spec.template.spec.dnsPolicy = 'ClusterFirstWithHostNet'; }))).toEqual([]);
    // a hostNetwork agent that names no Service (CNI, storage, node-exporter) uses the node's DNS on purpose
    expect(nd('ND-010', withDs((ds) => ds.spec.template.spec.hostNetwork = true))).toEqual([]);
  });

  test('ND-011 tolerate-all without virtual-node exclusion', () => {
    // made for EKS (ECR image) and AKS (node label): both kinds of virtual node are possible
    const all = withDs((ds) => {
      ds.spec.template.spec.tolerations = [{ operator: 'Exists' }, { operator: 'Exists', effect: 'NoSchedule' }];
      ds.spec.template.spec.containers[0].image = '602401143452.dkr.ecr.us-west-2.amazonaws.com/agent:1.0';
      ds.spec.template.spec.nodeSelector = { 'kubernetes.azure.com/mode': 'system' };
    });
    const f = nd('ND-011', all);
    expect(f.map((x) => x.field)).toEqual(['spec.template.spec.tolerations[0]']);
    expect(f[0].message).toContain('eks.amazonaws.com/compute-type=fargate, type=virtual-kubelet');
    all.spec.template.spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
            ],
          }],
        },
      },
    };
    expect(nd('ND-011', all)[0].message).toContain('(type=virtual-kubelet)');
    all.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions.push(
      { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] });
    expect(nd('ND-011', all)).toEqual([]);
    // a DaemonSet that shows no sign of a platform with virtual nodes is not reported
    expect(nd('ND-011', withDs((ds) => ds.spec.template.spec.tolerations = [{ operator: 'Exists' }]))).toEqual([]);
    expect(nd('ND-011', withDs((ds) => {
      ds.spec.template.spec.tolerations = [{ operator: 'Exists' }];
      ds.spec.template.spec.containers[0].image = 'mcr.microsoft.com/oss/agent:1.0';
    }))[0].message).toContain('(type=virtual-kubelet)');
    // NoExecute-only tolerate-all does not reach virtual-kubelet's NoSchedule taint
    expect(nd('ND-011', withDs((ds) => ds.spec.template.spec.tolerations = [{ operator: 'Exists', effect: 'NoExecute' }]))).toEqual([]);
    // only DaemonSets
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { tolerations: [{ operator: 'Exists' }], containers: [] } } } };
    expect(nd('ND-011', dep)).toEqual([]);
  });

  test('ND-012 maxUnavailable 100%', () => {
    expect(nd('ND-012', withDs((ds) => ds.spec.updateStrategy.rollingUpdate.maxUnavailable = '100%')).map((x) => x.field))
      .toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable']);
    expect(nd('ND-012', withDs((ds) => ds.spec.updateStrategy.rollingUpdate.maxUnavailable = '20%'))).toEqual([]);
  });

  test('ND-013 host port with surge', () => {
    const surge = (ds: any) => ds.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } };
    const f = nd('ND-013', withDs((ds) => { surge(ds); ds.spec.template.spec.containers[0].ports[0].hostPort = 9100; }));
    expect(f.map((x) => x.field)).toEqual(['spec.updateStrategy.rollingUpdate.maxSurge']);
    expect(f[0].message).toContain('9100');
    expect(nd('ND-013', withDs((ds) => { surge(ds); ds.spec.template.spec.hostNetwork = true; }))).toHaveLength(1);
    expect(nd('ND-013', withDs((ds) => surge(ds)))).toEqual([]);
    expect(nd('ND-013', withDs((ds) => ds.spec.template.spec.containers[0].ports[0].hostPort = 9100))).toEqual([]);
  });

  test('ND-014 priority class', () => {
    expect(nd('ND-014', withDs((ds) => delete ds.spec.template.spec.priorityClassName)).map((x) => x.field))
      .toEqual(['spec.template.spec.priorityClassName']);
    expect(nd('ND-014', goodDaemonSet())).toEqual([]);
  });

  test('rules run on other workload kinds with the right paths (CronJob)', () => {
    const cj = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'x' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] },
            },
          },
        },
      },
    };
    expect(nd('ND-005', cj)[0]).toMatchObject({ resource: 'CronJob/x/c', field: 'spec.jobTemplate.spec.template.spec.containers[0].image' });
  });
});
