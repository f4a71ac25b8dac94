/**
 * `npm run bench`: synth, validation, planning and start-up cost of cdk8s-node-daemons, measured side by
 * side in one run and reported as ratios (the machine is shared and noisy: compare within a run only).
 *
 *   npm run bench                      # full run (N=1000 daemons, 1k/10k/100k nodes)
 *   npm run bench -- --n 200 --nodes 1000,5000 --rounds 3
 *   npm run bench -- --quick           # small N, used by the test suite to check every row prints
 *   npm run bench -- --json            # machine-readable
 *   npm run bench -- --corpus-only     # only the whole-corpus and large-input CLI rows (5. and 7.)
 *   npm run bench -- --only 1b,2,4     # only these groups
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const COMPILED = path.join(ROOT, 'lib', 'index.js');

interface Options {
  readonly n: number;
  readonly nodes: number[];
  readonly daemonSets: number;
  readonly rounds: number;
  readonly startupRuns: number;
  readonly json: boolean;
  readonly quick: boolean;
  readonly check: boolean;
  /** `--only 1b,2,4`: just those groups (by the number their scenario starts with); `--corpus-only`: 5 and 7 */
  readonly only?: string[];
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  return {
    quick,
    n: Number(get('n') ?? (quick ? 20 : 1000)),
    nodes: (get('nodes') ?? (quick ? '100,1000' : '1000,10000,100000')).split(',').map(Number),
    daemonSets: Number(get('daemonsets') ?? (quick ? 10 : 100)),
    rounds: Number(get('rounds') ?? (quick ? 1 : 3)),
    startupRuns: Number(get('startup-runs') ?? (quick ? 3 : 9)),
    json: argv.includes('--json'),
    check: argv.includes('--check'),
    only: get('only')?.split(',') ?? (argv.includes('--corpus-only') ? ['5', '7'] : undefined),
  };
}

