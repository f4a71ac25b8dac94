import { goodDaemonSet, withDs } from './fixtures';
import { ManifestValidator, PodSecurity, PodSecurityLevel, Severity } from '../../src/validation';

const spec = (edit: (s: any) => void) => withDs((ds) => edit(ds.spec.template.spec)).spec.template.spec;

describe('PodSecurity.levelOf', () => {
  test('the hardened fixture is restricted', () => {
    expect(PodSecurity.levelOf(goodDaemonSet().spec.template.spec)).toBe(PodSecurityLevel.RESTRICTED);
    expect(PodSecurity.check(goodDaemonSet().spec.template.spec)).toEqual([]);
  });

  test('an ordinary pod is baseline (restricted checks fail)', () => {
    const v = PodSecurity.check({ containers: [{ name: 'c', image: 'x:1' }] });
    expect(PodSecurity.levelOf({ containers: [{ name: 'c', image: 'x:1' }] })).toBe(PodSecurityLevel.BASELINE);
    expect(v.map((x) => x.check).sort()).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted']);
  });

  test.each([
    ['hostNetwork', (s: any) => s.hostNetwork = true, 'spec.template.spec.hostNetwork'],
    ['hostPID', (s: any) => s.hostPID = true, 'spec.template.spec.hostPID'],
    ['privileged', (s: any) => s.containers[0].securityContext.privileged = true, 'spec.template.spec.containers[0].securityContext.privileged'],
    ['SYS_ADMIN', (s: any) => s.containers[0].securityContext.capabilities.add = ['SYS_ADMIN'], 'spec.template.spec.containers[0].securityContext.capabilities.add[0]'],
    ['hostPath', (s: any) => s.volumes.push({ name: 'h', hostPath: { path: '/' } }), 'spec.template.spec.volumes[1].hostPath'],
    ['hostPort', (s: any) => s.containers[0].ports[0].hostPort = 9100, 'spec.template.spec.containers[0].ports[0].hostPort'],
    ['seccomp Unconfined', (s: any) => s.securityContext.seccompProfile.type = 'Unconfined', 'spec.template.spec.securityContext.seccompProfile.type'],
    ['procMount', (s: any) => s.containers[0].securityContext.procMount = 'Unmasked', 'spec.template.spec.containers[0].securityContext.procMount'],
    ['sysctl', (s: any) => s.securityContext.sysctls = [{ name: 'net.core.somaxconn', value: '1024' }], 'spec.template.spec.securityContext.sysctls[0].name'],
    ['SELinux type', (s: any) => s.securityContext.seLinuxOptions = { type: 'spc_t' }, 'spec.template.spec.securityContext.seLinuxOptions.type'],
  ])('%s needs privileged', (_n, edit, field) => {
    const s = spec(edit as any);
    expect(PodSecurity.levelOf(s)).toBe(PodSecurityLevel.PRIVILEGED);
    expect(PodSecurity.check(s).filter((v) => v.level === PodSecurityLevel.BASELINE).map((v) => v.field)).toEqual([field]);
  });

  test.each([
    ['runAsUser 0', (s: any) => s.securityContext.runAsUser = 0],
    ['allowPrivilegeEscalation', (s: any) => delete s.containers[0].securityContext.allowPrivilegeEscalation],
    ['capabilities not dropped', (s: any) => delete s.containers[0].securityContext.capabilities],
    ['NET_RAW added', (s: any) => s.containers[0].securityContext.capabilities.add = ['CHOWN']],
    ['runAsNonRoot missing', (s: any) => delete s.securityContext.runAsNonRoot],
    ['hostPath-free non-restricted volume', (s: any) => s.volumes.push({ name: 'n', nfs: { server: 'x', path: '/' } })],
  ])('%s needs baseline', (_n, edit) => {
    expect(PodSecurity.levelOf(spec(edit as any))).toBe(PodSecurityLevel.BASELINE);
  });

  test('AppArmor annotation on the template', () => {
    const s = goodDaemonSet().spec.template.spec;
    expect(PodSecurity.levelOf(s, { annotations: { 'container.apparmor.security.beta.kubernetes.io/agent': 'unconfined' } })).toBe(PodSecurityLevel.PRIVILEGED);
    expect(PodSecurity.levelOf(s, { annotations: { 'container.apparmor.security.beta.kubernetes.io/agent': 'runtime/default' } })).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('admits / parseLevel', () => {
    expect(PodSecurity.admits(PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED)).toBe(true);
    expect(PodSecurity.admits(PodSecurityLevel.BASELINE, PodSecurityLevel.PRIVILEGED)).toBe(false);
    expect(PodSecurity.parseLevel('bogus')).toBe(PodSecurityLevel.RESTRICTED);
    expect(PodSecurity.parseLevel(undefined)).toBe(PodSecurityLevel.PRIVILEGED);
  });
});

describe('namespace Pod Security in validate()', () => {
  const ns = (labels: any) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring', labels } });
  const hostNet = withDs((ds) => { ds.spec.template.spec.hostNetwork = true; ds.spec.template.spec.dnsPolicy = 'ClusterFirstWithHostNet'; });

  test('PSS-001 reports the level with the reason', () => {
    const f = ManifestValidator.validate([hostNet]).filter((x) => x.ruleId === 'PSS-001');
    expect(f).toEqual([{
      ruleId: 'PSS-001',
      severity: Severity.INFO,
      resource: 'DaemonSet/monitoring/agent',
      field: 'spec.template.spec',
      message: 'pods need the Pod Security level "privileged": host namespaces (hostNetwork=true)',
    }]);
  });

  test('PSS-002 error when the namespace enforce label does not admit the pods', () => {
    const f = ManifestValidator.validate([ns({ 'pod-security.kubernetes.io/enforce': 'baseline' }), hostNet]).filter((x) => x.ruleId === 'PSS-002');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: Severity.ERROR, resource: 'DaemonSet/monitoring/agent', field: 'spec.template.spec' });
    expect(f[0].message).toContain('host namespaces (hostNetwork=true)');
    expect(f[0].message).toContain('pod-security.kubernetes.io/enforce=privileged');
  });

  test('PSS-002 passes when admitted; PSS-003 warns on the warn label', () => {
    expect(ManifestValidator.validate([ns({ 'pod-security.kubernetes.io/enforce': 'privileged' }), hostNet]).filter((x) => x.ruleId === 'PSS-002')).toEqual([]);
    expect(ManifestValidator.validate([ns({ 'pod-security.kubernetes.io/enforce': 'restricted' }), goodDaemonSet()]).filter((x) => x.severity !== Severity.INFO)).toEqual([]);
    const w = ManifestValidator.validate([ns({ 'pod-security.kubernetes.io/warn': 'restricted' }), hostNet]).filter((x) => x.ruleId === 'PSS-003');
    expect(w.map((x) => x.severity)).toEqual([Severity.WARNING]);
  });

  test('PSS-004 maxPodSecurityLevel option', () => {
    expect(ManifestValidator.validate([hostNet], { maxPodSecurityLevel: PodSecurityLevel.BASELINE }).filter((x) => x.ruleId === 'PSS-004')).toHaveLength(1);
    expect(ManifestValidator.validate([goodDaemonSet()], { maxPodSecurityLevel: PodSecurityLevel.RESTRICTED }).filter((x) => x.ruleId === 'PSS-004')).toEqual([]);
  });
});
