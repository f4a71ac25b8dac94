import type { Command } from 'commander';
import { ManifestFiles } from '../k8s/manifest-files';

/**
 * `node-daemons validate FILE...`: validates YAML/JSON manifests (multi-document, `-` for stdin) with
 * `ManifestValidator` and prints a table (or JSON with `--output json`). Exit code 1 when there is an error finding
 * (or a file/document that could not be read), 0 otherwise.
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
    .option('--kubeconfig [file]', 'also check the manifests as updates of the DaemonSets in a live cluster (immutable selector); default $KUBECONFIG or ~/.kube/config')
    .option('--context <name>', 'kubeconfig context (with --kubeconfig)')
    .action(async (files: string[], opts: any) => {
      setExit(await runValidate(files, opts));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface Row {
  readonly severity: string;
  readonly resource: string;
  readonly location: string;
  readonly field: string;
  readonly ruleId: string;
  readonly message: string;
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
  });

  const where = new Map<string, string>();
  loaded.documents.forEach((d, i) => {
    const id = ManifestValidator.resourceId(d.object, i);
    if (!where.has(id)) where.set(id, ManifestFiles.location({ file: d.file, index: d.index, item: d.item }));
  });
  const rows: Row[] = [];
  for (const p of loaded.errors) {
    rows.push({
      severity: 'error', resource: '', location: ManifestFiles.location(p), field: '', ruleId: 'INPUT', message: p.message,
    });
  }
  for (const f of report.findings) {
    rows.push({ severity: f.severity, resource: f.resource, location: where.get(f.resource) ?? '', field: f.field, ruleId: f.ruleId, message: f.message });
  }
  const failed = rows.some((r) => r.severity === 'error');
  const min = SEVERITY_RANK[opts.minSeverity];
  const shown = rows.filter((r) => SEVERITY_RANK[r.severity] >= min);
  const counts = { error: 0, warning: 0, info: 0 } as Record<string, number>;
  for (const r of rows) counts[r.severity]++;

  if (opts.output === 'json') {
    out(JSON.stringify({
      valid: !failed,
      summary: { ...counts, suppressed: report.suppressed.length, objects: objects.length, emptyDocuments: loaded.empty.length },
      findings: shown,
      suppressed: report.suppressed,
    }, null, 2) + '\n');
    return failed ? 1 : 0;
  }

  if (shown.length > 0) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Table = require('cli-table3');
    const width = Math.max(120, Math.min(process.stdout.columns ?? 200, 300));
    const longest = (f: (r: Row) => string[]) => Math.max(...shown.flatMap((r) => f(r).map((x) => x.length)));
    const resW = Math.min(Math.max(10, longest((r) => [r.resource, r.location])) + 2, 60);
    const fieldW = Math.min(Math.max(7, longest((r) => [r.field])) + 2, 70);
    const ruleW = Math.max(6, longest((r) => [r.ruleId])) + 2;
    const msgW = Math.max(40, width - (10 + resW + fieldW + ruleW) - 6);
    const table = new Table({
      head: ['Severity', 'Resource', 'Field', 'Rule', 'Message'],
      colWidths: [10, resW, fieldW, ruleW, msgW],
      wordWrap: true,
      wrapOnWordBoundary: true,
      style: { head: [], border: [] },
    });
    for (const r of shown) {
      const res = r.location ? (r.resource ? `${r.resource}\n${r.location}` : r.location) : r.resource;
      table.push([r.severity, res, r.field, r.ruleId, r.message]);
    }
    out(table.toString() + '\n');
  }
  const hidden = rows.length - shown.length;
  out(`${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info` +
    (hidden > 0 ? ` (${hidden} below --min-severity not shown)` : '') +
    (report.suppressed.length > 0 ? `, ${report.suppressed.length} suppressed` : '') +
    ` in ${objects.length} object(s) from ${files.length} file(s)` +
    (loaded.empty.length > 0 ? `; ${loaded.empty.length} empty document(s) skipped` : '') + '\n');
  return failed ? 1 : 0;
}
