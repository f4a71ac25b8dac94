import { arr, isObj, obj } from './json-shape';
import { PodSecurityLevel } from './pod-security-level';

/**
 * One Pod Security Standards check a pod spec fails.
 */
export interface PodSecurityViolation {
  /** The upstream check name, e.g. `hostNamespaces`, `privileged`, `runAsNonRoot`. */
  readonly check: string;
  /**
   * The lowest level this violation breaks: `baseline` (so the pod needs `privileged`) or `restricted` (so the pod
   * needs `baseline`).
   */
  readonly level: PodSecurityLevel;
  /** Field path of the offending setting. */
  readonly field: string;
  /** What is set and what to change for the stricter level. */
  readonly message: string;
}

/**
 * The Pod Security Standards checks of the pod-security admission controller (`k8s.io/pod-security-admission`
 * policy checks, "latest" version), applied to a plain pod spec.
 *
 * Baseline: hostProcess, host namespaces, privileged, capabilities beyond the baseline set, hostPath volumes, host
 * ports, AppArmor, SELinux, /proc mount, seccomp Unconfined, unsafe sysctls. Restricted adds: volume types,
 * allowPrivilegeEscalation, runAsNonRoot, runAsUser 0, seccomp RuntimeDefault/Localhost, capabilities (drop ALL,
 * add only NET_BIND_SERVICE). Windows pods (`spec.os.name: windows`) skip the Linux-only restricted checks, as upstream.
 */
export class PodSecurity {
  /**
   * The least privileged level that admits this pod spec.
   *
   * @param podSpec a pod spec (e.g. a DaemonSet's `spec.template.spec`)
   * @param podMetadata the pod (template) metadata, for the AppArmor annotations
   */
  public static levelOf(podSpec: any, podMetadata?: any): PodSecurityLevel {
    const v = PodSecurity.check(podSpec, podMetadata);
    if (v.some((x) => x.level === PodSecurityLevel.BASELINE)) return PodSecurityLevel.PRIVILEGED;
    if (v.length > 0) return PodSecurityLevel.BASELINE;
    return PodSecurityLevel.RESTRICTED;
  }

  /**
   * Every Pod Security check this pod spec fails.
   *
   * @param podSpec a pod spec
   * @param podMetadata the pod (template) metadata, for the AppArmor annotations
   * @param specPath field path of the pod spec, used in `field`
   * @default specPath 'spec.template.spec'
   */
  public static check(podSpec: any, podMetadata?: any, specPath: string = 'spec.template.spec'): PodSecurityViolation[] {
    const out: PodSecurityViolation[] = [];
    checkPodSpec(obj(podSpec), obj(podMetadata), specPath, out);
    return out;
  }

  /**
   * Whether a namespace enforcing `enforced` admits a pod that needs `needed`.
   */
  public static admits(enforced: PodSecurityLevel, needed: PodSecurityLevel): boolean {
    return RANK[needed] >= RANK[enforced];
  }

  /**
   * Parse a `pod-security.kubernetes.io/enforce` label value. Like the admission controller, an unknown value counts as
   * `restricted`; a missing label means `privileged` (the default, unless the cluster configures another default).
   *
   * @param value the label value, or undefined when the label is absent
   */
  public static parseLevel(value?: string): PodSecurityLevel {
    if (value === undefined) return PodSecurityLevel.PRIVILEGED;
    switch (value) {
      case 'privileged': return PodSecurityLevel.PRIVILEGED;
      case 'baseline': return PodSecurityLevel.BASELINE;
      default: return PodSecurityLevel.RESTRICTED;
    }
  }
}

const RANK: Record<string, number> = { privileged: 0, baseline: 1, restricted: 2 };


const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim',
  'projected', 'secret']);
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const CONTAINER_KINDS = ['initContainers', 'containers', 'ephemeralContainers'];

const B = PodSecurityLevel.BASELINE;
const R = PodSecurityLevel.RESTRICTED;

