import { Lazy } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { DirectRender } from './k8s/direct-render';
import { SynthScope } from './k8s/synth-scope';
import { builderErrors, judgeDaemonsAhead } from './node-daemon-checks';
import { DaemonValidationOptions, HostPathMountOptions, HostPortOptions, NodeDaemonProps } from './node-daemon-props';
import { PreferredTerm, renderNodeAffinity, RequiredTerm, tolerationJson, volumeNameFor, withoutDefaultResources } from './node-daemon-render';
import { NodeRequirement, WellKnownNodeLabels } from './node-selection';
import { IPriorityClass } from './priority';
import { SeccompProfile } from './security';
import { TaintEffect, TolerationOperator, TolerationOptions, WellKnownTaints } from './tolerations';
import { DaemonUpdateStrategy, RollingUpdateOptions } from './update-strategy';
import { ManifestValidator } from './validation/manifest-validator';
import { RuleSuppression } from './validation/options';
import { PodSecurity } from './validation/pod-security';
import { Severity } from './validation/severity';
import { Suppressions } from './validation/suppressions';

type k8sSpec = plus.k8s.DaemonSetSpec;

export * from './node-daemon-props';

const SUPPRESSION_METADATA = 'cdk8s-node-daemons:suppression';

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
  /** The daemons under `root` whose synth-time validation runs the validator. */
  private static validatedIn(root: IConstruct): NodeDaemon[] {
    return root.node.findAll().filter((c): c is NodeDaemon => c instanceof NodeDaemon && c._validation.enabled !== false);
  }

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
  private readonly _imagePullSecrets: string[] = [];
  private readonly _explicitDnsPolicy: boolean;
  private readonly _validation: DaemonValidationOptions;
  private readonly _suppressions: RuleSuppression[] = [];
  private _reportedWarnings?: string;
  private readonly _renderGeneric: () => any;
  private readonly _spreadApplied: boolean;

  constructor(scope: Construct, id: string, props: NodeDaemonProps = {}) {
    super(scope, id, props);
    // cdk8s-plus adds the spread terms on every render (each synth, toJson() or podSecurityLevel() call
    // would add two more): add them once, here, and render without re-adding them (see _toPodSpec).
    this._spreadApplied = props.spread ?? false;
    if (this._spreadApplied) {
      this.scheduling.spread({ topology: plus.Topology.HOSTNAME });
      this.scheduling.spread({ topology: plus.Topology.ZONE });
    }
    this._updateStrategy = props.updateStrategy ?? DaemonUpdateStrategy.rollingUpdate();
    this._revisionHistoryLimit = props.revisionHistoryLimit;
    this._priorityClassName = props.priorityClass?.priorityClassName;
    this._hostPid = props.hostPid;
    this._hostIpc = props.hostIpc;
    this._seccompProfile = props.seccompProfile ?? SeccompProfile.runtimeDefault();
    this._explicitDnsPolicy = props.dns?.policy !== undefined;
    if (props.hostNetwork) this.switchDnsForHostNetwork();
    for (const [k, v] of Object.entries(props.nodeSelector ?? {})) this._nodeSelector[k] = v;
    for (const t of props.tolerations ?? []) this._tolerations.push(t);
    for (const n of props.imagePullSecrets ?? []) this.addImagePullSecret(n);
    this._validation = props.validation ?? {};
    this.node.addValidation({ validate: () => this.validateDaemon() });
    // Within one App.synth() the manifest is rendered once: the validation passes and the output share
    // it (see SynthScope). Outside a synth every call renders afresh.
    SynthScope.install(this);
    const api = this.apiObject;
    const generic = api.toJson.bind(api);
    this._renderGeneric = generic;
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
    this.switchDnsForHostNetwork();
    return this;
  }

  /** With host network, `dnsPolicy: ClusterFirstWithHostNet` (also in the `dns.policy` getter), unless chosen in the props. */
  private switchDnsForHostNetwork(): void {
    if (!this._explicitDnsPolicy) (this.dns as { policy: plus.DnsPolicy }).policy = plus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET;
  }

  // ---------------------------------------------------------------- containers

  /**
   * Add a container. Unlike cdk8s-plus-27, a container given without `resources` gets none (no 1000m CPU /
   * 512Mi requests on every node that nobody chose); validation rule ND-001 warns at synth, naming it.
   */
  public addContainer(cont: plus.ContainerProps): plus.Container {
    return withoutDefaultResources(super.addContainer(cont), cont);
  }

  /**
   * Add an init container. As with `addContainer`, no resources are applied that were not given.
   */
  public addInitContainer(cont: plus.ContainerProps): plus.Container {
    return withoutDefaultResources(super.addInitContainer(cont), cont);
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

  /**
   * Pull the images with this Secret (a `kubernetes.io/dockerconfigjson` Secret in the daemon's namespace).
   */
  public addImagePullSecret(secretName: string): this {
    if (!this._imagePullSecrets.includes(secretName)) this._imagePullSecrets.push(secretName);
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
   * The pod spec of cdk8s-plus-27, with the spread terms added once (in the constructor) instead of on
   * every render.
   * @internal
   */
  public _toPodSpec(): plus.k8s.PodSpec {
    if (!this._spreadApplied) return super._toPodSpec();
    const self = this as unknown as { spread: boolean };
    self.spread = false;
    try {
      return super._toPodSpec();
    } finally {
      self.spread = true;
    }
  }

  /**
   * JSON patches that change nothing in the output: cdk8s renders a DaemonSet through its typed API,
   * which drops a field it does not know (a misspelled name, `hostPID` at the wrong level), so such a
   * patch would vanish without a word.
   */
  private patchErrors(): string[] {
    const api = this.apiObject as unknown as { patches: any[] };
    const patches = api.patches ?? [];
    if (patches.length === 0) return [];
    const errors: string[] = [];
    try {
      let before = JSON.stringify(this.renderWithPatches(api, []));
      for (let i = 0; i < patches.length; i++) {
        const after = JSON.stringify(this.renderWithPatches(api, patches.slice(0, i + 1)));
        if (after === before) {
          const op = patches[i].operation ?? {};
          errors.push(`JSON patch #${i + 1} (${op.op} ${op.path}): changes nothing in the output: patches apply to the typed cdk8s Kubernetes API before it is `
            + 'rendered, which drops any field it does not know (a misspelled or Kubernetes-cased name such as `hostPID` for `hostPid`, or a field at the '
            + 'wrong level), or the value is already there. Fix: use the typed field name at its level (e.g. /spec/template/spec/hostPid), or drop the patch.');
        }
        before = after;
      }
    } finally {
      api.patches = patches;
    }
    return errors;
  }

  private renderWithPatches(api: { patches: any[] }, patches: any[]): any {
    api.patches = patches;
    return this._renderGeneric();
  }

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
      dnsPolicy: hostNetwork && !this._explicitDnsPolicy ? plus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET : base.dnsPolicy,
      securityContext: this.renderPodSecurityContext(base.securityContext),
      imagePullSecrets: this.renderPullSecrets(base.imagePullSecrets),
    };
    return {
      ...spec,
      updateStrategy: this._updateStrategy._toKube(),
      revisionHistoryLimit: this._revisionHistoryLimit,
      template: { ...spec.template, spec: podSpec },
    };
  }

  private renderPullSecrets(base: plus.k8s.LocalObjectReference[] | undefined): plus.k8s.LocalObjectReference[] | undefined {
    const all = [...(base ?? [])];
    for (const name of this._imagePullSecrets) if (!all.some((r) => r.name === name)) all.push({ name });
    return all.length > 0 ? all : undefined;
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
    return renderNodeAffinity(base, this._requiredBase, this._requiredTerms, this._preferred);
  }

  // ---------------------------------------------------------------- synth-time checks

  private validateDaemon(): string[] {
    const scope = SynthScope.current(this);
    return scope ? scope.memo(this, 'errors', () => this.checkDaemon()) : this.checkDaemon();
  }

  private checkDaemon(): string[] {
    // One rendering of the final manifest serves the builder's checks and the validator.
    const manifest = this._manifestJson();
    const errors = builderErrors(manifest, {
      revisionHistoryLimit: this._revisionHistoryLimit,
      updateStrategy: this._updateStrategy,
      tolerations: this._tolerations,
    });
    errors.push(...this.patchErrors());
    // The builder's checks speak in terms of its API; only when they pass does the full validator run,
    // so one mistake is reported once.
    if (errors.length === 0 && this._validation.enabled !== false) errors.push(...this.validatorFindings(manifest));
    return errors;
  }


  private validatorFindings(manifest: any): string[] {
    const patched = ((this.apiObject as any).patches ?? [undefined]).length > 0;
    // suppress() wrote its annotations into the manifest
    const options = {
      warningsAsErrors: this._validation.warningsAsErrors,
      schema: this._validation.schema ?? patched,
      // only errors and warnings are reported here: no PSS-001 (so the core need not evaluate Pod Security)
      reportPodSecurityLevel: false,
    };
    // within a synth, the first daemon to be validated has the core judge every daemon of the app in one call
    const scope = SynthScope.current(this);
    const root = this.node.root;
    const batch = scope?.memo(root, 'core-verdicts', () => judgeDaemonsAhead(manifest, NodeDaemon.validatedIn(root), options));
    const findings = ManifestValidator._run([manifest], options, batch).findings;
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
      if (scope) scope.report(report);
      else process.stderr.write(report);
      this._reportedWarnings = report;
    }
    return errors;
  }

}
