import { BestPracticeRule, forEachContainer, obj, arr, cname } from './rule';
import { isObj } from '../json-shape';
import { Severity } from '../severity';

/** ND-007: hostPath volumes are mounted read-only. */
export const ND007: BestPracticeRule = {
  id: 'ND-007',
  severity: Severity.WARNING,
  description: 'Every hostPath volume is mounted with readOnly: true unless the agent must write to the node (suppress with a reason then).',
  daemonSetOnly: false,
  check(ctx, report) {
    const volumes = arr(ctx.pod.spec.volumes);
    if (!hasHostPath(volumes)) return;
    const hostPaths = new Map<string, string>();
    for (const v of volumes) {
      const vol = obj(v);
      if (typeof vol.name === 'string' && typeof obj(vol.hostPath).path === 'string') hostPaths.set(vol.name, vol.hostPath.path);
    }
    forEachContainer(ctx, true, (c, path) => {
      arr(c.volumeMounts).forEach((m: any, j: number) => {
        const mount = obj(m);
        const hp = hostPaths.get(mount.name);
        if (hp !== undefined && mount.readOnly !== true) {
          report(`${path}.volumeMounts[${j}].readOnly`,
            `container ${cname(c)} mounts host path ${JSON.stringify(hp)} writable at ${JSON.stringify(mount.mountPath ?? '')}; set readOnly: true`);
        }
      });
    });
  },
};

function hasHostPath(volumes: any[]): boolean {
  for (const v of volumes) if (isObj(obj(v).hostPath)) return true;
  return false;
}
