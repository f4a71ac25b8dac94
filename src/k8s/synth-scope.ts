import { IConstruct } from 'constructs';

const INSTALLED = Symbol.for('cdk8s-node-daemons.synth-scope.installed');
const ACTIVE = Symbol.for('cdk8s-node-daemons.synth-scope.active');

/**
 * The span of one `App.synth()` or `App.synthYaml()` call.
 *
 * cdk8s validates every construct of the app once per synth and once more per chart, then renders
 * every object; no user code runs in between. Work that depends only on a construct's final state
 * (a daemon's rendered manifest, its validation findings) can therefore be done once per synth and
 * reused by every validation pass and by the output. The scope holds that work and is dropped when
 * the synth returns, so nothing is ever reused across a change made after a synth.
 *
 * Outside a scope (`Testing.synth`, `chart.toJson()`, `node.validate()`, `apiObject.toJson()`),
 * nothing is cached: every call renders afresh.
 *
 * @internal
 */
export class SynthScope {
  /**
   * Make the app that `construct` belongs to open a scope around its `synth()` and `synthYaml()`.
   * Idempotent; does nothing when the construct's root is not a cdk8s `App`.
   */
  public static install(construct: IConstruct): void {
    const root = construct.node.root as any;
    if (root[INSTALLED]) return;
    Object.defineProperty(root, INSTALLED, { value: true });
    for (const method of ['synth', 'synthYaml']) {
      const original = root[method];
      if (typeof original !== 'function') continue;
      Object.defineProperty(root, method, {
        configurable: true,
        writable: true,
        value: (...args: unknown[]) => SynthScope.run(root, () => original.apply(root, args)),
      });
    }
  }

  /** The scope of the synth in progress for `construct`'s app, if any. */
  public static current(construct: IConstruct): SynthScope | undefined {
    return (construct.node.root as any)[ACTIVE];
  }

  private static run<T>(root: any, fn: () => T): T {
    if (root[ACTIVE]) return fn(); // synth called from within a synth: one scope
    const scope = new SynthScope();
    root[ACTIVE] = scope;
    try {
      return fn();
    } finally {
      root[ACTIVE] = undefined;
      scope.flush();
    }
  }

  private readonly values = new Map<object, Map<string, unknown>>();
  private readonly output: string[] = [];

  private constructor() {}

  /** The value of `compute()` for (owner, key), computed once in this scope. */
  public memo<T>(owner: object, key: string, compute: () => T): T {
    let forOwner = this.values.get(owner);
    if (!forOwner) {
      forOwner = new Map();
      this.values.set(owner, forOwner);
    }
    if (forOwner.has(key)) return forOwner.get(key) as T;
    const value = compute();
    forOwner.set(key, value);
    return value;
  }

  /** Text for standard error, written in one piece when the synth ends (even when it fails). */
  public report(text: string): void {
    this.output.push(text);
  }

  private flush(): void {
    if (this.output.length > 0) process.stderr.write(this.output.join(''));
  }
}
