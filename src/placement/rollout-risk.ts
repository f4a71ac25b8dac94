import { formatDuration } from './duration';
import { Rollout } from './rollout';
import { RolloutRange, RolloutSimulationOptions } from './rollout-simulation';

/**
 * The risk of a DaemonSet update in plain words, from `Rollout.simulate`: how long it takes, how many nodes are
 * without the daemon at worst, and what a bad version (one that never becomes ready) does. Printed by
 * `node-daemons plan` and `npm run examples`.
 */
export class RolloutRisk {
  /**
   * Three lines (fewer for OnDelete or no nodes), e.g.
   * `Takes about 5m over 10 nodes, 1 at a time (maxUnavailable 1).`,
   * `At worst 1 node is without this daemon at once.`,
   * `If the new version never becomes ready, the rollout stops after 1 node and leaves 1 node without this daemon.`
   *
   * @param daemonSet an apps/v1 `DaemonSet` object
   * @param nodeCount nodes that run the daemon (`PlacementPlan.desiredNumberScheduled`)
   * @param options as for `Rollout.simulate` (`failingNodes` is ignored: the bad version fails on every node)
   */
  public static describe(daemonSet: any, nodeCount: number, options: RolloutSimulationOptions = {}): string[] {
    const sim = Rollout.simulate(daemonSet, nodeCount, options);
    const n = sim.nodes;
    if (sim.manual) {
      return [`OnDelete: nothing is replaced until someone deletes the pods; ${nodes(n)} keep the old version until then.`];
    }
    if (n === 0) return ['No node runs this daemon: an update changes nothing.'];
    if (sim.hostPortFreeze) {
      const ports = Rollout.hostPorts(daemonSet).join(', ');
      return [
        `Never completes: with maxSurge ${sim.maxSurge} the new pods need host port ${ports}, which the old pods hold, `
        + `so ${sim.updatedNodes} of ${nodes(n)} get the new version (set maxSurge: 0 and maxUnavailable >= 1).`,
        'No node loses this daemon: the old pods keep running.',
      ];
    }
    const surging = sim.maxSurge > 0;
    const pace = surging ? `up to ${sim.maxSurge} at a time (maxSurge ${sim.maxSurge})` : `up to ${sim.maxUnavailable} at a time (maxUnavailable ${sim.maxUnavailable})`;
    const lines: string[] = [];
    if (sim.stalled) {
      const without = sim.nodesWithoutDaemonRange;
      lines.push(`Never completes: ${rangeText(sim.updatedNodesRange)} of ${nodes(n)} updated`
        + (without.max > 0 ? `, ${rangeText(without)} left without this daemon.` : '.'));
    } else {
      lines.push(`Takes about ${rangeText(sim.durationRange!, formatDuration)} over ${nodes(n)}, ${pace}.`);
    }
    const peak = sim.peakUnavailableRange.max;
    lines.push(peak === 0
      ? 'No node is without this daemon during the rollout (a new pod starts before the old one goes).'
      : `At worst ${nodes(peak)} ${peak === 1 ? 'is' : 'are'} without this daemon at once.`);
    const bad = Rollout.simulate(daemonSet, n, { ...options, failingNodes: n, nodeStartSeconds: undefined, podStartSpreadSeconds: 0 });
    if (surging) {
      lines.push(`If the new version never becomes ready, the rollout stops with ${bad.maxSurge} new pod${bad.maxSurge === 1 ? '' : 's'} waiting `
        + 'and every node keeps the old version.');
    } else {
      lines.push(`If the new version never becomes ready, the rollout stops after ${nodes(bad.updatedNodes)} and leaves `
        + `${nodes(bad.nodesWithoutDaemon)} without this daemon.`);
    }
    return lines;
  }

  private constructor() {}
}

function nodes(n: number): string {
  return `${n} node${n === 1 ? '' : 's'}`;
}

function rangeText(r: RolloutRange, unit: (x: number) => string = String): string {
  return r.min === r.max ? unit(r.min) : `${unit(r.min)}-${unit(r.max)}`;
}
