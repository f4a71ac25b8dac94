import * as plus from 'cdk8s-plus-27';
import { IPriorityClass } from './priority';
import { SeccompProfile } from './security';
import { TolerationOptions } from './tolerations';
import { DaemonUpdateStrategy } from './update-strategy';

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
   * Image pull secrets of the pods: names of `kubernetes.io/dockerconfigjson` Secrets in the daemon's
   * namespace. Added to any `dockerRegistryAuth` secret.
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];

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
