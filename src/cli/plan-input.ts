import * as fs from 'fs';

/**
 * Reading the cluster's Nodes for `node-daemons plan --nodes FILE`.
 *
 * Accepts what people have at hand: `kubectl get nodes -o json` (a `List`), a `NodeList`, a single `Node`, a JSON
 * array of Nodes, or YAML (several documents separated by `---`, each any of the former). JSON is parsed with
 * `JSON.parse` first (fast for 100,000 nodes); anything else goes through the YAML parser.
 */
export interface NodeLoadResult {
  /** The Node objects, in file order. */
  readonly nodes: any[];
  /** Objects that were skipped (not Nodes), as human notes. */
  readonly notes: string[];
}

/** Loads Node objects from a file or stdin. */
export class NodeInput {
  /**
   * Read Nodes from `file` (`-` = standard input, or `stdin` when given).
   *
   * @throws Error with the file name and what is wrong (unreadable, not JSON/YAML, no Nodes)
   */
  public static load(file: string, stdin?: string): NodeLoadResult {
    let text: string;
    const name = file === '-' ? '<stdin>' : file;
    try {
      text = file === '-' ? (stdin ?? fs.readFileSync(0, 'utf8')) : fs.readFileSync(file, 'utf8');
    } catch (e: any) {
      const why = e?.code === 'ENOENT' ? 'file not found' : e?.code === 'EISDIR' ? 'is a directory' : String(e?.message ?? e);
      throw new Error(`--nodes ${name}: cannot read: ${why}`);
    }
    return NodeInput.parse(text, name);
  }

  /** Parse Nodes from text (`name` is used in messages). */
  public static parse(text: string, name: string): NodeLoadResult {
    let docs: any[];
    try {
      docs = [JSON.parse(text)];
    } catch {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const YAML = require('yaml') as typeof import('yaml');
      let parsed: any;
      try {
        parsed = YAML.parseAllDocuments(text, { version: '1.1', merge: true });
      } catch (e: any) {
        throw new Error(`--nodes ${name}: cannot parse YAML: ${String(e?.message ?? e).split('\n')[0]}`);
      }
      const list: any[] = Array.isArray(parsed) ? parsed : [];
      docs = [];
      list.forEach((d: any, i: number) => {
        if (d.errors?.length > 0) {
          throw new Error(`--nodes ${name} doc[${i}]: not valid JSON or YAML: ${String(d.errors[0].message).split('\n')[0]}`);
        }
        const js = d.toJS();
        if (js !== null && js !== undefined) docs.push(js);
      });
    }
    const nodes: any[] = [];
    const notes: string[] = [];
    const take = (obj: any, where: string) => {
      if (Array.isArray(obj)) {
        obj.forEach((o, i) => take(o, `${where}[${i}]`));
      } else if (obj && typeof obj === 'object' && Array.isArray(obj.items) && (obj.kind === undefined || /List$/.test(String(obj.kind)))) {
        obj.items.forEach((o: any, i: number) => take(o, `${where}.items[${i}]`));
      } else if (obj && typeof obj === 'object' && (obj.kind === 'Node' || (obj.kind === undefined && obj.metadata))) {
        nodes.push(obj);
      } else {
        const what = obj && typeof obj === 'object' ? `${obj.kind ?? 'object'} ${obj.metadata?.name ?? ''}`.trim() : JSON.stringify(obj);
        notes.push(`--nodes ${name}${where}: ${what} is not a Node, ignored`);
      }
    };
    docs.forEach((d, i) => take(d, docs.length > 1 ? ` doc[${i}]` : ''));
    if (nodes.length === 0) {
      throw new Error(`--nodes ${name}: no Node objects found (expected the output of \`kubectl get nodes -o json\`, a NodeList, a Node, a JSON array or YAML)`);
    }
    return { nodes, notes };
  }

  private constructor() {}
}

/** Loads Pod objects for `node-daemons plan --pods FILE` (`kubectl get pods -A -o json`, a PodList, a JSON array or YAML). */
export class PodInput {
  /**
   * Read Pods from `file` (`-` = standard input).
   *
   * @throws Error with the file name and what is wrong
   */
  public static load(file: string, stdin?: string): any[] {
    let text: string;
    const name = file === '-' ? '<stdin>' : file;
    try {
      text = file === '-' ? (stdin ?? fs.readFileSync(0, 'utf8')) : fs.readFileSync(file, 'utf8');
    } catch (e: any) {
      const why = e?.code === 'ENOENT' ? 'file not found' : e?.code === 'EISDIR' ? 'is a directory' : String(e?.message ?? e);
      throw new Error(`--pods ${name}: cannot read: ${why}`);
    }
    return PodInput.parse(text, name);
  }

  /** Parse Pods from text; objects of other kinds are skipped. */
  public static parse(text: string, name: string): any[] {
    let docs: any[];
    try {
      docs = [JSON.parse(text)];
    } catch {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const YAML = require('yaml') as typeof import('yaml');
      const parsed = YAML.parseAllDocuments(text, { version: '1.1', merge: true });
      const list: any[] = Array.isArray(parsed) ? parsed : [];
      docs = [];
      list.forEach((d: any, i: number) => {
        if (d.errors?.length > 0) throw new Error(`--pods ${name} doc[${i}]: not valid JSON or YAML: ${String(d.errors[0].message).split('\n')[0]}`);
        const js = d.toJS();
        if (js !== null && js !== undefined) docs.push(js);
      });
    }
    const pods: any[] = [];
    const take = (obj: any) => {
      if (Array.isArray(obj)) obj.forEach(take);
      else if (obj && typeof obj === 'object' && Array.isArray(obj.items)) obj.items.forEach(take);
      else if (obj && typeof obj === 'object' && (obj.kind === 'Pod' || (obj.kind === undefined && obj.spec))) pods.push(obj);
    };
    docs.forEach(take);
    if (pods.length === 0 && !docs.some((d) => Array.isArray(d?.items) || Array.isArray(d))) {
      throw new Error(`--pods ${name}: no Pod objects found (expected the output of \`kubectl get pods -A -o json\`)`);
    }
    return pods;
  }

  private constructor() {}
}
