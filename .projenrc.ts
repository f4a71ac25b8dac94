import { cdk8s, javascript, JsonFile, release as projenRelease } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-node-daemons',
  packageName: 'cdk8s-node-daemons',
  description:
    'cdk8s constructs for Kubernetes node daemons (DaemonSets): a safe NodeDaemon builder, typed node-exporter, log agent and cAdvisor daemons, validation and placement planning.',
  author: 'cdk8s-node-daemons contributors',
  authorAddress: 'maintainers@cdk8s-node-daemons.dev',
  repositoryUrl: 'https://github.com/cdk8s-node-daemons/cdk8s-node-daemons.git',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'cdk', 'construct', 'kubernetes', 'daemonset', 'node-exporter', 'fluent-bit', 'cadvisor'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  prettier: false,

  jsiiVersion: '~6.0.0',
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.4.2',

  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  devDeps: ['cdk8s-plus-27@^2.9.5', 'typescript@~6.0', '@types/node@^20', 'ts-node@^10', 'cdk8s-cli@^2.207.0', 'tsconfig-paths@^4.2.0'],

  // Non-jsii runtime dependencies are bundled into the package tarball.
  bundledDeps: ['yaml@^2.8.0', 'kubernetes-models@^4.5.0', 'commander@^12.1.0', 'cli-table3@^0.6.5'],

  bin: { 'node-daemons': 'lib/cli/main.js' },

  // jsii targets: the catalog entry in every cdk8s language.
  publishToPypi: { distName: 'cdk8s-node-daemons', module: 'cdk8s_node_daemons' },
  publishToMaven: {
    javaPackage: 'io.github.cdk8s_node_daemons',
    mavenGroupId: 'io.github.cdk8s-node-daemons',
    mavenArtifactId: 'cdk8s-node-daemons',
  },
  publishToNuget: { dotNetNamespace: 'Cdk8sNodeDaemons', packageId: 'Cdk8sNodeDaemons' },
  publishToGo: { moduleName: 'github.com/cdk8s-node-daemons/cdk8s-node-daemons-go' },

  // Local-first project: no hosted workflows are generated.
  github: false,
  // --- releases (docs/releasing.md) --- begin
  // Versions come from the commit history (conventional commits since the last `v*` tag), bumped by
  // `npx projen release` on this machine: no workflow, no GitHub release, no push. The committed
  // package.json keeps 0.0.0 (the bump is undone after the build), so `npx projen build` never
  // changes a committed file.
  release: true,
  releaseTrigger: projenRelease.ReleaseTrigger.manual({ changelogPath: 'CHANGELOG.md', gitPushCommand: '' }),
  // The first release (no `v*` tag yet) is 0.1.0; later ones follow the commits.
  nextVersionCommand: 'node scripts/next-version.js',
  // --- releases --- end
  minNodeVersion: '20.0.0',
  depsUpgrade: false,
  docgen: true,

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/examples/dist/'],
      // The examples import the package by name, as an app does; here the name is the sources.
      moduleNameMapper: { '^cdk8s-node-daemons$': '<rootDir>/src' },
      testTimeout: 60_000,
    },
  },

  gitignore: ['examples/dist/', '.cache/', '*.tgz', 'scratch/'],
});

// `npm ci` must work against a registry that lacks some optional platform packages of
// unrs-resolver 1.13.x (pulled in by eslint-plugin-import's resolver); 1.12.2 is complete.
project.package.addField('overrides', {
  'unrs-resolver': '1.12.2',
});

// The embedded API-server core (apiserver-core/): the pinned Kubernetes release's validation compiled to
// WebAssembly into lib/core/ (shipped in the package, cached by its inputs). Every task that runs the library
// builds it first; without Go the build stops with a message saying what to install.
const buildCore = project.addTask('build:core', {
  description: 'Build the API-server core (Kubernetes validation compiled to WebAssembly) into lib/core/ (needs Go >= 1.26)',
  exec: 'bash apiserver-core/build.sh',
});
project.preCompileTask.spawn(buildCore);
project.testTask.prependSpawn(buildCore);
project.gitignore.exclude('/apiserver-core/*.wasm');

// The examples are a real cdk8s app; `npm run examples` synthesizes them.
// They import 'cdk8s-node-daemons' as an app does: examples/tsconfig.json maps the name to src/ (tsconfig-paths
// at run time), and `cdk8s synth` in examples/ runs the same app with the validation plugin on.
const examples = project.addTask('examples', {
  description: 'Synthesize the example cdk8s app into examples/dist and show where each daemon lands',
  env: { TS_NODE_PROJECT: 'examples/tsconfig.json' },
});
examples.spawn(buildCore);
examples.exec('ts-node examples/main.ts');

