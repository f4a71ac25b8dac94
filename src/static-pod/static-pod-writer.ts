import * as fs from 'fs';
import * as path from 'path';
import { StaticPodFileEncoding } from './static-pod-file';
import { StaticPodManifest } from './static-pod-manifest';

/**
 * Writes static pod manifests and their files into a directory.
 *
 * @example
 * StaticPodWriter.write('dist', StaticPod.fromChart(chart));
 * // dist/static-pods/<name>.yaml and dist/static-pods/<name>/files/<volume>/<key>
 */
export class StaticPodWriter {
  /**
   * Write each manifest's YAML to `<outdir>/<fileName>` and each of its files to `<outdir>/<file.path>` (with the
   * file's mode), creating directories as needed.
   *
   * @returns the paths written, in order
   */
  public static write(outdir: string, manifests: StaticPodManifest[]): string[] {
    const written: string[] = [];
    const seen = new Map<string, string>();
    for (const m of manifests) {
      for (const rel of [m.fileName, ...m.files.map((f) => f.path)]) {
        const other = seen.get(rel);
        if (other !== undefined) {
          throw new Error(`static pods ${other} and ${m.name} both write ${rel}. Fix: give them different names (options name or nameSuffix).`);
        }
        seen.set(rel, m.name);
      }
    }
    for (const m of manifests) {
      const target = path.join(outdir, m.fileName);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, m.yaml);
      written.push(target);
      for (const f of m.files) {
        const p = path.join(outdir, f.path);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        const data = f.encoding === StaticPodFileEncoding.BASE64 ? Buffer.from(f.content, 'base64') : Buffer.from(f.content, 'utf8');
        fs.writeFileSync(p, data, { mode: f.mode });
        fs.chmodSync(p, f.mode);
        written.push(p);
      }
    }
    return written;
  }
}
