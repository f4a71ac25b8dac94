// Internal: not exported from the package.
import type { LogPipelineConfigProps } from './fluent-bit-config';

/** Shared checks of a pipeline (fluent-bit and fluentd). */
export function checkPipeline(what: string, p: LogPipelineConfigProps): void {
  if (p.inputs.length === 0) throw new Error(`${what}: inputs is empty. Fix: add at least one input, e.g. LogInput.containerLogs().`);
  if (p.outputs.length === 0) throw new Error(`${what}: outputs is empty. Fix: add at least one output, e.g. LogOutput.elasticsearch({ host }).`);
  const dbs = new Set<string>();
  for (const i of p.inputs) {
    if (dbs.has(i._dbName())) {
      throw new Error(`${what}: two inputs have the tag "${i.tag}", so they would share one read-position DB. Fix: give each input its own tag.`);
    }
    dbs.add(i._dbName());
  }
  const port = p.httpPort ?? 2020;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${what}: httpPort ${port} is not a port. Fix: use 1-65535.`);
  const stateDir = p.stateDir ?? '/var/lib/fluent-bit';
  if (!stateDir.startsWith('/') || /\s/.test(stateDir)) throw new Error(`${what}: stateDir "${stateDir}" must be an absolute path without spaces. Fix: use e.g. "/var/lib/fluent-bit".`);
}
