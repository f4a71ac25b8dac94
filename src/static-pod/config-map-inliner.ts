import { StaticPodFile, StaticPodFileEncoding } from './static-pod-file';

/**
 * Turning ConfigMap references into host files and literal environment values. Internal.
 */

/** Default file mode of ConfigMap volumes (0644), as the API server defaults `defaultMode`. */
export const DEFAULT_FILE_MODE = 0o644;

const KEY_RE = /^[-._a-zA-Z0-9]+$/;
const ENV_NAME_RE = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Where one inlined volume lives. */
export interface InlineTarget {
  /** Directory on the node (the hostPath volume's path). */
  readonly hostDir: string;
  /** Directory relative to the output directory. */
  readonly outDir: string;
}

/** Result of inlining: files, or a problem message (with fix). */
export interface InlineResult {
  readonly files: StaticPodFile[];
  readonly problems: { field: string; message: string }[];
}

/** ConfigMaps available for inlining, looked up by name and namespace. */
export class ConfigMapIndex {
  private readonly byName = new Map<string, any[]>();

  constructor(manifests: any[]) {
    for (const o of manifests) {
      if (!o || typeof o !== 'object' || o.kind !== 'ConfigMap' || (o.apiVersion !== 'v1' && o.apiVersion !== undefined)) continue;
      const name = o.metadata?.name;
      if (typeof name !== 'string') continue;
      const list = this.byName.get(name) ?? [];
      list.push(o);
      this.byName.set(name, list);
    }
  }

  /**
   * The ConfigMap `name` in `namespace`. An object without a namespace matches any namespace (cdk8s charts often
   * leave it to `kubectl -n`).
   */
  public get(name: string, namespace: string | undefined): any | undefined {
    const list = this.byName.get(name) ?? [];
    return list.find((cm) => cm.metadata?.namespace === namespace)
      ?? list.find((cm) => cm.metadata?.namespace === undefined || namespace === undefined);
  }
}

export class ConfigMapInliner {
  /**
   * Files for the keys of one ConfigMap as a `configMap` volume (or projected `configMap` source) would show them.
   *
   * @param source `configMap` volume or projected source: `{ name, items?, optional?, defaultMode? }`
   * @param field field path of `source`, for messages
   */
  public static volumeFiles(cm: any, source: any, defaultMode: number | undefined, target: InlineTarget, field: string): InlineResult {
    const files: StaticPodFile[] = [];
    const problems: { field: string; message: string }[] = [];
    const cmName = `ConfigMap/${cm.metadata?.namespace ? `${cm.metadata.namespace}/` : ''}${cm.metadata?.name}`;
    const data: Record<string, string> = cm.data ?? {};
    const binary: Record<string, string> = cm.binaryData ?? {};
    const mode = defaultMode ?? DEFAULT_FILE_MODE;
    const one = (key: string, path: string, fileMode: number, itemField: string) => {
      const has = Object.prototype.hasOwnProperty.call(data, key);
      const hasBinary = Object.prototype.hasOwnProperty.call(binary, key);
      if (!has && !hasBinary) {
        if (source.optional === true) return;
        problems.push({ field: itemField, message: `key "${key}" is not in ${cmName} (keys: ${[...Object.keys(data), ...Object.keys(binary)].join(', ') || 'none'}). Fix: add the key to the ConfigMap, fix the item, or mark the volume optional.` });
        return;
      }
      const pathProblem = ConfigMapInliner.pathProblem(path);
      if (pathProblem) {
        problems.push({ field: itemField, message: `path "${path}" ${pathProblem}. Fix: use a relative path without "..".` });
        return;
      }
      files.push({
        path: `${target.outDir}/${path}`,
        hostPath: `${target.hostDir}/${path}`,
        content: has ? String(data[key]) : String(binary[key]),
        encoding: has ? StaticPodFileEncoding.UTF8 : StaticPodFileEncoding.BASE64,
        mode: fileMode,
        source: `${cmName} key ${key}`,
      });
    };
    if (Array.isArray(source.items) && source.items.length > 0) {
      source.items.forEach((it: any, i: number) => one(String(it?.key), String(it?.path ?? it?.key), typeof it?.mode === 'number' ? it.mode : mode, `${field}.items[${i}]`));
    } else {
      for (const key of [...Object.keys(data), ...Object.keys(binary)].sort()) {
        if (!KEY_RE.test(key)) {
          problems.push({ field, message: `key "${key}" of ${cmName} is not a valid file name. Fix: rename the key, or map it with items.` });
          continue;
        }
        one(key, key, mode, field);
      }
    }
    return { files, problems };
  }

  /** The literal value of `configMapKeyRef`, `undefined` when the key is missing (check `optional`). */
  public static envValue(cm: any, key: string): string | undefined {
    const data = cm.data ?? {};
    return Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : undefined;
  }

  /** `envFrom.configMapRef` as env entries (keys that are not valid variable names are skipped, as the kubelet does). */
  public static envFromEntries(cm: any, prefix: string | undefined): { entries: { name: string; value: string }[]; skipped: string[] } {
    const entries: { name: string; value: string }[] = [];
    const skipped: string[] = [];
    for (const [k, v] of Object.entries<any>(cm.data ?? {})) {
      const name = `${prefix ?? ''}${k}`;
      if (!ENV_NAME_RE.test(name)) skipped.push(name);
      else entries.push({ name, value: String(v) });
    }
    return { entries, skipped };
  }

  private static pathProblem(path: string): string | undefined {
    if (path === '' || path.startsWith('/')) return 'must be a non-empty relative path';
    if (path.split('/').some((s) => s === '..' || s === '')) return 'must not contain ".." or empty segments';
    return undefined;
  }
}
