// jest globalSetup for `npm run test:cluster`: starts one control plane for the whole run.
import { startControlPlane, stopControlPlane } from './control-plane';

export default function globalSetup(): void {
  const env = startControlPlane(process.pid);
  // Test files run after this, in this process (--runInBand) or in workers forked from it: both see these.
  process.env.CDK8S_ND_CLUSTER_DIR = env.CLUSTER_DIR;
  process.env.CDK8S_ND_KUBECONFIG = env.KUBECONFIG;
  process.env.CDK8S_ND_KUBE_BIN_DIR = env.KUBE_BIN_DIR;
  // Stop it however this process ends (the watchdog started by start.sh covers a hard kill).
  const stop = () => stopControlPlane(env.CLUSTER_DIR);
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}
