#!/usr/bin/env node
import { Command } from 'commander';

/** The exit codes, the same in every command. */
export const EXIT_CODES_HELP = `
Exit codes (every command):
  0  clean: no error findings (warnings alone exit 0 unless --warnings-as-errors)
  1  error findings (or a DaemonSet that cannot be converted)
  2  bad usage, or input that cannot be read (missing file, YAML syntax, nothing to work on)
`;

/** The package version, read from package.json next to the compiled code. */
function version(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return String(require('../../package.json').version);
  } catch {
    return 'unknown';
  }
}

/**
 * A reader that closed the pipe (`node-daemons validate x.yaml | head -1`) is not an error: stop writing and exit
 * quietly, as Unix tools do, instead of dying with an EPIPE stack trace.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: any) => {
    if (e?.code === 'EPIPE' || e?.code === 'ERR_STREAM_DESTROYED') process.exit(process.exitCode ?? 0);
    if (stream !== process.stderr) process.stderr.write(`node-daemons: cannot write the output: ${e?.message ?? e}\n`);
    process.exit(2);
  });
}

/**
 * Entry point of the `node-daemons` command line. Each sub-command lives in its own module and
 * loads its heavy dependencies only when it runs.
 *
 * @returns the process exit code
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('node-daemons')
    .description('Validate, plan and convert Kubernetes node daemons (DaemonSets) from any YAML.')
    .version(version(), '-V, --version', 'print the version')
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError()
    .exitOverride();
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  for (const mod of ['./validate-command', './plan-command', './static-pod-command']) {
    let registered: any;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      registered = require(mod);
    } catch (e: any) {
      if (e?.code === 'MODULE_NOT_FOUND' && String(e.message).includes(mod.slice(2))) continue;
      throw e;
    }
    registered.register(program, setExit);
  }
  for (const c of program.commands) c.addHelpText('after', EXIT_CODES_HELP);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e: any) {
    // commander throws on --help / --version / usage errors because of exitOverride()
    if (e?.code === 'commander.helpDisplayed' || e?.code === 'commander.help' || e?.code === 'commander.version') return 0;
    if (typeof e?.exitCode === 'number' && String(e.code ?? '').startsWith('commander.')) return e.exitCode === 0 ? 0 : 2;
    process.stderr.write(`node-daemons: ${e?.message ?? e}\n`);
    return 2;
  }
  return exitCode;
}

if (require.main === module) {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => {
      process.stderr.write(`node-daemons: ${e?.message ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
