import { Lazy } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DirectRender } from './k8s/direct-render';
import { dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from './k8s/names';
import { SynthScope } from './k8s/synth-scope';
import { NodeRequirement, NodeSelectorOperator, WellKnownNodeLabels } from './node-selection';
import { IPriorityClass } from './priority';
import { SeccompProfile } from './security';
import { TaintEffect, TolerationOperator, TolerationOptions, WellKnownTaints } from './tolerations';
import { DaemonUpdateStrategy, DaemonUpdateStrategyType, RollingUpdateOptions } from './update-strategy';
import { ManifestValidator } from './validation/manifest-validator';
import { RuleSuppression } from './validation/options';
import { PodSecurity } from './validation/pod-security';
import { Severity } from './validation/severity';
import { Suppressions } from './validation/suppressions';

type k8sSpec = plus.k8s.DaemonSetSpec;

/**
 * Properties of a `NodeDaemon`: everything a cdk8s-plus-27 `DaemonSet` takes, plus the
 * DaemonSet and pod fields cdk8s-plus-27 does not cover. Every one of them can also be set
 * later with a fluent helper.
 */
export interface NodeDaemonProps extends plus.DaemonSetProps {
  /**
   * How pods are replaced when the template changes.
   *
   * @default DaemonUpdateStrategy.rollingUpdate() - written out explicitly: maxUnavailable 1, maxSurge 0
   */
  readonly updateStrategy?: DaemonUpdateStrategy;

  /**
   * How many old ControllerRevisions are kept for rollback.
   *
   * @default - not written; the API server uses 10
   */
  readonly revisionHistoryLimit?: number;

  /**
   * The priority class of the pods. Node agents should use `PriorityClass.SYSTEM_NODE_CRITICAL`.
   *
   * @default - no priority class (priority 0, preemptible by any higher-priority pod)
   */
  readonly priorityClass?: IPriorityClass;

  /**
   * Share the host's PID namespace.
   *
   * @default false
   */
  readonly hostPid?: boolean;

  /**
   * Share the host's IPC namespace.
   *
   * @default false
   */
  readonly hostIpc?: boolean;

  /**
   * Node labels every selected node must have (`spec.template.spec.nodeSelector`).
   *
   * @default - no node selector
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Tolerations of node taints.
   *
   * @default - none beyond those the DaemonSet controller always adds
   */
  readonly tolerations?: TolerationOptions[];

  /**
   * The pod-level seccomp profile, inherited by every container that sets none.
   *
   * @default SeccompProfile.runtimeDefault()
   */
  readonly seccompProfile?: SeccompProfile;

  /**
   * How the daemon's own manifest is validated at synth (API-server rules, schema, best practices,
   * Pod Security). Errors always fail synth.
   *
   * @default - validation on, warnings printed but not fatal
   */
  readonly validation?: DaemonValidationOptions;
}

/**
 * Synth-time validation of a NodeDaemon's manifest with `ManifestValidator`.
 */
export interface DaemonValidationOptions {
  /**
   * Run the validator at synth. The builder's own checks always run.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Fail synth on warnings too.
   *
   * @default false
   */
  readonly warningsAsErrors?: boolean;

  /**
   * Print warnings (best-practice findings) to stderr at synth.
   *
   * @default true
   */
  readonly reportWarnings?: boolean;

  /**
   * Also check the manifest against the Kubernetes OpenAPI schema at synth. The builder renders through
   * the typed Kubernetes API, so its output is schema-shaped by construction; the schema check matters
   * for escape-hatch patches and costs a one-time schema load.
   *
   * @default - on when the daemon has escape-hatch JSON patches, off otherwise
   */
  readonly schema?: boolean;
}

/** Construct metadata type under which suppressions are recorded. */
const SUPPRESSION_METADATA = 'cdk8s-node-daemons:suppression';

/**
 * Options of a read-only (by default) host path mount.
 */
export interface HostPathMountOptions {
  /**
   * What the host path must be.
   *
   * @default plus.HostPathVolumeType.DEFAULT - no check
   */
  readonly type?: plus.HostPathVolumeType;

  /**
   * Mount read-only. Node agents rarely need to write to the host; a writable host path is a
   * container escape waiting to happen.
   *
   * @default true
   */
  readonly readOnly?: boolean;

  /**
   * Mount propagation, e.g. `HOST_TO_CONTAINER` for the host root filesystem so mounts made
   * later on the host are seen in the container.
   *
   * @default - the runtime default (None)
   */
  readonly propagation?: plus.MountPropagation;

  /**
   * The volume name.
   *
   * @default - derived from the host path, e.g. `host-var-log` for `/var/log`
   */
  readonly volumeName?: string;
}

/**
 * Options of a host port.
 */
export interface HostPortOptions {
  /**
   * The port on the node.
   *
   * @default - the container port
   */
  readonly hostPort?: number;

  /**
   * The port name (an IANA service name, at most 15 characters).
   *
   * @default - no name
   */
  readonly name?: string;

  /**
   * The protocol.
   *
   * @default plus.Protocol.TCP
   */
  readonly protocol?: plus.Protocol;
}

interface RequiredTerm {
  readonly requirements: NodeRequirement[];
}

interface PreferredTerm {
  readonly weight: number;
  readonly requirements: NodeRequirement[];
}

/**
 * A DaemonSet for node agents: a cdk8s-plus-27 `DaemonSet` (every cdk8s-plus API keeps working)
 * with the fields cdk8s-plus-27 lacks (update strategy, revision history, priority class, host
 * PID/IPC, node selector, seccomp) and fluent helpers for tolerations, node selection, priority,
 * update strategy and host access. Mistakes are reported at synth time with the construct path,
 * the field and the fix.
 *
 * @example
 * new NodeDaemon(chart, 'agent', { containers: [{ image: 'example/agent:1.0' }] })
 *   .tolerateControlPlane()
 *   .linuxOnly()
 *   .usePriorityClass(PriorityClass.SYSTEM_NODE_CRITICAL)
 *   .useRollingUpdate({ maxUnavailable: IntOrPercent.fromPercent(10) });
 */
export class NodeDaemon extends plus.DaemonSet {
  private _updateStrategy: DaemonUpdateStrategy;
  private _revisionHistoryLimit?: number;
  private _priorityClassName?: string;
  private _hostPid?: boolean;
  private _hostIpc?: boolean;
  private readonly _nodeSelector: { [key: string]: string } = {};
  private readonly _tolerations: TolerationOptions[] = [];
  private readonly _requiredBase: NodeRequirement[] = [];
  private readonly _requiredTerms: RequiredTerm[] = [];
  private readonly _preferred: PreferredTerm[] = [];
  private _seccompProfile?: SeccompProfile;
  private readonly _containerSeccomp = new Map<string, SeccompProfile>();
  private readonly _hostPathVolumes = new Map<string, plus.Volume>();
  private readonly _explicitDnsPolicy: boolean;
  private readonly _validation: DaemonValidationOptions;
  private readonly _suppressions: RuleSuppression[] = [];
  private _reportedWarnings?: string;

  constructor(scope: Construct, id: string, props: NodeDaemonProps = {}) {
    super(scope, id, props);
    this._updateStrategy = props.updateStrategy ?? DaemonUpdateStrategy.rollingUpdate();
    this._revisionHistoryLimit = props.revisionHistoryLimit;
    this._priorityClassName = props.priorityClass?.priorityClassName;
    this._hostPid = props.hostPid;
    this._hostIpc = props.hostIpc;
    this._seccompProfile = props.seccompProfile ?? SeccompProfile.runtimeDefault();
    this._explicitDnsPolicy = props.dns?.policy !== undefined;
    for (const [k, v] of Object.entries(props.nodeSelector ?? {})) this._nodeSelector[k] = v;
    for (const t of props.tolerations ?? []) this._tolerations.push(t);
    this._validation = props.validation ?? {};
    this.node.addValidation({ validate: () => this.validateDaemon() });
    // Within one App.synth() the manifest is rendered once: the validation passes and the output share
    // it (see SynthScope). Outside a synth every call renders afresh.
    SynthScope.install(this);
    const api = this.apiObject;
    const generic = api.toJson.bind(api);
    const render = () => this.renderDirect() ?? generic();
    api.toJson = () => {
      const synthScope = SynthScope.current(this);
      return synthScope ? synthScope.memo(this, 'manifest', render) : render();
    };
  }

  // ---------------------------------------------------------------- tolerations

  /**
   * Tolerate one taint.
   *
   * @example daemon.tolerate({ key: 'dedicated', value: 'gpu', effect: TaintEffect.NO_SCHEDULE })
   */
  public tolerate(toleration: TolerationOptions): this {
    this._tolerations.push(toleration);
    return this;
  }

  /**
   * Tolerate every taint (`operator: Exists` with no key): the daemon runs on every node that its
   * node selection admits, tainted or not. Combine with `excludeVirtualNodes()`.
   */
  public tolerateAllTaints(): this {
    return this.tolerate({ operator: TolerationOperator.EXISTS });
  }

  /**
   * Tolerate the control-plane taint under both the current key
   * (`node-role.kubernetes.io/control-plane`) and the legacy key (`node-role.kubernetes.io/master`),
   * effect NoSchedule.
   */
  public tolerateControlPlane(): this {
    for (const key of [WellKnownTaints.CONTROL_PLANE, WellKnownTaints.MASTER]) {
      this.tolerate({ key, operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE });
    }
    return this;
  }

  // ---------------------------------------------------------------- node selection

  /**
   * Run only on nodes that carry this label (`nodeSelector`).
   */
  public selectNodesWithLabel(key: string, value: string): this {
    this._nodeSelector[key] = value;
    return this;
  }

  /**
   * Require every one of these requirements (ANDed) on every node (required node affinity).
   * When alternatives were added with `requireAnyOf` or `restrictToNodes`, these requirements
   * apply to each alternative.
   */
  public requireNodeAffinity(...requirements: NodeRequirement[]): this {
    this._requiredBase.push(...requirements);
    return this;
  }

  /**
   * Add an alternative required node affinity term: a node qualifies when it meets all
   * requirements of at least one alternative (terms are ORed, requirements ANDed).
   */
  public requireAnyOf(...requirements: NodeRequirement[]): this {
    this._requiredTerms.push({ requirements });
    return this;
  }

  /**
   * Prefer nodes that meet all these requirements (preferred node affinity). For a DaemonSet this
   * only orders scheduling; it never excludes a node.
   *
   * @param weight 1-100
   */
  public preferNodeAffinity(weight: number, ...requirements: NodeRequirement[]): this {
    this._preferred.push({ weight, requirements });
    return this;
  }

  /**
   * Run only on the named nodes (one `matchFields metadata.name In [name]` term per node, since the
   * API allows exactly one value per field requirement).
   */
  public restrictToNodes(...nodeNames: string[]): this {
    for (const name of nodeNames) this.requireAnyOf(NodeRequirement.nameIs(name));
    return this;
  }

  /**
   * Never run on the named nodes (`matchFields metadata.name NotIn [name]`).
   */
  public excludeNodes(...nodeNames: string[]): this {
    return this.requireNodeAffinity(...nodeNames.map((n) => NodeRequirement.nameIsNot(n)));
  }

  /**
   * Run only on Linux nodes (`kubernetes.io/os In [linux]`).
   */
  public linuxOnly(): this {
    return this.requireNodeAffinity(NodeRequirement.labelIn(WellKnownNodeLabels.OS, 'linux'));
  }

  /**
   * Never run on virtual nodes, where a node agent cannot work: EKS Fargate
   * (`eks.amazonaws.com/compute-type=fargate`) and virtual-kubelet (`type=virtual-kubelet`).
   */
  public excludeVirtualNodes(): this {
    return this.requireNodeAffinity(
      NodeRequirement.labelNotIn(WellKnownNodeLabels.EKS_COMPUTE_TYPE, 'fargate'),
      NodeRequirement.labelNotIn(WellKnownNodeLabels.VIRTUAL_KUBELET_TYPE, 'virtual-kubelet'),
    );
  }

  // ---------------------------------------------------------------- priority

  /**
   * Run the pods with this priority class, e.g. `PriorityClass.SYSTEM_NODE_CRITICAL`, a
   * `PriorityClass` construct, or `PriorityClass.fromName('my-class')`.
   */
  public usePriorityClass(priorityClass: IPriorityClass): this {
    this._priorityClassName = priorityClass.priorityClassName;
    return this;
  }

  // ---------------------------------------------------------------- update strategy

  /**
   * Update with a rolling update bounded by maxUnavailable / maxSurge.
   */
  public useRollingUpdate(options: RollingUpdateOptions = {}): this {
    this._updateStrategy = DaemonUpdateStrategy.rollingUpdate(options);
    return this;
  }

  /**
   * Update only when pods are deleted by hand (`OnDelete`).
   */
  public useOnDeleteUpdate(): this {
    this._updateStrategy = DaemonUpdateStrategy.onDelete();
    return this;
  }

  /**
   * Keep this many old revisions for rollback.
   */
  public keepRevisions(revisionHistoryLimit: number): this {
    this._revisionHistoryLimit = revisionHistoryLimit;
    return this;
  }

  /** The update strategy in effect. */
  public get updateStrategy(): DaemonUpdateStrategy {
    return this._updateStrategy;
  }

  // ---------------------------------------------------------------- host access

  /**
   * Use the node's network namespace. Also sets `dnsPolicy: ClusterFirstWithHostNet` unless a DNS
   * policy was chosen in the props, so cluster DNS names keep resolving.
   */
  public useHostNetwork(): this {
    (this as { hostNetwork?: boolean }).hostNetwork = true;
    return this;
  }

  /** Use the node's PID namespace (see every process on the node). */
  public useHostPid(): this {
    this._hostPid = true;
    return this;
  }

  /** Use the node's IPC namespace. */
  public useHostIpc(): this {
    this._hostIpc = true;
    return this;
  }

  /**
   * Expose a container port on the node's address (`hostPort`). A host port forbids `maxSurge`
   * above zero: two pods on one node cannot bind the same port.
   */
  public addHostPort(container: plus.Container, containerPort: number, options: HostPortOptions = {}): this {
    const hostPort = options.hostPort ?? containerPort;
    const protocol = options.protocol ?? plus.Protocol.TCP;
    // A port the container already declares (e.g. through `portNumber`) gets the host port added,
    // rather than a second, conflicting declaration.
    const ports: plus.ContainerPort[] | undefined = (container as any)._ports;
    const i = ports?.findIndex((p) => p.number === containerPort && (p.protocol ?? plus.Protocol.TCP) === protocol) ?? -1;
    if (ports && i >= 0) {
      if (ports[i].hostPort !== undefined && ports[i].hostPort !== hostPort) {
        throw new Error(`${this.node.path}: container "${container.name}" port ${containerPort}/${protocol} already has host port ${ports[i].hostPort}; `
          + `it cannot also use host port ${hostPort}. Fix: declare the port once.`);
      }
      ports[i] = { ...ports[i], hostPort, name: ports[i].name ?? options.name };
      return this;
    }
    container.addPort({ number: containerPort, hostPort, name: options.name, protocol: options.protocol });
    return this;
  }

  /**
   * Mount a host path into a container, read-only unless `readOnly: false`. Mounting the same host
   * path in several containers reuses one volume.
   */
  public mountHostPath(container: plus.Container, hostPath: string, mountPath: string, options: HostPathMountOptions = {}): this {
    let volume = this._hostPathVolumes.get(hostPath);
    if (!volume) {
      const name = options.volumeName ?? volumeNameFor(hostPath);
      volume = plus.Volume.fromHostPath(this, `HostPath-${name}`, name, { path: hostPath, type: options.type });
      this._hostPathVolumes.set(hostPath, volume);
    }
    container.mount(mountPath, volume, {
      readOnly: options.readOnly ?? true,
      propagation: options.propagation,
    });
    return this;
  }

  // ---------------------------------------------------------------- security

  /**
   * Set the pod-level seccomp profile (inherited by containers that set none).
   */
  public useSeccompProfile(profile: SeccompProfile): this {
    this._seccompProfile = profile;
    return this;
  }

  /**
   * Set the seccomp profile of one container (by name), overriding the pod-level profile.
   */
  public useContainerSeccompProfile(containerName: string, profile: SeccompProfile): this {
    this._containerSeccomp.set(containerName, profile);
    return this;
  }

  // ---------------------------------------------------------------- validation

  /**
   * Suppress a validation rule (e.g. `ND-003`) for this daemon, with the reason why it does not
   * apply. The suppression travels with the manifest: it is written as the annotation
   * `suppress.node-daemons.dev/<RULE-ID>: <reason>` on the DaemonSet (not on the pod template, so
   * changing it restarts no pod), which synth, the cdk8s validation plugin and `node-daemons validate`
   * all honour. It is also recorded as construct metadata so reviewers can find it.
   */
  public suppress(ruleId: string, reason: string): this {
    if (!reason || reason.trim().length < 3) {
      throw new Error(`${this.node.path}: suppressing ${ruleId} needs a reason (why the rule does not apply here).`);
    }
    const problem = Suppressions.ruleIdProblem(ruleId);
    if (problem !== undefined) throw new Error(`${this.node.path}: cannot suppress ${problem}.`);
    this._suppressions.push({ ruleId, reason });
    this.metadata.addAnnotation(Suppressions.annotationKey(ruleId), reason);
    this.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason });
    return this;
  }

  /** The rule suppressions of this daemon. */
  public get suppressions(): RuleSuppression[] {
    return [...this._suppressions];
  }

  /**
   * Label a namespace with the Pod Security Standards level this daemon's pods need
   * (`pod-security.kubernetes.io/enforce`, `audit` and `warn`), computed at synth from the final pod
   * template, so the namespace admits the daemon and nothing more privileged.
   */
  public labelNamespaceForPodSecurity(namespace: plus.Namespace): this {
    const level = Lazy.any({ produce: () => this.podSecurityLevel() }) as unknown as string;
    for (const mode of ['enforce', 'audit', 'warn']) {
      namespace.metadata.addLabel(`pod-security.kubernetes.io/${mode}`, level);
    }
    return this;
  }

  /**
   * The Pod Security Standards level (`privileged`, `baseline` or `restricted`) the pod template needs.
   */
  public podSecurityLevel(): string {
    const template = this._manifestJson().spec.template;
    return PodSecurity.levelOf(template.spec, template.metadata);
  }

  /**
   * The DaemonSet as plain Kubernetes JSON, exactly as synth writes it (`apiObject.toJson()`).
   * @internal
   */
  public _manifestJson(): any {
    return this.apiObject.toJson();
  }

  /**
   * The manifest rendered without cdk8s's generic resolver (see DirectRender): the same JSON as
   * `ApiObject.toJson()`, or undefined when only the generic path can render it (JSON patches,
   * custom resolvers, values that are not plain JSON).
   */
  private renderDirect(): any {
    const api = this.apiObject;
    if (((api as any).patches ?? [undefined]).length > 0 || !DirectRender.builtInResolversOnly(this)) return undefined;
    try {
      const metadata = DirectRender.resolve(api.metadata.toJson());
      const spec = DirectRender.resolve(this._toKube());
      if (metadata === DirectRender.UNSUPPORTED || spec === DirectRender.UNSUPPORTED) return undefined;
      return { apiVersion: api.apiVersion, kind: api.kind, ...plus.k8s.toJson_KubeDaemonSetProps({ metadata, spec } as any) };
    } catch {
      return undefined; // the generic path reports the error with the construct path
    }
  }

  // ---------------------------------------------------------------- rendering

  /**
   * The complete DaemonSet spec: cdk8s-plus-27's, extended with this construct's fields.
   * @internal
   */
  public _toKube(): k8sSpec {
    const spec = super._toKube();
    const base = spec.template.spec!;
    const hostNetwork = this.hostNetwork === true;
    const podSpec: plus.k8s.PodSpec = {
      ...base,
      containers: base.containers.map((c) => this.withContainerSeccomp(c)),
      initContainers: base.initContainers?.map((c) => this.withContainerSeccomp(c)),
      nodeSelector: Object.keys(this._nodeSelector).length > 0 ? { ...(base.nodeSelector ?? {}), ...this._nodeSelector } : base.nodeSelector,
      tolerations: this.renderTolerations(base.tolerations),
      affinity: this.renderAffinity(base.affinity),
      priorityClassName: this._priorityClassName ?? base.priorityClassName,
      hostPid: this._hostPid ?? base.hostPid,
      hostIpc: this._hostIpc ?? base.hostIpc,
      dnsPolicy: hostNetwork && !this._explicitDnsPolicy ? 'ClusterFirstWithHostNet' : base.dnsPolicy,
      securityContext: this.renderPodSecurityContext(base.securityContext),
    };
    return {
      ...spec,
      updateStrategy: this._updateStrategy._toKube(),
      revisionHistoryLimit: this._revisionHistoryLimit,
      template: { ...spec.template, spec: podSpec },
    };
  }

  private withContainerSeccomp(c: plus.k8s.Container): plus.k8s.Container {
    const profile = this._containerSeccomp.get(c.name);
    if (!profile) return c;
    return { ...c, securityContext: { ...(c.securityContext ?? {}), seccompProfile: profile.toJson() } };
  }

  private renderPodSecurityContext(base: plus.k8s.PodSecurityContext | undefined): plus.k8s.PodSecurityContext | undefined {
    if (!this._seccompProfile) return base;
    return { ...(base ?? {}), seccompProfile: this._seccompProfile.toJson() };
  }

  private renderTolerations(base: plus.k8s.Toleration[] | undefined): plus.k8s.Toleration[] | undefined {
    const ours = this._tolerations.map((t) => tolerationJson(t));
    const all = [...(base ?? []), ...ours];
    return all.length > 0 ? all : undefined;
  }

  private renderAffinity(base: plus.k8s.Affinity | undefined): plus.k8s.Affinity | undefined {
    const baseNode = base?.nodeAffinity;
    const required = this.requiredTerms(baseNode?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms);
    const preferred = [
      ...(baseNode?.preferredDuringSchedulingIgnoredDuringExecution ?? []),
      ...this._preferred.map((p) => ({ weight: p.weight, preference: termJson(p.requirements) })),
    ];
    if (!required && preferred.length === 0) return base;
    return {
      ...(base ?? {}),
      nodeAffinity: {
        ...(baseNode ?? {}),
        requiredDuringSchedulingIgnoredDuringExecution: required ? { nodeSelectorTerms: required } : undefined,
        preferredDuringSchedulingIgnoredDuringExecution: preferred.length > 0 ? preferred : undefined,
      },
    };
  }

  /**
   * Required terms: the alternatives (ours and cdk8s-plus `scheduling.attract` terms), each ANDed
   * with the base requirements; or one term of the base requirements alone.
   */
  private requiredTerms(baseTerms: plus.k8s.NodeSelectorTerm[] | undefined): plus.k8s.NodeSelectorTerm[] | undefined {
    const alternatives: plus.k8s.NodeSelectorTerm[] = [
      ...(baseTerms ?? []),
      ...this._requiredTerms.map((t) => termJson(t.requirements)),
    ];
    const common = termJson(this._requiredBase);
    if (alternatives.length === 0) {
      return this._requiredBase.length > 0 ? [common] : undefined;
    }
    return alternatives.map((t) => ({
      matchExpressions: concatOrUndefined(t.matchExpressions, common.matchExpressions),
      matchFields: concatOrUndefined(t.matchFields, common.matchFields),
    }));
  }

  // ---------------------------------------------------------------- synth-time checks

  private validateDaemon(): string[] {
    const scope = SynthScope.current(this);
    return scope ? scope.memo(this, 'errors', () => this.checkDaemon()) : this.checkDaemon();
  }

  private checkDaemon(): string[] {
    const errors: string[] = [];
    const err = (field: string, problem: string, fix: string) => errors.push(`${field}: ${problem}. Fix: ${fix}.`);
    // One rendering of the final manifest serves the builder's checks and the validator.
    const manifest = this._manifestJson();
    const spec = manifest.spec;
    const pod = spec.template.spec;

    // selector vs template labels
    const labels = spec.template.metadata?.labels ?? {};
    const sel = spec.selector;
    const ml = sel?.matchLabels ?? {};
    if (Object.keys(ml).length === 0 && (sel?.matchExpressions ?? []).length === 0) {
      err('spec.selector', 'empty selector is invalid for daemonset', 'keep the default `select: true`, or call `select(LabelSelector.is(...))` with labels the pod template carries');
    } else {
      for (const [k, v] of Object.entries(ml)) {
        if (labels[k] !== v) {
          err('spec.template.metadata.labels', `\`selector\` does not match template \`labels\`: the selector requires ${k}=${v}`,
            `add the label with \`podMetadata.addLabel('${k}', '${v}')\` or change the selector`);
        }
      }
    }
    this.checkLabels(errors, 'metadata.labels', spec.template.metadata?.labels);
    this.checkLabels(errors, 'spec.template.spec.nodeSelector', pod.nodeSelector);

    if (spec.minReadySeconds !== undefined && spec.minReadySeconds < 0) {
      err('spec.minReadySeconds', `${spec.minReadySeconds} must be greater than or equal to 0`, 'use 0 or more seconds');
    }
    if (this._revisionHistoryLimit !== undefined && (this._revisionHistoryLimit < 0 || !Number.isInteger(this._revisionHistoryLimit))) {
      err('spec.revisionHistoryLimit', `${this._revisionHistoryLimit} must be a whole number greater than or equal to 0`, 'pass a non-negative integer to `keepRevisions()`');
    }

    // update strategy
    const us = this._updateStrategy;
    const maxSurgeNonZero = us.type === DaemonUpdateStrategyType.ROLLING_UPDATE && !us.maxSurge!.isZero;
    if (us.type === DaemonUpdateStrategyType.ROLLING_UPDATE) {
      const mu = us.maxUnavailable!;
      const ms = us.maxSurge!;
      for (const e of mu._errors()) err('spec.updateStrategy.rollingUpdate.maxUnavailable', e, 'use a count >= 0 or a percentage from 0% to 100%');
      for (const e of ms._errors()) err('spec.updateStrategy.rollingUpdate.maxSurge', e, 'use a count >= 0 or a percentage from 0% to 100%');
      if (mu.isZero && ms.isZero) {
        err('spec.updateStrategy.rollingUpdate.maxUnavailable', 'cannot be 0 when maxSurge is 0 (the rollout could never progress)',
          'set maxUnavailable above zero, or maxSurge above zero for a surge update');
      } else if (!mu.isZero && !ms.isZero) {
        err('spec.updateStrategy.rollingUpdate.maxSurge', `may not be set when maxUnavailable is non-zero (maxUnavailable ${mu}, maxSurge ${ms})`,
          'set maxUnavailable to IntOrPercent.fromNumber(0) for a surge update, or drop maxSurge');
      }
    }

    // tolerations
    this._tolerations.forEach((t, i) => {
      const f = `spec.template.spec.tolerations[${(pod.tolerations?.length ?? 0) - this._tolerations.length + i}]`;
      const op = t.operator ?? (t.value !== undefined ? TolerationOperator.EQUAL : TolerationOperator.EXISTS);
      if (t.key) for (const e of qualifiedNameErrors(t.key)) err(`${f}.key`, `"${t.key}": ${e}`, 'use a valid taint key such as `example.com/dedicated`');
      if (!t.key && op !== TolerationOperator.EXISTS) {
        err(`${f}.operator`, 'operator must be Exists when `key` is empty, which means "match all values and all keys"', 'give a key, or use `tolerateAllTaints()`');
      }
      if (op === TolerationOperator.EXISTS && t.value !== undefined && t.value !== '') {
        err(`${f}.operator`, `value "${t.value}" must be empty when \`operator\` is 'Exists'`, 'drop the value, or use operator EQUAL');
      }
      if (op === TolerationOperator.EQUAL && t.value !== undefined) {
        for (const e of labelValueErrors(t.value)) err(`${f}.operator`, `"${t.value}": ${e}`, 'use a valid taint value');
      }
      if (op !== TolerationOperator.EQUAL && op !== TolerationOperator.EXISTS) {
        err(`${f}.operator`, `unsupported value "${op}": supported values: "Equal", "Exists"`, 'use TolerationOperator.EQUAL or EXISTS');
      }
      if (t.effect !== undefined && !Object.values(TaintEffect).includes(t.effect)) {
        err(`${f}.effect`, `unsupported value "${t.effect}": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`, 'use a TaintEffect value');
      }
      if (t.tolerationSeconds !== undefined && t.effect !== TaintEffect.NO_EXECUTE) {
        err(`${f}.effect`, "effect must be 'NoExecute' when `tolerationSeconds` is set", 'set effect: TaintEffect.NO_EXECUTE, or drop tolerationSeconds (only NoExecute taints evict)');
      }
    });

    // node affinity
    const req = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    const reqPath = 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
    req.forEach((term: any, i: number) => this.checkTerm(errors, `${reqPath}[${i}]`, term));
    const pref = pod.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    pref.forEach((p: any, i: number) => {
      const f = `spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (!Number.isInteger(p.weight) || p.weight < 1 || p.weight > 100) {
        err(`${f}.weight`, `${p.weight} must be in the range 1-100`, 'pass a weight from 1 to 100 to `preferNodeAffinity()`');
      }
      this.checkTerm(errors, `${f}.preference`, p.preference);
    });

    if (pod.priorityClassName !== undefined) {
      for (const e of dns1123SubdomainErrors(pod.priorityClassName)) {
        err('spec.template.spec.priorityClassName', `"${pod.priorityClassName}": ${e}`, 'name an existing PriorityClass');
      }
    }

    // host ports
    const hostPorts: string[] = [];
    [...pod.containers, ...(pod.initContainers ?? [])].forEach((c: any) => {
      (c.ports ?? []).forEach((p: any) => {
        if (p.hostPort === undefined || p.hostPort === 0) return;
        hostPorts.push(`${c.name}:${p.hostPort}`);
        if (pod.hostNetwork && p.hostPort !== p.containerPort) {
          err(`spec.template.spec.containers[${pod.containers.indexOf(c)}].ports`, `hostPort ${p.hostPort} must match \`containerPort\` ${p.containerPort} when \`hostNetwork\` is true`,
            'use the same number for the host and container port');
        }
      });
    });
    if (hostPorts.length > 0 && maxSurgeNonZero) {
      err('spec.updateStrategy.rollingUpdate.maxSurge', `is ${us.maxSurge} but container port(s) ${hostPorts.join(', ')} use a host port: a surge pod cannot bind the port the old pod holds on the same node, so the rollout would hang`,
        'use maxSurge 0 with maxUnavailable above zero');
    }
    // The builder's checks speak in terms of its API; only when they pass does the full validator run,
    // so one mistake is reported once.
    if (errors.length === 0 && this._validation.enabled !== false) errors.push(...this.validatorFindings(manifest));
    return errors;
  }

  private validatorFindings(manifest: any): string[] {
    const patched = ((this.apiObject as any).patches ?? [undefined]).length > 0;
    // suppress() wrote its annotations into the manifest
    const findings = ManifestValidator.validate([manifest], {
      warningsAsErrors: this._validation.warningsAsErrors,
      schema: this._validation.schema ?? patched,
    });
    const errors: string[] = [];
    const warnings: string[] = [];
    for (const f of findings) {
      const line = `${f.field}: ${f.message} [${f.ruleId}]`;
      if (f.severity === Severity.ERROR) errors.push(line);
      else if (f.severity === Severity.WARNING) warnings.push(line);
    }
    const report = warnings.map((w) => `[${this.node.path}] warning: ${w}\n`).join('');
    // cdk8s validates more than once per synth: print each set of warnings once, and within a synth
    // in one piece when it ends.
    if (report && this._validation.reportWarnings !== false && report !== this._reportedWarnings) {
      const scope = SynthScope.current(this);
      if (scope) scope.report(report);
      else process.stderr.write(report);
      this._reportedWarnings = report;
    }
    return errors;
  }

  private checkLabels(errors: string[], field: string, labels: { [key: string]: string } | undefined) {
    for (const [k, v] of Object.entries(labels ?? {})) {
      for (const e of qualifiedNameErrors(k)) errors.push(`${field}: key "${k}": ${e}. Fix: use a valid label key such as \`example.com/role\`.`);
      for (const e of labelValueErrors(v)) errors.push(`${field}: value "${v}" of "${k}": ${e}. Fix: use at most 63 alphanumeric characters, '-', '_' or '.'.`);
    }
  }

  private checkTerm(errors: string[], path: string, term: any) {
    const err = (field: string, problem: string, fix: string) => errors.push(`${field}: ${problem}. Fix: ${fix}.`);
    (term.matchExpressions ?? []).forEach((r: any, j: number) => {
      const f = `${path}.matchExpressions[${j}]`;
      const values = r.values ?? [];
      for (const e of qualifiedNameErrors(r.key)) err(`${f}.key`, `"${r.key}": ${e}`, 'use a valid label key');
      switch (r.operator) {
        case NodeSelectorOperator.IN:
        case NodeSelectorOperator.NOT_IN:
          if (values.length === 0) err(`${f}.values`, "must be specified when `operator` is 'In' or 'NotIn'", 'give at least one value');
          for (const v of values) for (const e of labelValueErrors(v)) err(`${f}.values`, `"${v}": ${e}`, 'use valid label values');
          break;
        case NodeSelectorOperator.EXISTS:
        case NodeSelectorOperator.DOES_NOT_EXIST:
          if (values.length > 0) err(`${f}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", 'drop the values');
          break;
        case NodeSelectorOperator.GT:
        case NodeSelectorOperator.LT:
          if (values.length !== 1) {
            err(`${f}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'", 'give exactly one integer value');
          } else if (!/^-?[0-9]+$/.test(values[0])) {
            err(`${f}.values`, `"${values[0]}" is not an integer, so this term would never match any node`, 'give an integer value');
          }
          break;
        default:
          err(`${f}.operator`, `"${r.operator}": not a valid selector operator`, 'use a NodeSelectorOperator value');
      }
    });
    (term.matchFields ?? []).forEach((r: any, j: number) => {
      const f = `${path}.matchFields[${j}]`;
      if (r.key !== 'metadata.name') err(`${f}.key`, `"${r.key}": not a valid field selector key`, 'only `metadata.name` is supported');
      if (r.operator !== 'In' && r.operator !== 'NotIn') {
        err(`${f}.operator`, `"${r.operator}": not a valid selector operator`, 'use In or NotIn');
      } else if ((r.values ?? []).length !== 1) {
        err(`${f}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector", 'use `restrictToNodes()`, which writes one term per node');
      }
      for (const v of r.values ?? []) for (const e of dns1123SubdomainErrors(v)) err(`${f}.values`, `"${v}": ${e}`, 'use a valid node name');
    });
  }
}

function concatOrUndefined<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  const all = [...(a ?? []), ...(b ?? [])];
  return all.length > 0 ? all : undefined;
}

function termJson(requirements: NodeRequirement[]): plus.k8s.NodeSelectorTerm {
  const exprs = requirements.filter((r) => !r.isField).map((r) => r.toJson());
  const fields = requirements.filter((r) => r.isField).map((r) => r.toJson());
  return {
    matchExpressions: exprs.length > 0 ? exprs : undefined,
    matchFields: fields.length > 0 ? fields : undefined,
  };
}

function tolerationJson(t: TolerationOptions): plus.k8s.Toleration {
  const operator = t.operator ?? (t.value !== undefined ? TolerationOperator.EQUAL : TolerationOperator.EXISTS);
  return {
    key: t.key,
    operator,
    value: t.value,
    effect: t.effect,
    tolerationSeconds: t.tolerationSeconds?.toSeconds(),
  };
}

function volumeNameFor(hostPath: string): string {
  const slug = hostPath.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `host-${slug || 'root'}`.slice(0, 63).replace(/-+$/, '');
}
