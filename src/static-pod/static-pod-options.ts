/**
 * Options for converting a DaemonSet into a static pod.
 */
export interface StaticPodOptions {
  /**
   * The other objects of the same manifest set (ConfigMaps, PriorityClasses, ...). ConfigMaps referenced by the pod
   * are inlined from here; a PriorityClass gives the `priority` value of a custom `priorityClassName`.
   * @default - none
   */
  readonly manifests?: any[];

  /**
   * Name of the static pod. The kubelet appends `-<node name>` to the name of the mirror pod it shows in the API.
   * @default - the DaemonSet's `metadata.name`
   */
  readonly name?: string;

  /**
   * Appended to the pod name (and file name), e.g. `-edge` or a node name for node-specific manifests.
   * @default - no suffix
   */
  readonly nameSuffix?: string;

  /**
   * Namespace of the static pod (and of its mirror pod).
   * @default 'kube-system' (or the DaemonSet's namespace with `keepNamespace`)
   */
  readonly namespace?: string;

  /**
   * Keep the DaemonSet's namespace instead of `kube-system`. Ignored when `namespace` is given.
   * @default false
   */
  readonly keepNamespace?: boolean;

  /**
   * Inline ConfigMaps found in `manifests`: `configMap` volumes (and projected volumes of ConfigMaps only) become
   * `hostPath` volumes on files written next to the manifest; `configMapKeyRef` and `envFrom.configMapRef` become
   * literal values. When false, every ConfigMap reference is an error.
   * @default true
   */
  readonly inlineConfigMaps?: boolean;

  /**
   * Directory on the node under which inlined files live: `<hostFilesDir>/<pod name>/<volume name>/<key>`.
   * @default '/etc/kubernetes/static-pod-files'
   */
  readonly hostFilesDir?: string;

  /**
   * Directory, relative to the output directory, for the manifest (`<dir>/<name>.yaml`) and its files
   * (`<dir>/<name>/files/<volume>/<key>`).
   * @default 'static-pods'
   */
  readonly outputSubdir?: string;

  /**
   * Drop `serviceAccountName` instead of failing, for agents that do not call the API (their token is not mounted:
   * `automountServiceAccountToken` is not true). An agent with a mounted token still fails: static pods get no token.
   * @default false
   */
  readonly dropServiceAccount?: boolean;

  /**
   * `spec.priority` for a custom `priorityClassName` whose PriorityClass is not in `manifests`. Must equal the
   * PriorityClass's value in the cluster, or the API server rejects the mirror pod.
   * @default - taken from the built-in classes or a PriorityClass in `manifests`; otherwise left unset
   */
  readonly priority?: number;

  /**
   * Validate the produced Pod against the Kubernetes OpenAPI schema. The static-pod restrictions (no references
   * to API objects) are always checked.
   * @default true
   */
  readonly validateSchema?: boolean;
}