// The example app has its own tsconfig (so editors and eslint find it); tests type-check it too.
new JsonFile(project, 'examples/tsconfig.json', {
  obj: {
    'extends': '../test/tsconfig.json',
    'compilerOptions': { paths: { 'cdk8s-node-daemons': ['../src'] } },
    'ts-node': { require: ['tsconfig-paths/register'] },
    'include': ['**/*.ts'],
    'exclude': ['dist', 'node_modules'],
  },
});
// The same name for the type-check of tests and examples (test/tsconfig.json) and for eslint's import resolver.
project.tsconfigDev.file.addOverride('compilerOptions.paths', { 'cdk8s-node-daemons': ['./src'] });
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addOverride('settings.import/resolver.typescript.project', ['./tsconfig.json', './examples/tsconfig.json']);
eslintrc?.addOverride('settings.import/resolver.typescript.noWarnOnMultipleProjects', true);
// `npm run bench`: a script, not a test; it loads the compiled library.
const bench = project.addTask('bench', {
  description: 'Benchmark synth, validation, planning and start-up against cdk8s-plus-27 and raw cdk8s (pass -- --quick for a small run)',
});
bench.spawn(project.compileTask);
bench.exec('ts-node --transpile-only --project test/tsconfig.json bench/run.ts', { receiveArgs: true });

// Type-check the example app and the tests along with the library.
project.tsconfigDev.addInclude('../examples/**/*.ts');
project.tsconfigDev.addExclude('../examples/dist');
project.eslint?.addLintPattern('examples');

// --- language packages and the Python test (test/python) --- begin
// `package-all` (and so a local `npx projen build`) builds what any machine with Node and Python
// can build: the npm tarball, the Python wheel and sdist, and the Java, Go and .NET binding
// sources (generated, not compiled: dist/sources). Compiled Java, Go and NuGet packages need their
// toolchains and the cdk8s packages of those ecosystems: `package:java`, `package:go` and
// `package:dotnet` stay available for a machine that has them.
// The declared fields of every built-in kind (unknown-field check), from the Kubernetes OpenAPI document in the
// Go module cache (filled by `npm run test:cluster:build`); the generated file is committed.
project.addTask('generate:known-fields', {
  description: 'Regenerate src/validation/known-fields.generated.ts from a Kubernetes swagger.json (args: [path [version]])',
  exec: 'ts-node --transpile-only --project test/tsconfig.json scripts/known-fields.ts',
  receiveArgs: true,
});

project.addTask('package:sources', {
  description: 'Generate the Java, Go and .NET binding sources into dist/sources (no toolchain needed)',
  exec: 'jsii-pacmak -v --code-only --target java --target go --target dotnet --outdir dist/sources',
});
// Every package task compiles first when the compiled module (.jsii, lib/) is missing or older than the
// sources, so each one works from a fresh clone (and none recompiles inside a build).
const compileIfStale = 'node scripts/compile-needed.js';
for (const t of ['package:js', 'package:python', 'package:java', 'package:go', 'package:dotnet', 'package:sources']) {
  project.tasks.tryFind(t)?.prependSpawn(project.compileTask, { condition: compileIfStale });
}
const packageAll = project.tasks.tryFind('package-all')!;
packageAll.reset();
packageAll.description = 'Packages npm and Python artifacts and generates the Java, Go and .NET sources';
for (const t of ['package:js', 'package:python', 'package:sources']) packageAll.spawn(project.tasks.tryFind(t)!);

// The Python parity test: builds the wheel, installs it with cdk8s and cdk8s-plus-27 from PyPI
// into .cache/python-test/venv, and compares the Python app's manifests with the TypeScript app's.
project.addTask('test:python', {
  description: 'Python wheel parity test: a Python cdk8s app must synthesize what the TypeScript app does',
  exec: 'bash test/python/run.sh',
  receiveArgs: true,
});
project.gitignore.exclude('__pycache__/', '*.pyc', '.pytest_cache/');
// --- language packages and the Python test (test/python) --- end

// --- control plane (test/cluster) --- begin
// A real kube-apiserver + etcd + kube-controller-manager on 127.0.0.1 judges the examples, the validator and the
// planner (docs/control-plane.md). Not part of `npm test`: the binaries are built from the Go module proxy.
const testClusterBuild = project.addTask('test:cluster:build', {
  description: 'Build (or find cached) kube-apiserver, kube-controller-manager and etcd for test:cluster',
  exec: 'bash test/cluster/build.sh',
});
const testCluster = project.addTask('test:cluster', {
  description: 'Run the control-plane tests (test/cluster/*.cluster.ts) against a local kube-apiserver and DaemonSet controller',
});
testCluster.spawn(testClusterBuild);
testCluster.exec('jest -c test/cluster/jest.config.js --runInBand', { receiveArgs: true });
// --- control plane (test/cluster) --- end

for (const pattern of ['/examples/', '/bench/', '/.ci/', '/scripts/', 'BENCHMARKS.md', '/.cache/', '/apiserver-core/']) {
  project.addPackageIgnore(pattern);
}

// `npm run release:try`: the README's quick start from empty directories with the release files of dist/.
project.addTask('release:try', {
  description: "Follow the README's quick start with the npm tarball and Python wheel in dist/ (TypeScript and Python, plugin on)",
  exec: 'bash scripts/try-release.sh',
});

// jsii prints an 11-line end-of-life banner for Node 20 on every jsii, jsii-pacmak and jsii-docgen run; Node 20
// is supported here (docs/contributing.md), so projen tasks silence it. test/python/run.sh does the same for the
// Python app (the jsii runtime of the wheel runs on the same Node).
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

project.synth();
