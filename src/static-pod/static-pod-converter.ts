import { ApiReference, ApiReferences, referenceMessage } from './api-references';
import { ConfigMapIndex, ConfigMapInliner } from './config-map-inliner';
import { StaticPodError, StaticPodProblem } from './static-pod-error';
import { StaticPodFile } from './static-pod-file';
import { StaticPodManifest } from './static-pod-manifest';
import { StaticPodOptions } from './static-pod-options';
import { StaticPodPriority } from './static-pod-priority';
import { StaticPodValidation } from './static-pod-validation';
import { StaticPodYaml } from './static-pod-yaml';

/** Default namespace of static pods (where kubeadm's control-plane static pods live). */
export const DEFAULT_STATIC_POD_NAMESPACE = 'kube-system';
/** Default node directory for inlined files. */
export const DEFAULT_HOST_FILES_DIR = '/etc/kubernetes/static-pod-files';
/** Default output subdirectory. */
export const DEFAULT_OUTPUT_SUBDIR = 'static-pods';

const TEMPLATE = 'spec.template.spec';

/** DaemonSet `spec` fields that a static pod has no use for, with the reason. */
const DAEMONSET_FIELDS: [string, string][] = [
  ['selector', 'a static pod is not owned by a controller; the kubelet runs the file as it is'],
  ['updateStrategy', 'static pods are updated by replacing the file; the kubelet then restarts the pod'],
  ['minReadySeconds', 'there is no rollout to pace'],
  ['revisionHistoryLimit', 'there are no ControllerRevisions; keep old manifests yourself to roll back'],
  ['templateGeneration', 'there are no generations'],
];

/** Pod template fields that only the scheduler or controllers read, with the reason. */
const SCHEDULING_FIELDS: [string, string][] = [
  ['tolerations', 'static pods are not scheduled: the kubelet runs them on its own node whatever its taints'],
  ['affinity', 'static pods are not scheduled: the node is the one whose kubelet reads the file'],
  ['nodeSelector', 'static pods are not scheduled: choose the nodes by where you place the file'],
  ['nodeName', 'the kubelet sets it to its own node'],
  ['schedulerName', 'static pods are not scheduled'],
  ['topologySpreadConstraints', 'static pods are not scheduled'],
  ['schedulingGates', 'static pods are not scheduled'],
  ['preemptionPolicy', 'static pods are not scheduled, so they never preempt (the API server fills it in on the mirror pod)'],
];

/**
 * DaemonSet (plain JSON) → static pod. Internal: the public entry points are `StaticPod.fromDaemonSet` and friends.
 */
