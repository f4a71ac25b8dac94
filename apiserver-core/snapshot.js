#!/usr/bin/env node
// Pre-initializes the API-server core at build time, so that a process loading it does not run Go's package
// initialization (feature gates, scheme registration of every API group, CEL's standard library: most of a second).
//
//   node snapshot.js <built.wasm> <wasm_exec.js> <out dir> [<name>]
//
// writes into <out dir> (<name>: kube-core, or kube-core-small for the build of the common kinds only):
//   kube-core.wasm      the module as built, with its eight globals (stack pointer, goroutine, ...) exported and
//                       its data segments left out (the snapshot carries the memory they initialize)
//   kube-core.snapshot  the state after initialization, a warm-up call and a heap reserve: a JSON header (the
//                       globals, and what the Go side refers to on the JavaScript side), then the linear memory at
//                       a 4 KiB boundary, without its all-zero 64 KiB pages (the header lists the runs kept)
//
// The loader (src/validation/core/kube-core.ts) instantiates the module, writes the memory and globals back and
// rebuilds Go's table of JavaScript references from the description, then calls the registered functions as if Go
// had just initialized. Everything a reference can be is described here (a fixed value of wasm_exec.js, a
// function registered by Go, a property path from globalThis); anything else stops the build.
'use strict';
const fs = require('fs');
const path = require('path');

const MAGIC = 'KCS1';
const ALIGN = 4096;
const API = 'cdk8sNodeDaemonsCore';
// heap the core has at hand without growing its memory (see reserve in main.go); it costs address space only
const RESERVE_MB = 256;

function die(msg) {
  process.stderr.write(`apiserver-core/snapshot.js: ${name}: ${msg}\n`);
  process.exit(1);
}

/** The sections of a WebAssembly binary: [{ id, start (of the section), body, end }]. */
function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) die('not a WebAssembly module');
  const out = [];
  let p = 8;
  while (p < buf.length) {
    const start = p;
    const id = buf[p++];
    const [size, n] = leb(buf, p);
    p += n;
    out.push({ id, start, body: p, end: p + size });
    p += size;
  }
  return out;
}

function leb(buf, p) {
  let r = 0;
  let shift = 0;
  let n = 0;
  let x;
  do {
    x = buf[p + n++];
    r += (x & 0x7f) * 2 ** shift;
    shift += 7;
  } while (x & 0x80);
  return [r, n];
}

function uleb(v) {
  const out = [];
  do {
    let x = v % 128;
    v = Math.floor(v / 128);
    if (v) x |= 0x80;
    out.push(x);
  } while (v);
  return Buffer.from(out);
}

/** The module with globals exported as g0..g<n-1> and, when `dropData`, without its data section. */
function rewrite(buf, dropData) {
  const secs = sections(buf);
  const globals = secs.find((s) => s.id === 6);
  if (!globals) die('the module has no globals');
  const [count] = leb(buf, globals.body);
  const parts = [buf.subarray(0, 8)];
  for (const s of secs) {
    if (s.id === 11 && dropData) continue;
    if (s.id !== 7) {
      parts.push(buf.subarray(s.start, s.end));
      continue;
    }
    const [n, len] = leb(buf, s.body);
    const extra = [];
    for (let i = 0; i < count; i++) {
      const name = Buffer.from(`g${i}`);
      extra.push(uleb(name.length), name, Buffer.from([3]), uleb(i));
    }
    const body = Buffer.concat([uleb(n + count), buf.subarray(s.body + len, s.end), ...extra]);
    parts.push(Buffer.from([7]), uleb(body.length), body);
  }
  return { wasm: Buffer.concat(parts), globals: count };
}

