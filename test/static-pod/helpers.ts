/** A DaemonSet (plain JSON) with every field a translation test needs; `patch` edits the pod spec. */
export function daemonSet(patch: (podSpec: any, ds: any) => void = () => undefined): any {
  const ds: any = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'monitoring', labels: { app: 'agent', team: 'infra' } },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      minReadySeconds: 5,
      revisionHistoryLimit: 3,
      template: {
        metadata: { labels: { app: 'agent' }, annotations: { 'example.com/scrape': 'true' } },
        spec: {
          automountServiceAccountToken: false,
          initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
          containers: [{
            name: 'agent',
            image: 'example/agent:1.0',
            ports: [{ containerPort: 9100, hostPort: 9100, name: 'metrics' }],
            securityContext: { readOnlyRootFilesystem: true, runAsUser: 65534 },
            volumeMounts: [{ name: 'proc', mountPath: '/host/proc', readOnly: true }],
          }],
          volumes: [{ name: 'proc', hostPath: { path: '/proc' } }],
          hostNetwork: true,
          hostPID: true,
          hostIPC: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          priorityClassName: 'system-node-critical',
          tolerations: [{ operator: 'Exists' }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }] } } },
        },
      },
    },
  };
  patch(ds.spec.template.spec, ds);
  return ds;
}

/** The ConfigMap used by inlining tests. */
export function configMap(name = 'agent-config', namespace: string | undefined = 'monitoring', data: Record<string, string> = { 'agent.yaml': 'level: info\n', 'LEVEL': 'debug' }): any {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) }, data };
}

/** The message of the error `fn` throws. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e: any) {
    return String(e.message);
  }
  throw new Error('expected an error');
}
