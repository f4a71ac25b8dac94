#!/usr/bin/env node
import { Command } from 'commander';

/**
 * Entry point of the `node-daemons` command line. Each sub-command lives in its own module and
 * loads its heavy dependencies only when it runs.
 *
 * @returns the process exit code
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('node-daemons')
    .description('Validate, plan and convert Kubernetes node daemons (DaemonSets) from any YAML.')
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
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => {
      process.stderr.write(`node-daemons: ${e?.message ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
