// Helpers shared by the typed daemons. Not exported from the package (jsii sees only what
// src/daemons/index.ts re-exports), so plain functions are fine here.
import { ApiObject, Chart } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ClusterScopedApiObject } from '../k8s/cluster-scoped';
import { dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from '../k8s/names';
import { NodeDaemon, NodeDaemonProps } from '../node-daemon';
import { PriorityClass } from '../priority';
import { DaemonUpdateStrategy, IntOrPercent } from '../update-strategy';
import { NodeAgentProps } from './common';
import { nameIf } from './names';

export { nameIf };

/** The label keys of the Kubernetes recommended labels. */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_VERSION = 'app.kubernetes.io/version';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';

/** The default `revisionHistoryLimit` of every typed daemon. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 5;

/** The default maxUnavailable of every typed daemon, in percent. */
export const DEFAULT_MAX_UNAVAILABLE_PERCENT = 10;

/** What a typed daemon contributes to the shared defaults. */
export interface AgentDefaults {
  /** app.kubernetes.io/name, e.g. `node-exporter`. */
  readonly name: string;
  /** app.kubernetes.io/component, e.g. `metrics`. */
  readonly component: string;
  /** app.kubernetes.io/part-of default, e.g. `monitoring`. */
  readonly partOf: string;
  /** The image repository default. */
  readonly image: string;
  /** The image tag default. */
  readonly version: string;
}

/** The resolved identity of a typed daemon: labels, image, namespace. */
export interface AgentIdentity {
  readonly namespace: string;
  readonly image: string;
  /** The tag. */
  readonly version: string;
  /** The image reference: `image:tag` or `image:tag@digest`. */
  readonly imageRef: string;
  /** The object name (`name` prop), or undefined for generated names. */
  readonly name?: string;
  /** True when `selectorLabels` replace the generated selector. */
  readonly customSelector: boolean;
  /** Image pull secrets. */
  readonly imagePullSecrets: string[];
  /** All labels of every object (recommended labels plus user labels). */
  readonly labels: { [key: string]: string };
  /** The labels that select the daemon's pods (name + instance). */
  readonly selectorLabels: { [key: string]: string };
}

/**
 * Resolve namespace, image and labels from the props, and check them. Throws with the
 * construct path, the prop and the fix on bad input.
 */
export function resolveIdentity(scope: Construct, id: string, props: NodeAgentProps, defaults: AgentDefaults): AgentIdentity {
  const path = `${scope.node.path}/${id}`;
  const fail = (prop: string, problem: string, fix: string): never => {
    throw new Error(`${path}: ${prop}: ${problem}. Fix: ${fix}.`);
  };
  const namespace = props.namespace ?? Chart.of(scope).namespace ?? 'default';
  const image = props.image ?? defaults.image;
  const [version, versionDigest] = splitDigest(props.version ?? defaults.version);
  if (versionDigest !== undefined && props.digest !== undefined && versionDigest !== props.digest) {
    fail('digest', `"${props.digest}" differs from the digest in \`version\` ("${versionDigest}")`, 'give the digest once, in `version` or in `digest`');
  }
  const digest = props.digest ?? versionDigest;
  if (digest !== undefined && !DIGEST.test(digest)) {
    fail(props.digest !== undefined ? 'digest' : 'version', `"${digest}" is not an image digest`, 'use `sha256:` followed by 64 lower-case hex digits, as `crane digest` or the registry shows it');
  }
  if (image.trim() === '' || /\s/.test(image)) {
    fail('image', `"${image}" is not an image repository`, 'pass a repository such as `quay.io/prometheus/node-exporter` (without a tag)');
  }
  if (/:[^/]*$/.test(image) || image.includes('@')) {
    fail('image', `"${image}" already contains a tag or digest`, 'pass the repository in `image` and the tag in `version`');
  }
  if (version === '' || version === 'latest' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(version)) {
    fail('version', `"${version}" is not a pinned image tag`, `pin a release tag such as "${defaults.version}" (never "latest"), so every node runs the same, reviewable version`);
  }
  const instance = props.instance ?? defaults.name;
  const labels: { [key: string]: string } = {
    [LABEL_NAME]: defaults.name,
    [LABEL_INSTANCE]: instance,
    [LABEL_VERSION]: version,
    [LABEL_COMPONENT]: defaults.component,
    [LABEL_PART_OF]: props.partOf ?? defaults.partOf,
    [LABEL_MANAGED_BY]: 'cdk8s',
  };
  const propFor: { [key: string]: string } = {
    [LABEL_NAME]: 'it names the agent and cannot change',
    [LABEL_INSTANCE]: 'use the `instance` prop',
    [LABEL_VERSION]: 'use the `version` prop',
    [LABEL_COMPONENT]: 'it names the agent role and cannot change',
    [LABEL_PART_OF]: 'use the `partOf` prop',
    [LABEL_MANAGED_BY]: 'it is always `cdk8s`',
  };
  for (const [k, v] of Object.entries(props.labels ?? {})) {
    if (k in propFor) {
      fail('labels', `"${k}" is a recommended label the daemon sets itself`, `drop it from \`labels\`: ${propFor[k]}`);
    }
    labels[k] = v;
  }
  for (const [k, v] of Object.entries(labels)) {
    for (const e of qualifiedNameErrors(k)) fail('labels', `key "${k}": ${e}`, 'use a valid label key such as `example.com/team`');
    for (const e of labelValueErrors(v)) fail(k === LABEL_INSTANCE ? 'instance' : 'labels', `value "${v}" of "${k}": ${e}`, "use at most 63 alphanumeric characters, '-', '_' or '.'");
  }
  const custom = props.selectorLabels;
  if (custom !== undefined) {
    if (Object.keys(custom).length === 0) fail('selectorLabels', 'is empty, and an empty selector is invalid for a DaemonSet', 'give the labels of the selector, e.g. the chart\'s `app.kubernetes.io/name` and `app.kubernetes.io/instance`');
    for (const [k, v] of Object.entries(custom)) {
      if (k === LABEL_VERSION) fail('selectorLabels', `"${k}" changes with every upgrade, but a DaemonSet selector is immutable`, 'leave the version out of the selector');
      for (const e of qualifiedNameErrors(k)) fail('selectorLabels', `key "${k}": ${e}`, 'use a valid label key');
      for (const e of labelValueErrors(v)) fail('selectorLabels', `value "${v}" of "${k}": ${e}`, 'use a valid label value');
      labels[k] = v;
    }
  }
  if (props.name !== undefined) {
    for (const e of dns1123SubdomainErrors(props.name)) fail('name', `"${props.name}": ${e}`, 'use lower-case letters, digits and \'-\', at most 63 characters (the chart\'s fullname)');
    if (props.name.length > 63) fail('name', `"${props.name}" is longer than 63 characters, the limit of a Service name`, 'use a shorter name');
  }
  const pullSecrets = props.imagePullSecrets ?? [];
  for (const s of pullSecrets) for (const e of dns1123SubdomainErrors(s)) fail('imagePullSecrets', `"${s}": ${e}`, 'name an existing Secret');
  return {
    namespace,
    image,
    version,
    imageRef: digest !== undefined ? `${image}:${version}@${digest}` : `${image}:${version}`,
    name: props.name,
    customSelector: custom !== undefined,
    imagePullSecrets: [...pullSecrets],
    labels,
    selectorLabels: custom !== undefined ? { ...custom } : { [LABEL_NAME]: defaults.name, [LABEL_INSTANCE]: instance },
  };
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** `v1.2.3@sha256:...` to the tag and the digest. */
export function splitDigest(version: string): [string, string | undefined] {
  const at = version.indexOf('@');
  return at < 0 ? [version, undefined] : [version.slice(0, at), version.slice(at + 1)];
}

/** The name of a companion object: the daemon's `name` when given (plus a suffix), else generated. */
export function companionName(identity: AgentIdentity, suffix = ''): string | undefined {
  return identity.name === undefined ? undefined : `${identity.name}${suffix}`;
}

/**
 * The NodeDaemonProps every typed daemon starts from: system-node-critical, a bounded rolling
 * update, a revision history limit and the namespace.
 */
export function baseDaemonProps(props: NodeAgentProps, identity: AgentIdentity, extra: NodeDaemonProps = {}): NodeDaemonProps {
  return {
    ...extra,
    metadata: { ...nameIf(identity.name), namespace: identity.namespace, labels: { ...identity.labels } },
    podMetadata: { labels: { ...identity.labels }, annotations: extra.podMetadata?.annotations },
    select: !identity.customSelector,
    imagePullSecrets: identity.imagePullSecrets.length > 0 ? identity.imagePullSecrets : undefined,
    priorityClass: props.priorityClass ?? PriorityClass.SYSTEM_NODE_CRITICAL,
    updateStrategy: props.updateStrategy ?? DaemonUpdateStrategy.rollingUpdate({
      maxUnavailable: IntOrPercent.fromPercent(DEFAULT_MAX_UNAVAILABLE_PERCENT),
      maxSurge: IntOrPercent.fromNumber(0),
    }),
    revisionHistoryLimit: props.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT,
  };
}

/** Placement defaults: every Linux node, tainted or not, but no Windows or virtual node. */
export function applyPlacement(daemon: NodeDaemon, props: NodeAgentProps, identity?: AgentIdentity): void {
  if (identity?.customSelector) daemon.select(plus.LabelSelector.of({ labels: { ...identity.selectorLabels } }));
  if (props.tolerateAllTaints ?? true) daemon.tolerateAllTaints();
  if (props.linuxOnly ?? true) daemon.linuxOnly();
  if (props.excludeVirtualNodes ?? true) daemon.excludeVirtualNodes();
}

/** Options of the least-privilege container security context. */
export interface HardenedContextOptions {
  readonly user: number;
  readonly group: number;
  readonly addCapabilities?: plus.Capability[];
  readonly privileged?: boolean;
}

/**
 * The least-privilege container security context: no privilege escalation, read-only root
 * filesystem, every capability dropped (plus the few added back), runAsNonRoot whenever the
 * user is not root.
 */
export function hardenedContext(o: HardenedContextOptions): plus.ContainerSecurityContextProps {
  // cdk8s-plus-27's Capability enum has no ALL; the value is passed through to the manifest
  // unchanged, so the Kubernetes name is used as is.
  const ALL = 'ALL' as plus.Capability;
  const add = o.addCapabilities ?? [];
  return {
    user: o.user,
    group: o.group,
    ensureNonRoot: o.user !== 0,
    privileged: o.privileged ?? false,
    readOnlyRootFilesystem: true,
    // the API server rejects allowPrivilegeEscalation=false next to privileged=true (a privileged container
    // escalates by definition)
    allowPrivilegeEscalation: o.privileged === true,
    capabilities: add.length > 0 ? { drop: [ALL], add } : { drop: [ALL] },
  };
}

/** Add the same labels to a cdk8s-plus resource. */
export function labelResource(resource: plus.Resource, labels: { [key: string]: string }): void {
  for (const [k, v] of Object.entries(labels)) resource.metadata.addLabel(k, v);
}

/**
 * A ClusterRole with these rules and a ClusterRoleBinding of it to the ServiceAccount.
 */
export function clusterRoleFor(
  scope: Construct, labels: { [key: string]: string }, rules: any[], serviceAccountName: string, namespace: string, name?: string,
): ApiObject {
  const role = new ClusterScopedApiObject(scope, 'ClusterRole', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { ...nameIf(name), labels: { ...labels } },
    rules,
  });
  new ClusterScopedApiObject(scope, 'ClusterRoleBinding', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { ...nameIf(name), labels: { ...labels } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccountName, namespace }],
  });
  return role;
}
