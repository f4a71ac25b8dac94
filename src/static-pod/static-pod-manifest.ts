import { StaticPodFile } from './static-pod-file';

/**
 * A static pod converted from a DaemonSet: the `v1 Pod`, the files it needs on the node, and what was dropped or
 * translated on the way.
 */
export interface StaticPodManifest {
  /** `metadata.name` of the static pod (the mirror pod is called `<name>-<node name>`). */
  readonly name: string;
  /** `metadata.namespace` of the static pod. */
  readonly namespace: string;
  /** Where the manifest goes, relative to the output directory: `static-pods/<name>.yaml`. */
  readonly fileName: string;
  /** The `v1 Pod` object (plain JSON). */
  readonly pod: any;
  /** Files to write on the node next to the manifest (inlined ConfigMaps); empty when there are none. */
  readonly files: StaticPodFile[];
  /**
   * DaemonSet-only fields that have no meaning for a static pod and were left out, each with the reason,
   * e.g. `spec.updateStrategy (static pods are updated by replacing the file)`.
   */
  readonly dropped: string[];
  /** Fields that were changed to work without the API server, each with what was done. */
  readonly translated: string[];
  /**
   * Things to check by hand, e.g. a custom `priorityClassName` whose value is unknown so `spec.priority` was left
   * unset.
   */
  readonly warnings: string[];
  /** The manifest as YAML, starting with comments listing `dropped`, `translated` and `files`. */
  readonly yaml: string;
}