/** A sample of what the library validates, so that what Go initializes on first use is in the snapshot too. */
function warmUp(api) {
  const labels = { app: 'warm-up' };
  const pod = {
    metadata: { labels },
    spec: {
      containers: [{
        name: 'agent', image: 'registry.example/agent:1.0', ports: [{ name: 'metrics', containerPort: 9100, hostPort: 9100 }],
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
        securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        livenessProbe: { httpGet: { path: '/', port: 9100 } },
        volumeMounts: [{ name: 'proc', mountPath: '/host/proc', readOnly: true }],
      }],
      volumes: [{ name: 'proc', hostPath: { path: '/proc' } }],
      tolerations: [{ operator: 'Exists' }],
    },
  };
  const meta = (name) => ({ name, namespace: 'default' });
  const objects = [
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('a'), spec: { selector: { matchLabels: labels }, template: pod } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('a'), spec: { selector: { matchLabels: labels }, template: pod } },
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('a'), spec: pod.spec },
    { apiVersion: 'v1', kind: 'Service', metadata: meta('a'), spec: { selector: labels, ports: [{ port: 9100 }] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('a'), data: { a: 'b' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('a') },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'a' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }] },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'a' }, value: 1000 },
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: meta('a') },
    // a CustomResourceDefinition with a CEL rule and one of its resources: CEL's environments are built once
    {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.warm-up.example' },
      spec: {
        group: 'warm-up.example', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [{
          name: 'v1', served: true, storage: true, subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object', required: ['size'], 'x-kubernetes-validations': [{ rule: 'self.size <= self.max', message: 'size above max' }],
                  properties: { size: { type: 'integer', minimum: 0 }, max: { type: 'integer', default: 10 }, mode: { type: 'string', enum: ['a', 'b'] }, tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } },
                },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        }],
      },
    },
    { apiVersion: 'warm-up.example/v1', kind: 'Widget', metadata: meta('a'), spec: { size: 20, mode: 'c', tags: ['x', 'x'], extra: 1 } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('a'), spec: { selector: {}, template: { spec: { containers: [{}] } } }, extra: 1 },
  ];
  // the small build (kinds.go only) judges no CustomResourceDefinition: it is warmed up on the built-in objects
  const custom = JSON.parse(api.kinds()).some(([v, k]) => v === 'apiextensions.k8s.io/v1' && k === 'CustomResourceDefinition');
  if (!custom) objects.splice(objects.findIndex((o) => o.apiVersion === 'monitoring.coreos.com/v1'), 3);
  // each object with its head (as the loader sends it), and the first once more without (the core reads the head)
  const out = JSON.parse(api.validate(objects.map((o) => `H${o.apiVersion}\t${o.kind}\t${JSON.stringify(o)}\n`).join('') + `J${JSON.stringify(objects[0])}\n`));
  if (Array.isArray(out)) out.pop();
  if (!Array.isArray(out) || out.length !== objects.length || out[0].status !== 'validated' || out[out.length - 1].status !== 'validated' || !(out[out.length - 1].errors ?? []).length
    || (custom && (out[out.length - 2].status !== 'validated' || !(out[out.length - 2].errors ?? []).length))) {
    die(`the warm-up validation gave an unexpected answer: ${JSON.stringify(out).slice(0, 500)}`);
  }
  const y = api.yamlToJson('a: 1\nb: [x, "y"]\n');
  if (y.json !== '{"a":1,"b":["x","y"]}') die(`the warm-up YAML conversion gave ${JSON.stringify(y)}`);
}

