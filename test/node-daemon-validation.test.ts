import { ApiObject, Chart, Lazy, Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { ManifestValidator, NodeDaemon, PriorityClass } from '../src';
import { synthErrors } from './synth-errors';

function setup(validation: ConstructorParameters<typeof NodeDaemon>[2] extends infer P ? P : never = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const daemon = new NodeDaemon(chart, 'agent', { metadata: { name: 'agent', namespace: 'agents' }, ...validation });
  daemon.addContainer({ // no probes: ND-003 / ND-004 warnings
    name: 'main',
    image: 'example.com/agent:1.0.0',
    resources: { cpu: { request: plus.Cpu.millis(10) }, memory: { request: Size.mebibytes(16), limit: Size.mebibytes(16) } },
  });
  return { app, chart, daemon };
}


describe('NodeDaemon runs ManifestValidator on its own output at synth', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  test('warnings are printed with the construct path, and do not fail synth', () => {
    const { app } = setup();
    expect(synthErrors(app)).toBe('');
    const printed = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).toContain('[test/agent] warning: spec.template.spec.containers[0].livenessProbe:');
    expect(printed).toContain('[ND-003]');
    expect(printed).toContain('[ND-014]');
  });

  test('warningsAsErrors fails synth on them', () => {
    const { app } = setup({ validation: { warningsAsErrors: true } });
    const msg = synthErrors(app);
    expect(msg).toContain('[test/agent] spec.template.spec.containers[0].livenessProbe:');
    expect(msg).toContain('[ND-003]');
  });

  test('reportWarnings: false keeps synth quiet', () => {
    const { app } = setup({ validation: { reportWarnings: false } });
    expect(synthErrors(app)).toBe('');
    expect(stderr).not.toHaveBeenCalled();
  });

  test('a suppressed rule is not reported, and the suppression is recorded as construct metadata', () => {
    const { app, daemon } = setup({ validation: { warningsAsErrors: true }, priorityClass: PriorityClass.SYSTEM_NODE_CRITICAL });
    daemon
      .suppress('ND-003', 'the agent exits on failure; restartPolicy Always restarts it')
      .suppress('ND-004', 'no readiness: nothing routes traffic to this agent');
    expect(synthErrors(app)).toBe('');
    expect(daemon.suppressions.map((s) => s.ruleId)).toEqual(['ND-003', 'ND-004']);
    expect(daemon.node.metadata.filter((m) => m.type === 'cdk8s-node-daemons:suppression').map((m) => m.data))
      .toEqual([
        { ruleId: 'ND-003', reason: 'the agent exits on failure; restartPolicy Always restarts it' },
        { ruleId: 'ND-004', reason: 'no readiness: nothing routes traffic to this agent' },
      ]);
    // the suppression travels with the manifest: an annotation on the DaemonSet (not on the pod template)
    const manifest = daemon._manifestJson();
    expect(manifest.metadata.annotations).toMatchObject({
      'suppress.node-daemons.dev/ND-003': 'the agent exits on failure; restartPolicy Always restarts it',
      'suppress.node-daemons.dev/ND-004': 'no readiness: nothing routes traffic to this agent',
    });
    expect(Object.keys(manifest.spec.template.metadata.annotations ?? {}).filter((k) => k.startsWith('suppress.'))).toEqual([]);
    // and the plain validator (what the CLI and the cdk8s plugin run on the synthesized YAML) honours it
    const findings = ManifestValidator.validate([manifest], { warningsAsErrors: true });
    expect(findings.filter((f) => f.ruleId === 'ND-003' || f.ruleId === 'ND-004')).toEqual([]);
  });

  test('suppress() rejects a rule ID that names no rule', () => {
    const { daemon } = setup();
    expect(() => daemon.suppress('ND-03', 'typo')).toThrow('test/agent: cannot suppress "ND-03" names no rule');
  });

  test('a suppression needs a reason', () => {
    const { daemon } = setup();
    expect(() => daemon.suppress('ND-003', '')).toThrow('test/agent: suppressing ND-003 needs a reason');
  });

  test('enabled: false skips the validator but not the builder checks', () => {
    const { app, daemon } = setup({ validation: { enabled: false, warningsAsErrors: true } });
    expect(synthErrors(app)).toBe('');
    daemon.preferNodeAffinity(0);
    expect(synthErrors(app)).toContain('must be in the range 1-100');
  });
});