function checkPodSpec(spec: any, meta: any, path: string, out: PodSecurityViolation[]): void {
  const add = (level: PodSecurityLevel, check: string, field: string, message: string) => out.push({ check, level, field, message });
  const psc = obj(spec.securityContext);
  const windows = obj(spec.os).name === 'windows';

  // ---- baseline
  if (obj(psc.windowsOptions).hostProcess === true) {
    add(B, 'hostProcess', `${path}.securityContext.windowsOptions.hostProcess`, 'hostProcess: true needs privileged; remove it');
  }
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[ns] === true) add(B, 'hostNamespaces', `${path}.${ns}`, `${ns}: true needs privileged; remove it to share no host namespace`);
  }
  arr(spec.volumes).forEach((v: any, i: number) => {
    if (isObj(obj(v).hostPath)) {
      add(B, 'hostPathVolumes', `${path}.volumes[${i}].hostPath`,
        `hostPath volume ${JSON.stringify(obj(v).name ?? '')} needs privileged; use a ConfigMap, emptyDir or CSI volume instead`);
    }
  });
  if (obj(psc.seccompProfile).type === 'Unconfined') {
    add(B, 'seccompProfile_baseline', `${path}.securityContext.seccompProfile.type`, 'seccomp Unconfined needs privileged; use RuntimeDefault');
  }
  if (obj(psc.appArmorProfile).type === 'Unconfined') {
    add(B, 'appArmorProfile', `${path}.securityContext.appArmorProfile.type`, 'AppArmor Unconfined needs privileged; use RuntimeDefault');
  }
  checkSELinux(psc.seLinuxOptions, `${path}.securityContext.seLinuxOptions`, add);
  arr(psc.sysctls).forEach((s: any, i: number) => {
    const name = obj(s).name;
    if (!SAFE_SYSCTLS.has(name)) {
      add(B, 'sysctls', `${path}.securityContext.sysctls[${i}].name`, `sysctl ${JSON.stringify(name)} is not in the safe set and needs privileged`);
    }
  });
  const ann = obj(meta.annotations);
  for (const k of Object.keys(ann)) {
    if (!k.startsWith(APPARMOR_PREFIX)) continue;
    const v = ann[k];
    if (v !== 'runtime/default' && !(typeof v === 'string' && v.startsWith('localhost/'))) {
      add(B, 'appArmorProfile', `${metaPath(path)}.annotations[${k}]`, `AppArmor profile ${JSON.stringify(v)} needs privileged; use runtime/default`);
    }
  }

  // ---- restricted (pod level)
  arr(spec.volumes).forEach((v: any, i: number) => {
    const vol = obj(v);
    for (const k of Object.keys(vol)) {
      if (k === 'name' || k === 'hostPath') continue; // hostPath already fails baseline
      if (!RESTRICTED_VOLUME_TYPES.has(k)) {
        add(R, 'restrictedVolumes', `${path}.volumes[${i}].${k}`,
          `volume type ${k} is not allowed by restricted; use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret`);
      }
    }
  });
  const podNonRoot = psc.runAsNonRoot;
  if (podNonRoot === false) {
    add(R, 'runAsNonRoot', `${path}.securityContext.runAsNonRoot`, 'runAsNonRoot: false fails restricted; set it to true');
  }
  if (psc.runAsUser === 0) {
    add(R, 'runAsUser', `${path}.securityContext.runAsUser`, 'runAsUser: 0 fails restricted; run as a non-zero UID');
  }
  const podSeccomp = obj(psc.seccompProfile).type;
  const podSeccompOk = podSeccomp === 'RuntimeDefault' || podSeccomp === 'Localhost';

  // ---- containers
  for (const kind of CONTAINER_KINDS) {
    arr(spec[kind]).forEach((raw: any, i: number) => {
      const c = obj(raw);
      const cp = `${path}.${kind}[${i}]`;
      const sc = obj(c.securityContext);
      const scp = `${cp}.securityContext`;
      const cname = JSON.stringify(c.name ?? '');
      if (obj(sc.windowsOptions).hostProcess === true) add(B, 'hostProcess', `${scp}.windowsOptions.hostProcess`, `container ${cname} hostProcess: true needs privileged`);
      if (sc.privileged === true) add(B, 'privileged', `${scp}.privileged`, `container ${cname} is privileged, which needs the privileged level; grant specific capabilities instead`);
      const caps = obj(sc.capabilities);
      arr(caps.add).forEach((cap: any, j: number) => {
        if (!BASELINE_CAPS.has(cap)) add(B, 'capabilities_baseline', `${scp}.capabilities.add[${j}]`, `capability ${JSON.stringify(cap)} of container ${cname} needs privileged`);
      });
      arr(c.ports).forEach((p: any, j: number) => {
        const hp = obj(p).hostPort;
        if (typeof hp === 'number' && hp !== 0) add(B, 'hostPorts', `${cp}.ports[${j}].hostPort`, `hostPort ${hp} of container ${cname} needs privileged`);
      });
      if (obj(sc.seccompProfile).type === 'Unconfined') add(B, 'seccompProfile_baseline', `${scp}.seccompProfile.type`, `container ${cname} seccomp Unconfined needs privileged`);
      if (obj(sc.appArmorProfile).type === 'Unconfined') add(B, 'appArmorProfile', `${scp}.appArmorProfile.type`, `container ${cname} AppArmor Unconfined needs privileged`);
      checkSELinux(sc.seLinuxOptions, `${scp}.seLinuxOptions`, add);
      if (sc.procMount !== undefined && sc.procMount !== null && sc.procMount !== '' && sc.procMount !== 'Default') {
        add(B, 'procMount', `${scp}.procMount`, `procMount ${JSON.stringify(sc.procMount)} of container ${cname} needs privileged; use Default`);
      }

      // restricted
      if (sc.runAsNonRoot === false) {
        add(R, 'runAsNonRoot', `${scp}.runAsNonRoot`, `container ${cname} sets runAsNonRoot: false; restricted needs true`);
      } else if (sc.runAsNonRoot !== true && podNonRoot !== true) {
        add(R, 'runAsNonRoot', `${scp}.runAsNonRoot`, `container ${cname} may run as root; set runAsNonRoot: true on the pod or the container`);
      }
      if (sc.runAsUser === 0) add(R, 'runAsUser', `${scp}.runAsUser`, `container ${cname} runs as UID 0; restricted needs a non-zero runAsUser`);
      if (windows) return;
      if (sc.allowPrivilegeEscalation !== false) {
        add(R, 'allowPrivilegeEscalation', `${scp}.allowPrivilegeEscalation`, `container ${cname} must set allowPrivilegeEscalation: false for restricted`);
      }
      const cs = obj(sc.seccompProfile).type;
      if (cs === undefined || cs === null) {
        if (!podSeccompOk) add(R, 'seccompProfile_restricted', `${scp}.seccompProfile.type`, `container ${cname} has no seccomp profile; set RuntimeDefault on the pod or the container`);
      } else if (cs !== 'RuntimeDefault' && cs !== 'Localhost' && cs !== 'Unconfined') {
        add(R, 'seccompProfile_restricted', `${scp}.seccompProfile.type`, `container ${cname} seccomp ${JSON.stringify(cs)} fails restricted; use RuntimeDefault`);
      }
      if (!arr(caps.drop).includes('ALL')) {
        add(R, 'capabilities_restricted', `${scp}.capabilities.drop`, `container ${cname} must drop ALL capabilities for restricted`);
      }
      arr(caps.add).forEach((cap: any, j: number) => {
        if (cap !== 'NET_BIND_SERVICE' && BASELINE_CAPS.has(cap)) {
          add(R, 'capabilities_restricted', `${scp}.capabilities.add[${j}]`, `restricted allows adding only NET_BIND_SERVICE, not ${JSON.stringify(cap)} (container ${cname})`);
        }
      });
    });
  }
}

/** `spec.template.spec` -> `spec.template.metadata`, `spec` -> `metadata`. */
function metaPath(specPath: string): string {
  return specPath === 'spec' ? 'metadata' : specPath.replace(/\.spec$/, '.metadata');
}

function checkSELinux(opts: any, path: string, add: (l: PodSecurityLevel, c: string, f: string, m: string) => void): void {
  if (!isObj(opts)) return;
  if (opts.type !== undefined && !SELINUX_TYPES.has(opts.type)) {
    add(B, 'seLinuxOptions', `${path}.type`, `SELinux type ${JSON.stringify(opts.type)} needs privileged; use container_t or leave it empty`);
  }
  if (typeof opts.user === 'string' && opts.user !== '') add(B, 'seLinuxOptions', `${path}.user`, 'a custom SELinux user needs privileged');
  if (typeof opts.role === 'string' && opts.role !== '') add(B, 'seLinuxOptions', `${path}.role`, 'a custom SELinux role needs privileged');
}
