// Random structural changes to Kubernetes objects, for the differential tests: the same seed gives the same changes.

/** Values a random change writes: other JSON types, limits of int32, int64 and float, empty and odd strings. */
export const FUZZ_VALUES: readonly unknown[] = [
  null, '', 'x', 'Bad_Value', 'a'.repeat(300), 'a'.repeat(64), ' x', 'ä', '-', '*', '-5', '1Gi', '0.5m', '1e3', '0x10',
  '1.5.5', 0, -1, 1.5, 0.1, 1e-7, 65536, 2147483648, 1e19, -9007199254740991, true, false, [], {}, [null], [''], { zz: 1 },
];

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/**
 * Every position in an object: the containers (objects, arrays) and the key or index of a value in each. The
 * identity and place of the object stay (apiVersion, kind, metadata.namespace: another kind or namespace is a
 * question of cluster state).
 */
function positions(root: any): Array<{ parent: any; key: string | number; path: string }> {
  const out: Array<{ parent: any; key: string | number; path: string }> = [];
  const walk = (v: any, at: string) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i, path: `${at}[${i}]` });
        walk(x, `${at}[${i}]`);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        if (at === '' && (k === 'apiVersion' || k === 'kind')) continue;
        if (at === '.metadata' && k === 'namespace') continue;
        out.push({ parent: v, key: k, path: `${at}.${k}` });
        walk(v[k], `${at}.${k}`);
      }
    }
  };
  walk(root, '');
  return out;
}

/**
 * One to three random changes to `o` (in place): a value replaced by one of FUZZ_VALUES, a key or element removed,
 * an element repeated, an unknown key added to an object, `_X` appended to a string. Returns what was done.
 */
export function fuzz(o: any, r: () => number): string[] {
  const applied: string[] = [];
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const at = positions(o);
    if (at.length === 0) break;
    const { parent, key, path: where } = pick(r, at);
    const change = Math.floor(r() * 4);
    if (change === 0) {
      const v = pick(r, FUZZ_VALUES);
      parent[key] = JSON.parse(JSON.stringify(v));
      applied.push(`${where}=${JSON.stringify(v).slice(0, 20)}`);
    } else if (change === 1) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      applied.push(`-${where}`);
    } else if (change === 2 && Array.isArray(parent)) {
      parent.push(JSON.parse(JSON.stringify(parent[key as number])));
      applied.push(`${where} repeated`);
    } else if (parent[key] !== null && typeof parent[key] === 'object' && !Array.isArray(parent[key])) {
      parent[key].zzUnknown = 1;
      applied.push(`${where}.zzUnknown`);
    } else {
      parent[key] = typeof parent[key] === 'string' ? `${parent[key]}_X` : parent[key];
      applied.push(`${where}+_X`);
    }
  }
  return applied;
}
