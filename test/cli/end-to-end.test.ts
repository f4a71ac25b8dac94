import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { goodDaemonSet, withDs } from '../validation/fixtures';

// The CLI in real processes with real pipes: what a shell user sees.
const REPO = path.resolve(__dirname, '../..');
const NODES = path.join(REPO, 'examples/cluster/nodes.json');
const VERSION = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
/**
 * The CLI built from the current sources, laid out like the package (BUILD/package.json, BUILD/lib/**.js) inside
 * node_modules so that its dependencies resolve; transpiled once here (the tests must not depend on an earlier
 * `npx projen compile`, and ts-node in every process would cost seconds each).
 */
const BUILD = path.join(REPO, 'node_modules', '.cache', 'node-daemons-e2e');
const CLI = [process.execPath, path.join(BUILD, 'lib/cli/main.js')];

function buildCli(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  fs.rmSync(BUILD, { recursive: true, force: true });
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') ? [path.join(d, e.name)] : []));
  for (const f of walk(path.join(REPO, 'src'))) {
    const js = ts.transpileModule(fs.readFileSync(f, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }, fileName: f,
    }).outputText;
    const out = path.join(BUILD, 'lib', path.relative(path.join(REPO, 'src'), f).replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, js);
  }
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(BUILD, 'package.json'));
}
const STACK_TRACE = /\n\s+at .*[:(]\d+/;
let dir: string;

beforeAll(() => {
  buildCli();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-e2e-'));
  // enough findings (and static pods) that the output is far larger than a pipe's buffer
  const many = Array.from({ length: 300 }, (_, i) => withDs((d) => {
    d.metadata.name = `agent-${i}`;
    delete d.spec.template.spec.priorityClassName;
    d.spec.template.spec.containers[0].image = 'example.com/agent:latest';
  }));
  fs.writeFileSync(path.join(dir, 'many.yaml'), many.map((d) => JSON.stringify(d)).join('\n---\n'));
  fs.writeFileSync(path.join(dir, 'good.yaml'), JSON.stringify(goodDaemonSet()));
  fs.writeFileSync(path.join(dir, 'bad.yaml'), JSON.stringify(withDs((d) => d.spec.template.spec.restartPolicy = 'Never')));
  fs.writeFileSync(path.join(dir, 'empty.yaml'), '# nothing here\n---\n');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(BUILD, { recursive: true, force: true });
});

function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(CLI[0], [...CLI.slice(1), ...args], {
    cwd: REPO,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...options.env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `node-daemons ARGS 2>err | READER`: the reader closes the pipe early; returns the CLI's stderr. */
function piped(args: string[], reader: string): { err: string; status: number | null; out: string } {
  const errFile = path.join(dir, `stderr-${Math.random().toString(36).slice(2)}`);
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const r = spawnSync('sh', ['-c', `${[...CLI, ...args].map(quote).join(' ')} 2>${quote(errFile)} | ${reader}`], {
    cwd: REPO, encoding: 'utf8', timeout: 120_000,
  });
  return { err: fs.readFileSync(errFile, 'utf8'), status: r.status, out: r.stdout };
}

describe('node-daemons never trips', () => {
  test('the reader closes the pipe early: no EPIPE, no stack trace (validate, plan, static-pod, help)', () => {
    const many = path.join(dir, 'many.yaml');
    for (const [args, reader] of [
      [['validate', many], 'head -1'],
      [['validate', '-o', 'json', many], 'head -c 10'],
      [['plan', '--nodes', NODES, many], 'head -1'],
      [['static-pod', many], 'head -1'],
      [['help'], 'true'],
      [['validate', '--help'], 'true'],
    ] as Array<[string[], string]>) {
      const r = piped(args, reader);
      expect({ args, err: r.err }).toEqual({ args, err: expect.not.stringMatching(STACK_TRACE) });
      expect(r.err).not.toContain('EPIPE');
    }
    expect(piped(['validate', many], 'head -1').out).toMatch(/^Severity +Resource +Field +Rule +Message\n$/);
  });

  test('--version and -V print the package version', () => {
    for (const flag of ['--version', '-V']) {
      const r = cli([flag]);
      expect(r).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
    }
  });

  test('exit codes are the same in every command: 0 clean, 1 error findings, 2 bad usage or unreadable input', () => {
    const good = path.join(dir, 'good.yaml');
    const bad = path.join(dir, 'bad.yaml');
    const missing = path.join(dir, 'missing.yaml');
    const cases: Array<[string[], number]> = [
      [['validate', good], 0],
      [['validate', bad], 1],
      [['validate', '-o', 'xml', good], 2],
      [['validate', missing], 2],
      [['validate'], 2],
      [['plan', '--nodes', NODES, good], 0],
      [['plan', '--nodes', NODES, missing], 2],
      [['plan', good], 2],
      [['static-pod', '--drop-service-account', good], 0],
      [['static-pod', good], 1], // a DaemonSet that cannot be converted (its ServiceAccount)
      [['static-pod', missing], 2],
      [['static-pod', '-o', 'xml', good], 2],
      [['no-such-command'], 2],
    ];
    const got = cases.map(([args]) => [args.map((a) => a.replace(dir, '<dir>')).join(' '), cli(args).code]);
    expect(got).toEqual(cases.map(([args, code]) => [args.map((a) => a.replace(dir, '<dir>')).join(' '), code]));
  });

  test('--help documents the exit codes and --version', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toContain('-V, --version');
    expect(top.out).toMatch(/Exit codes \(every command\):\n\s+0 +clean.*\n\s+1 +error findings.*\n\s+2 +bad usage, or input that cannot be read/);
    expect(cli(['validate', '--help']).out).toContain('Exit codes (every command)');
  });

  test('empty input says there was nothing to validate', () => {
    const empty = cli(['validate', path.join(dir, 'empty.yaml')]);
    expect(empty).toEqual({ code: 2, out: '', err: `node-daemons validate: nothing to validate: no Kubernetes object in ${path.join(dir, 'empty.yaml')} (1 empty document(s))\n` });
    const stdin = cli(['validate', '-'], { input: '' });
    expect(stdin.code).toBe(2);
    expect(stdin.err).toBe('node-daemons validate: nothing to validate: no Kubernetes object in <stdin>\n');
    const json = cli(['validate', '-o', 'json', path.join(dir, 'empty.yaml')]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ valid: false, summary: { objects: 0, emptyDocuments: 1 }, note: expect.stringContaining('nothing to validate'), findings: [] });
  });

  test('the table fits a narrow terminal (COLUMNS=80) and stays readable; wide terminals get columns', () => {
    const many = path.join(dir, 'many.yaml');
    const narrow = cli(['validate', '--min-severity', 'warning', many], { env: { COLUMNS: '80' } });
    expect(narrow.code).toBe(0);
    const lines = narrow.out.split('\n');
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    // one block per finding: heading, location, field, message (wrapped at word boundaries)
    const block = narrow.out.slice(0, narrow.out.indexOf('\n\n'));
    expect(block.split('\n')[0]).toBe('WARNING ND-005 DaemonSet/monitoring/agent-0');
    expect(block).toContain(`${many} doc[0] (line 1)`.slice(0, 40));
    expect(block).toContain('    spec.template.spec.containers[0].image');
    expect(block.split('\n').slice(3).map((l) => l.trim()).join(' ')).toBe(
      'image "example.com/agent:latest" of container "agent" uses the latest tag; pin a version tag or a digest');
    const wide = cli(['validate', '--min-severity', 'warning', many], { env: { COLUMNS: '140' } });
    expect(wide.out.split('\n')[0]).toMatch(/^Severity +Resource +Field +Rule +Message$/);
    expect(wide.out.split('\n').filter((l) => l.length > 140)).toEqual([]);
  });

  test('--output json findings carry file and line', () => {
    const r = cli(['validate', '-o', 'json', path.join(dir, 'many.yaml')]);
    const f = JSON.parse(r.out).findings.find((x: any) => x.resource === 'DaemonSet/monitoring/agent-2' && x.ruleId === 'ND-014');
    expect(f).toMatchObject({ file: path.join(dir, 'many.yaml'), line: 5, location: `${path.join(dir, 'many.yaml')} doc[2] (line 5)` });
  });
});
