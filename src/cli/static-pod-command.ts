import type { Command } from 'commander';
import { ManifestFiles } from '../k8s/manifest-files';
import type { StaticPodManifest } from '../static-pod/static-pod-manifest';
import type { StaticPodOptions } from '../static-pod/static-pod-options';

/**
 * `node-daemons static-pod FILE...`: converts every DaemonSet in YAML/JSON manifests (multi-document, `-` for stdin)
 * into a kubelet static pod manifest. The other objects of the files (ConfigMaps, PriorityClasses) are used for
 * inlining and priorities. Prints the manifests (YAML, or JSON with `--output json`) or writes them with `--out DIR`
 * as `DIR/static-pods/<name>.yaml` plus the inlined files. Exit code 1 when a file or DaemonSet cannot be converted,
 * 2 for usage errors.
 */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('static-pod')
    .description('Convert DaemonSets into kubelet static pod manifests (for /etc/kubernetes/manifests)')
    .argument('<files...>', 'YAML or JSON files with DaemonSets and their ConfigMaps (multi-document allowed); - reads stdin')
    .option('--out <dir>', 'write DIR/static-pods/<name>.yaml and the inlined files instead of printing')
    .option('-o, --output <format>', 'output format: yaml or json', 'yaml')
    .option('--name-suffix <suffix>', 'append to every pod name (the kubelet appends -<node name> to the mirror pod)')
    .option('--namespace <ns>', 'namespace of the static pods (default: kube-system)')
    .option('--keep-namespace', 'keep each DaemonSet\'s namespace instead of kube-system', false)
    .option('--no-inline-config-maps', 'fail on ConfigMap references instead of inlining them as host files')
    .option('--drop-service-account', 'drop serviceAccountName when the token is not mounted (the agent does not call the API)', false)
    .option('--host-files-dir <dir>', 'node directory for inlined files', '/etc/kubernetes/static-pod-files')
    .option('--priority <n>', 'spec.priority for a custom priorityClassName whose PriorityClass is not in the files')
    .option('--no-schema', 'skip the OpenAPI schema check of the produced pods')
    .action(async (files: string[], opts: any) => {
      setExit(await runStaticPod(files, opts));
    });
}

async function runStaticPod(files: string[], opts: any): Promise<number> {
  const out = (s: string) => process.stdout.write(s);
  const err = (s: string) => process.stderr.write(s);
  const usage = (s: string) => {
    err(`node-daemons static-pod: ${s}\n`);
    return 2;
  };
  if (opts.output !== 'yaml' && opts.output !== 'json') return usage(`--output must be yaml or json, not ${JSON.stringify(opts.output)}`);
  let priority: number | undefined;
  if (opts.priority !== undefined) {
    priority = Number(opts.priority);
    if (!/^-?[0-9]+$/.test(String(opts.priority)) || !Number.isSafeInteger(priority)) return usage(`--priority must be an integer, not ${JSON.stringify(opts.priority)}`);
  }

  const stdin = files.includes('-') ? await ManifestFiles.readStdin() : undefined;
  const loaded = ManifestFiles.load(files, { stdin });
  let failed = false;
  // unreadable input exits 2 (like usage errors), a DaemonSet that cannot be converted 1
  const inputFailed = loaded.errors.length > 0;
  for (const p of loaded.errors) {
    err(`${ManifestFiles.formatProblem(p)}\n`);
    failed = true;
  }
  // Loaded only when the command runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { StaticPodConverter } = require('../static-pod/static-pod-converter') as typeof import('../static-pod/static-pod-converter');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { StaticPodError } = require('../static-pod/static-pod-error') as typeof import('../static-pod/static-pod-error');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { StaticPodWriter } = require('../static-pod/static-pod-writer') as typeof import('../static-pod/static-pod-writer');

  const options: StaticPodOptions = {
    manifests: loaded.documents.map((d) => d.object),
    nameSuffix: opts.nameSuffix,
    namespace: opts.namespace,
    keepNamespace: opts.keepNamespace === true,
    inlineConfigMaps: opts.inlineConfigMaps !== false,
    dropServiceAccount: opts.dropServiceAccount === true,
    hostFilesDir: opts.hostFilesDir,
    priority,
    validateSchema: opts.schema !== false,
  };
  const converted: { source: string; manifest: StaticPodManifest }[] = [];
  const daemonSets = loaded.documents.filter((d) => d.object?.kind === 'DaemonSet');
  if (daemonSets.length === 0 && loaded.errors.length === 0) {
    err(`node-daemons static-pod: no DaemonSet in ${files.map((f) => (f === '-' ? '<stdin>' : f)).join(', ')}; pass the files that contain kind: DaemonSet\n`);
    return 2;
  }
  for (const d of daemonSets) {
    const location = ManifestFiles.location({ file: d.file, index: d.index, item: d.item });
    const ns = d.object.metadata?.namespace;
    const resource = `${location} DaemonSet/${ns ? `${ns}/` : ''}${d.object.metadata?.name ?? '<unnamed>'}`;
    try {
      converted.push({ source: location, manifest: StaticPodConverter.convert(d.object, options, resource) });
    } catch (e: any) {
      failed = true;
      if (e instanceof StaticPodError) err(`${e.message}\n`);
      else err(`${resource}: ${e?.message ?? e}\n`);
    }
  }
  const seen = new Map<string, string>();
  for (const c of converted) {
    const other = seen.get(c.manifest.fileName);
    if (other) {
      err(`${c.source}: static pod ${c.manifest.namespace}/${c.manifest.name} has the same name as the one from ${other}; `
        + 'the kubelet would run only one of them. Fix: rename one DaemonSet, or convert them separately with different --name-suffix values\n');
      failed = true;
    }
    seen.set(c.manifest.fileName, c.source);
  }
  for (const c of converted) {
    for (const w of c.manifest.warnings) err(`${c.source}: warning: ${w}\n`);
  }

  if (opts.out !== undefined) {
    if (failed) {
      err('node-daemons static-pod: nothing written because of the errors above\n');
      return inputFailed ? 2 : 1;
    }
    let written: string[];
    try {
      written = StaticPodWriter.write(opts.out, converted.map((c) => c.manifest));
    } catch (e: any) {
      err(`node-daemons static-pod: cannot write to ${opts.out}: ${e?.message ?? e}\n`);
      return 1;
    }
    if (opts.output === 'json') out(`${JSON.stringify({ written, staticPods: converted.map(toJson) }, undefined, 2)}\n`);
    else for (const w of written) out(`wrote ${w}\n`);
    return 0;
  }

  if (opts.output === 'json') {
    out(`${JSON.stringify(converted.map(toJson), undefined, 2)}\n`);
  } else {
    out(converted.map((c) => c.manifest.yaml).join('---\n'));
    for (const c of converted) {
      if (c.manifest.files.length > 0) {
        err(`${c.source}: static pod ${c.manifest.name} needs ${c.manifest.files.length} host file(s) (inlined ConfigMap data) that are not printed; `
          + 'pass --out DIR to write them, or --output json to see them\n');
      }
    }
  }
  return inputFailed ? 2 : failed ? 1 : 0;
}

function toJson(c: { source: string; manifest: StaticPodManifest }): any {
  const m = c.manifest;
  return {
    source: c.source,
    name: m.name,
    namespace: m.namespace,
    fileName: m.fileName,
    pod: m.pod,
    files: m.files,
    dropped: m.dropped,
    translated: m.translated,
    warnings: m.warnings,
  };
}
