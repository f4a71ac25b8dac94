import { ApiObject } from 'cdk8s';

/**
 * An ApiObject of a cluster-scoped kind (PriorityClass, ClusterRole, ClusterRoleBinding, ...):
 * never carries the chart's namespace, which the API server would otherwise have to ignore.
 *
 * @internal
 */
export class ClusterScopedApiObject extends ApiObject {
  public toJson(): any {
    const json = super.toJson();
    if (json.metadata) delete json.metadata.namespace;
    return json;
  }
}