async function main() {
  const [built, execJs, outDir, name = 'kube-core'] = process.argv.slice(2);
  if (!outDir) die('usage: snapshot.js <built.wasm> <wasm_exec.js> <out dir> [<name>]');
  const raw = fs.readFileSync(built);
  const full = rewrite(raw, false);
  const lean = rewrite(raw, true);

  require(path.resolve(execJs));
  const Go = globalThis.Go;
  const go = new Go();
  go.argv = ['kube-core'];
  go.env = {};
  const funcIds = new Map();
  const makeFuncWrapper = go._makeFuncWrapper;
  go._makeFuncWrapper = function (id) {
    const f = makeFuncWrapper.call(this, id);
    funcIds.set(f, id);
    return f;
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(full.wasm), go.importObject);
  void go.run(instance);
  const api = globalThis[API];
  if (!api) die(`the core did not register ${API}`);
  const initialized = go._values.slice();
  warmUp(api);
  api.reserve(RESERVE_MB);
  // the collection leaves background work on timers (sweeping, scavenging): let it finish
  for (let waited = 0; go._scheduledTimeouts.size > 0 && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  if (go.exited) die('the core exited during initialization');
  if (go._pendingEvent || go._scheduledTimeouts.size) die(`the core is not idle after initialization (${go._pendingEvent ? 'pending event' : `${go._scheduledTimeouts.size} timer(s) pending`})`);

  // how each JavaScript value Go refers to can be found again in another process
  const paths = new Map();
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    let v;
    try { v = globalThis[name]; } catch { continue; }
    if (v !== null && (typeof v === 'object' || typeof v === 'function') && !paths.has(v)) paths.set(v, [name]);
  }
  for (const [v, p] of [...paths]) {
    if (typeof v !== 'object' || ['process', 'fs', 'path'].indexOf(p[0]) < 0) continue;
    for (const k of Object.keys(v)) {
      let w;
      try { w = v[k]; } catch { continue; }
      if (w !== null && (typeof w === 'object' || typeof w === 'function') && !paths.has(w)) paths.set(w, [p[0], k]);
    }
  }
  const fixed = 7; // NaN, 0, null, true, false, globalThis, the Go instance: set up by wasm_exec.js itself
  const values = go._values.map((v, i) => {
    if (i < fixed) return { fixed: i };
    // left from the warm-up calls (their arguments, events and results): Go only releases these references
    if (initialized[i] !== v) return { released: true };
    if (v === null || v === undefined) return { value: null };
    if (['number', 'boolean', 'string'].includes(typeof v)) return { value: v };
    if (funcIds.has(v)) return { func: funcIds.get(v) };
    if (paths.has(v)) return { path: paths.get(v) };
    return die(`the core refers to a JavaScript value (#${i}, ${typeof v}) the snapshot cannot describe`);
  });
  const functions = {};
  for (const [k, f] of Object.entries(api)) {
    if (!funcIds.has(f)) die(`${API}.${k} is not a function registered by Go`);
    functions[k] = funcIds.get(f);
  }

  const e = instance.exports;
  const mem = new Uint8Array(e.mem.buffer);
  // the memory without its all-zero stretches (the reserve): runs of 64 KiB pages that hold anything
  const PAGE = 65536;
  const runs = [];
  for (let p = 0; p < mem.length; p += PAGE) {
    if (!mem.subarray(p, p + PAGE).some((x) => x !== 0)) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === p) last[1] += PAGE;
    else runs.push([p, PAGE]);
  }
  const stored = runs.reduce((n, r) => n + r[1], 0);
  const header = Buffer.from(JSON.stringify({
    bytes: mem.length,
    runs,
    globals: Array.from({ length: full.globals }, (_, i) => String(e[`g${i}`].value)),
    values,
    refCounts: go._goRefCounts.map((x) => (x === Infinity ? null : x)),
    idPool: go._idPool,
    nextTimeout: go._nextCallbackTimeoutID,
    functions,
  }));
  // the memory follows the header at an offset the loader can read it from in one call, straight into the
  // module's memory
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const pad = Buffer.alloc((ALIGN - ((8 + header.length) % ALIGN)) % ALIGN, 0x20);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `${name}.snapshot`), Buffer.concat([Buffer.from(MAGIC), len, header, pad, ...runs.map(([o, n]) => mem.subarray(o, o + n))]));
  fs.writeFileSync(path.join(outDir, `${name}.wasm`), lean.wasm);
  process.stderr.write(`apiserver-core/snapshot.js: ${(mem.length / 1e6).toFixed(1)} MB of memory (${(stored / 1e6).toFixed(1)} MB stored), module ${(lean.wasm.length / 1e6).toFixed(1)} MB\n`);
}

main().catch((e) => die(e.stack || String(e)));
