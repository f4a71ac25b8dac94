import { ApiObject, App, Chart, IResolver, Lazy, ResolutionContext, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { NodeDaemon } from '../../src';
import { DirectRender } from '../../src/k8s/direct-render';

/** The generic cdk8s rendering of a daemon (what `apiObject.toJson()` does without NodeDaemon's direct path). */
const generic = (d: NodeDaemon) => plus.k8s.KubeDaemonSet.prototype.toJson.call(ApiObject.of(d));

function daemon(app: App = Testing.app()) {
  const chart = new Chart(app, 'test', { labels: { zeta: 'z', alpha: 'a' } });
  const d = new NodeDaemon(chart, 'agent', {
    metadata: { name: 'agent', namespace: 'agents', labels: { 'z-last': '1', 'a-first': '2' } },
    podMetadata: { labels: { zz: '1', aa: '2' } },
    validation: { enabled: false },
  });
  d.addContainer({ name: 'main', image: 'example.com/agent:1.0.0', envVariables: { B: plus.EnvValue.fromValue('2'), A: plus.EnvValue.fromValue('1') } });
  return d;
}

describe('DirectRender', () => {
  test('renders every example daemon exactly as cdk8s does, key order included', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildExamples } = require('../../examples/app');
    const app = buildExamples({ outdir: Testing.app().outdir });
    const daemons = app.node.findAll().filter((c: any) => c instanceof NodeDaemon) as NodeDaemon[];
    expect(daemons.length).toBeGreaterThanOrEqual(8);
    for (const d of daemons) expect(JSON.stringify(ApiObject.of(d).toJson())).toBe(JSON.stringify(generic(d)));
  });

  test('sorts keys as cdk8s does (labels given out of order)', () => {
    const d = daemon();
    const json = ApiObject.of(d).toJson();
    expect(Object.keys(json.metadata.labels)).toEqual(['a-first', 'alpha', 'z-last', 'zeta']);
    expect(Object.keys(DirectRender.resolve({ b: 1, a: 2 }) as object)).toEqual(['a', 'b']);
    expect(JSON.stringify(json)).toBe(JSON.stringify(generic(d)));
  });

  test('keeps insertion order when CDK8S_DISABLE_SORT is set, as cdk8s does', () => {
    const d = daemon();
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const json = ApiObject.of(d).toJson();
      expect(Object.keys(json.spec.template.metadata.labels)).toEqual(Object.keys(generic(d).spec.template.metadata.labels));
      expect(JSON.stringify(json)).toBe(JSON.stringify(generic(d)));
      expect(Object.keys(DirectRender.resolve({ b: 1, a: 2 }) as object)).toEqual(['b', 'a']);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('resolves Lazy values and implicit tokens, and drops null members', () => {
    expect(DirectRender.resolve({
      b: Lazy.any({ produce: () => ({ y: 1, x: Lazy.any({ produce: () => 'deep' }) }) }),
      a: { resolve: () => 'token' },
      n: null,
      u: undefined,
      list: [null, 1, { value: 'not a union: plain object' }],
    })).toEqual({ a: 'token', b: { x: 'deep', y: 1 }, list: [undefined, 1, { value: 'not a union: plain object' }] });
  });

  test('renders number-or-string unions (IntOrString, Quantity) as cdk8s does', () => {
    expect(DirectRender.resolve({ q: plus.k8s.Quantity.fromString('10Mi'), i: plus.k8s.IntOrString.fromNumber(3) }))
      .toEqual({ i: { value: 3 }, q: { value: '10Mi' } });
  });

  test('leaves non-plain objects to the generic path', () => {
    class Thing { public readonly x = 1; }
    expect(DirectRender.resolve({ a: [new Thing()] })).toBe(DirectRender.UNSUPPORTED);
  });

  test('a Lazy value in the daemon is rendered at synth time, not frozen', () => {
    const d = daemon();
    let image = 'example.com/agent:1.0.0';
    d.addContainer({ name: 'side', image: Lazy.any({ produce: () => image }) as unknown as string });
    image = 'example.com/agent:2.0.0';
    const json = ApiObject.of(d).toJson();
    expect(json.spec.template.spec.containers[1].image).toBe('example.com/agent:2.0.0');
    expect(JSON.stringify(json)).toBe(JSON.stringify(generic(d)));
  });

  test('an app with custom resolvers is rendered by the generic path (the resolvers apply)', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext) {
        const v = context.value;
        if (context.key.join('.').endsWith('containers.0.image') && typeof v === 'string' && v !== v.toUpperCase()) context.replaceValue(v.toUpperCase());
      }
    }
    const app = new App({ outdir: Testing.app().outdir, resolvers: [new Upper()] });
    expect(DirectRender.builtInResolversOnly(app)).toBe(false);
    expect(DirectRender.builtInResolversOnly(Testing.app())).toBe(true);
    const d = daemon(app);
    expect(ApiObject.of(d).toJson().spec.template.spec.containers[0].image).toBe('EXAMPLE.COM/AGENT:1.0.0');
  });

  test('escape-hatch JSON patches are applied (generic path)', () => {
    const d = daemon();
    const { JsonPatch } = jest.requireActual('cdk8s');
    ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/restartPolicy', 'Never'));
    expect(ApiObject.of(d).toJson().spec.template.spec.restartPolicy).toBe('Never');
  });

  test('a value cdk8s cannot render fails with cdk8s\'s error and the construct path', () => {
    const d = daemon();
    class Opaque { public readonly x = 1; }
    d.podMetadata.addAnnotation('bad', new Opaque() as unknown as string);
    expect(() => ApiObject.of(d).toJson()).toThrow(/Failed serializing construct at path 'test\/agent\/Resource'.*can't render non-simple object of type 'Opaque'/);
  });
});