/** Which build of the library the benchmark loads: the compiled package (what users get) when present. */
function libraryPath(): { path: string; label: string } {
  if (process.env.BENCH_LIBRARY === 'src' || !fs.existsSync(COMPILED)) {
    return { path: path.join(ROOT, 'src'), label: 'src (ts-node; run `npx projen compile` for compiled figures)' };
  }
  return { path: path.join(ROOT, 'lib'), label: 'lib (compiled)' };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

interface Row {
  readonly group: string;
  readonly measure: string;
  readonly value: string;
  readonly ratio?: string;
  readonly target?: string;
  readonly met?: boolean;
}

// ------------------------------------------------------------------ child: one synth variant per process

function child(argv: string[]) {
  const [variant, n] = [argv[1], Number(argv[2])];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const synth = require('./synth') as typeof import('./synth');
  const r = synth.runSynth(variant as any, n);
  process.stdout.write(JSON.stringify({ ...r, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

/**
 * The example app (examples/app.ts) built and synthesized in this fresh process, its `cdk8s-node-daemons` import
 * resolved to the library under test; `no-validator` turns synth-time validation into a no-op (what synth costs
 * without the validator and its embedded API-server core). Prints the time of building and synthesizing.
 */
function examplesChild(argv: string[]) {
  const [variant, libPath] = [argv[1], argv[2]];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('module');
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    return resolve.call(this, request === 'cdk8s-node-daemons' ? libPath : request, ...rest);
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(libPath);
  if (variant === 'no-validator') {
    // every way in: the public one, and the synth-time one (one core call for the app's daemons, then each daemon)
    lib.ManifestValidator.validate = () => [];
    lib.ManifestValidator._run = () => ({ findings: [], suppressed: [] });
    lib.ManifestValidator._judgeAhead = () => undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildExamples } = require('../examples/app') as typeof import('../examples/app');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-bench-examples-'));
  try {
    const t0 = performance.now();
    const app = buildExamples({ outdir });
    app.synth();
    const ms = performance.now() - t0;
    process.stdout.write(JSON.stringify({ ms, charts: app.charts.length }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Run this script again in a fresh process with `args`; the last line of its output is JSON. */
function runSelf<T>(args: string[], what: string): T {
  const res = spawnSync(process.execPath, [...process.execArgv, __filename, ...args], {
    cwd: ROOT, encoding: 'utf-8', env: process.env, maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`${what} failed:\n${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!);
}

function runChild(variant: string, n: number): { constructMs: number; synthMs: number; maxRssMB: number } {
  return runSelf(['--child', variant, String(n)], `synth child ${variant}`);
}

function planningInChild(argv: string[], count: number): { all: number[]; each: number[] } {
  return runSelf(['--planning', String(count), ...argv], 'planning child');
}

// ------------------------------------------------------------------ scenarios

function benchSynth(o: Options, rows: Row[], lib: any) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const synth = require('./synth') as typeof import('./synth');
  const diff = synth.checkEquivalence();
  if (diff) throw new Error(`the benchmark variants do not synthesize the same manifest: ${diff}`);
  const variants = ['ours', 'peer', 'floor', ...(lib.NodeExporterDaemon ? ['exporter', 'exporter-floor'] : [])];
  const samples: Record<string, { total: number[]; construct: number[]; synth: number[]; rss: number[] }> = {};
  for (const v of variants) samples[v] = { total: [], construct: [], synth: [], rss: [] };
  for (let r = 0; r < o.rounds; r++) {
    for (const v of variants) { // interleaved, one fresh process each
      const res = runChild(v, o.n);
      samples[v].total.push(res.constructMs + res.synthMs);
      samples[v].construct.push(res.constructMs);
      samples[v].synth.push(res.synthMs);
      samples[v].rss.push(res.maxRssMB);
    }
  }
  const m = (v: string, k: 'total' | 'construct' | 'synth' | 'rss') => median(samples[v][k]);
  const label: Record<string, string> = {
    'ours': 'NodeDaemon',
    'peer': 'cdk8s-plus-27 DaemonSet + JSON patches (peer)',
    'floor': 'raw ApiObject, same manifest (floor)',
    'exporter': 'NodeExporterDaemon (with companions)',
    'exporter-floor': 'raw ApiObjects, same manifests (exporter floor)',
  };
  for (const v of variants) {
    const floorOf = v.startsWith('exporter') ? 'exporter-floor' : 'floor';
    rows.push({
      group: `1. synth ${o.n} daemons`,
      measure: label[v],
      value: `construct ${fmt(m(v, 'construct'))} ms, synth ${fmt(m(v, 'synth'))} ms, peak RSS ${fmt(m(v, 'rss'), 0)} MB`,
      ratio: v === floorOf ? '1.00 (floor)' : `${fmt(m(v, 'total') / m(floorOf, 'total'), 2)} x floor`,
    });
  }
  const ours = m('ours', 'total') / m('floor', 'total');
  const peer = m('peer', 'total') / m('floor', 'total');
  rows.push({
    group: `1. synth ${o.n} daemons`,
    measure: '(ours/floor) / (peer/floor)',
    value: `${fmt(ours, 2)} / ${fmt(peer, 2)}`,
    ratio: fmt(ours / peer, 2),
    target: '<= 1.15',
    met: ours / peer <= 1.15,
  });
}

/**
 * The example app's synth as a user runs it (`cdk8s synth` runs `ts-node main.ts`: a fresh process that compiles
 * the app, loads the library, builds and synthesizes every chart), interleaved: with synth-time validation as
 * shipped (the embedded API-server core loaded on first use) and with validation a no-op. Also the in-process part
 * (build + synth) alone, where the core's one-time load weighs most.
 */
function benchExamplesSynth(o: Options, rows: Row[], libPath: string) {
  const group = '1b. synth the example app (fresh process each)';
  const lib = libPath.endsWith('src') ? libPath : path.join(libPath, 'index.js');
  const runs = o.quick ? 3 : 7;
  const wall: Record<string, number[]> = { 'validator': [], 'no-validator': [] };
  const inProcess: Record<string, number[]> = { 'validator': [], 'no-validator': [] };
  let charts = 0;
  for (let i = 0; i < runs; i++) {
    for (const v of ['validator', 'no-validator']) {
      const t0 = process.hrtime.bigint();
      const r = runSelf<{ ms: number; charts: number }>(['--examples-child', v, lib], 'examples synth child');
      wall[v].push(Number(process.hrtime.bigint() - t0) / 1e6);
      inProcess[v].push(r.ms);
      charts = r.charts;
    }
  }
  const m = (x: Record<string, number[]>, v: string) => median(x[v]);
  const ratio = m(wall, 'validator') / m(wall, 'no-validator');
  rows.push({
    group, measure: `without synth-time validation (${charts} charts)`,
    value: `${fmt(m(wall, 'no-validator'))} ms per process, build + synth ${fmt(m(inProcess, 'no-validator'))} ms (median of ${runs})`, ratio: '1.00',
  });
  rows.push({
    group, measure: 'with synth-time validation (API-server core)',
    value: `${fmt(m(wall, 'validator'))} ms per process, build + synth ${fmt(m(inProcess, 'validator'))} ms (median of ${runs})`,
    ratio: `${fmt(ratio, 2)} x without (build + synth ${fmt(m(inProcess, 'validator') / m(inProcess, 'no-validator'), 2)} x)`,
    target: '<= 1.3 per process', met: libPath.endsWith('src') ? undefined : ratio <= 1.3,
  });
}

function sample(fn: () => void, reps: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times;
}

function benchValidation(o: Options, rows: Row[], lib: any) {
  const group = `2. validate ${o.n} DaemonSets (warm)`;
  if (!lib.ManifestValidator) {
    rows.push({ group, measure: 'ManifestValidator', value: 'not available in this build' });
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generateDaemonSets } = require('./cluster') as typeof import('./cluster');
  const manifests = generateDaemonSets(o.n).map((ds) => {
    ds.spec.template.spec.containers[0].resources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '50m', memory: '32Mi' } };
    return ds;
  });
  const full = () => lib.ManifestValidator.validate(manifests);
  // the embedded API-server core alone: decoding, defaulting, validation and Pod Security of every object, one call
  const coreOnly = () => lib.ManifestValidator.validate(manifests, { bestPractices: false, reportPodSecurityLevel: false });
  // the same in the calling thread only (no worker threads with more instances of the core)
  const THREADS = 'CDK8S_NODE_DAEMONS_CORE_THREADS';
  const given = process.env[THREADS];
  const oneThread = () => {
    process.env[THREADS] = '1';
    try {
      return coreOnly();
    } finally {
      if (given === undefined) delete process.env[THREADS];
      else process.env[THREADS] = given;
    }
  };
  const threads = given ? Number(given) : Math.min(os.availableParallelism(), 4);
  // warm: code compiled, heap grown, the worker threads' cores loaded (they load in the background)
  const until = Date.now() + (o.quick ? 1500 : 3000);
  for (let i = 0; i < (o.quick ? 1 : 5) || Date.now() < until; i++) {
    full();
    coreOnly();
    oneThread();
  }
  // interleaved one call each, so that all three see the same machine (and the workers never sit idle long)
  const coreTimes: number[] = [];
  const oneTimes: number[] = [];
  const fullTimes: number[] = [];
  for (let i = 0; i < (o.quick ? 3 : 21); i++) {
    coreTimes.push(...sample(coreOnly, 1));
    oneTimes.push(...sample(oneThread, 1));
    fullTimes.push(...sample(full, 1));
  }
  const tCore = median(coreTimes);
  const tOne = median(oneTimes);
  const tFull = median(fullTimes);
  rows.push({
    group, measure: `API-server core (no rule pack), ${threads} thread${threads === 1 ? '' : 's'}`, value: `${fmt(tCore)} ms (${fmt(tCore / o.n, 3)} ms per DaemonSet)`,
    ratio: '1.00', target: '<= 0.3 ms per DaemonSet', met: tCore / o.n <= 0.3,
  });
  rows.push({
    group, measure: 'API-server core (no rule pack), calling thread only', value: `${fmt(tOne)} ms (${fmt(tOne / o.n, 3)} ms per DaemonSet)`,
    ratio: `${fmt(tOne / tCore, 2)} x`,
  });
  rows.push({
    group, measure: 'ManifestValidator.validate (all rules)', value: `${fmt(tFull)} ms`,
    ratio: `${fmt(tFull / tCore, 2)} x core only`,
  });
}

/** Planning runs for one cluster size (in a child process): both ways, interleaved, after a warm-up. */
function planningSamples(o: Options, count: number, lib: any): { all: number[]; each: number[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generateDaemonSets, generateNodes } = require('./cluster') as typeof import('./cluster');
  const daemonSets = generateDaemonSets(o.daemonSets);
  const nodes = generateNodes(count);
  // A fresh copy of the array per run: decisions shared between plans of one run are built in every run.
  const planAll = () => lib.Placement.planAll(daemonSets, nodes.slice());
  const planEach = () => {
    const list = nodes.slice();
    for (const ds of daemonSets) lib.Placement.plan(ds, list);
  };
  for (let w = 0; w < (o.quick ? 1 : 2); w++) { planAll(); planEach(); } // warm: code compiled, heap grown
  const all: number[] = [];
  const each: number[] = [];
  for (let r = 0; r < (o.quick ? 1 : 3); r++) {
    all.push(...sample(planAll, 1));
    each.push(...sample(planEach, 1));
  }
  return { all, each };
}

function benchPlanning(o: Options, rows: Row[], lib: any, argv: string[]) {
  const group = `3. plan ${o.daemonSets} DaemonSets`;
  if (!lib.Placement) {
    rows.push({ group, measure: 'Placement.plan', value: 'not available in this build' });
    return;
  }
  // Every size in fresh processes, rounds interleaved across sizes, so that the sizes compared see the same machine.
  const samples: Record<number, { all: number[]; each: number[] }> = {};
  for (const count of o.nodes) samples[count] = { all: [], each: [] };
  for (let round = 0; round < (o.quick ? 1 : 3); round++) {
    for (const count of o.nodes) {
      const r = planningInChild(argv, count);
      samples[count].all.push(...r.all);
      samples[count].each.push(...r.each);
    }
  }
  const all: Record<number, number> = {};
  const each: Record<number, number> = {};
  for (const count of o.nodes) {
    all[count] = median(samples[count].all);
    each[count] = median(samples[count].each);
    const isTarget = count === 10000 && o.daemonSets === 100;
    rows.push({
      group, measure: `Placement.planAll x ${count.toLocaleString('en-US')} nodes`, value: `${fmt(all[count])} ms`,
      ratio: `${fmt(all[count] / (o.daemonSets * count) * 1e6, 0)} ns per (DaemonSet, node)`,
      target: isTarget ? '<= 250 ms' : undefined,
      met: isTarget ? all[count] <= 250 : undefined,
    });
    rows.push({
      group, measure: `Placement.plan per DaemonSet x ${count.toLocaleString('en-US')} nodes`, value: `${fmt(each[count])} ms`,
      ratio: `${fmt(each[count] / (o.daemonSets * count) * 1e6, 0)} ns per (DaemonSet, node)`,
      target: isTarget ? '<= 250 ms' : undefined,
      met: isTarget ? each[count] <= 250 : undefined,
    });
  }
  // linearity between the two largest sizes (the target: 100k nodes within 11x of 10k)
  const sizes = [...o.nodes].sort((x, y) => x - y);
  const large = sizes[sizes.length - 1];
  const small = sizes.length > 1 ? sizes[sizes.length - 2] : large;
  if (large > small) {
    const expected = large / small;
    const span = `${large.toLocaleString('en-US')} vs ${small.toLocaleString('en-US')} nodes`;
    const scaleAll = all[large] / all[small];
    rows.push({
      group, measure: `Placement.planAll linearity ${span}`,
      value: `${fmt(scaleAll, 2)} x time for ${fmt(expected, 0)} x nodes`,
      ratio: fmt(scaleAll / expected, 2),
      target: `<= 1.1 (${large.toLocaleString('en-US')} within ${fmt(1.1 * large / small, 0)}x of ${small.toLocaleString('en-US')})`,
      met: scaleAll / expected <= 1.1,
    });
    const scaleEach = each[large] / each[small];
    rows.push({
      group, measure: `Placement.plan per DaemonSet linearity ${span} (reads the node list once per DaemonSet)`,
      value: `${fmt(scaleEach, 2)} x time for ${fmt(expected, 0)} x nodes`,
      ratio: fmt(scaleEach / expected, 2),
    });
  }
}

/**
 * Scheduler fit: planAll of the same DaemonSets (with requests, host ports, priorities) on the same nodes (with
 * allocatable) and 30 existing pods per node, against planAll on that cluster without fit. Target: at most 2x.
 * 100 DaemonSets x 10,000 nodes; `--quick` keeps the 100 DaemonSets on 1,000 nodes (the ratio depends on the
 * DaemonSets and pods per node, not on the node count).
 */
function benchSchedulerFit(o: Options, rows: Row[], lib: any) {
  const daemonSetCount = o.quick ? 100 : o.daemonSets;
  const group = `3b. scheduler fit, ${daemonSetCount} DaemonSets`;
  if (!lib.Placement?.planCluster) {
    rows.push({ group, measure: 'Placement.planAll with scheduler fit', value: 'not available in this build' });
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { addAllocatable, generateDaemonSets, generateExistingPods, generateNodes, withRequests } = require('./cluster') as typeof import('./cluster');
  const count = o.quick ? 1000 : 10000;
  const nodes = addAllocatable(generateNodes(count));
  const daemonSets = withRequests(generateDaemonSets(daemonSetCount));
  const pods = generateExistingPods(nodes, 30);
  const without = () => lib.Placement.planAll(daemonSets, nodes.slice());
  const withFit = () => lib.Placement.planAll(daemonSets, nodes.slice(), { existingPods: pods });
  for (let w = 0; w < (o.quick ? 1 : 2); w++) { without(); withFit(); }
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < (o.quick ? 1 : 5); r++) {
    a.push(...sample(without, 1));
    b.push(...sample(withFit, 1));
  }
  const ta = median(a);
  const tb = median(b);
  const size = `${count.toLocaleString('en-US')} nodes, ${pods.length.toLocaleString('en-US')} existing pods`;
  rows.push({ group, measure: `Placement.planAll without fit x ${size}`, value: `${fmt(ta)} ms`, ratio: '1.00' });
  rows.push({
    group, measure: `Placement.planAll with scheduler fit x ${size}`, value: `${fmt(tb)} ms`, ratio: fmt(tb / ta, 2),
    target: '<= 2x without fit', met: tb / ta <= 2,
  });
}

function benchStartup(o: Options, rows: Row[], libPath: string) {
  const group = '4. start-up (fresh process, require only)';
  const ours = `require(${JSON.stringify(libPath)})`;
  const peer = "require('cdk8s-plus-27')";
  const useTsNode = libPath.endsWith('src');
  const run = (code: string) => {
    const args = useTsNode ? ['-r', 'ts-node/register/transpile-only', '-e', code] : ['-e', code];
    const t0 = process.hrtime.bigint();
    const res = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf-8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 0) throw new Error(`start-up run failed: ${res.stderr}`);
    return ms;
  };
  // the first validation of a process loads the embedded API-server core (compile and Go initialization)
  const ds = JSON.stringify({
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'a', namespace: 'default' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } },
  });
  // interleaved: the three see the same machine
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < o.startupRuns; i++) {
    a.push(run(ours));
    b.push(run(peer));
    c.push(run(`require(${JSON.stringify(libPath)}).ManifestValidator.validate([${ds}])`));
  }
  const ratio = median(a) / median(b);
  rows.push({ group, measure: "require('cdk8s-plus-27')", value: `${fmt(median(b))} ms (median of ${o.startupRuns})`, ratio: '1.00' });
  rows.push({
    group, measure: "require('cdk8s-node-daemons')", value: `${fmt(median(a))} ms (median of ${o.startupRuns})`,
    ratio: `${fmt(ratio, 2)} x cdk8s-plus-27`, target: '<= 1.3', met: useTsNode ? undefined : ratio <= 1.3,
  });
  const firstRatio = median(c) / median(b);
  rows.push({
    group, measure: 'first ManifestValidator.validate (core loaded)', value: `${fmt(median(c))} ms (median of ${o.startupRuns})`,
    ratio: `${fmt(firstRatio, 2)} x cdk8s-plus-27`, target: '<= 2.5', met: useTsNode ? undefined : firstRatio <= 2.5,
  });
}

/** The published DaemonSet manifests beside the repository (not part of it). */
const CORPUS = path.resolve(ROOT, '../shared/realworld');

/**
 * Whole corpus through the CLI, each run a fresh process reporting its own CPU time (user + system) at exit:
 * merely parsing the files with the `yaml` package, `validate --output json`, and the table at 120 and 80 columns.
 */
function benchCorpus(o: Options, rows: Row[], libPath: string) {
  const group = '5. validate the realworld corpus (fresh processes, CPU time)';
  if (!fs.existsSync(CORPUS)) {
    rows.push({ group, measure: 'node-daemons validate', value: 'not available: ../shared/realworld is absent' });
    return;
  }
  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(CORPUS, f));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-bench-'));
  const preload = path.join(dir, 'cpu.js');
  fs.writeFileSync(preload, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, '\\nCPU ' + (u.user + u.system) / 1000 + '\\n'); });\n");
  const parser = path.join(dir, 'parse.js');
  fs.writeFileSync(parser, `const fs = require('fs'); const YAML = require(${JSON.stringify(require.resolve('yaml', { paths: [ROOT] }))});\n`
    + 'for (const f of process.argv.slice(2)) for (const d of YAML.parseAllDocuments(fs.readFileSync(f, "utf8"))) d.toJS();\n');
  const useTsNode = libPath.endsWith('src');
  const cli = useTsNode ? ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src/cli/main.ts')] : [path.join(ROOT, 'lib/cli/main.js')];
  const cpuOf = (args: string[], columns?: string) => {
    const res = spawnSync(process.execPath, ['-r', preload, ...args], {
      cwd: ROOT, encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...(columns ? { COLUMNS: columns } : {}) },
    });
    const m = /\nCPU ([0-9.]+)\n/.exec(res.stderr);
    if (!m || res.status === null || res.status > 2) throw new Error(`corpus run failed (${args.join(' ')}): ${res.stderr}`);
    return Number(m[1]);
  };
  const parse: number[] = [];
  const json: number[] = [];
  const table: number[] = [];
  const narrow: number[] = [];
  const runs = o.quick ? 1 : 5;
  try {
    for (let i = 0; i < runs; i++) {
      parse.push(cpuOf([parser, ...files]));
      json.push(cpuOf([...cli, 'validate', '--output', 'json', ...files]));
      table.push(cpuOf([...cli, 'validate', ...files], '120'));
      narrow.push(cpuOf([...cli, 'validate', ...files], '80'));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const [p, j, t, n] = [median(parse), median(json), median(table), median(narrow)];
  const of = `(median of ${runs}, ${files.length} files)`;
  rows.push({ group, measure: 'parse with the yaml package (one process)', value: `${fmt(p, 0)} ms CPU ${of}`, ratio: '1.00' });
  rows.push({
    group, measure: 'node-daemons validate --output json', value: `${fmt(j, 0)} ms CPU`, ratio: `${fmt(j / p, 2)} x parse`,
    target: '<= 3', met: useTsNode ? undefined : j / p <= 3,
  });
  rows.push({
    group, measure: 'node-daemons validate (table, 120 columns)', value: `${fmt(t, 0)} ms CPU`, ratio: `${fmt(t / j, 2)} x json`,
    target: '<= 1.2', met: useTsNode ? undefined : t / j <= 1.2,
  });
  rows.push({
    group, measure: 'node-daemons validate (table, 80 columns)', value: `${fmt(n, 0)} ms CPU`, ratio: `${fmt(n / j, 2)} x json`,
    target: '<= 1.2', met: useTsNode ? undefined : n / j <= 1.2,
  });
}

/**
 * Large inputs through the CLI, each in a fresh process (wall time and peak RSS): a ConfigMap with a 50,000-key
 * mapping, and a 30 MB `kind: List` of ConfigMaps as YAML and as JSON (`kubectl get -o json` output).
 */
function benchLargeInputs(o: Options, rows: Row[], libPath: string) {
  const group = '7. large inputs (fresh process, validate --output json)';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-bench-large-'));
  const preload = path.join(dir, 'rss.js');
  fs.writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, '\\nRSS ' + process.resourceUsage().maxRSS / 1024 + '\\n'));\n");
  const keys = 50_000;
  const many = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: many', '  namespace: default', 'data:'];
  for (let i = 0; i < keys; i++) many.push(`  key-${i}: v${i}`);
  const listBytes = o.quick ? 3e6 : 30e6;
  const items: unknown[] = [];
  for (let size = 0, i = 0; size < listBytes; i++) {
    items.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' }, data: { payload: 'x'.repeat(900) } });
    size += 1000;
  }
  const list = { apiVersion: 'v1', kind: 'List', items };
  const inputs: Array<[string, string, string]> = [
    [`ConfigMap with a ${keys.toLocaleString('en-US')}-key mapping (YAML)`, 'many.yaml', many.join('\n') + '\n'],
    [`kind: List, ${(listBytes / 1e6).toFixed(0)} MB of YAML (${items.length.toLocaleString('en-US')} items)`, 'list.yaml',
      'apiVersion: v1\nkind: List\nitems:\n' + items.map((it: any) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: ${it.metadata.name}, namespace: default}\n  data: {payload: ${it.data.payload}}\n`).join('')],
    [`kind: List, ${(listBytes / 1e6).toFixed(0)} MB of JSON (${items.length.toLocaleString('en-US')} items)`, 'list.json', JSON.stringify(list, null, 1)],
  ];
  const useTsNode = libPath.endsWith('src');
  const cli = useTsNode ? ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src/cli/main.ts')] : [path.join(ROOT, 'lib/cli/main.js')];
  try {
    for (const [measure, name, text] of inputs) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      const t0 = process.hrtime.bigint();
      const res = spawnSync(process.execPath, ['-r', preload, ...cli, 'validate', '--output', 'json', file], { cwd: ROOT, encoding: 'utf-8', maxBuffer: 1024 * 1024 * 1024 });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const rss = /\nRSS ([0-9.]+)\n/.exec(res.stderr);
      if (!rss || res.status === null || res.status > 1) throw new Error(`large input run failed (${name}): ${res.stderr.slice(0, 2000)}`);
      const mb = Number(rss[1]);
      rows.push({
        group, measure, value: `${fmt(ms / 1000, 1)} s, peak RSS ${fmt(mb, 0)} MB`,
        target: o.quick ? undefined : '<= 5 s, <= 1,000 MB', met: o.quick || useTsNode ? undefined : ms <= 5000 && mb <= 1000,
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rollout.simulate for many DaemonSets over a large cluster: a mix of strategies, a quarter with spread start times. */
function benchRollout(o: Options, rows: Row[], lib: any) {
  const nodes = o.quick ? 1000 : 10_000;
  const group = `6. rollout ${o.daemonSets} DaemonSets`;
  if (!lib.Rollout?.simulate) {
    rows.push({ group, measure: 'Rollout.simulate', value: 'not available in this build' });
    return;
  }
  const strategies = [
    { maxUnavailable: 1 },
    { maxUnavailable: '10%' },
    { maxUnavailable: 0, maxSurge: '5%' },
    { maxUnavailable: '10%' },
  ];
  const daemonSets = Array.from({ length: o.daemonSets }, (_, i) => ({
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: `ds-${i}` },
    spec: { minReadySeconds: i % 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: strategies[i % 4] }, template: { spec: { containers: [{ name: 'c' }] } } },
  }));
  const options = (i: number) => (i % 4 === 3 ? { podStartSeconds: 10, podStartSpreadSeconds: 20, failingNodes: 2 } : { podStartSeconds: 20, podStopSeconds: 2 });
  const runAll = () => daemonSets.forEach((ds, i) => lib.Rollout.simulate(ds, nodes, options(i)));
  runAll(); // warm
  const samples: number[] = [];
  for (let r = 0; r < Math.max(3, o.rounds); r++) {
    const t = process.hrtime.bigint();
    runAll();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const ms = median(samples);
  rows.push({
    group, measure: `Rollout.simulate x ${nodes.toLocaleString('en-US')} nodes (a quarter order-dependent: 10 node orders each)`,
    value: `${fmt(ms)} ms`, target: o.quick ? undefined : '< 1000 ms', met: o.quick ? undefined : ms < 1000,
  });
}

// ------------------------------------------------------------------ main

function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv);
  if (argv[0] === '--examples-child') return examplesChild(argv);
  if (argv[0] === '--planning') {
    // one cluster size in a process of its own: its heap is shaped by nothing else
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const samples = planningSamples(parseArgs(argv.slice(2)), Number(argv[1]), require(libraryPath().path));
    process.stdout.write(JSON.stringify(samples));
    return;
  }
  const o = parseArgs(argv);
  const lib = libraryPath();
  process.env.BENCH_LIBRARY = lib.path.endsWith('src') ? 'src' : 'lib';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require(lib.path);
  const rows: Row[] = [];
  const header = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    library: lib.label,
    n: o.n,
  };
  if (!o.json) {
    process.stdout.write(`cdk8s-node-daemons benchmark: ${header.cpus} CPU(s) (${header.cpuModel}), Node ${header.node}, library from ${header.library}, N=${o.n}\n`);
  }
  const groups: Array<[string, () => void]> = [
    ['1', () => benchSynth(o, rows, api)],
    ['1b', () => benchExamplesSynth(o, rows, lib.path)],
    ['2', () => benchValidation(o, rows, api)],
    ['3', () => benchPlanning(o, rows, api, argv)],
    ['3b', () => benchSchedulerFit(o, rows, api)],
    ['4', () => benchStartup(o, rows, lib.path)],
    ['6', () => benchRollout(o, rows, api)],
    ['5', () => benchCorpus(o, rows, lib.path)],
    ['7', () => benchLargeInputs(o, rows, lib.path)],
  ];
  for (const [id, run] of groups) if (!o.only || o.only.includes(id)) run();
  if (o.json) {
    process.stdout.write(JSON.stringify({ ...header, rows }, null, 2) + '\n');
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Table = require('cli-table3');
  const table = new Table({
    head: ['scenario', 'measure', 'value', 'ratio', 'target', 'met'],
    wordWrap: true,
    colWidths: [24, 36, 44, 22, 22, 6],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    table.push([r.group, r.measure, r.value, r.ratio ?? '', r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  }
  process.stdout.write(table.toString() + '\n');
  if (o.check) checkRows(rows);
}

/** `--check`: every scenario produced figures (used by CI on a small run; no timing is asserted). */
function checkRows(rows: Row[]) {
  const missing = ['1. synth', '1b. synth the example app', '2. validate', '3. plan', '3b. scheduler fit', '4. start-up', '5. ', '6. rollout', '7. large inputs'].filter(
    (g) => !rows.some((r) => r.group.startsWith(g) && !r.value.includes('not available')),
  );
  const broken = rows.filter((r) => /NaN|undefined/.test(r.value + (r.ratio ?? '')));
  if (missing.length > 0 || broken.length > 0) {
    process.stderr.write(`benchmark check failed: missing ${JSON.stringify(missing)}, broken rows ${JSON.stringify(broken)}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`benchmark check: all ${rows.length} rows printed\n`);
  }
}

main();
