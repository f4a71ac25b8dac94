import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

/**
 * Reading the live Nodes and DaemonSets of a cluster, for `node-daemons plan --kubeconfig FILE`.
 *
 * ```ts
 * import { LiveCluster } from './live-cluster';
 * const { nodes, daemonSets } = await LiveCluster.read();            // $KUBECONFIG or ~/.kube/config, current context
 * const live = await LiveCluster.read('admin.kubeconfig', { context: 'prod', namespace: 'monitoring' });
 * ```
 *
 * Talks to the API server with Node's `https` and the kubeconfig's credentials, no client library:
 * - clusters: `server`, `certificate-authority` / `certificate-authority-data`, `insecure-skip-tls-verify`,
 *   `tls-server-name`;
 * - users: `client-certificate(-data)` + `client-key(-data)`, `token` / `tokenFile`, `username` + `password`.
 *   `exec` and `auth-provider` plugins are not run: the error says so, so use a kubeconfig with a certificate or
 *   token (e.g. from `kubectl config view --raw --minify` after a login, or a ServiceAccount token).
 * - `$KUBECONFIG` may list several files (`:`-separated): as kubectl does, the first file that defines a name wins.
 * - Relative file paths in a kubeconfig are relative to the kubeconfig's own directory.
 * Lists are read in pages (`limit`/`continue`); each request has a timeout.
 */
export class LiveCluster {
  /**
   * The cluster's Nodes and DaemonSets (all namespaces unless `options.namespace`), as plain Kubernetes JSON
   * with `apiVersion` and `kind` set on every item.
   *
   * @param kubeconfigPath kubeconfig file; default `$KUBECONFIG`, else `~/.kube/config`
   */
  public static async read(kubeconfigPath?: string, options: LiveClusterOptions = {}): Promise<LiveClusterState> {
    const client = LiveCluster.client(kubeconfigPath, options);
    try {
      const nodes = await client.list('/api/v1/nodes', 'v1', 'Node');
      const dsPath = options.namespace
        ? `/apis/apps/v1/namespaces/${encodeURIComponent(options.namespace)}/daemonsets`
        : '/apis/apps/v1/daemonsets';
      const daemonSets = await client.list(dsPath, 'apps/v1', 'DaemonSet');
      if (!options.scheduling) return { nodes, daemonSets, server: client.server, context: client.context };
      // what kube-scheduler sees: pods that are not finished (as its informer), and the priority classes
      const pods = await client.list('/api/v1/pods', 'v1', 'Pod');
      const priorityClasses = await client.list('/apis/scheduling.k8s.io/v1/priorityclasses', 'scheduling.k8s.io/v1', 'PriorityClass');
      return { nodes, daemonSets, pods, priorityClasses, server: client.server, context: client.context };
    } finally {
      client.close();
    }
  }

  /** A client for the given kubeconfig (and context), for other reads. */
  public static client(kubeconfigPath?: string, options: LiveClusterOptions = {}): KubeApiClient {
    return new KubeApiClient(KubeConfigFile.resolve(kubeconfigPath, options.context), options.timeoutMs ?? 30_000);
  }

  private constructor() {}
}

/** Options of `LiveCluster.read`. */
export interface LiveClusterOptions {
  /** kubeconfig context; default the file's `current-context`. */
  readonly context?: string;
  /** Read DaemonSets of this namespace only; default all namespaces. */
  readonly namespace?: string;
  /** Timeout of each HTTP request in milliseconds; default 30000. */
  readonly timeoutMs?: number;
  /** Also read every pod and the PriorityClasses (for scheduler fit); default false. */
  readonly scheduling?: boolean;
}

/** What `LiveCluster.read` returns. */
export interface LiveClusterState {
  /** `Node` objects. */
  readonly nodes: any[];
  /** apps/v1 `DaemonSet` objects. */
  readonly daemonSets: any[];
  /** `Pod` objects of all namespaces (only with `scheduling`). */
  readonly pods?: any[];
  /** scheduling.k8s.io/v1 `PriorityClass` objects (only with `scheduling`). */
  readonly priorityClasses?: any[];
  /** The API server URL that was read. */
  readonly server: string;
  /** The kubeconfig context used. */
  readonly context: string;
}

/** Connection settings resolved from a kubeconfig context. */
export interface ResolvedKubeConfig {
  readonly file: string;
  readonly context: string;
  readonly server: string;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly token?: string;
  readonly basicAuth?: string;
  readonly insecureSkipTlsVerify?: boolean;
  readonly tlsServerName?: string;
}

/** One HTTP response from the API server. */
export interface KubeResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (or the raw text when it is not JSON). */
  readonly body: any;
  /** `Warning` response headers, without the `299 - ` prefix and quotes. */
  readonly warnings: string[];
}

