import { Rollout, RolloutRisk } from '../../src/placement';

const ds = (rollingUpdate?: any, opts: { minReadySeconds?: number; type?: string; ports?: any[]; hostNetwork?: boolean } = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'kube-system' },
  spec: {
    minReadySeconds: opts.minReadySeconds,
    updateStrategy: { type: opts.type ?? 'RollingUpdate', rollingUpdate },
    template: { spec: { hostNetwork: opts.hostNetwork, containers: [{ name: 'agent', image: 'agent:2', ports: opts.ports }] } },
  },
});

describe('Rollout.simulate: healthy rollouts', () => {
  test('maxUnavailable 1: one node after the other', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 1 }), 20, { podStartSeconds: 2 });
    expect(r).toMatchObject({
      durationSeconds: 40,
      durationRange: { min: 40, max: 40 },
      stalled: false,
      orderDependent: false,
      updatedNodes: 20,
      nodesWithoutDaemon: 0,
      peakUnavailable: 1,
      maxUnavailable: 1,
      maxSurge: 0,
    });
    expect(r.timeline[0]).toEqual({ atSeconds: 0, oldPodsDeleted: 1, newPodsCreated: 1, newPodsAvailable: 0, updatedNodes: 1, unavailableNodes: 1 });
    expect(r.timeline[r.timeline.length - 1]).toMatchObject({ atSeconds: 40, newPodsAvailable: 1, updatedNodes: 20, unavailableNodes: 0 });
    expect(r.summary).toBe('RollingUpdate: maxUnavailable 1, about 40s, at most 1 node without the daemon at once');
  });

  test('percentages scale against the node count and round up (25% of 18 = 5)', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: '25%' }), 18, { podStartSeconds: 3 });
    expect(r.maxUnavailable).toBe(5);
    expect(r.durationSeconds).toBe(4 * 3);
    expect(r.peakUnavailable).toBe(5);
  });

  test('minReadySeconds and a pod stop are paid by every slot without surge', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 5 }, { minReadySeconds: 3 }), 20, { podStartSeconds: 2, podStopSeconds: 1 });
    expect(r.durationSeconds).toBe(4 * (2 + 3 + 1));
    expect(r.timeline[0]).toMatchObject({ atSeconds: 0, oldPodsDeleted: 5, newPodsCreated: 0, updatedNodes: 0, unavailableNodes: 5 });
    expect(r.timeline[1]).toMatchObject({ atSeconds: 1, newPodsCreated: 5, updatedNodes: 5 });
  });

  test('surge: no node loses its daemon, and the rollout ends one pod stop after the last new pod is available', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 0, maxSurge: 2 }), 20, { podStartSeconds: 2, podStopSeconds: 3 });
    expect(r).toMatchObject({ durationSeconds: 10 * 2 + 3, peakUnavailable: 0, updatedNodes: 20, stalled: false });
    // a node counts as updated once its old pod is gone
    expect(r.timeline.find((s) => s.atSeconds === 2)).toMatchObject({ oldPodsDeleted: 2, newPodsCreated: 2, newPodsAvailable: 2, updatedNodes: 0 });
    expect(r.timeline.find((s) => s.atSeconds === 5)).toMatchObject({ updatedNodes: 2 });
  });

  test('consistent with Rollout.estimate for uniform healthy rollouts', () => {
    for (const nodes of [1, 7, 20, 33]) {
      for (const ru of [{ maxUnavailable: 1 }, { maxUnavailable: 3 }, { maxUnavailable: '10%' }, { maxUnavailable: 0, maxSurge: 2 }, { maxUnavailable: 0, maxSurge: '30%' }, { maxUnavailable: 0, maxSurge: 0 }]) {
        for (const [start, stop, minReady] of [[5, 0, 0], [2, 3, 0], [4, 1, 5]]) {
          const d = ds(ru, { minReadySeconds: minReady });
          const options = { podStartSeconds: start, podStopSeconds: stop };
          expect([nodes, ru, start, stop, minReady, Rollout.simulate(d, nodes, options).durationSeconds])
            .toEqual([nodes, ru, start, stop, minReady, Rollout.estimate(d, nodes, options).durationSeconds]);
        }
      }
    }
  });

  test('no nodes: nothing to do', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 1 }), 0);
    expect(r).toMatchObject({ durationSeconds: 0, stalled: false, updatedNodes: 0, timeline: [] });
    expect(r.summary).toBe('RollingUpdate: no nodes to update');
  });
});

