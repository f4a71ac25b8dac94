/**
 * API versions that current Kubernetes no longer serves, for the kinds this library cares about most. Internal.
 * Source: https://kubernetes.io/docs/reference/using-api/deprecation-guide/
 */
interface Removed {
  readonly removedIn: string;
  readonly replacement: string;
}

const TABLE: Record<string, Removed> = {
  'extensions/v1beta1 DaemonSet': { removedIn: '1.16', replacement: 'apps/v1' },
  'extensions/v1beta1 Deployment': { removedIn: '1.16', replacement: 'apps/v1' },
  'extensions/v1beta1 ReplicaSet': { removedIn: '1.16', replacement: 'apps/v1' },
  'extensions/v1beta1 NetworkPolicy': { removedIn: '1.16', replacement: 'networking.k8s.io/v1' },
  'extensions/v1beta1 PodSecurityPolicy': { removedIn: '1.16', replacement: 'Pod Security admission (namespace labels)' },
  'extensions/v1beta1 Ingress': { removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  'apps/v1beta1 *': { removedIn: '1.16', replacement: 'apps/v1' },
  'apps/v1beta2 *': { removedIn: '1.16', replacement: 'apps/v1' },
  'batch/v1beta1 CronJob': { removedIn: '1.25', replacement: 'batch/v1' },
  'policy/v1beta1 PodDisruptionBudget': { removedIn: '1.25', replacement: 'policy/v1' },
  'policy/v1beta1 PodSecurityPolicy': { removedIn: '1.25', replacement: 'Pod Security admission (namespace labels)' },
  'rbac.authorization.k8s.io/v1beta1 *': { removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  'networking.k8s.io/v1beta1 Ingress': { removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  'networking.k8s.io/v1beta1 IngressClass': { removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  'scheduling.k8s.io/v1beta1 PriorityClass': { removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  'scheduling.k8s.io/v1alpha1 PriorityClass': { removedIn: '1.17', replacement: 'scheduling.k8s.io/v1' },
  'autoscaling/v2beta1 HorizontalPodAutoscaler': { removedIn: '1.25', replacement: 'autoscaling/v2' },
  'autoscaling/v2beta2 HorizontalPodAutoscaler': { removedIn: '1.26', replacement: 'autoscaling/v2' },
  'node.k8s.io/v1beta1 RuntimeClass': { removedIn: '1.25', replacement: 'node.k8s.io/v1' },
  'apiextensions.k8s.io/v1beta1 CustomResourceDefinition': { removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' },
};

/** The removal entry for apiVersion/kind, if that API is gone. */
export function removedApi(apiVersion: string, kind: string): Removed | undefined {
  return TABLE[`${apiVersion} ${kind}`] ?? TABLE[`${apiVersion} *`];
}