/** Options of one request. */
export interface KubeRequestOptions {
  /** Query parameters. */
  readonly query?: Record<string, string | undefined>;
  /** Request `Content-Type` (default `application/json` when there is a body). */
  readonly contentType?: string;
}

/** Thrown for a kubeconfig that cannot be used, or a request that failed. */
export class LiveClusterError extends Error {
  constructor(message: string, public readonly statusCode?: number, public readonly body?: any) {
    super(message);
    this.name = 'LiveClusterError';
  }
}

/** Loading and resolving kubeconfig files. */
export class KubeConfigFile {
  /** The kubeconfig files to read: the given path, else `$KUBECONFIG` (`:`-separated), else `~/.kube/config`. */
  public static paths(kubeconfigPath?: string): string[] {
    if (kubeconfigPath) return [kubeconfigPath];
    const env = process.env.KUBECONFIG;
    if (env && env.trim().length > 0) return env.split(path.delimiter).filter((p) => p.length > 0);
    return [path.join(os.homedir(), '.kube', 'config')];
  }

  /** Resolve a context (default: current-context) to a server and credentials. */
  public static resolve(kubeconfigPath?: string, contextName?: string): ResolvedKubeConfig {
    const files = KubeConfigFile.paths(kubeconfigPath);
    const clusters = new Map<string, { file: string; value: any }>();
    const users = new Map<string, { file: string; value: any }>();
    const contexts = new Map<string, { file: string; value: any }>();
    let current: string | undefined;
    let loaded = 0;
    for (const file of files) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e: any) {
        // kubectl ignores missing files in a $KUBECONFIG list, but not an explicit --kubeconfig
        if (kubeconfigPath || files.length === 1) {
          throw new LiveClusterError(`cannot read kubeconfig ${file}: ${e?.message ?? e}`);
        }
        continue;
      }
      let doc: any;
      try {
        doc = YAML.parse(text) ?? {};
      } catch (e: any) {
        throw new LiveClusterError(`kubeconfig ${file} is not valid YAML: ${e?.message ?? e}`);
      }
      loaded++;
      const add = (map: Map<string, { file: string; value: any }>, list: any, field: string) => {
        for (const entry of Array.isArray(list) ? list : []) {
          if (entry && typeof entry.name === 'string' && !map.has(entry.name)) {
            map.set(entry.name, { file, value: entry[field] ?? {} });
          }
        }
      };
      add(clusters, doc.clusters, 'cluster');
      add(users, doc.users, 'user');
      add(contexts, doc.contexts, 'context');
      if (current === undefined && typeof doc['current-context'] === 'string' && doc['current-context'].length > 0) {
        current = doc['current-context'];
      }
    }
    if (loaded === 0) throw new LiveClusterError(`no kubeconfig could be read (tried ${files.join(', ')})`);
    const where = files.join(':');
    const ctxName = contextName ?? current;
    if (!ctxName) {
      throw new LiveClusterError(`kubeconfig ${where} has no current-context; pass a context name`);
    }
    const ctx = contexts.get(ctxName);
    if (!ctx) {
      throw new LiveClusterError(`kubeconfig ${where} has no context "${ctxName}" (contexts: ${[...contexts.keys()].join(', ') || 'none'})`);
    }
    const cluster = clusters.get(ctx.value.cluster);
    if (!cluster) throw new LiveClusterError(`kubeconfig context "${ctxName}" names cluster "${ctx.value.cluster}", which is not defined`);
    const server = cluster.value.server;
    if (typeof server !== 'string' || !/^https?:\/\//.test(server)) {
      throw new LiveClusterError(`kubeconfig cluster "${ctx.value.cluster}" has no valid server URL (got ${JSON.stringify(server)})`);
    }
    const user = ctx.value.user !== undefined ? users.get(ctx.value.user) : undefined;
    if (ctx.value.user !== undefined && !user) {
      throw new LiveClusterError(`kubeconfig context "${ctxName}" names user "${ctx.value.user}", which is not defined`);
    }
    const u = user?.value ?? {};
    if (u.exec || u['auth-provider']) {
      throw new LiveClusterError(
        `kubeconfig user "${ctx.value.user}" authenticates through an ${u.exec ? 'exec' : 'auth-provider'} plugin, which node-daemons does not run; ` +
        'use a kubeconfig with a client certificate or a bearer token',
      );
    }
    const data = (owner: { file: string; value: any } | undefined, dataField: string, fileField: string): Buffer | undefined => {
      if (!owner) return undefined;
      const inline = owner.value[dataField];
      if (typeof inline === 'string' && inline.length > 0) return Buffer.from(inline, 'base64');
      const ref = owner.value[fileField];
      if (typeof ref === 'string' && ref.length > 0) {
        const p = path.isAbsolute(ref) ? ref : path.resolve(path.dirname(owner.file), ref);
        try {
          return fs.readFileSync(p);
        } catch (e: any) {
          throw new LiveClusterError(`kubeconfig ${owner.file}: cannot read ${fileField} ${p}: ${e?.message ?? e}`);
        }
      }
      return undefined;
    };
    let token: string | undefined = typeof u.token === 'string' && u.token.length > 0 ? u.token : undefined;
    if (!token && typeof u.tokenFile === 'string') token = data(user, '-', 'tokenFile')?.toString('utf8').trim();
    const basicAuth = typeof u.username === 'string' && typeof u.password === 'string'
      ? Buffer.from(`${u.username}:${u.password}`).toString('base64') : undefined;
    return {
      file: where,
      context: ctxName,
      server: server.replace(/\/+$/, ''),
      ca: data(cluster, 'certificate-authority-data', 'certificate-authority'),
      cert: data(user, 'client-certificate-data', 'client-certificate'),
      key: data(user, 'client-key-data', 'client-key'),
      token,
      basicAuth,
      insecureSkipTlsVerify: cluster.value['insecure-skip-tls-verify'] === true,
      tlsServerName: typeof cluster.value['tls-server-name'] === 'string' ? cluster.value['tls-server-name'] : undefined,
    };
  }

  private constructor() {}
}

