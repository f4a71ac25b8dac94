// The builder's own synth-time checks of a NodeDaemon's rendered manifest, in terms of its API, and the batch of the
// core's verdicts its validator findings come from. Internal.
import { dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from './k8s/names';
import { NodeSelectorOperator } from './node-selection';
import { TaintEffect, TolerationOperator, TolerationOptions } from './tolerations';
import { DaemonUpdateStrategy, DaemonUpdateStrategyType } from './update-strategy';
import { CoreBatch } from './validation/core-findings';
import { ManifestValidator } from './validation/manifest-validator';
import { ValidateOptions } from './validation/options';

/**
 * The core's verdicts on the manifests of `daemons`, judged in one call (`ManifestValidator._judgeAhead`) for their
 * validations with `options`: within a synth, the first daemon to be validated has the core judge every daemon of
 * the app at once, instead of one call per daemon. A daemon that cannot be rendered is left out: its own validation
 * renders it and fails with its own error.
 *
 * @param sample the manifest of the daemon being validated (one like the others)
 */
export function judgeDaemonsAhead(sample: any, daemons: ReadonlyArray<{ _manifestJson(): any }>, options: ValidateOptions): CoreBatch {
  const rendered = () => daemons.flatMap((d) => {
    try {
      return [d._manifestJson()];
    } catch {
      return [];
    }
  });
  return ManifestValidator._judgeAhead(sample, daemons.length, rendered, options);
}

/** What the checks need besides the manifest. */
export interface BuilderState {
  readonly revisionHistoryLimit?: number;
  readonly updateStrategy: DaemonUpdateStrategy;
  readonly tolerations: TolerationOptions[];
}

/**
 * The builder's errors (`field: problem. Fix: fix.`) for the rendered manifest. The validator's findings
 * are added by the caller only when these pass, so one mistake is reported once.
 */
export function builderErrors(manifest: any, state: BuilderState): string[] {
  const errors: string[] = [];
  const err = (field: string, problem: string, fix: string) => errors.push(`${field}: ${problem}. Fix: ${fix}.`);
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
  checkLabels(errors, 'spec.template.metadata.labels', spec.template.metadata?.labels);
  checkLabels(errors, 'spec.template.spec.nodeSelector', pod.nodeSelector);

  if (spec.minReadySeconds !== undefined && spec.minReadySeconds < 0) {
    err('spec.minReadySeconds', `${spec.minReadySeconds} must be greater than or equal to 0`, 'use 0 or more seconds');
  }
  if (state.revisionHistoryLimit !== undefined && (state.revisionHistoryLimit < 0 || !Number.isInteger(state.revisionHistoryLimit))) {
    err('spec.revisionHistoryLimit', `${state.revisionHistoryLimit} must be a whole number greater than or equal to 0`, 'pass a non-negative integer to `keepRevisions()`');
  }

  // update strategy
  const us = state.updateStrategy;
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
  state.tolerations.forEach((t, i) => {
    const f = `spec.template.spec.tolerations[${(pod.tolerations?.length ?? 0) - state.tolerations.length + i}]`;
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
  req.forEach((term: any, i: number) => checkTerm(errors, `${reqPath}[${i}]`, term));
  const pref = pod.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  pref.forEach((p: any, i: number) => {
    const f = `spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    if (!Number.isInteger(p.weight) || p.weight < 1 || p.weight > 100) {
      err(`${f}.weight`, `${p.weight} must be in the range 1-100`, 'pass a weight from 1 to 100 to `preferNodeAffinity()`');
    }
    checkTerm(errors, `${f}.preference`, p.preference);
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
  return errors;
}

function checkLabels(errors: string[], field: string, labels: { [key: string]: string } | undefined) {
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const e of qualifiedNameErrors(k)) errors.push(`${field}: key "${k}": ${e}. Fix: use a valid label key such as \`example.com/role\`.`);
    for (const e of labelValueErrors(v)) errors.push(`${field}: value "${v}" of "${k}": ${e}. Fix: use at most 63 alphanumeric characters, '-', '_' or '.'.`);
  }
}

function checkTerm(errors: string[], path: string, term: any) {
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