export class StaticPodConverter {
  /**
   * Convert one DaemonSet.
   *
   * @param resource how to name the DaemonSet in problems
   * @throws StaticPodError listing every problem
   */
  public static convert(daemonSet: any, options: StaticPodOptions = {}, resource?: string): StaticPodManifest {
    const ds = daemonSet;
    const dsName = typeof ds?.metadata?.name === 'string' ? ds.metadata.name : undefined;
    const dsNamespace: string | undefined = typeof ds?.metadata?.namespace === 'string' ? ds.metadata.namespace : undefined;
    const where = resource ?? `DaemonSet/${dsNamespace ? `${dsNamespace}/` : ''}${dsName ?? '<unnamed>'}`;
    const fail = (field: string, message: string): never => {
      throw new StaticPodError([{ resource: where, field, message }]);
    };
    if (!ds || typeof ds !== 'object' || Array.isArray(ds)) fail('', 'is not a Kubernetes object. Fix: pass a DaemonSet object (apiVersion apps/v1, kind DaemonSet).');
    if (ds.kind !== 'DaemonSet') fail('kind', `is ${JSON.stringify(ds.kind)}, not DaemonSet. Fix: pass a DaemonSet (apiVersion apps/v1).`);
    const template = ds.spec?.template;
    if (!template?.spec || !Array.isArray(template.spec.containers) || template.spec.containers.length === 0) {
      fail(`${TEMPLATE}.containers`, 'the DaemonSet has no pod template with containers. Fix: add spec.template.spec.containers.');
    }
    const baseName = options.name ?? dsName;
    if (!baseName) fail('metadata.name', 'the DaemonSet has no name. Fix: set metadata.name or pass the `name` option.');
    const name = `${baseName}${options.nameSuffix ?? ''}`;
    const namespace = options.namespace ?? (options.keepNamespace ? dsNamespace ?? DEFAULT_STATIC_POD_NAMESPACE : DEFAULT_STATIC_POD_NAMESPACE);
    const manifests = options.manifests ?? [];
    const outputSubdir = trimSlashes(options.outputSubdir ?? DEFAULT_OUTPUT_SUBDIR);
    const hostFilesDir = (options.hostFilesDir ?? DEFAULT_HOST_FILES_DIR).replace(/\/+$/, '');

    const state: State = {
      where,
      problems: [],
      dropped: [],
      translated: [],
      warnings: [],
      files: [],
      handled: new Set<string>(),
      configMapFix: new Map<string, string>(),
    };
    const podSpec = JSON.parse(JSON.stringify(template.spec));
    const original = template.spec;

    // ------------------------------------------------------------ DaemonSet-only fields
    for (const [f, why] of DAEMONSET_FIELDS) {
      if (ds.spec?.[f] !== undefined) state.dropped.push(`spec.${f} (${why})`);
    }
    if (ds.status !== undefined) state.dropped.push('status (set by the controller)');
    for (const [f, why] of SCHEDULING_FIELDS) {
      if (podSpec[f] !== undefined) {
        state.dropped.push(`${TEMPLATE}.${f} (${why})`);
        delete podSpec[f];
      }
    }
    const templateLabels = template.metadata?.labels ?? {};
    const dsOnlyLabels = Object.entries<any>(ds.metadata?.labels ?? {}).filter(([k, v]) => templateLabels[k] !== v).map(([k]) => k);
    if (dsOnlyLabels.length > 0) {
      state.dropped.push(`metadata.labels ${dsOnlyLabels.join(', ')} (labels of the DaemonSet object itself; the pod carries the template's labels)`);
    }

    // ------------------------------------------------------------ namespace
    if (dsNamespace === undefined) {
      state.translated.push(`metadata.namespace: ${namespace} (the DaemonSet had none)`);
    } else if (dsNamespace !== namespace) {
      state.translated.push(`metadata.namespace: ${dsNamespace} -> ${namespace} (${options.namespace ? 'the namespace option' : 'static pods usually live in kube-system; keepNamespace keeps the original'})`);
    }

    // ------------------------------------------------------------ ServiceAccount and token
    const automount = original.automountServiceAccountToken;
    for (const f of ['serviceAccountName', 'serviceAccount']) {
      if (typeof original[f] !== 'string' || original[f] === '') continue;
      if (options.dropServiceAccount && automount !== true) {
        delete podSpec[f];
        state.handled.add(`${TEMPLATE}.${f}`);
        state.translated.push(`${TEMPLATE}.${f}: ServiceAccount "${original[f]}" dropped (dropServiceAccount; its token was not mounted)`);
      } else if (options.dropServiceAccount) {
        state.configMapFix.set(`${TEMPLATE}.${f}`, 'the container mounts the ServiceAccount token (automountServiceAccountToken: true), so dropping the ServiceAccount would break it');
      }
    }
    if (automount === undefined) {
      podSpec.automountServiceAccountToken = false;
      state.translated.push(`${TEMPLATE}.automountServiceAccountToken: false (static pods get no ServiceAccount token)`);
    }

    // ------------------------------------------------------------ ConfigMaps
    const inline = options.inlineConfigMaps ?? true;
    const configMaps = new ConfigMapIndex(manifests);
    const inlinedVolumes = new Set<string>();
    (podSpec.volumes ?? []).forEach((v: any, i: number) => {
      const field = `${TEMPLATE}.volumes[${i}]`;
      if (v?.configMap) {
        const res = StaticPodConverter.inlineConfigMapVolume(v, field, `${field}.configMap`, [v.configMap], v.configMap.defaultMode, inline, configMaps, dsNamespace,
          { hostDir: `${hostFilesDir}/${name}/${v.name}`, outDir: `${outputSubdir}/${name}/files/${v.name}` }, state);
        if (res) {
          podSpec.volumes[i] = res;
          inlinedVolumes.add(v.name);
        }
      } else if (v?.projected && Array.isArray(v.projected.sources)) {
        const sources: any[] = v.projected.sources;
        const cmSources = sources.filter((s) => s?.configMap);
        if (cmSources.length > 0 && cmSources.length === sources.length) {
          const res = StaticPodConverter.inlineConfigMapVolume(v, field, `${field}.projected.sources`, cmSources.map((s) => s.configMap), v.projected.defaultMode, inline,
            configMaps, dsNamespace, { hostDir: `${hostFilesDir}/${name}/${v.name}`, outDir: `${outputSubdir}/${name}/files/${v.name}` }, state,
            sources.map((_s, j) => `${field}.projected.sources[${j}].configMap`));
          if (res) {
            podSpec.volumes[i] = res;
            inlinedVolumes.add(v.name);
          }
        } else if (cmSources.length > 0) {
          sources.forEach((s, j) => {
            if (s?.configMap) {
              state.configMapFix.set(`${field}.projected.sources[${j}].configMap`,
                'this projected volume mixes the ConfigMap with other sources, which one hostPath directory cannot replace: move the ConfigMap into a volume of its own so it can be inlined');
            }
          });
        }
      }
    });
    if (inlinedVolumes.size > 0) {
      for (const group of ['initContainers', 'containers']) {
        for (const c of podSpec[group] ?? []) {
          for (const m of c.volumeMounts ?? []) {
            if (inlinedVolumes.has(m.name) && m.readOnly !== true) m.readOnly = true;
          }
        }
      }
    }
    for (const group of ['initContainers', 'containers']) {
      (podSpec[group] ?? []).forEach((c: any, i: number) => StaticPodConverter.inlineEnv(c, `${TEMPLATE}.${group}[${i}]`, inline, configMaps, dsNamespace, state));
    }

    // ------------------------------------------------------------ priority
    StaticPodConverter.priority(podSpec, options, manifests, state);

    // ------------------------------------------------------------ references that remain
    const refs: ApiReference[] = ApiReferences.find(original, TEMPLATE);
    for (const ref of refs) {
      if (state.handled.has(ref.field)) continue;
      const fix = StaticPodConverter.extraFix(ref, state, inline, configMaps, dsNamespace);
      state.problems.push({ resource: where, field: ref.field, message: referenceMessage(ref, fix) });
    }
    if (state.problems.length > 0) throw new StaticPodError(state.problems);

    // ------------------------------------------------------------ the pod
    const metadata: any = { name, namespace };
    if (template.metadata?.labels && Object.keys(template.metadata.labels).length > 0) metadata.labels = { ...template.metadata.labels };
    const annotations = template.metadata?.annotations;
    if (annotations && Object.keys(annotations).length > 0) metadata.annotations = { ...annotations };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata, spec: podSpec };