describe('Rollout.simulate: varied start times (the controller refills slots as soon as a pod is available)', () => {
  test('per-node start times: pipelining, and the order matters', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 2 }), 4, { nodeStartSeconds: [1, 1, 1, 5] });
    expect(r.orderDependent).toBe(true);
    // slowest first: 5 s next to three 1 s pods = 5 s; fastest first: 1+1, then 1 and 5 → 6 s
    expect(r.durationRange).toEqual({ min: 5, max: 6 });
    expect(r.durationSeconds).toBeGreaterThanOrEqual(5);
    expect(r.durationSeconds).toBeLessThanOrEqual(6);
  });

  test('a spread of start times takes longer than waves of the mean time would suggest, and more bursts than waves', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 4 }), 20, { podStartSeconds: 1, podStartSpreadSeconds: 5 });
    const bursts = r.timeline.filter((s) => s.oldPodsDeleted > 0).length;
    expect(bursts).toBeGreaterThan(5);
    expect(r.durationRange!.min).toBeGreaterThan(0);
    expect(r.durationRange!.max).toBeGreaterThanOrEqual(r.durationRange!.min);
    expect(r.durationRange!.max).toBeLessThanOrEqual(5 * 6); // never worse than 5 waves of the slowest pod
  });

  test('the same seed gives the same figures', () => {
    const a = Rollout.simulate(ds({ maxUnavailable: 3 }), 30, { podStartSeconds: 1, podStartSpreadSeconds: 4, seed: 7 });
    const b = Rollout.simulate(ds({ maxUnavailable: 3 }), 30, { podStartSeconds: 1, podStartSpreadSeconds: 4, seed: 7 });
    expect(a).toEqual(b);
  });
});

describe('Rollout.simulate: stalls', () => {
  test('fewer broken nodes than maxUnavailable: every node updated, the broken ones left without the daemon', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 3 }), 20, { podStartSeconds: 2, failingNodes: 2 });
    expect(r).toMatchObject({
      stalled: true,
      durationSeconds: undefined,
      durationRange: undefined,
      updatedNodes: 20,
      updatedNodesRange: { min: 20, max: 20 },
      nodesWithoutDaemon: 2,
      nodesWithoutDaemonRange: { min: 2, max: 2 },
    });
    expect(r.summary).toBe('RollingUpdate: maxUnavailable 3: stalls with 20 of 20 nodes updated, 2 nodes left without the daemon');
  });

  test('as many broken nodes as maxUnavailable: freezes part-way, where depends on the node order', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 2 }), 20, { podStartSeconds: 2, failingNodes: 2 });
    expect(r.stalled).toBe(true);
    expect(r.orderDependent).toBe(true);
    // broken nodes first: frozen at once with 2; broken nodes last: every node gets the new template
    expect(r.updatedNodesRange).toEqual({ min: 2, max: 20 });
    expect(r.nodesWithoutDaemonRange).toEqual({ min: 2, max: 2 });
    expect(r.updatedNodes).toBeGreaterThanOrEqual(2);
  });

  test('a bad version everywhere stops after maxUnavailable nodes', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 3 }), 20, { failingNodes: 20 });
    expect(r).toMatchObject({ stalled: true, orderDependent: false, updatedNodes: 3, nodesWithoutDaemon: 3, settledSeconds: 0 });
  });

  test('a bad version with surge: the surge slots stay taken, every node keeps its old daemon', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 0, maxSurge: 2 }), 20, { failingNodes: 20 });
    expect(r).toMatchObject({ stalled: true, updatedNodes: 0, nodesWithoutDaemon: 0, peakUnavailable: 0 });
  });

  test('surge with a host port freezes at once (hostPort, or a container port with hostNetwork)', () => {
    for (const d of [
      ds({ maxUnavailable: 0, maxSurge: 2 }, { ports: [{ containerPort: 9100, hostPort: 9100 }] }),
      ds({ maxUnavailable: 0, maxSurge: '10%' }, { hostNetwork: true, ports: [{ containerPort: 9100 }] }),
    ]) {
      const r = Rollout.simulate(d, 20, { podStartSeconds: 2 });
      expect(r).toMatchObject({ hostPortFreeze: true, stalled: true, updatedNodes: 0, nodesWithoutDaemon: 0 });
      expect(r.summary).toBe('RollingUpdate: maxSurge 2 with host ports: freezes at once, 0 of 20 nodes updated');
      expect(r.warnings.join('\n')).toContain('host port(s) 9100');
      expect(Rollout.estimate(d, 20).warnings.join('\n')).toContain('freezes at once');
    }
    expect(Rollout.simulate(ds({ maxUnavailable: 1 }, { ports: [{ containerPort: 9100, hostPort: 9100 }] }), 20).stalled).toBe(false);
  });

  test('nodes already unavailable are replaced at once and count against maxUnavailable from the start', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 1 }), 20, { podStartSeconds: 2, unavailableNodes: 2 });
    expect(r.timeline[0]).toMatchObject({ atSeconds: 0, oldPodsDeleted: 2, unavailableNodes: 2 });
    expect(r.peakUnavailable).toBe(2);
    expect(r.durationSeconds).toBe(2 + 18 * 2);
  });

  test('an invalid maxUnavailable: the controller does nothing', () => {
    const r = Rollout.simulate(ds({ maxUnavailable: 'ten' }), 5);
    expect(r).toMatchObject({ stalled: true, updatedNodes: 0 });
    expect(r.warnings[0]).toContain('invalid value for maxUnavailable');
  });
});

