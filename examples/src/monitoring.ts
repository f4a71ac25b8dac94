import { Chart, ChartProps } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { resources } from './common';
import { CadvisorDaemon, NodeExporterDaemon } from 'cdk8s-node-daemons';

/**
 * node-exporter on every Linux node (seeds 000 and 004): host network, host PID, host port 9100 and
 * probes, with the typed daemon's production defaults and a ServiceMonitor for the Prometheus Operator.
 */
export class NodeExporterChart extends Chart {
  public readonly daemon: NodeExporterDaemon;
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    new plus.Namespace(this, 'namespace', { metadata: { name: 'monitoring' } });
    this.daemon = new NodeExporterDaemon(this, 'node-exporter', {
      namespace: 'monitoring',
      serviceMonitor: {},
    });
  }
}

/**
 * cAdvisor in namespace `cadvisor` on every Linux node, control-plane nodes included, with requests
 * and limits (seed 000) and the typed daemon's CPU- and memory-saving arguments.
 */
export class CadvisorChart extends Chart {
  public readonly daemon: CadvisorDaemon;
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    new plus.Namespace(this, 'namespace', { metadata: { name: 'cadvisor' } });
    this.daemon = new CadvisorDaemon(this, 'cadvisor', {
      namespace: 'cadvisor',
      resources: resources(400, 400, 800, 2000),
    });
  }
}
