// A small typed client for the test control plane (started by global-setup.ts), over src/cli/live-cluster.ts.
import * as fs from 'fs';
import * as path from 'path';
import { KubeApiClient, KubeResponse, LiveCluster } from '../../src/cli/live-cluster';

/** Field manager used for every server-side apply from the tests. */
export const FIELD_MANAGER = 'cdk8s-node-daemons-tests';

/** Repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The shared conformance data (`../shared/conformance` from the repository root). */
export const CONFORMANCE_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'conformance');

/** kubeconfig of the test control plane (admin, system:masters). */
export function testKubeconfig(): string {
  const file = process.env.CDK8S_ND_KUBECONFIG;
  if (!file || !fs.existsSync(file)) {
    throw new Error('the test control plane is not running (CDK8S_ND_KUBECONFIG unset): run these tests with `npm run test:cluster`');
  }
  return file;
}

/** How one kind is served. */
export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespaced: boolean;
}

/** The API server's answer to a write, with its verdict. */
export interface WriteResult extends KubeResponse {
  readonly ok: boolean;
  /** `field` of every `details.causes` entry of a rejection. */
  readonly causeFields: string[];
  /** Rejection message (`message` of the Status), or '' when accepted. */
  readonly message: string;
}

/** Bounded polling: resolves with the first truthy value of `check`, rejects after `timeoutMs` with `describe()`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs: number,
  describe: () => string | Promise<string>, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms: ${await describe()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Client for the test control plane. */
export class TestCluster {
  /** Connect with the test kubeconfig (or another one, e.g. of a control plane a test file started itself). */
  public static connect(kubeconfig?: string): TestCluster {
    return new TestCluster(LiveCluster.client(kubeconfig ?? testKubeconfig(), { timeoutMs: 60_000 }));
  }

  /** Connect with another kubeconfig (a control plane a test file started itself). */
  public static connectTo(kubeconfig: string): TestCluster {
    return new TestCluster(LiveCluster.client(kubeconfig, { timeoutMs: 60_000 }));
  }

  private readonly discovery = new Map<string, Map<string, ResourceInfo> | null>();

  private constructor(public readonly api: KubeApiClient) {}

  /** How `apiVersion`/`kind` is served, or undefined when the server does not serve it (e.g. a CRD kind). */
  public async resourceFor(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    let kinds = this.discovery.get(apiVersion);
    if (kinds === undefined) {
      const res = await this.api.request('GET', apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
      if (res.statusCode === 404) {
        kinds = null;
      } else if (res.statusCode !== 200) {
        throw new Error(`discovery of ${apiVersion}: HTTP ${res.statusCode} ${JSON.stringify(res.body)}`);
      } else {
        kinds = new Map();
        const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
        for (const r of res.body.resources ?? []) {
          if (String(r.name).includes('/')) continue; // subresources
          kinds.set(r.kind, { group, version, resource: r.name, namespaced: r.namespaced });
        }
      }
      this.discovery.set(apiVersion, kinds);
    }
    return kinds?.get(kind);
  }

  /** Collection path of a kind (namespaced kinds need `namespace`). */
  public async collectionPath(apiVersion: string, kind: string, namespace?: string): Promise<string> {
    const info = await this.resourceFor(apiVersion, kind);
    if (!info) throw new Error(`the API server does not serve ${apiVersion} ${kind}`);
    const base = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
    if (!info.namespaced) return `${base}/${info.resource}`;
    return `${base}/namespaces/${encodeURIComponent(namespace ?? 'default')}/${info.resource}`;
  }

  /** Path of one object. */
  public async objectPath(obj: any): Promise<string> {
    const coll = await this.collectionPath(obj.apiVersion, obj.kind, obj.metadata?.namespace);
    return `${coll}/${encodeURIComponent(obj.metadata.name)}`;
  }

  /** Server-side apply (`force`, our field manager); `dryRun` sends `dryRun=All`. */
  public async apply(obj: any, options: { dryRun?: boolean } = {}): Promise<WriteResult> {
    const res = await this.api.request('PATCH', await this.objectPath(obj), obj, {
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: FIELD_MANAGER, force: 'true', dryRun: options.dryRun ? 'All' : undefined, fieldValidation: 'Strict' },
    });
    return verdict(res);
  }

  /** Create (POST); `dryRun` sends `dryRun=All`. */
  public async create(obj: any, options: { dryRun?: boolean } = {}): Promise<WriteResult> {
    const res = await this.api.request('POST', await this.collectionPath(obj.apiVersion, obj.kind, obj.metadata?.namespace), obj, {
      query: { fieldManager: FIELD_MANAGER, dryRun: options.dryRun ? 'All' : undefined, fieldValidation: 'Strict' },
    });
    return verdict(res);
  }

  /** Apply for real; throws with the server's message unless accepted. */
  public async applyOrThrow(obj: any): Promise<any> {
    const r = await this.apply(obj);
    if (!r.ok) throw new Error(`apply ${describeObject(obj)}: HTTP ${r.statusCode}: ${r.message}`);
    return r.body;
  }

  /** Delete one object (background propagation); a missing object is fine. */
  public async delete(obj: any): Promise<void> {
    const res = await this.api.request('DELETE', await this.objectPath(obj), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    if (res.statusCode !== 200 && res.statusCode !== 202 && res.statusCode !== 404) {
      throw new Error(`delete ${describeObject(obj)}: HTTP ${res.statusCode}: ${res.body?.message ?? res.body}`);
    }
  }

  /** GET that must succeed. */
  public get(apiPath: string, query?: Record<string, string | undefined>): Promise<any> {
    return this.api.get(apiPath, query);
  }

  /** All items of a collection (with apiVersion/kind). */
  public list(apiPath: string, apiVersion: string, kind: string): Promise<any[]> {
    return this.api.list(apiPath, apiVersion, kind);
  }

  /** Make sure a namespace exists (created for real) and has its `default` ServiceAccount. */
  public async ensureNamespace(name: string): Promise<void> {
    await this.applyOrThrow({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    await waitFor(async () => (await this.api.request('GET', `/api/v1/namespaces/${name}/serviceaccounts/default`)).statusCode === 200,
      30_000, () => `ServiceAccount ${name}/default was not created by the serviceaccount controller`);
  }

  /** Close idle connections. */
  public close(): void {
    this.api.close();
  }
}

/** `Kind namespace/name`. */
export function describeObject(obj: any): string {
  const ns = obj?.metadata?.namespace;
  return `${obj?.kind} ${ns ? ns + '/' : ''}${obj?.metadata?.name}`;
}

function verdict(res: KubeResponse): WriteResult {
  const ok = res.statusCode >= 200 && res.statusCode < 300;
  const causes: any[] = !ok && Array.isArray(res.body?.details?.causes) ? res.body.details.causes : [];
  return {
    ...res,
    ok,
    causeFields: causes.map((c) => String(c.field ?? '')).filter((f) => f.length > 0),
    message: ok ? '' : String(res.body?.message ?? res.body ?? `HTTP ${res.statusCode}`),
  };
}

/** The node a daemon pod is pinned to: the controller's `matchFields metadata.name` affinity, or `spec.nodeName`. */
export function podNodeName(pod: any): string | undefined {
  if (pod?.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) {
    for (const f of t.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && Array.isArray(f.values) && f.values.length === 1) return f.values[0];
    }
  }
  return undefined;
}
