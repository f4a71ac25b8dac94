/**
 * Finding the references to other API objects in a pod spec. The kubelet refuses static pods that reference API
 * objects (feature gate PreventStaticPodAPIReferences, Kubernetes 1.34+), and the API server's NodeRestriction
 * admission rejects their mirror pods: ServiceAccounts, Secrets, ConfigMaps, PersistentVolumeClaims,
 * ClusterTrustBundles and ResourceClaims. Internal.
 */

/** The kind of object a reference points at. */
export type ReferenceKind = 'ServiceAccount' | 'ServiceAccountToken' | 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim'
| 'ClusterTrustBundle' | 'ResourceClaim' | 'PodCertificate';

/** One reference to an API object. */
export interface ApiReference {
  readonly kind: ReferenceKind;
  /** Name of the referenced object ('' when it has none, e.g. a token). */
  readonly name: string;
  /** Field path of the reference. */
  readonly field: string;
}

/** Volume types whose `secretRef` names a Secret. */
const SECRET_REF_VOLUMES = ['cephfs', 'cinder', 'flexVolume', 'iscsi', 'rbd', 'scaleIO', 'storageos'];

export class ApiReferences {
  /** Every reference in `podSpec`; `path` is the path of the pod spec itself (e.g. `spec.template.spec`). */
  public static find(podSpec: any, path: string): ApiReference[] {
    const refs: ApiReference[] = [];
    const add = (kind: ReferenceKind, name: unknown, field: string) => refs.push({ kind, name: typeof name === 'string' ? name : '', field });
    if (!podSpec || typeof podSpec !== 'object') return refs;
    if (nonEmpty(podSpec.serviceAccountName)) add('ServiceAccount', podSpec.serviceAccountName, `${path}.serviceAccountName`);
    if (nonEmpty(podSpec.serviceAccount)) add('ServiceAccount', podSpec.serviceAccount, `${path}.serviceAccount`);
    if (podSpec.automountServiceAccountToken === true) add('ServiceAccountToken', '', `${path}.automountServiceAccountToken`);
    arr(podSpec.imagePullSecrets).forEach((s, i) => add('Secret', s?.name, `${path}.imagePullSecrets[${i}]`));
    arr(podSpec.volumes).forEach((v, i) => ApiReferences.volume(v, `${path}.volumes[${i}]`, add));
    for (const group of ['initContainers', 'containers', 'ephemeralContainers']) {
      arr(podSpec[group]).forEach((c, i) => ApiReferences.container(c, `${path}.${group}[${i}]`, add));
    }
    arr(podSpec.resourceClaims).forEach((c, i) => add('ResourceClaim', c?.resourceClaimName ?? c?.name, `${path}.resourceClaims[${i}]`));
    return refs;
  }

  /** References inside one projected volume source. */
  public static projectedSource(s: any, f: string, add: (kind: ReferenceKind, name: unknown, field: string) => void): void {
    if (!s || typeof s !== 'object') return;
    if (s.serviceAccountToken) add('ServiceAccountToken', '', `${f}.serviceAccountToken`);
    if (s.secret) add('Secret', s.secret.name, `${f}.secret`);
    if (s.configMap) add('ConfigMap', s.configMap.name, `${f}.configMap`);
    if (s.clusterTrustBundle) add('ClusterTrustBundle', s.clusterTrustBundle.name ?? s.clusterTrustBundle.signerName, `${f}.clusterTrustBundle`);
    if (s.podCertificate) add('PodCertificate', s.podCertificate.signerName, `${f}.podCertificate`);
  }