describe('within one synth, the core judges every daemon of the app in one call', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  /** Four daemons in two charts: a valid one, one the server refuses, one the builder refuses, one not validated. */
  function app() {
    const a = Testing.app();
    const one = new Chart(a, 'one');
    const two = new Chart(a, 'two');
    const daemon = (chart: Chart, id: string, props: object = {}) => {
      const d = new NodeDaemon(chart, id, { metadata: { name: id, namespace: 'agents' }, ...props });
      d.addContainer({ name: 'main', image: 'example.com/agent:1.0.0', resources: { memory: { request: Size.mebibytes(16), limit: Size.mebibytes(16) } } });
      return d;
    };
    const valid = daemon(one, 'valid', { validation: { warningsAsErrors: true } });
    const refused = daemon(one, 'refused');
    const { JsonPatch } = jest.requireActual('cdk8s');
    ApiObject.of(refused).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/ports', [{ containerPort: 70000 }]));
    const builder = daemon(two, 'builder').preferNodeAffinity(0);
    const unvalidated = daemon(two, 'unvalidated', { validation: { enabled: false } });
    return { app: a, daemons: [valid, refused, builder, unvalidated] };
  }

  test('one call for the daemons whose validator runs; each daemon reports what it reports validated alone', () => {
    // validated one at a time, outside a synth: one call to the core per daemon whose validator runs
    const { KubeCore } = jest.requireActual('../src/validation/core/kube-core');
    const judge = jest.spyOn(KubeCore, 'judge');
    try {
      const separately = app();
      const alone = separately.daemons.map((d) => d.node.validate());
      expect(judge).toHaveBeenCalledTimes(2); // valid, refused (the builder's own error stops the validator)
      expect(alone[0].join('\n')).toContain('[ND-003]'); // warnings as errors
      expect(alone[1]).toEqual([expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.ports\[0\]\.containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive/)]);
      expect(alone[2]).toEqual([expect.stringContaining('must be in the range 1-100')]);
      expect(alone[3]).toEqual([]);
      judge.mockClear();

      const together = app();
      const errors = synthErrors(together.app);
      // one call, for the three daemons whose validation is enabled (the builder's one is judged, its verdict unused)
      expect(judge).toHaveBeenCalledTimes(1);
      expect(judge.mock.calls[0][0].map((m: any) => m.metadata.name)).toEqual(['valid', 'refused', 'builder']);
      together.daemons.forEach((d, i) => {
        for (const line of alone[i]) expect(errors).toContain(`[${d.node.path}] ${line}`);
      });
      expect(errors.match(/^ {2}\[/gm)).toHaveLength(alone.flat().length);
    } finally {
      judge.mockRestore();
    }
  });

  test('a daemon that cannot be rendered fails synth with its own error, and leaves the others judged', () => {
    const { KubeCore } = jest.requireActual('../src/validation/core/kube-core');
    const judge = jest.spyOn(KubeCore, 'judge');
    try {
      const { app: a, daemons } = app();
      daemons[1].addContainer({ name: 'side', image: Lazy.any({ produce: () => { throw new Error('no image for side'); } }) as any });
      expect(synthErrors(a)).toBe("Failed serializing construct at path 'one/refused/Resource' with name 'refused': Error: no image for side");
      expect(judge).toHaveBeenCalledTimes(1);
      expect(judge.mock.calls[0][0].map((m: any) => m.metadata.name)).toEqual(['valid', 'builder']);
    } finally {
      judge.mockRestore();
    }
  });
});

describe('Pod Security level', () => {
  test('a default daemon needs "baseline" (restricted also needs capabilities drop ALL); host PID makes it "privileged"', () => {
    const { daemon } = setup();
    expect(daemon.podSecurityLevel()).toBe('baseline');
    daemon.useHostPid();
    expect(daemon.podSecurityLevel()).toBe('privileged');
  });

  test('labelNamespaceForPodSecurity labels the namespace with the level computed at synth', () => {
    const { chart, daemon } = setup({ validation: { reportWarnings: false } });
    const ns = new plus.Namespace(chart, 'ns', { metadata: { name: 'agents' } });
    daemon.labelNamespaceForPodSecurity(ns);
    daemon.useHostNetwork(); // after labelling: the level is computed from the final template
    const nsJson = Testing.synth(chart).find((o: any) => o.kind === 'Namespace');
    expect(nsJson.metadata.labels).toEqual(expect.objectContaining({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/warn': 'privileged',
    }));
  });
});

describe('the manifest the synth-time checks judge', () => {
  test('with an escape-hatch JSON patch, the patched manifest is judged', () => {
    const { app, daemon } = setup({ validation: { reportWarnings: false } });
    const { JsonPatch } = jest.requireActual('cdk8s');
    ApiObject.of(daemon).addJsonPatch(JsonPatch.add('/spec/template/spec/restartPolicy', 'Never'));
    expect(daemon._manifestJson().spec.template.spec.restartPolicy).toBe('Never');
    expect(synthErrors(app)).toContain('spec.template.spec.restartPolicy');
  });
});
