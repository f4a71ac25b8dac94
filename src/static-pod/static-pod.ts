import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { StaticPodConverter } from './static-pod-converter';
import { StaticPodError } from './static-pod-error';
import { StaticPodManifest } from './static-pod-manifest';
import { StaticPodOptions } from './static-pod-options';

/**
 * Renders DaemonSets as kubelet static pod manifests (`v1 Pod` files for `/etc/kubernetes/manifests`).
 *
 * The conversion keeps containers, init containers, volumes, host access, security context, priority, DNS policy
 * and the template's labels and annotations; it drops what only the DaemonSet controller or the scheduler reads
 * (selector, update strategy, tolerations, affinity, node selector, ...) and lists it in a comment at the top of the
 * YAML. Static pods cannot reference ServiceAccounts, ConfigMaps or Secrets: ConfigMaps given with the DaemonSet
 * are inlined as host files, every other reference fails with an error naming the field and the fix.
 *
 * @example
 * const manifest = StaticPod.fromNodeDaemon(daemon, { nameSuffix: '-edge' });
 * StaticPodWriter.write('dist', [manifest]);
 */
export class StaticPod {
  /**
   * Convert a DaemonSet object (plain Kubernetes JSON, as in a YAML file).
   *
   * @param daemonSet the DaemonSet (`apiVersion: apps/v1`, `kind: DaemonSet`)
   * @param options ConfigMaps and PriorityClasses of the same manifest set go in `options.manifests`
   * @throws Error naming every field that a static pod cannot have, with the fix
   */
  public static fromDaemonSet(daemonSet: any, options: StaticPodOptions = {}): StaticPodManifest {
    return StaticPodConverter.convert(daemonSet, options);
  }

  /**
   * Convert every DaemonSet in a manifest set.
   *
   * @param objects Kubernetes objects (plain JSON); the ones that are not DaemonSets (ConfigMaps, PriorityClasses)
   * are used for inlining and priorities; `options.manifests`, if given, adds to them.
   *
   * @throws Error listing the problems of every DaemonSet that cannot be converted
   */
  public static fromManifests(objects: any[], options: StaticPodOptions = {}): StaticPodManifest[] {
    const all = [...objects, ...(options.manifests ?? [])];
    const daemonSets = objects.filter((o) => o?.kind === 'DaemonSet');
    return StaticPod.convertAll(daemonSets, { ...options, manifests: all });
  }

  /**
   * Convert a DaemonSet construct (a `NodeDaemon`, a typed daemon's DaemonSet or any cdk8s-plus `DaemonSet`) from
   * its rendered JSON. The objects of its chart (e.g. the ConfigMap of a log agent) are available for inlining.
   * The construct's synth-time validations run first.
   *
   * @param daemon the DaemonSet construct
   * @throws Error with the construct path when the construct is invalid or cannot become a static pod
   */
  public static fromNodeDaemon(daemon: Construct, options: StaticPodOptions = {}): StaticPodManifest {
    const apiObject = StaticPod.apiObjectOf(daemon);
    const errors = daemon.node.validate();
    if (errors.length > 0) throw new Error(`${daemon.node.path}: ${errors.join('\n')}`);
    const chartObjects = Chart.of(daemon).toJson();
    return StaticPodConverter.convert(apiObject.toJson(), { ...options, manifests: [...chartObjects, ...(options.manifests ?? [])] },
      `${daemon.node.path} (DaemonSet ${apiObject.name})`);
  }

  /**
   * Convert every DaemonSet of a chart (NodeDaemons and typed daemons alike), with the chart's other objects
   * available for inlining.
   */
  public static fromChart(chart: Chart, options: StaticPodOptions = {}): StaticPodManifest[] {
    const errors = chart.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
    if (errors.length > 0) throw new Error(errors.join('\n'));
    return StaticPod.fromManifests(chart.toJson(), options);
  }

  private static convertAll(daemonSets: any[], options: StaticPodOptions): StaticPodManifest[] {
    const out: StaticPodManifest[] = [];
    const problems = [];
    for (const ds of daemonSets) {
      try {
        out.push(StaticPodConverter.convert(ds, options));
      } catch (e) {
        if (e instanceof StaticPodError) problems.push(...e.problems);
        else throw e;
      }
    }
    if (problems.length > 0) throw new StaticPodError(problems);
    return out;
  }

  private static apiObjectOf(daemon: Construct): ApiObject {
    const candidate = (daemon as any).apiObject;
    if (candidate instanceof ApiObject && candidate.kind === 'DaemonSet') return candidate;
    if (daemon instanceof ApiObject && daemon.kind === 'DaemonSet') return daemon;
    const found = daemon.node.findAll().filter((c) => c instanceof ApiObject && c.kind === 'DaemonSet');
    if (found.length === 1) return found[0] as ApiObject;
    throw new Error(`${daemon.node.path}: is not a DaemonSet construct. Fix: pass a NodeDaemon (or a cdk8s-plus DaemonSet), or use StaticPod.fromChart.`);
  }
}
