import { Rollout } from '../../src/placement';

const ds = (updateStrategy?: any, minReadySeconds?: number) =>
  ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'x' }, spec: { updateStrategy, minReadySeconds, template: { spec: {} } } });

describe('Rollout.estimate', () => {
  test('apps/v1 defaults: RollingUpdate, maxUnavailable 1, maxSurge 0, 30 s per pod', () => {
    const e = Rollout.estimate(ds(), 10);
    expect(e).toMatchObject({ strategy: 'RollingUpdate', nodes: 10, maxUnavailable: 1, maxSurge: 0, perWave: 1, waves: 10, waveSeconds: 30, durationSeconds: 300, manual: false, warnings: [] });
    expect(e.summary).toBe('RollingUpdate: maxUnavailable 1, 10 waves of up to 1 node, about 5m');
    expect(Rollout.estimate(ds({ type: 'RollingUpdate' }), 10).maxUnavailable).toBe(1);
    expect(Rollout.estimate(ds({ type: 'RollingUpdate', rollingUpdate: {} }), 10).maxUnavailable).toBe(1);
  });
  test('percentages scale against the node count and round up', () => {
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: '10%' } }), 15)).toMatchObject({ maxUnavailable: 2, waves: 8 });
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: '1%' } }), 3)).toMatchObject({ maxUnavailable: 1, waves: 3 });
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: '33%' } }), 100)).toMatchObject({ maxUnavailable: 33, waves: 4 });
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } }), 9))
      .toMatchObject({ maxUnavailable: 0, maxSurge: 3, perWave: 3, waves: 3, warnings: [] });
    expect(Rollout.scaledValue('50%', 5)).toBe(3);
    expect(Rollout.scaledValue(4, 5)).toBe(4);
    expect(Rollout.scaledValue('4', 5)).toBeUndefined();
  });
  test('both zero: the controller falls back to maxUnavailable 1', () => {
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } }), 4))
      .toMatchObject({ maxUnavailable: 1, maxSurge: 0, waves: 4 });
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: '0%', maxSurge: '0%' } }), 4).maxUnavailable).toBe(1);
    // 0% of 0 nodes: nothing to do
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: '0%' } }), 0)).toMatchObject({ maxUnavailable: 0, waves: 0, durationSeconds: 0 });
  });
  test('duration: pod start + minReadySeconds per wave; pod stop per wave without surge, once at the end with surge', () => {
    expect(Rollout.estimate(ds(undefined, 20), 3, { podStartSeconds: 10 }).durationSeconds).toBe(90);
    expect(Rollout.estimate(ds(undefined, 20), 3, { podStartSeconds: 10, podStopSeconds: 5 }).durationSeconds).toBe(105);
    const surge = ds({ rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }, 20);
    // with surge the last old pod still has to go: one pod stop at the end
    expect(Rollout.estimate(surge, 3, { podStartSeconds: 10, podStopSeconds: 5 }).durationSeconds).toBe(95);
  });
  test('a maxUnavailable above the node count is one wave', () => {
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: 50 } }), 4)).toMatchObject({ maxUnavailable: 50, perWave: 4, waves: 1 });
  });
  test('OnDelete is manual, without a duration', () => {
    const e = Rollout.estimate(ds({ type: 'OnDelete', rollingUpdate: { maxUnavailable: 5 } }), 7);
    expect(e).toMatchObject({ strategy: 'OnDelete', manual: true, waves: 0, maxUnavailable: 0, maxSurge: 0 });
    expect(e.durationSeconds).toBeUndefined();
    expect(e.summary).toContain('manual');
  });
  test('warnings: longer than an hour, more than a third down at once', () => {
    const slow = Rollout.estimate(ds(undefined, 60), 100);
    expect(slow.durationSeconds).toBe(9000);
    expect(slow.warnings).toEqual(['rollout takes about 2h 30m (100 waves of 1); raise maxUnavailable (e.g. a percentage) to speed it up']);
    expect(Rollout.estimate(ds(undefined, 60), 100, { warnAfterSeconds: 86400 }).warnings).toEqual([]);
    const wide = Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: '40%' } }), 10);
    expect(wide.warnings).toEqual(['maxUnavailable 4 of 10 nodes: more than a third of the nodes lose this daemon at once']);
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: '33%' } }), 9).warnings).toEqual([]); // exactly a third
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: 1 } }), 2).warnings).toHaveLength(1); // half of 2 nodes
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: 0, maxSurge: '100%' } }), 3).warnings).toEqual([]); // surge keeps pods up
  });
  test('invalid settings are reported', () => {
    expect(Rollout.estimate(ds({ rollingUpdate: { maxSurge: 1 } }), 5).warnings)
      .toContain('maxSurge may not be set when maxUnavailable is non-zero (the API server rejects it); set maxUnavailable: 0 to surge');
    expect(Rollout.estimate(ds({ rollingUpdate: { maxUnavailable: 'ten' } }), 5).warnings[0]).toMatch(/^invalid value for maxUnavailable: "ten"/);
    expect(Rollout.estimate(ds({ type: 'Recreate' }), 5).warnings[0]).toContain('is not supported');
    expect(Rollout.estimate(ds(), -3)).toMatchObject({ nodes: 0, waves: 0 });
  });
});
