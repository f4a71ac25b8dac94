/**
 * How the `content` of a `StaticPodFile` is encoded.
 */
export enum StaticPodFileEncoding {
  /** Plain UTF-8 text (from a ConfigMap's `data`). */
  UTF8 = 'utf8',
  /** Base64 of binary content (from a ConfigMap's `binaryData`); decode before writing. */
  BASE64 = 'base64',
}

/**
 * A file the static pod needs on the node: inlined ConfigMap data that a `hostPath` volume of the pod points at.
 * Write it to `hostPath` on every node before placing the manifest in the kubelet's manifest directory.
 */
export interface StaticPodFile {
  /** Path relative to the output directory, e.g. `static-pods/fluent-bit/files/config/fluent-bit.conf`. */
  readonly path: string;
  /** Absolute path on the node, e.g. `/etc/kubernetes/static-pod-files/fluent-bit/config/fluent-bit.conf`. */
  readonly hostPath: string;
  /** The file content, encoded as `encoding` says. */
  readonly content: string;
  /**
   * Encoding of `content`.
   * @default StaticPodFileEncoding.UTF8
   */
  readonly encoding: StaticPodFileEncoding;
  /**
   * File mode, e.g. 420 (0644): the volume's `items[].mode` or `defaultMode`, as the kubelet would have used.
   * @default 420
   */
  readonly mode: number;
  /** Where the content came from, e.g. `ConfigMap/logging/fluent-bit key fluent-bit.conf`. */
  readonly source: string;
}
