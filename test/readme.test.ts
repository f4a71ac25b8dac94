import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import * as library from '../src';

/**
 * The README is what a newcomer follows: its TypeScript quick start compiles under the README's own tsconfig and
 * runs, its Python app is valid Python (test:python runs it against the wheel), its cdk8s.yaml loads the plugin the
 * package exports, and every version the documents name is the latest release.
 */
const ROOT = path.resolve(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const WORK = path.join(ROOT, '.cache', 'readme-snippets');

/** The fenced code blocks of a Markdown text, by language. */
export function codeBlocks(markdown: string): Array<{ lang: string; code: string }> {
  return [...markdown.matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```\s*$/gm)].map((m) => ({ lang: m[1], code: m[2] }));
}
const blocks = codeBlocks(README);
const only = (lang: string): string => {
  const found = blocks.filter((b) => b.lang === lang);
  if (found.length !== 1) throw new Error(`README.md: expected one \`\`\`${lang} block, found ${found.length}`);
  return found[0].code;
};

/** The latest release: the first `## [x.y.z]` heading of CHANGELOG.md. */
function latestRelease(): string {
  const m = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8').match(/^## \[(\d+\.\d+\.\d+)\]/m);
  if (!m) throw new Error('CHANGELOG.md has no "## [x.y.z]" release heading');
  return m[1];
}

describe('README quick start (TypeScript)', () => {
  const dir = path.join(WORK, 'ts');
  beforeAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), only('json'));
    fs.writeFileSync(path.join(dir, 'main.ts'), only('ts'));
  });

  test('type-checks under the README tsconfig (noUnusedLocals, strict, ...)', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
    })!;
    expect(parsed.errors).toEqual([]);
    expect(parsed.options.noUnusedLocals).toBe(true);
    expect(parsed.fileNames).toEqual([path.join(dir, 'main.ts')]);
    // The app resolves 'cdk8s-node-daemons' to this repository's sources, as it would to the installed package;
    // only the app's own file is judged (the library is type-checked by jsii with its own settings).
    const program = ts.createProgram(parsed.fileNames, {
      ...parsed.options,
      noEmit: true,
      paths: { 'cdk8s-node-daemons': [path.join(ROOT, 'src', 'index.ts')] },
    });
    const main = program.getSourceFile(path.join(dir, 'main.ts'))!;
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...program.getSyntacticDiagnostics(main),
      ...program.getSemanticDiagnostics(main),
    ].map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${where ? `main.ts:${where.line + 1}:${where.character + 1}: ` : ''}TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
    expect(diagnostics).toEqual([]);
  });

  test('runs and synthesizes the two daemons, without a validation warning', () => {
    fs.writeFileSync(path.join(dir, 'tsconfig.run.json'), JSON.stringify({
      'extends': './tsconfig.json',
      'compilerOptions': { rootDir: ROOT, paths: { 'cdk8s-node-daemons': [path.join(ROOT, 'src')] } },
      'ts-node': { transpileOnly: true, require: ['tsconfig-paths/register'] },
    }));
    const r = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), 'main.ts'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, TS_NODE_PROJECT: path.join(dir, 'tsconfig.run.json'), CDK8S_OUTDIR: 'dist' },
    });
    expect(r.stderr + r.stdout).toBe('');
    expect(r.status).toBe(0);
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, 'dist', 'agents.k8s.yaml'), 'utf8')).map((d) => d.toJSON());
    const daemonSets = docs.filter((d) => d.kind === 'DaemonSet');
    expect(daemonSets.map((d) => d.metadata.namespace)).toEqual(['monitoring', 'monitoring']);
    expect(daemonSets.map((d) => d.spec.template.spec.containers[0].name).sort()).toEqual(['agent', 'node-exporter']);
    const agent = daemonSets.find((d) => d.spec.template.spec.containers[0].name === 'agent').spec.template.spec;
    expect(agent.priorityClassName).toBe('system-node-critical');
    expect(agent.containers[0].volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/host/var/log', readOnly: true }));
  });

  test('cdk8s.yaml loads the validation plugin the package exports, at the released version', () => {
    const config = YAML.parse(blocks.find((b) => b.lang === 'yaml' && /^validations:/m.test(b.code))!.code);
    expect(config).toMatchObject({ language: 'typescript', app: 'npx ts-node main.ts' });
    expect(config.validations).toEqual([
      { package: './node_modules/cdk8s-node-daemons', version: latestRelease(), class: 'NodeDaemonsValidation' },
    ]);
    // cdk8s-cli requires the package's main module and takes the class from it.
    expect(Object.keys(library)).toContain('NodeDaemonsValidation');
  });
});

describe('README quick start (Python)', () => {
  test('is valid Python (test:python runs it against the wheel)', () => {
    const file = path.join(WORK, 'python', 'main.py');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, only('python'));
    const r = spawnSync(process.env.PYTHON ?? 'python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
    if (r.error && !process.env.CI) {
      process.stderr.write(`note: skipping the README Python check (${r.error.message})\n`);
      return;
    }
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('imports what the TypeScript app imports, in Python spelling', () => {
    const py = only('python');
    for (const name of ['NodeDaemon', 'NodeExporterDaemon', 'PriorityClass']) expect(py).toContain(name);
    expect(py).toMatch(/^from cdk8s_node_daemons import /m);
  });
});

describe('versions the documents name', () => {
  const files = ['README.md', 'CHANGELOG.md', 'examples/cdk8s.yaml', 'examples/validation-plugin.js',
    ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const patterns = [
    /cdk8s-node-daemons@(\d+\.\d+\.\d+)/g, // npm tarball or package@version
    /cdk8s_node_daemons-(\d+\.\d+\.\d+)/g, // wheel and sdist
    /^\s*version: (\d+\.\d+\.\d+)/gm, // cdk8s.yaml validations
    /^Version (\d+\.\d+\.\d+)/gm, // README Install
    /[Uu]ntil (\d+\.\d+\.\d+) is published/g,
    /the latest is (\d+\.\d+\.\d+)/g,
    /`version: (\d+\.\d+\.\d+)`/g,
  ];
  const named = files.flatMap((file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => ({ file, version: m[1] })));
  });

  test('are the latest release of CHANGELOG.md', () => {
    const latest = latestRelease();
    expect(named.filter((n) => n.version !== latest)).toEqual([]);
    expect(named.length).toBeGreaterThanOrEqual(10);
    expect(named.map((n) => n.file)).toEqual(expect.arrayContaining(['README.md', 'docs/validation.md', 'examples/cdk8s.yaml']));
  });

  test('package.json says 0.0.0, except while `npx projen release` builds the version CHANGELOG.md names', () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(version).toBe(process.env.RELEASE ? latestRelease() : '0.0.0');
  });
});

describe('supported versions', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  test('Node.js: the README states what package.json requires, and this Node.js meets it', () => {
    expect(pkg.engines.node).toBe('>= 20.0.0');
    expect(README).toMatch(/Node\.js 20\s+or later/);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });

  test('TypeScript: the README states the ~6.0 the project builds and tests with', () => {
    expect(pkg.devDependencies.typescript).toBe('~6.0');
    expect(README).toContain('typescript@~6.0');
    expect(ts.version).toMatch(/^6\.0\./);
  });
});

describe('README', () => {
  test('is at most 16 KB', () => {
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(16 * 1024);
  });

  test('speaks of the product, not of the machines it was built on', () => {
    expect(README).not.toMatch(/reachable here|this machine|[Tt]imings here|\d+ cores/);
  });
});
