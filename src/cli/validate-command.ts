import type { Command } from 'commander';
import { FindingRow, renderFindings, wrap } from './findings-table';
import { ManifestFiles } from '../k8s/manifest-files';

/**
 * `node-daemons validate FILE...`: validates YAML/JSON manifests (multi-document, `-` for stdin) with
 * `ManifestValidator` and prints a table that fits the terminal (or JSON with `--output json`). Exit code 1 when
 * there is an error finding, 2 for usage errors, input that cannot be read or nothing to validate, 0 otherwise.
 */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('Validate Kubernetes manifests: API-server rules, OpenAPI schema, best practices (ND-…) and Pod Security')
    .argument('<files...>', 'YAML or JSON files (multi-document allowed); - reads stdin')
    .option('-o, --output <format>', 'output format: table or json', 'table')
    .option('--warnings-as-errors', 'treat warnings as errors (exit 1)', false)
    .option('--no-schema', 'skip the OpenAPI schema check (types, required fields, unknown fields)')
    .option('--no-best-practices', 'skip the ND-… best-practice rules')
    .option('--no-pod-security', 'skip the Pod Security checks')
    .option('--min-severity <level>', 'hide findings below this severity: info, warning or error', 'info')
    .option('-s, --suppress <rule=reason>', 'suppress a rule (repeatable); RULE=reason or RULE@Kind/ns/name=reason', collect, [])
    .option('--show-suppressed', 'also list the suppressed findings, with their reasons', false)
    .option('--crd <file>', 'CustomResourceDefinitions (YAML/JSON, repeatable) whose custom resources are validated against their schema as the API server does; CRDs in the input count too', collect, [])
    .option('--kubeconfig [file]', 'also check the manifests as updates of the DaemonSets in a live cluster (immutable selector); default $KUBECONFIG or ~/.kube/config')
    .option('--context <name>', 'kubeconfig context (with --kubeconfig)')
    .action(async (files: string[], opts: any) => {
      setExit(await runValidate(files, opts));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface Row extends FindingRow {
  readonly file?: string;
  readonly line?: number;
}

const SEVERITY_RANK: Record<string, number> = { info: 0, warning: 1, error: 2 };

async function runValidate(files: string[], opts: any): Promise<number> {
  const out = (s: string) => process.stdout.write(s);
  const err = (s: string) => process.stderr.write(s);
  if (opts.output !== 'table' && opts.output !== 'json') {
    err(`node-daemons validate: --output must be table or json, not ${JSON.stringify(opts.output)}\n`);
    return 2;
  }
  if (!(opts.minSeverity in SEVERITY_RANK)) {
    err(`node-daemons validate: --min-severity must be info, warning or error, not ${JSON.stringify(opts.minSeverity)}\n`);
    return 2;
  }
  const suppressions = [];
  for (const s of opts.suppress as string[]) {
    const m = /^([^=@]+)(?:@([^=]+))?=(.*)$/.exec(s);
    if (!m || m[3].trim() === '') {
      err(`node-daemons validate: --suppress ${JSON.stringify(s)} must be RULE=reason or RULE@Kind/namespace/name=reason (a reason is required)\n`);
      return 2;
    }
    suppressions.push(m[2] ? { ruleId: m[1], resource: m[2], reason: m[3] } : { ruleId: m[1], reason: m[3] });
  }

  let live: any[] | undefined;
  if (opts.kubeconfig !== undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { LiveCluster } = require('./live-cluster') as typeof import('./live-cluster');
      const client = LiveCluster.client(opts.kubeconfig === true ? undefined : opts.kubeconfig, { context: opts.context });
      try {
        live = await client.list('/apis/apps/v1/daemonsets', 'apps/v1', 'DaemonSet');
      } finally {
        client.close();
      }
    } catch (e: any) {
      err(`node-daemons validate: cannot read the DaemonSets of the cluster: ${e.message}\n`);
      return 2;
    }
  }

  const crdFiles = opts.crd as string[];
  let crds: any[] | undefined;
  if (crdFiles.length > 0) {
    const given = ManifestFiles.load(crdFiles);
    if (given.errors.length > 0) {
      err(given.errors.map((p) => `node-daemons validate: --crd ${ManifestFiles.location(p)}: ${p.message}\n`).join(''));
      return 2;
    }
    crds = given.documents.map((d) => d.object).filter((o: any) => o?.kind === 'CustomResourceDefinition');
    if (crds.length === 0) {
      err(`node-daemons validate: --crd ${crdFiles.join(', ')}: no CustomResourceDefinition in ${crdFiles.length === 1 ? 'it' : 'them'}\n`);
      return 2;
    }
  }

  const stdin = files.includes('-') ? await ManifestFiles.readStdin() : undefined;
  const loaded = ManifestFiles.load(files, { stdin });
  // Heavy module loaded only when the command runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ManifestValidator } = require('../validation') as typeof import('../validation');
  const objects = loaded.documents.map((d) => d.object);
  const report = ManifestValidator.run(objects, {
    suppressions,
    warningsAsErrors: opts.warningsAsErrors === true,
    schema: opts.schema !== false,
    bestPractices: opts.bestPractices !== false,
    podSecurity: opts.podSecurity !== false,
    live,
    customResourceDefinitions: crds,
  });

  const where = new Map<string, { location: string; file: string; line: number }>();
  loaded.documents.forEach((d, i) => {
    const id = ManifestValidator.resourceId(d.object, i);
    if (where.has(id)) return;
    where.set(id, { location: ManifestFiles.location({ file: d.file, index: d.index, item: d.item, line: d.line }), file: d.file, line: d.line });
  });
  const rowOf = (f: { severity: string; resource: string; field: string; ruleId: string; message: string }): Row => {
    const w = where.get(f.resource);
    return { severity: f.severity, resource: f.resource, location: w?.location ?? '', file: w?.file, line: w?.line, field: f.field, ruleId: f.ruleId, message: f.message };
  };
  const rows: Row[] = [];
  for (const p of loaded.errors) {
    rows.push({
      severity: 'error', resource: '', location: ManifestFiles.location(p), file: p.file, line: p.line, field: '', ruleId: 'INPUT', message: p.message,
    });
  }
  for (const f of report.findings) rows.push(rowOf(f));
  const suppressedRows = report.suppressed.map((f) => ({ ...rowOf(f), reason: f.reason }));
  // unreadable input, or nothing at all to validate, is exit 2 like a usage error; error findings are exit 1
  const nothing = objects.length === 0 && loaded.errors.length === 0;
  const exit = loaded.errors.length > 0 || nothing ? 2 : rows.some((r) => r.severity === 'error') ? 1 : 0;
  const min = SEVERITY_RANK[opts.minSeverity];
  const shown = rows.filter((r) => SEVERITY_RANK[r.severity] >= min);
  const counts = { error: 0, warning: 0, info: 0 } as Record<string, number>;
  for (const r of rows) counts[r.severity]++;
  const nothingNote = `nothing to validate: no Kubernetes object in ${files.map((f) => (f === '-' ? '<stdin>' : f)).join(', ')}` +
    (loaded.empty.length > 0 ? ` (${loaded.empty.length} empty document(s))` : '');

  if (opts.output === 'json') {
    out(JSON.stringify({
      valid: exit === 0,
      summary: { ...counts, suppressed: report.suppressed.length, objects: objects.length, emptyDocuments: loaded.empty.length },
      ...(nothing ? { note: nothingNote } : {}),
      findings: shown,
      suppressed: suppressedRows,
    }, null, 2) + '\n');
    if (nothing) err(`node-daemons validate: ${nothingNote}\n`);
    return exit;
  }

  if (nothing) {
    err(`node-daemons validate: ${nothingNote}\n`);
    return exit;
  }
  const width = terminalWidth();
  if (shown.length > 0) out(renderFindings(shown, width));
  if (opts.showSuppressed === true && suppressedRows.length > 0) {
    out(`Suppressed (${suppressedRows.length}):\n`);
    out(renderFindings(suppressedRows.map((r) => ({ ...r, message: `${r.message} [suppressed: ${r.reason}]` })), width));
  }
  const hidden = rows.length - shown.length;
  const summary = `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info` +
    (hidden > 0 ? ` (${hidden} below --min-severity not shown)` : '') +
    (report.suppressed.length > 0 ? `, ${report.suppressed.length} suppressed${opts.showSuppressed === true ? '' : ' (--show-suppressed lists them)'}` : '') +
    ` in ${objects.length} object(s) from ${files.length} file(s)` +
    (loaded.empty.length > 0 ? `; ${loaded.empty.length} empty document(s) skipped` : '');
  out((summary.length > width ? wrap(summary, width, '').join('\n') : summary) + '\n');
  return exit;
}

/** The terminal's width; `COLUMNS` when set (or when output is not a terminal); 120 for pipes and files. */
function terminalWidth(): number {
  const env = Number(process.env.COLUMNS);
  if (Number.isInteger(env) && env > 0) return env;
  const cols = process.stdout.columns;
  return typeof cols === 'number' && cols > 0 ? cols : 120;
}
