/**
 * Field paths of containers, shared across manifests. Internal.
 *
 * Every finding about a container carries a path such as
 * `spec.template.spec.containers[0].securityContext.runAsNonRoot`. Built afresh per manifest, each path is a chain
 * of string pieces that every finding keeps alive; validating thousands of objects then spends much of its time in
 * garbage collection. The container prefixes are the same in almost every manifest, so they are built once.
 */

/** The paths of one container. */
export interface ContainerPaths {
  /** e.g. `spec.template.spec.containers[0]` */
  readonly container: string;
  /** e.g. `spec.template.spec.containers[0].securityContext` */
  readonly securityContext: string;
}

const MAX_PREFIXES = 64;
const MAX_INDEX = 64;
const cache = new Map<string, Map<string, ContainerPaths[]>>();

export class FieldPaths {
  /**
   * Paths of container `index` of list `list` (`containers`, `initContainers`, `ephemeralContainers`) of the pod spec
   * at `specPath`.
   */
  public static container(specPath: string, list: string, index: number): ContainerPaths {
    let byList = cache.get(specPath);
    if (byList === undefined) {
      if (cache.size >= MAX_PREFIXES) return build(specPath, list, index);
      byList = new Map();
      cache.set(specPath, byList);
    }
    let byIndex = byList.get(list);
    if (byIndex === undefined) {
      byIndex = [];
      byList.set(list, byIndex);
    }
    if (index >= MAX_INDEX) return build(specPath, list, index);
    return byIndex[index] ??= build(specPath, list, index);
  }
}

// join() builds one contiguous string, not a chain of concatenated pieces
function build(specPath: string, list: string, index: number): ContainerPaths {
  const container = [specPath, '.', list, '[', index, ']'].join('');
  return { container, securityContext: [container, '.securityContext'].join('') };
}