  private static volume(v: any, f: string, add: (kind: ReferenceKind, name: unknown, field: string) => void): void {
    if (!v || typeof v !== 'object') return;
    if (v.configMap) add('ConfigMap', v.configMap.name, `${f}.configMap`);
    if (v.secret) add('Secret', v.secret.secretName, `${f}.secret`);
    if (v.persistentVolumeClaim) add('PersistentVolumeClaim', v.persistentVolumeClaim.claimName, `${f}.persistentVolumeClaim`);
    if (v.ephemeral) add('PersistentVolumeClaim', '', `${f}.ephemeral`);
    if (v.projected) arr(v.projected.sources).forEach((s, j) => ApiReferences.projectedSource(s, `${f}.projected.sources[${j}]`, add));
    if (v.csi?.nodePublishSecretRef) add('Secret', v.csi.nodePublishSecretRef.name, `${f}.csi.nodePublishSecretRef`);
    if (v.azureFile?.secretName) add('Secret', v.azureFile.secretName, `${f}.azureFile.secretName`);
    for (const t of SECRET_REF_VOLUMES) {
      if (v[t]?.secretRef) add('Secret', v[t].secretRef.name, `${f}.${t}.secretRef`);
    }
  }

  private static container(c: any, f: string, add: (kind: ReferenceKind, name: unknown, field: string) => void): void {
    if (!c || typeof c !== 'object') return;
    arr(c.env).forEach((e, j) => {
      const vf = e?.valueFrom;
      if (vf?.configMapKeyRef) add('ConfigMap', vf.configMapKeyRef.name, `${f}.env[${j}].valueFrom.configMapKeyRef`);
      if (vf?.secretKeyRef) add('Secret', vf.secretKeyRef.name, `${f}.env[${j}].valueFrom.secretKeyRef`);
    });
    arr(c.envFrom).forEach((e, j) => {
      if (e?.configMapRef) add('ConfigMap', e.configMapRef.name, `${f}.envFrom[${j}].configMapRef`);
      if (e?.secretRef) add('Secret', e.secretRef.name, `${f}.envFrom[${j}].secretRef`);
    });
  }
}

/** Why a reference blocks a static pod and what to do instead (without the field); `fixOverride` replaces the fix. */
export function referenceMessage(ref: ApiReference, fixOverride?: string): string {
  const what = ref.name ? `${ref.kind} "${ref.name}"` : ref.kind;
  const why = 'the kubelet rejects static pods that reference API objects, and the API server rejects their mirror pods';
  let problem = `static pods cannot reference ${what}`;
  let fix: string;
  switch (ref.kind) {
    case 'ServiceAccount':
      fix = 'remove serviceAccountName, or pass `dropServiceAccount: true` (CLI: --drop-service-account) if the agent does not call the Kubernetes API; '
        + 'an agent that needs the API must read a kubeconfig from a hostPath file';
      break;
    case 'ServiceAccountToken':
      problem = `static pods get no ServiceAccount token (${ref.field.endsWith('automountServiceAccountToken') ? 'automountServiceAccountToken is true' : 'projected serviceAccountToken'})`;
      fix = 'set automountServiceAccountToken: false and remove serviceAccountToken projections; give an agent that needs the API a kubeconfig in a hostPath file';
      break;
    case 'Secret':
      fix = ref.field.includes('imagePullSecrets')
        ? 'configure the registry credentials on the node (container runtime auth config or a kubelet image credential provider) and remove imagePullSecrets'
        : 'provision the secret as a file on the node and mount it with a hostPath volume (or keep this agent a DaemonSet); secrets are never inlined into a plain manifest';
      break;
    case 'ConfigMap':
      fix = 'pass the ConfigMap object together with the DaemonSet (same manifest set, or the `manifests` option) so it is inlined as host files, '
        + 'or mount the configuration from a hostPath volume';
      break;
    case 'PersistentVolumeClaim':
      fix = 'use a hostPath (or emptyDir) volume';
      break;
    case 'ResourceClaim':
      fix = 'remove resourceClaims; static pods cannot claim devices through DRA';
      break;
    default:
      fix = 'remove this projected source and provide the data as a hostPath file';
  }
  return `${problem}: ${why}. Fix: ${fixOverride ?? fix}.`;
}

function nonEmpty(v: unknown): boolean {
  return typeof v === 'string' && v !== '';
}

function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}
