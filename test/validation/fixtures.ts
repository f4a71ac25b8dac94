import * as path from 'path';

/** Directory of the shared conformance data (../shared/conformance from the repo root). */
export const CONFORMANCE_DIR = path.resolve(__dirname, '../../../shared/conformance');

/**
 * A DaemonSet that passes every rule (API server, schema, ND pack) and needs only the `restricted` Pod Security level.
 * Tests clone it and change one thing.
 */
export function goodDaemonSet(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'monitoring', labels: { app: 'agent' } },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          serviceAccountName: 'agent',
          priorityClassName: 'system-node-critical',
          securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
          tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{
            name: 'agent',
            image: 'quay.io/prometheus/node-exporter:v1.8.2',
            ports: [{ name: 'metrics', containerPort: 9100 }],
            resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
            livenessProbe: { httpGet: { path: '/', port: 9100 } },
            readinessProbe: { httpGet: { path: '/', port: 9100 } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

/** Deep clone, then apply `edit`. */
export function withDs(edit: (ds: any) => void): any {
  const ds = goodDaemonSet();
  edit(ds);
  return ds;
}
