import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { NodeDaemon } from '../../src';
import { SynthScope } from '../../src/k8s/synth-scope';

function setup() {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const daemon = new NodeDaemon(chart, 'agent', { metadata: { name: 'agent', namespace: 'agents' } });
  daemon.addContainer({ name: 'main', image: 'example.com/agent:1.0.0' }); // no probes: ND-003 / ND-004 warnings
  return { app, chart, daemon };
}

describe('SynthScope: one rendering per daemon per App.synth()', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  test('synthYaml renders the daemon once for its validation passes and its output', () => {
    const { app, daemon } = setup();
    const render = jest.spyOn(daemon, '_toKube');
    app.synthYaml();
    expect(render).toHaveBeenCalledTimes(1);
  });

  test('synth() writes the same manifest, rendered once', () => {
    const { app, daemon, chart } = setup();
    const render = jest.spyOn(daemon, '_toKube');
    app.synth();
    expect(render).toHaveBeenCalledTimes(1);
    const written = fs.readFileSync(path.join(app.outdir, 'test.k8s.yaml'), 'utf-8');
    expect(written).toContain('name: agent');
    expect(Testing.synth(chart)[0]).toEqual(ApiObject.of(daemon).toJson());
  });

  test('no scope outside App.synth(): Testing.synth renders afresh each time', () => {
    const { chart, daemon } = setup();
    expect(SynthScope.current(daemon)).toBeUndefined();
    const render = jest.spyOn(daemon, '_toKube');
    Testing.synth(chart);
    Testing.synth(chart);
    expect(render.mock.calls.length).toBeGreaterThanOrEqual(4); // validation and output, twice
  });

  test('a change made after a synth is in the next synth and in apiObject.toJson()', () => {
    const { app, daemon } = setup();
    app.synthYaml();
    daemon.tolerateControlPlane();
    daemon.podMetadata.addLabel('tier', 'node');
    expect(ApiObject.of(daemon).toJson().spec.template.metadata.labels.tier).toBe('node');
    const yaml = app.synthYaml();
    expect(yaml).toContain('node-role.kubernetes.io/control-plane');
    expect(yaml).toContain('tier: node');
  });

  test('a mistake introduced after a clean synth fails the next synth', () => {
    const { app, daemon } = setup();
    app.synthYaml();
    daemon.keepRevisions(-1);
    expect(() => app.synthYaml()).toThrow(/spec\.revisionHistoryLimit: -1 must be a whole number/);
  });

  test('warnings of all daemons are written once, in one piece, when the synth ends', () => {
    const { app, chart } = setup();
    new NodeDaemon(chart, 'second', { metadata: { name: 'second', namespace: 'agents' } })
      .addContainer({ name: 'main', image: 'example.com/agent:1.0.0' });
    app.synthYaml();
    const writes = stderr.mock.calls.map((c) => String(c[0])).filter((t) => t.includes('warning:'));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toContain('[test/agent] warning:');
    expect(writes[0]).toContain('[test/second] warning:');
    expect(writes[0].match(/\[test\/agent\] warning: [^\n]*\[ND-003\]/g)).toHaveLength(1);
  });

  test('warnings are written even when the synth fails', () => {
    const { app, chart } = setup();
    new NodeDaemon(chart, 'broken', { metadata: { name: 'broken', namespace: 'agents' } })
      .keepRevisions(-1)
      .addContainer({ name: 'main', image: 'example.com/agent:1.0.0' });
    expect(() => app.synthYaml()).toThrow(/test\/broken/);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('[test/agent] warning:');
  });
});
