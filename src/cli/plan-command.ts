import { Command } from 'commander';
import type { PlacementOptions } from '../placement/feature-gates';
import type { PlacementPlan } from '../placement/placement-decision';
import type { RolloutEstimate } from '../placement/rollout';

/**
 * `node-daemons plan --nodes nodes.json FILE...`: where each DaemonSet's pods land on the given nodes, why they
 * do not land elsewhere, and how long a rollout takes.
 */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('plan')
    .description('Show on which nodes each DaemonSet runs (and why not elsewhere), as the DaemonSet controller decides, plus the rollout estimate')
    .argument('[files...]', 'YAML/JSON manifests with DaemonSets (- for stdin); other kinds are ignored with a note')
    .option('-n, --nodes <file>', 'the cluster\'s nodes: `kubectl get nodes -o json` output, a NodeList, a Node, a JSON array or YAML (- for stdin)')
    .option('--kubeconfig [file]', 'read the nodes (and, without FILEs, the DaemonSets) from a live cluster; default $KUBECONFIG or ~/.kube/config')
    .option('--context <name>', 'kubeconfig context (with --kubeconfig)')
    .option('-o, --output <format>', 'output format: table or json', 'table')
    .option('--feature-gates <gates>', 'Kubernetes feature gates, e.g. TaintTolerationComparisonOperators=true')
    .option('--pod-start-seconds <n>', 'seconds for a daemon pod to become ready, for the rollout estimate', '30')
    .option('--excluded-only', 'list only the nodes that do not run the daemon', false)
    .option('--max-rows <n>', 'show at most this many nodes per DaemonSet')
    .option('--pods <file>', 'the pods already on the nodes: `kubectl get pods -A -o json` output (with --kubeconfig they are read live)')
    .option('--node-group-label <label>', 'group the overhead table by this node label', 'node.kubernetes.io/instance-type')
    .addHelpText('after', '\nExample:\n  kubectl get nodes -o json > nodes.json\n  node-daemons plan --nodes nodes.json daemonset.yaml\n')
    .action(async (files: string[], opts: any) => {
      setExit(await runPlan(files, opts));
    });
}

interface Sourced {
  readonly object: any;
  readonly where: string;
}