/** A minimal Kubernetes API client over Node's `https`, for the credentials of one kubeconfig context. */
export class KubeApiClient {
  /** API server URL. */
  public readonly server: string;
  /** kubeconfig context. */
  public readonly context: string;
  private readonly agent: https.Agent;

  constructor(private readonly config: ResolvedKubeConfig, private readonly timeoutMs: number = 30_000) {
    this.server = config.server;
    this.context = config.context;
    if (config.server.startsWith('http://')) {
      throw new LiveClusterError(`kubeconfig server ${config.server} is plain HTTP; only https:// API servers are supported`);
    }
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 8,
      ca: config.ca,
      cert: config.cert,
      key: config.key,
      rejectUnauthorized: !config.insecureSkipTlsVerify,
      servername: config.tlsServerName,
    });
  }

  /** Send one request; resolves with any HTTP status (check `statusCode`), rejects on network errors and timeouts. */
  public request(method: string, apiPath: string, body?: any, options: KubeRequestOptions = {}): Promise<KubeResponse> {
    const url = new URL(this.server + apiPath);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, v);
    }
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    if (this.config.token) headers.Authorization = `Bearer ${this.config.token}`;
    else if (this.config.basicAuth) headers.Authorization = `Basic ${this.config.basicAuth}`;
    return new Promise<KubeResponse>((resolve, reject) => {
      const req = https.request(url, { method, headers, agent: this.agent, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try {
            parsed = text.length > 0 ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          const warnings = warningTexts(res.headers.warning);
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: parsed, warnings });
        });
      });
      req.on('timeout', () => req.destroy(new LiveClusterError(`${method} ${url.pathname}: no answer from ${this.server} within ${this.timeoutMs} ms`)));
      req.on('error', (e: any) => reject(e instanceof LiveClusterError ? e
        : new LiveClusterError(`${method} ${url.pathname} on ${this.server} (context ${this.context}) failed: ${e?.message ?? e}`)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** GET that must succeed (2xx); returns the body. */
  public async get(apiPath: string, query?: Record<string, string | undefined>): Promise<any> {
    const res = await this.request('GET', apiPath, undefined, { query });
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const msg = typeof res.body === 'object' && res.body?.message ? res.body.message : String(res.body ?? '');
      throw new LiveClusterError(`GET ${apiPath} on ${this.server}: HTTP ${res.statusCode}: ${msg}`, res.statusCode, res.body);
    }
    return res.body;
  }

  /** Every item of a list, across pages, with `apiVersion` and `kind` set. */
  public async list(apiPath: string, apiVersion: string, kind: string, pageSize = 500): Promise<any[]> {
    const items: any[] = [];
    let cont: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      const body = await this.get(apiPath, { limit: String(pageSize), continue: cont });
      for (const item of Array.isArray(body?.items) ? body.items : []) items.push({ apiVersion, kind, ...item });
      cont = body?.metadata?.continue;
      if (!cont) return items;
    }
    throw new LiveClusterError(`GET ${apiPath}: too many pages`);
  }

  /** Close idle keep-alive connections. */
  public close(): void {
    this.agent.destroy();
  }
}

/**
 * The texts of `Warning` response headers (RFC 7234: `299 - "text"`, several joined by commas), their quoted strings
 * unescaped (the API server escapes `"` and `\` in them).
 * @internal
 */
export function warningTexts(header: string | string[] | undefined): string[] {
  const out: string[] = [];
  for (const h of Array.isArray(header) ? header : header !== undefined ? [header] : []) {
    const re = /\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"(?:\s+"[^"]*")?/g;
    for (let m = re.exec(h); m !== null; m = re.exec(h)) out.push(m[1].replace(/\\(.)/g, '$1'));
  }
  return out;
}
