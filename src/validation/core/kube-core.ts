import * as fs from 'fs';
import * as path from 'path';

/**
 * One error of the API server's answer to a create request (`details.causes`, a strict decoding error, or the
 * message of another rejection).
 */
export interface CoreCause {
  /**
   * The server's cause type (`FieldValueInvalid`, `FieldValueRequired`, ...) or `UnknownField`, `DuplicateField`,
   * `Decode` (the body cannot be decoded), `NotFound` (no such API version or kind), `BadRequest`, `Internal`.
   */
  readonly type: string;
  /** The field in the API server's path format, e.g. `spec.template.spec.containers[0].image`. */
  readonly field?: string;
  /** The server's message for it, e.g. `Required value`. */
  readonly message: string;
}

/** A failed official Pod Security check. */
export interface CoreViolation {
  readonly reason: string;
  readonly detail?: string;
}

/** The Pod Security level an object's pods need (official checks, latest version), and what fails the stricter levels. */
export interface CorePodSecurity {
  readonly level: 'privileged' | 'baseline' | 'restricted';
  readonly baseline?: CoreViolation[];
  readonly restricted?: CoreViolation[];
}

/** The core's answer for one object. */
export interface CoreResult {
  /**
   * `validated`: a built-in kind, judged as the API server does on create; `custom`: a group the API server does
   * not serve by itself (a custom resource); `rejected`: the request itself is refused (version or kind not served,
   * body not decodable).
   */
  readonly status: 'validated' | 'custom' | 'unjudged' | 'rejected';
  readonly errors?: CoreCause[];
  readonly warnings?: string[];
  readonly podSecurity?: CorePodSecurity;
  /** For a kind its group-version does not serve: the kinds it does. */
  readonly kinds?: string[];
}

interface CoreApi {
  validate(json: string): string;
  yamlToJson(yaml: string): { json?: string; error?: string };
}

const GLOBAL_NAME = 'cdk8sNodeDaemonsCore';
let api: CoreApi | undefined;

/**
 * Where the build puts the module: `lib/core/` of the package, found from this file (in `src/` or `lib/`, or in a
 * copy of either) as the nearest ancestor that has it.
 */
function coreDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'lib', 'core');
    if (fs.existsSync(path.join(candidate, 'kube-core.wasm'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.join(__dirname, '..', '..', '..', 'lib', 'core');
}

/**
 * The embedded API-server core: the pinned Kubernetes release's own decoding, defaulting, validation, warnings and
 * Pod Security checks, and kubectl's YAML reading, compiled to WebAssembly (apiserver-core/). Loaded on first use,
 * synchronously, once per process (or jest module registry).
 */
export class KubeCore {
  /**
   * Judge objects as kube-apiserver does on a create request with `fieldValidation=Strict` (one call for all).
   *
   * @param objects plain JSON objects
   * @returns one result per object, same order
   */
  public static judge(objects: readonly unknown[]): CoreResult[] {
    if (objects.length === 0) return [];
    const out = JSON.parse(KubeCore.load().validate(JSON.stringify(objects)));
    if (!Array.isArray(out)) throw new Error(`the API-server core could not read its input: ${out?.error ?? JSON.stringify(out)}`);
    return out;
  }

  /**
   * Turn one YAML document into JSON text exactly as kubectl reads it (`sigs.k8s.io/yaml`).
   *
   * @param yaml the document
   * @returns the JSON text, or the reader's error
   */
  public static yamlToJson(yaml: string): { readonly json?: string; readonly error?: string } {
    return KubeCore.load().yamlToJson(yaml);
  }

  /** Whether the module is built (`lib/core/kube-core.wasm` exists). */
  public static available(): boolean {
    return fs.existsSync(path.join(coreDir(), 'kube-core.wasm'));
  }

  private static load(): CoreApi {
    if (api) return api;
    const g = globalThis as any;
    if (g[GLOBAL_NAME]) return (api = g[GLOBAL_NAME] as CoreApi);
    const dir = coreDir();
    const wasm = path.join(dir, 'kube-core.wasm');
    if (!fs.existsSync(wasm)) {
      throw new Error(`the API-server core of cdk8s-node-daemons is not built (${wasm} is missing): run "npx projen build:core" in the package (needs Go >= 1.26)`);
    }
    // Go's support code defines globalThis.Go; keep an existing one (another Go module in the same process)
    const previousGo = g.Go;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(dir, 'wasm_exec.js'));
    const Go = g.Go;
    if (previousGo !== undefined) g.Go = previousGo;
    const go = new Go();
    go.argv = ['kube-core'];
    go.env = {};
    const wa = g.WebAssembly;
    const instance = new wa.Instance(new wa.Module(fs.readFileSync(wasm)), go.importObject);
    // runs Go's initialization and main() up to its first block: the functions are then registered
    void go.run(instance);
    api = g[GLOBAL_NAME] as CoreApi | undefined;
    if (!api) throw new Error(`the API-server core in ${wasm} did not start (no ${GLOBAL_NAME} after its initialization)`);
    return api;
  }
}
