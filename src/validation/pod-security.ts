import { FieldPaths } from './field-paths';
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
    const v = PodSecurity._checkWithoutMessages(podSpec, podMetadata, 'spec.template.spec');
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
    checkPodSpec(obj(podSpec), obj(podMetadata), specPath, out, true);
    return out;
  }

  /**
   * Like `check`, with empty messages (for levels and summaries, which need only the check and the field).
   * @internal
   */
  public static _checkWithoutMessages(podSpec: any, podMetadata: any, specPath: string): PodSecurityViolation[] {
    const out: PodSecurityViolation[] = [];
    checkPodSpec(obj(podSpec), obj(podMetadata), specPath, out, false);
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
const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];

const B = PodSecurityLevel.BASELINE;
const R = PodSecurityLevel.RESTRICTED;

/** `m`: build the messages (otherwise they are left empty: `m && ...` skips building them). */
function checkPodSpec(spec: any, meta: any, path: string, out: PodSecurityViolation[], m: boolean): void {
  const add = (level: PodSecurityLevel, check: string, field: string, message: string | false) => out.push({ check, level, field, message: message || '' });
  const psc = obj(spec.securityContext);
  const windows = obj(spec.os).name === 'windows';

  // ---- baseline
  if (obj(psc.windowsOptions).hostProcess === true) {
    add(B, 'hostProcess', `${path}.securityContext.windowsOptions.hostProcess`, m && 'hostProcess: true needs privileged; remove it');
  }
  for (const ns of HOST_NAMESPACES) {
    if (spec[ns] === true) add(B, 'hostNamespaces', `${path}.${ns}`, m && `${ns}: true needs privileged; remove it to share no host namespace`);
  }
  const volumes = arr(spec.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i];
    if (isObj(obj(v).hostPath)) {
      add(B, 'hostPathVolumes', `${path}.volumes[${i}].hostPath`,
        m && `hostPath volume ${JSON.stringify(obj(v).name ?? '')} needs privileged; use a ConfigMap, emptyDir or CSI volume instead`);
    }
  }
  if (obj(psc.seccompProfile).type === 'Unconfined') {
    add(B, 'seccompProfile_baseline', `${path}.securityContext.seccompProfile.type`, m && 'seccomp Unconfined needs privileged; use RuntimeDefault');
  }
  if (obj(psc.appArmorProfile).type === 'Unconfined') {
    add(B, 'appArmorProfile', `${path}.securityContext.appArmorProfile.type`, m && 'AppArmor Unconfined needs privileged; use RuntimeDefault');
  }
  checkSELinux(psc.seLinuxOptions, `${path}.securityContext.seLinuxOptions`, add, m);
  const sysctls = arr(psc.sysctls);
  for (let i = 0; i < sysctls.length; i++) {
    const name = obj(sysctls[i]).name;
    if (!SAFE_SYSCTLS.has(name)) {
      add(B, 'sysctls', `${path}.securityContext.sysctls[${i}].name`, m && `sysctl ${JSON.stringify(name)} is not in the safe set and needs privileged`);
    }
  }
  const ann = obj(meta.annotations);
  for (const k in ann) {
    if (!Object.prototype.hasOwnProperty.call(ann, k) || !k.startsWith(APPARMOR_PREFIX)) continue;
    const v = ann[k];
    if (v !== 'runtime/default' && !(typeof v === 'string' && v.startsWith('localhost/'))) {
      add(B, 'appArmorProfile', `${metaPath(path)}.annotations[${k}]`, m && `AppArmor profile ${JSON.stringify(v)} needs privileged; use runtime/default`);
    }
  }

  // ---- restricted (pod level)
  for (let i = 0; i < volumes.length; i++) {
    const vol = obj(volumes[i]);
    for (const k of Object.keys(vol)) {
      if (k === 'name' || k === 'hostPath') continue; // hostPath already fails baseline
      if (!RESTRICTED_VOLUME_TYPES.has(k)) {
        add(R, 'restrictedVolumes', `${path}.volumes[${i}].${k}`,
          m && `volume type ${k} is not allowed by restricted; use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret`);
      }
    }
  }
  const podNonRoot = psc.runAsNonRoot;
  if (podNonRoot === false) {
    add(R, 'runAsNonRoot', `${path}.securityContext.runAsNonRoot`, m && 'runAsNonRoot: false fails restricted; set it to true');
  }
  if (psc.runAsUser === 0) {
    add(R, 'runAsUser', `${path}.securityContext.runAsUser`, m && 'runAsUser: 0 fails restricted; run as a non-zero UID');
  }
  const podSeccomp = obj(psc.seccompProfile).type;
  const podSeccompOk = podSeccomp === 'RuntimeDefault' || podSeccomp === 'Localhost';

  // ---- containers
  for (const kind of CONTAINER_KINDS) {
    const list = arr(spec[kind]);
    for (let i = 0; i < list.length; i++) {
      const c = obj(list[i]);
      const paths = FieldPaths.container(path, kind, i);
      const cp = paths.container;
      const sc = obj(c.securityContext);
      const scp = paths.securityContext;
      const cname = m ? JSON.stringify(c.name ?? '') : '';
      if (obj(sc.windowsOptions).hostProcess === true) add(B, 'hostProcess', `${scp}.windowsOptions.hostProcess`, m && `container ${cname} hostProcess: true needs privileged`);
      if (sc.privileged === true) add(B, 'privileged', `${scp}.privileged`, m && `container ${cname} is privileged, which needs the privileged level; grant specific capabilities instead`);
      const caps = obj(sc.capabilities);
      const added = arr(caps.add);
      for (let j = 0; j < added.length; j++) {
        const cap = added[j];
        if (!BASELINE_CAPS.has(cap)) add(B, 'capabilities_baseline', `${scp}.capabilities.add[${j}]`, m && `capability ${JSON.stringify(cap)} of container ${cname} needs privileged`);
      }
      const ports = arr(c.ports);
      for (let j = 0; j < ports.length; j++) {
        const hp = obj(ports[j]).hostPort;
        if (typeof hp === 'number' && hp !== 0) add(B, 'hostPorts', `${cp}.ports[${j}].hostPort`, m && `hostPort ${hp} of container ${cname} needs privileged`);
      }
      if (obj(sc.seccompProfile).type === 'Unconfined') add(B, 'seccompProfile_baseline', `${scp}.seccompProfile.type`, m && `container ${cname} seccomp Unconfined needs privileged`);
      if (obj(sc.appArmorProfile).type === 'Unconfined') add(B, 'appArmorProfile', `${scp}.appArmorProfile.type`, m && `container ${cname} AppArmor Unconfined needs privileged`);
      if (isObj(sc.seLinuxOptions)) checkSELinux(sc.seLinuxOptions, `${scp}.seLinuxOptions`, add, m);
      if (sc.procMount !== undefined && sc.procMount !== null && sc.procMount !== '' && sc.procMount !== 'Default') {
        add(B, 'procMount', `${scp}.procMount`, m && `procMount ${JSON.stringify(sc.procMount)} of container ${cname} needs privileged; use Default`);
      }

      // restricted
      if (sc.runAsNonRoot === false) {
        add(R, 'runAsNonRoot', `${scp}.runAsNonRoot`, m && `container ${cname} sets runAsNonRoot: false; restricted needs true`);
      } else if (sc.runAsNonRoot !== true && podNonRoot !== true) {
        add(R, 'runAsNonRoot', `${scp}.runAsNonRoot`, m && `container ${cname} may run as root; set runAsNonRoot: true on the pod or the container`);
      }
      if (sc.runAsUser === 0) add(R, 'runAsUser', `${scp}.runAsUser`, m && `container ${cname} runs as UID 0; restricted needs a non-zero runAsUser`);
      if (windows) continue;
      if (sc.allowPrivilegeEscalation !== false) {
        add(R, 'allowPrivilegeEscalation', `${scp}.allowPrivilegeEscalation`, m && `container ${cname} must set allowPrivilegeEscalation: false for restricted`);
      }
      const cs = obj(sc.seccompProfile).type;
      if (cs === undefined || cs === null) {
        if (!podSeccompOk) add(R, 'seccompProfile_restricted', `${scp}.seccompProfile.type`, m && `container ${cname} has no seccomp profile; set RuntimeDefault on the pod or the container`);
      } else if (cs !== 'RuntimeDefault' && cs !== 'Localhost' && cs !== 'Unconfined') {
        add(R, 'seccompProfile_restricted', `${scp}.seccompProfile.type`, m && `container ${cname} seccomp ${JSON.stringify(cs)} fails restricted; use RuntimeDefault`);
      }
      if (!arr(caps.drop).includes('ALL')) {
        add(R, 'capabilities_restricted', `${scp}.capabilities.drop`, m && `container ${cname} must drop ALL capabilities for restricted`);
      }
      for (let j = 0; j < added.length; j++) {
        const cap = added[j];
        if (cap !== 'NET_BIND_SERVICE' && BASELINE_CAPS.has(cap)) {
          add(R, 'capabilities_restricted', `${scp}.capabilities.add[${j}]`, m && `restricted allows adding only NET_BIND_SERVICE, not ${JSON.stringify(cap)} (container ${cname})`);
        }
      }
    }
  }
}

/** `spec.template.spec` -> `spec.template.metadata`, `spec` -> `metadata`. */
function metaPath(specPath: string): string {
  return specPath === 'spec' ? 'metadata' : specPath.replace(/\.spec$/, '.metadata');
}

function checkSELinux(opts: any, path: string, add: (l: PodSecurityLevel, c: string, f: string, m: string | false) => void, m: boolean): void {
  if (!isObj(opts)) return;
  if (opts.type !== undefined && !SELINUX_TYPES.has(opts.type)) {
    add(B, 'seLinuxOptions', `${path}.type`, m && `SELinux type ${JSON.stringify(opts.type)} needs privileged; use container_t or leave it empty`);
  }
  if (typeof opts.user === 'string' && opts.user !== '') add(B, 'seLinuxOptions', `${path}.user`, m && 'a custom SELinux user needs privileged');
  if (typeof opts.role === 'string' && opts.role !== '') add(B, 'seLinuxOptions', `${path}.role`, m && 'a custom SELinux role needs privileged');
}
