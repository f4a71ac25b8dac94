// jest globalTeardown for `npm run test:cluster`: always stops the control plane started by global-setup.ts.
import { stopControlPlane } from './control-plane';

export default function globalTeardown(): void {
  const dir = process.env.CDK8S_ND_CLUSTER_DIR;
  if (dir) stopControlPlane(dir);
}
