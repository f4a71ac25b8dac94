// Rendering helpers of NodeDaemon. Internal: not exported from the package.
import * as plus from 'cdk8s-plus-27';
import { NodeRequirement } from './node-selection';
import { TolerationOperator, TolerationOptions } from './tolerations';

export interface RequiredTerm {
  readonly requirements: NodeRequirement[];
}

export interface PreferredTerm {
  readonly weight: number;
  readonly requirements: NodeRequirement[];
}

/** The node affinity: ours (base requirements, alternatives, preferences) merged into cdk8s-plus's. */
export function renderNodeAffinity(base: plus.k8s.Affinity | undefined, requiredBase: NodeRequirement[], requiredTerms: RequiredTerm[],
  preferredTerms: PreferredTerm[]): plus.k8s.Affinity | undefined {
  const baseNode = base?.nodeAffinity;
  const required = requiredTermsOf(baseNode?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms, requiredBase, requiredTerms);
  const preferred = [
    ...(baseNode?.preferredDuringSchedulingIgnoredDuringExecution ?? []),
    ...preferredTerms.map((p) => ({ weight: p.weight, preference: termJson(p.requirements) })),
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
function requiredTermsOf(baseTerms: plus.k8s.NodeSelectorTerm[] | undefined, requiredBase: NodeRequirement[],
  requiredTerms: RequiredTerm[]): plus.k8s.NodeSelectorTerm[] | undefined {
  const alternatives: plus.k8s.NodeSelectorTerm[] = [
    ...(baseTerms ?? []),
    ...requiredTerms.map((t) => termJson(t.requirements)),
  ];
  const common = termJson(requiredBase);
  if (alternatives.length === 0) {
    return requiredBase.length > 0 ? [common] : undefined;
  }
  return alternatives.map((t) => ({
    matchExpressions: concatOrUndefined(t.matchExpressions, common.matchExpressions),
    matchFields: concatOrUndefined(t.matchFields, common.matchFields),
  }));
}

/** Undo cdk8s-plus-27's default resources on a container created without `resources`. */
export function withoutDefaultResources(container: plus.Container, props: plus.ContainerProps): plus.Container {
  if (props.resources === undefined) (container as { resources?: plus.ContainerResources }).resources = undefined;
  return container;
}

export function concatOrUndefined<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  const all = [...(a ?? []), ...(b ?? [])];
  return all.length > 0 ? all : undefined;
}

export function termJson(requirements: NodeRequirement[]): plus.k8s.NodeSelectorTerm {
  const exprs = requirements.filter((r) => !r.isField).map((r) => r.toJson());
  const fields = requirements.filter((r) => r.isField).map((r) => r.toJson());
  return {
    matchExpressions: exprs.length > 0 ? exprs : undefined,
    matchFields: fields.length > 0 ? fields : undefined,
  };
}

export function tolerationJson(t: TolerationOptions): plus.k8s.Toleration {
  const operator = t.operator ?? (t.value !== undefined ? TolerationOperator.EQUAL : TolerationOperator.EXISTS);
  return {
    key: t.key,
    operator,
    value: t.value,
    effect: t.effect,
    tolerationSeconds: t.tolerationSeconds?.toSeconds(),
  };
}

export function volumeNameFor(hostPath: string): string {
  const slug = hostPath.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `host-${slug || 'root'}`.slice(0, 63).replace(/-+$/, '');
}
