// Helpers shared by the log pipeline plugins. Internal: not exported from the package.
import { Size } from 'cdk8s';


/**
 * Where rendered plugins put their state, and the agent they are rendered for.
 * @internal
 */
export interface _PipelineContext {
  /** The state directory inside the container (tail DB / pos files). */
  readonly stateDir: string;
  /** Buffer chunks on the filesystem (`storage.type filesystem`). */
  readonly filesystemBuffering?: boolean;
  /** The directory of the configuration files in the container. */
  readonly confDir?: string;
  /** `storage.total_limit_size` of each output with filesystem buffering (e.g. `1024M`). */
  readonly outputBufferLimit?: string;
}

export type Pairs = Array<[string, string]>;

const ENV_REF = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

export function checkSecret(field: string, value: string | undefined): void {
  if (value === undefined) return;
  if (!ENV_REF.test(value)) {
    throw new Error(`${field}: a literal secret would be stored in plain text in the ConfigMap. Fix: pass an environment reference such as "\${LOG_PASSWORD}" and set \`env: { LOG_PASSWORD: EnvValue.fromSecretValue(...) }\` on the daemon.`);
  }
}

export function checkHost(field: string, host: string): void {
  if (!host || /[\s/]/.test(host)) {
    throw new Error(`${field}: "${host}" is not a host name or address. Fix: pass a host such as "elasticsearch.logging.svc" (no scheme, no path).`);
  }
}

export function checkPort(field: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${field}: ${port} is not a port. Fix: use a whole number from 1 to 65535.`);
  }
}

/** `${VAR}` (fluent-bit syntax) to fluentd's embedded Ruby. */
export function fluentdValue(v: string): string {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(v);
  return m ? `"#{ENV['${m[1]}']}"` : v;
}

/** A fluent-bit match pattern as a fluentd one (`*` spans tag parts in fluent-bit). */
export function fluentdPattern(match: string): string {
  return match.replace(/\*+/g, '**');
}

export function sizeToFluentBit(size: Size): string {
  return `${size.toMebibytes()}MB`;
}

export function onOff(v: boolean): string {
  return v ? 'On' : 'Off';
}


/** A value that fits one configuration line. */
export function singleLine(field: string, v: string): void {
  if (/[\r\n]/.test(v)) throw new Error(`${field}: "${v}" contains a line break. Fix: remove it.`);
}

/** A value that is one token of a configuration line (no whitespace). */
export function singleToken(field: string, v: string): void {
  if (!v || /\s/.test(v)) throw new Error(`${field}: "${v}" must be non-empty without spaces or line breaks. Fix: remove the whitespace.`);
}