    const podProblems = StaticPodValidation.validate(pod, `Pod/${namespace}/${name} (static pod of ${where})`, options.validateSchema ?? true);
    if (podProblems.length > 0) throw new StaticPodError(podProblems);

    const fileName = `${outputSubdir}/${name}.yaml`;
    const header = StaticPodConverter.header(where, fileName, state);
    return {
      name,
      namespace,
      fileName,
      pod,
      files: state.files,
      dropped: state.dropped,
      translated: state.translated,
      warnings: state.warnings,
      yaml: StaticPodYaml.render(pod, header),
    };
  }

  /** The comment block at the top of the YAML. */
  private static header(where: string, fileName: string, state: State): string[] {
    const h: string[] = [
      `Static pod generated from ${where} by cdk8s-node-daemons.`,
      'Place it in the kubelet\'s staticPodPath (usually /etc/kubernetes/manifests) on each node that should run it.',
    ];
    for (const d of state.dropped) h.push(`dropped: ${d}`);
    for (const t of state.translated) h.push(`translated: ${t}`);
    for (const w of state.warnings) h.push(`warning: ${w}`);
    if (state.files.length > 0) {
      h.push(`files: write these before ${fileName.split('/').pop()} (the hostPath volumes point at them):`);
      for (const f of state.files) h.push(`  ${f.path} -> ${f.hostPath} (mode ${f.mode.toString(8).padStart(4, '0')})`);
    }
    return h;
  }

  /**
   * A `configMap` volume (or projected volume of ConfigMaps only) → `hostPath` volume on inlined files.
   * @returns the new volume, or undefined when it stays a reference (reported later)
   */
  private static inlineConfigMapVolume(volume: any, field: string, sourcesField: string, sources: any[], defaultMode: number | undefined,
    inline: boolean, configMaps: ConfigMapIndex, namespace: string | undefined, target: { hostDir: string; outDir: string }, state: State,
    refFields?: string[]): any | undefined {
    const fields = refFields?.filter((_f, j) => volume.projected.sources[j]?.configMap) ?? [sourcesField];
    if (!inline) return undefined;
    const files: StaticPodFile[] = [];
    const missing: string[] = [];
    let problems = 0;
    let empty = true;
    sources.forEach((src, j) => {
      const cm = configMaps.get(String(src?.name), namespace);
      if (!cm) {
        if (src?.optional === true) return;
        missing.push(fields[j]);
        return;
      }
      empty = false;
      const res = ConfigMapInliner.volumeFiles(cm, src, defaultMode, target, fields[j]);
      files.push(...res.files);
      for (const p of res.problems) {
        state.problems.push({ resource: state.where, field: p.field, message: p.message });
        problems++;
      }
    });
    if (missing.length > 0) return undefined;
    for (const f of fields) state.handled.add(f);
    if (problems > 0) return undefined;
    const names = sources.map((s) => `"${s?.name}"`).join(', ');
    if (empty) {
      state.translated.push(`${field}: optional ConfigMap ${names} not in the manifests -> emptyDir (as the kubelet mounts a missing optional ConfigMap)`);
      return { name: volume.name, emptyDir: {} };
    }
    const seen = new Set<string>();
    for (const f of files) {
      if (seen.has(f.path)) {
        state.problems.push({ resource: state.where, field, message: `two sources write the file "${f.path}". Fix: map the keys to different paths with items.` });
        return undefined;
      }
      seen.add(f.path);
    }
    state.files.push(...files);
    state.translated.push(`${field}: ConfigMap ${names} -> hostPath ${target.hostDir} (${files.length} file(s) written next to the manifest; mounted read-only)`);
    return { name: volume.name, hostPath: { path: target.hostDir, type: 'Directory' } };
  }

  /** `configMapKeyRef` → literal `value`; `envFrom.configMapRef` → env entries. */
  private static inlineEnv(c: any, f: string, inline: boolean, configMaps: ConfigMapIndex, namespace: string | undefined, state: State): void {
    if (!inline) return;
    const env: any[] = [];
    (c.env ?? []).forEach((e: any, j: number) => {
      const ref = e?.valueFrom?.configMapKeyRef;
      if (!ref) {
        env.push(e);
        return;
      }
      const field = `${f}.env[${j}].valueFrom.configMapKeyRef`;
      const cm = configMaps.get(String(ref.name), namespace);
      if (!cm) {
        if (ref.optional === true) {
          state.handled.add(field);
          state.translated.push(`${f}.env[${j}] ${e.name}: left out (optional ConfigMap "${ref.name}" is not in the manifests)`);
          return;
        }
        env.push(e);
        return;
      }
      const value = ConfigMapInliner.envValue(cm, String(ref.key));
      state.handled.add(field);
      if (value === undefined) {
        if (ref.optional === true) {
          state.translated.push(`${f}.env[${j}] ${e.name}: left out (key "${ref.key}" is not in optional ConfigMap "${ref.name}")`);
          return;
        }
        state.problems.push({ resource: state.where, field: `${field}.key`, message: `key "${ref.key}" is not in ConfigMap "${ref.name}". Fix: add the key or mark the reference optional.` });
        env.push(e);
        return;
      }
      env.push({ name: e.name, value: escapeEnv(value) });
      state.translated.push(`${f}.env[${j}] ${e.name}: value inlined from ConfigMap "${ref.name}" key "${ref.key}"`);
    });
    const fromEntries: any[] = [];
    const keptEnvFrom: any[] = [];
    (c.envFrom ?? []).forEach((e: any, j: number) => {
      if (!e?.configMapRef) {
        keptEnvFrom.push(e);
        return;
      }
      const field = `${f}.envFrom[${j}].configMapRef`;
      const cm = configMaps.get(String(e.configMapRef.name), namespace);
      if (!cm) {
        if (e.configMapRef.optional === true) {
          state.handled.add(field);
          state.translated.push(`${f}.envFrom[${j}]: left out (optional ConfigMap "${e.configMapRef.name}" is not in the manifests)`);
        } else {
          keptEnvFrom.push(e);
        }
        return;
      }
      state.handled.add(field);
      const { entries, skipped } = ConfigMapInliner.envFromEntries(cm, e.prefix);
      for (const entry of entries) {
        // later envFrom sources win over earlier ones, as in the kubelet
        const at = fromEntries.findIndex((x) => x.name === entry.name);
        if (at >= 0) fromEntries.splice(at, 1);
        fromEntries.push({ name: entry.name, value: escapeEnv(entry.value) });
      }
      state.translated.push(`${f}.envFrom[${j}]: ConfigMap "${e.configMapRef.name}" -> ${entries.length} env value(s)`);
      if (skipped.length > 0) state.warnings.push(`${f}.envFrom[${j}]: keys ${skipped.join(', ')} of ConfigMap "${e.configMapRef.name}" are not valid variable names and were skipped, as the kubelet does`);
    });
    if (fromEntries.length === 0 && keptEnvFrom.length === (c.envFrom ?? []).length && env.length === (c.env ?? []).length
      && env.every((e, j) => e === c.env[j])) return;
    // `env` wins over `envFrom` for the same name
    const explicit = new Set(env.map((e) => e.name));
    const merged = [...fromEntries.filter((e) => !explicit.has(e.name)), ...env];
    if (merged.length > 0) c.env = merged;
    else delete c.env;
    if (keptEnvFrom.length > 0) c.envFrom = keptEnvFrom;
    else delete c.envFrom;
  }

  private static priority(podSpec: any, options: StaticPodOptions, manifests: any[], state: State): void {
    const cls = podSpec.priorityClassName;
    const field = `${TEMPLATE}.priority`;
    if (typeof cls !== 'string' || cls === '') {
      if (podSpec.priority !== undefined) {
        state.problems.push({
          resource: state.where,
          field,
          message: `${podSpec.priority} without priorityClassName: the API server computes priority 0 and rejects the mirror pod ("the integer value of priority must not be provided in pod spec"). Fix: set priorityClassName to the class of that value (e.g. system-node-critical for 2000001000).`,
        });
      } else if (options.priority !== undefined) {
        state.problems.push({ resource: state.where, field, message: `the priority option (${options.priority}) needs a priorityClassName in the template. Fix: set priorityClassName, or drop the option.` });
      }
      return;
    }
    const known = StaticPodPriority.valueOf(cls, manifests);
    if (known !== undefined && options.priority !== undefined && options.priority !== known) {
      state.problems.push({ resource: state.where, field, message: `the priority option (${options.priority}) differs from the value of PriorityClass "${cls}" (${known}); the API server would reject the mirror pod. Fix: drop the option.` });
      return;
    }
    const value = known ?? options.priority;
    if (value === undefined) {
      if (podSpec.priority === undefined) {
        state.warnings.push(`spec.priority is not set: the value of PriorityClass "${cls}" is unknown (not built in, not in the manifests). The kubelet treats the static pod as priority 0 for eviction and graceful node shutdown; pass the PriorityClass object or the priority option. The mirror pod is only created if the class exists in the cluster.`);
      }
      return;
    }
    if (podSpec.priority !== undefined && podSpec.priority !== value) {
      state.problems.push({ resource: state.where, field, message: `${podSpec.priority} differs from the value of PriorityClass "${cls}" (${value}); the API server would reject the mirror pod. Fix: remove spec.priority or set it to ${value}.` });
      return;
    }
    if (podSpec.priority === undefined) {
      podSpec.priority = value;
      state.translated.push(`spec.priority: ${value} (the value of PriorityClass "${cls}"; the kubelet does not resolve priority classes for static pods, and the API server accepts the mirror pod because the values agree)`);
    }
  }

  /** A more precise fix for a ConfigMap reference that was not inlined. */
  private static extraFix(ref: ApiReference, state: State, inline: boolean, configMaps: ConfigMapIndex,
    namespace: string | undefined): string | undefined {
    const special = state.configMapFix.get(ref.field);
    if (special) return special;
    if (ref.kind !== 'ConfigMap') return undefined;
    if (!inline && configMaps.get(ref.name, namespace)) {
      return 'the ConfigMap is in the manifests, but inlining is off: set `inlineConfigMaps: true` (CLI: drop --no-inline-config-maps) to write it as host files';
    }
    return undefined;
  }
}

interface State {
  readonly where: string;
  readonly problems: StaticPodProblem[];
  readonly dropped: string[];
  readonly translated: string[];
  readonly warnings: string[];
  readonly files: StaticPodFile[];
  /** Field paths of references that were translated. */
  readonly handled: Set<string>;
  /** Field path → a better fix than the default one. */
  readonly configMapFix: Map<string, string>;
}

/** Values from ConfigMaps are not expanded by the kubelet; `$(` in a literal env value would be, so escape it. */
function escapeEnv(value: string): string {
  return value.replace(/\$\(/g, '$$$$(');
}

function trimSlashes(s: string): string {
  return s.replace(/^\/+|\/+$/g, '');
}
