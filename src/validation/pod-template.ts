/**
 * Where the pod template of a workload object lives. Internal.
 */
export interface PodTemplateRef {
  /** The pod spec object. */
  readonly spec: any;
  /** The pod (template) metadata object (may be empty). */
  readonly metadata: any;
  /** Field path of the pod spec, e.g. `spec.template.spec`. */
  readonly specPath: string;
}

const TEMPLATE_KINDS = new Set(['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Job']);
const EMPTY: any = Object.freeze({});

/** Kinds whose pods run to completion (probes and some rules do not apply). */
export const BATCH_KINDS = new Set(['Job', 'CronJob']);

/**
 * The pod template of a Pod, DaemonSet, Deployment, StatefulSet, ReplicaSet, ReplicationController, Job, CronJob or
 * PodTemplate; undefined for other kinds or when the template is missing (the schema check reports that).
 */
export function podTemplateOf(manifest: any): PodTemplateRef | undefined {
  const kind = manifest.kind;
  let tmpl: any;
  let specPath: string;
  if (kind === 'Pod') {
    return isObj(manifest.spec) ? { spec: manifest.spec, metadata: objOr(manifest.metadata), specPath: 'spec' } : undefined;
  } else if (TEMPLATE_KINDS.has(kind)) {
    tmpl = manifest.spec?.template;
    specPath = 'spec.template.spec';
  } else if (kind === 'CronJob') {
    tmpl = manifest.spec?.jobTemplate?.spec?.template;
    specPath = 'spec.jobTemplate.spec.template.spec';
  } else if (kind === 'PodTemplate') {
    tmpl = manifest.template;
    specPath = 'template.spec';
  } else {
    return undefined;
  }
  if (!isObj(tmpl) || !isObj(tmpl.spec)) return undefined;
  return { spec: tmpl.spec, metadata: objOr(tmpl.metadata), specPath };
}

function isObj(v: any): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function objOr(v: any): any {
  return isObj(v) ? v : EMPTY;
}
