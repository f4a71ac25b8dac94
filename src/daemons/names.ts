// Internal: not exported from the package.

/** `{ name }` when a name is given, else nothing (an explicit `name: undefined` would suppress the generated name). */
export function nameIf(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
}