describe('Rollout.simulate: OnDelete and bad input', () => {
  test('OnDelete: manual, nothing changes', () => {
    const r = Rollout.simulate(ds(undefined, { type: 'OnDelete' }), 10, { unavailableNodes: 1 });
    expect(r).toMatchObject({ manual: true, stalled: false, updatedNodes: 0, nodesWithoutDaemon: 1, timeline: [] });
    expect(r.durationSeconds).toBeUndefined();
  });

  test('clear errors', () => {
    expect(() => Rollout.simulate(ds({ maxUnavailable: 1 }), 3, { nodeStartSeconds: [1, 2] }))
      .toThrow('Rollout.simulate: nodeStartSeconds must have one entry per node (3), got 2 entries');
    expect(() => Rollout.simulate(ds({ maxUnavailable: 1 }), 2, { nodeStartSeconds: [1, -2] }))
      .toThrow('Rollout.simulate: nodeStartSeconds[1] must be a number >= 0, got -2');
    expect(() => Rollout.simulate(ds({ maxUnavailable: 1 }), 3, { failingNodes: 1.5 }))
      .toThrow('Rollout.simulate: failingNodes must be an integer >= 0, got 1.5');
  });

  test('hostPorts lists the bound host ports', () => {
    expect(Rollout.hostPorts(ds({}, { ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }] }))).toEqual([8080]);
    expect(Rollout.hostPorts(ds({}, { hostNetwork: true, ports: [{ containerPort: 81 }] }))).toEqual([81]);
    expect(Rollout.hostPorts({})).toEqual([]);
  });
});

describe('RolloutRisk: the risk in plain words', () => {
  test('maxUnavailable: duration, worst case, a bad version', () => {
    expect(RolloutRisk.describe(ds({ maxUnavailable: 3 }), 10, { podStartSeconds: 30 })).toEqual([
      'Takes about 2m over 10 nodes, up to 3 at a time (maxUnavailable 3).',
      'At worst 3 nodes are without this daemon at once.',
      'If the new version never becomes ready, the rollout stops after 3 nodes and leaves 3 nodes without this daemon.',
    ]);
  });

  test('surge, surge with a host port, OnDelete, broken nodes, no nodes', () => {
    expect(RolloutRisk.describe(ds({ maxUnavailable: 0, maxSurge: 2 }), 10)[2])
      .toBe('If the new version never becomes ready, the rollout stops with 2 new pods waiting and every node keeps the old version.');
    expect(RolloutRisk.describe(ds({ maxUnavailable: 0, maxSurge: 2 }, { ports: [{ containerPort: 9100, hostPort: 9100 }] }), 10)[0])
      .toBe('Never completes: with maxSurge 2 the new pods need host port 9100, which the old pods hold, so 0 of 10 nodes get the new version '
        + '(set maxSurge: 0 and maxUnavailable >= 1).');
    expect(RolloutRisk.describe(ds(undefined, { type: 'OnDelete' }), 5))
      .toEqual(['OnDelete: nothing is replaced until someone deletes the pods; 5 nodes keep the old version until then.']);
    expect(RolloutRisk.describe(ds({ maxUnavailable: 3 }), 20, { failingNodes: 2 })[0]).toBe('Never completes: 20 of 20 nodes updated, 2 left without this daemon.');
    expect(RolloutRisk.describe(ds({ maxUnavailable: 'x' }), 5)[0]).toBe('Never completes: 0 of 5 nodes updated.');
    expect(RolloutRisk.describe(ds({ maxUnavailable: 1 }), 0)).toEqual(['No node runs this daemon: an update changes nothing.']);
  });
});