/* eslint-disable @typescript-eslint/no-require-imports */
async function runPlan(files: string[], opts: any): Promise<number> {
  const out = (s: string) => process.stdout.write(s);
  const note = (s: string) => process.stderr.write(s + '\n');
  // loaded here so that other commands do not pay for them
  const { Placement, Rollout, PlanReport } = require('../placement') as typeof import('../placement');

  if (opts.output !== 'table' && opts.output !== 'json') {
    note(`node-daemons plan: --output must be table or json, got ${JSON.stringify(opts.output)}`);
    return 2;
  }
  const podStartSeconds = Number(opts.podStartSeconds);
  if (!Number.isFinite(podStartSeconds) || podStartSeconds < 0) {
    note(`node-daemons plan: --pod-start-seconds must be a number >= 0, got ${JSON.stringify(opts.podStartSeconds)}`);
    return 2;
  }
  let maxRows: number | undefined;
  if (opts.maxRows !== undefined) {
    maxRows = Number(opts.maxRows);
    if (!Number.isInteger(maxRows) || maxRows < 0) {
      note(`node-daemons plan: --max-rows must be an integer >= 0, got ${JSON.stringify(opts.maxRows)}`);
      return 2;
    }
  }
  let options: PlacementOptions;
  try {
    options = { featureGates: parseFeatureGates(opts.featureGates), explainScheduled: true };
  } catch (e: any) {
    note(`node-daemons plan: ${e.message}`);
    return 2;
  }
  if (!opts.nodes && opts.kubeconfig === undefined) {
    note('node-daemons plan: pass --nodes FILE (e.g. from `kubectl get nodes -o json`) or --kubeconfig');
    return 2;
  }
  if (files.length === 0 && opts.kubeconfig === undefined) {
    note('node-daemons plan: pass at least one FILE with DaemonSets (- for stdin)');
    return 2;
  }

  let exit = 0;
  let nodes: any[];
  let pods: any[] | undefined;
  const priorityClasses: any[] = [];
  const daemonSets: Sourced[] = [];
  const ignored: string[] = [];
  if (opts.nodes) {
    if (opts.nodes === '-' && files.includes('-')) {
      note('node-daemons plan: standard input (-) can feed either --nodes or a FILE, not both');
      return 2;
    }
    try {
      const { NodeInput } = require('./plan-input') as typeof import('./plan-input');
      const loaded = NodeInput.load(opts.nodes);
      nodes = loaded.nodes;
      for (const n of loaded.notes) note(`note: ${n}`);
    } catch (e: any) {
      note(`node-daemons plan: ${e.message}`);
      return 2;
    }
  } else {
    try {
      const { LiveCluster } = require('./live-cluster') as typeof import('./live-cluster');
      const live = await LiveCluster.read(opts.kubeconfig === true ? undefined : opts.kubeconfig, { context: opts.context, scheduling: !opts.pods });
      nodes = live.nodes;
      if (live.pods) pods = live.pods;
      priorityClasses.push(...(live.priorityClasses ?? []));
      if (files.length === 0) {
        for (const ds of live.daemonSets) daemonSets.push({ object: ds, where: `${live.context ?? 'cluster'}` });
      }
    } catch (e: any) {
      note(`node-daemons plan: ${e.message}`);
      return 2;
    }
  }

  if (files.length > 0) {
    const { ManifestFiles } = require('../k8s/manifest-files') as typeof import('../k8s/manifest-files');
    const loaded = ManifestFiles.load(files);
    for (const p of loaded.errors) {
      note(`error: ${ManifestFiles.formatProblem(p)}`);
      exit = 2;
    }
    for (const doc of loaded.documents) {
      const where = ManifestFiles.location({ file: doc.file, index: doc.index, item: doc.item });
      const o = doc.object;
      if (o?.kind === 'DaemonSet') {
        daemonSets.push({ object: o, where });
      } else if (o?.kind === 'PriorityClass') {
        priorityClasses.push(o);
      } else {
        const what = `${o?.kind ?? 'object'}/${o?.metadata?.name ?? ''}`;
        const msg = `${where}: ${what} is not a DaemonSet, ignored`;
        ignored.push(msg);
        note(`note: ${msg}`);
      }
    }
  }
  if (daemonSets.length === 0) {
    note('node-daemons plan: no DaemonSet found in the input; nothing to plan');
    return 2;
  }

  if (opts.pods) {
    try {
      const { PodInput } = require('./plan-input') as typeof import('./plan-input');
      pods = PodInput.load(opts.pods);
    } catch (e: any) {
      note(`node-daemons plan: ${e.message}`);
      return 2;
    }
  }
  const cluster = Placement.planCluster(daemonSets.map((ds) => ds.object), nodes,
    { ...options, existingPods: pods ?? [], priorityClasses, nodeGroupLabel: String(opts.nodeGroupLabel) });
  const plans = cluster.plans;
  const results: Array<{ source: string; plan: PlacementPlan; rollout: RolloutEstimate }> = daemonSets.map((ds, i) => ({
    source: ds.where,
    plan: plans[i],
    rollout: Rollout.estimate(ds.object, plans[i].desiredNumberScheduled, { podStartSeconds }),
  }));

  if (opts.output === 'json') {
    const body = {
      nodes: nodes.length,
      daemonSets: results.map((r, i) => ({
        source: r.source,
        ...PlanReport.toJson(r.plan, r.rollout),
        risk: riskLines(daemonSets[i].object, r.plan, podStartSeconds),
      })),
      overhead: PlanReport.overheadJson(cluster),
      ignored,
    };
    out(JSON.stringify(body, null, 2) + '\n');
  } else {
    const parts = results.map((r, i) => `# ${r.source}\n` + PlanReport.render(r.plan, r.rollout, { maxRows, excludedOnly: opts.excludedOnly === true })
      + riskLines(daemonSets[i].object, r.plan, podStartSeconds).map((l) => `Risk: ${l}\n`).join(''));
    parts.push(PlanReport.renderOverhead(cluster)); // per node: -o json
    out(parts.join('\n'));
  }
  return exit;
}

/** The rollout risk in plain words (`RolloutRisk`), for the table and the JSON output. */
function riskLines(daemonSet: any, plan: PlacementPlan, podStartSeconds: number): string[] {
  const { RolloutRisk } = require('../placement/rollout-risk') as typeof import('../placement/rollout-risk');
  return RolloutRisk.describe(daemonSet, plan.desiredNumberScheduled, { podStartSeconds });
}

/* eslint-enable @typescript-eslint/no-require-imports */

/** `A=true,B=false` into a map; a bare name means true. */
function parseFeatureGates(text: string | undefined): { [gate: string]: boolean } | undefined {
  if (!text) return undefined;
  const gates: { [gate: string]: boolean } = {};
  for (const part of String(text).split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const [name, value] = part.split('=', 2).map((s) => s.trim());
    if (value === undefined || value === 'true') gates[name] = true;
    else if (value === 'false') gates[name] = false;
    else throw new Error(`--feature-gates: ${part}: the value must be true or false`);
  }
  return gates;
}
