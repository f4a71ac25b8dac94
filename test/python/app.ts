// The TypeScript twin of test/python/app.py: the same constructs, ids and props, so both
// synthesize identical manifests. test/python/test_app.py runs both and compares the documents.
//
//   npx ts-node --project examples/tsconfig.json test/python/app.ts <outdir>
import { App, Chart, Duration, Size, YamlOutputType } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import {
  IntOrPercent,
  NodeDaemon,
  NodeRequirement,
  PreemptionPolicy,
  PriorityClass,
  SeccompProfile,
  TaintEffect,
  TolerationOperator,
  WellKnownNodeLabels,
  WellKnownTaints,
} from '../../src';

/**
 * Every chart of the parity app, one file each (`<outdir>/<chart>.k8s.yaml`).
 */
export function buildParityApp(outdir: string): App {
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  buildNodeDaemonChart(app);
  return app;
}

/**
 * `NodeDaemon` with every fluent helper.
 */
function buildNodeDaemonChart(app: App): Chart {
  const chart = new Chart(app, 'node-daemon', { namespace: 'node-agents' });

  // A metrics agent: host network and PID, a host port, the host's /proc and root filesystem.
  const agent = new NodeDaemon(chart, 'metrics-agent', {
    revisionHistoryLimit: 5,
    nodeSelector: { 'node.kubernetes.io/pool': 'general' },
    tolerations: [{ key: 'dedicated', value: 'monitoring', effect: TaintEffect.NO_SCHEDULE }],
  });
  const main = agent.addContainer({
    name: 'agent',
    image: 'example/metrics-agent:1.4.2',
    args: ['--path.procfs=/host/proc', '--path.rootfs=/host/root'],
    resources: {
      cpu: { request: plus.Cpu.millis(50), limit: plus.Cpu.millis(250) },
      memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
    },
    securityContext: { user: 65534, group: 65534, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
  });
  agent
    .tolerateControlPlane()
    .tolerate({
      key: WellKnownTaints.NVIDIA_GPU,
      operator: TolerationOperator.EXISTS,
      effect: TaintEffect.NO_EXECUTE,
      tolerationSeconds: Duration.minutes(5),
    })
    .linuxOnly()
    .excludeVirtualNodes()
    .requireAnyOf(NodeRequirement.labelIn(WellKnownNodeLabels.ARCH, 'amd64', 'arm64'))
    .requireAnyOf(NodeRequirement.labelExists('example.com/agent'))
    .preferNodeAffinity(50, NodeRequirement.labelGt('example.com/cores', 4))
    .excludeNodes('legacy-node-1')
    .selectNodesWithLabel('example.com/monitored', 'true')
    .usePriorityClass(PriorityClass.SYSTEM_NODE_CRITICAL)
    .useRollingUpdate({ maxUnavailable: IntOrPercent.fromPercent(10) })
    .useHostNetwork()
    .useHostPid()
    .addHostPort(main, 9100, { name: 'metrics' })
    .mountHostPath(main, '/proc', '/host/proc', { type: plus.HostPathVolumeType.DIRECTORY })
    .mountHostPath(main, '/', '/host/root', { propagation: plus.MountPropagation.HOST_TO_CONTAINER })
    .useSeccompProfile(SeccompProfile.runtimeDefault())
    .useContainerSeccompProfile('agent', SeccompProfile.localhost('profiles/agent.json'));

  // A storage agent: its own PriorityClass, OnDelete updates, named nodes only, host IPC,
  // a writable host path and an unconfined seccomp profile.
  const priority = new PriorityClass(chart, 'storage-priority', {
    name: 'storage-agents',
    value: 1_000_000,
    description: 'Storage node agents',
    preemptionPolicy: PreemptionPolicy.NEVER,
  });
  const storage = new NodeDaemon(chart, 'storage-agent', {
    containers: [{ name: 'csi', image: 'example/csi-node:2.0.0', securityContext: { ensureNonRoot: false, privileged: true } }],
    priorityClass: priority,
    hostIpc: true,
    seccompProfile: SeccompProfile.unconfined(),
  });
  storage
    .restrictToNodes('storage-1', 'storage-2')
    .requireNodeAffinity(NodeRequirement.labelNotIn('example.com/tier', 'edge'))
    .tolerateAllTaints()
    .useOnDeleteUpdate()
    .keepRevisions(3)
    .mountHostPath(storage.containers[0], '/var/lib/kubelet', '/var/lib/kubelet', {
      readOnly: false,
      type: plus.HostPathVolumeType.DIRECTORY_OR_CREATE,
      propagation: plus.MountPropagation.BIDIRECTIONAL,
      volumeName: 'kubelet-dir',
    });

  // A log shipper: a rolling update with surge, written as strings and numbers.
  const shipper = new NodeDaemon(chart, 'log-shipper', { containers: [{ name: 'shipper', image: 'example/shipper:0.9' }] })
    .useRollingUpdate({ maxUnavailable: IntOrPercent.fromNumber(0), maxSurge: IntOrPercent.fromString('25%') })
    .usePriorityClass(PriorityClass.fromName('logging'))
    .preferNodeAffinity(10, NodeRequirement.labelIn(WellKnownNodeLabels.INSTANCE_TYPE, 'm5.large'))
    .tolerate({ key: 'example.com/draining', operator: TolerationOperator.EXISTS });
  shipper.mountHostPath(shipper.containers[0], '/var/log', '/var/log');

  return chart;
}

if (require.main === module) {
  const outdir = process.argv[2];
  if (!outdir) {
    process.stderr.write('usage: ts-node test/python/app.ts <outdir>\n');
    process.exit(2);
  }
  buildParityApp(outdir).synth();
}
