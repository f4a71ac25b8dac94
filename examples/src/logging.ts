import { Chart, ChartProps } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { resources } from './common';
import {
  LogAgentDaemon, LogAgentKind, LogOutput, NodeRequirement, PriorityClass, TaintEffect, TolerationOperator,
} from 'cdk8s-node-daemons';

/**
 * fluentd in namespace `logging` on the platform-tools nodes (seed 001): tolerates
 * `app=fluentd-logging:NoExecute`, requires `type In [platform-tools]`, prefers
 * `instance-type In [t2.large]`, runs as non-root without privilege escalation and with the
 * `high-priority` PriorityClass (value 100000), shipping to Elasticsearch.
 */
export class FluentdChart extends Chart {
  public readonly daemon: LogAgentDaemon;
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    new plus.Namespace(this, 'namespace', { metadata: { name: 'logging' } });
    const priority = new PriorityClass(this, 'high-priority', {
      name: 'high-priority',
      value: 100000,
      globalDefault: false,
      description: 'daemonset priority class',
    });
    this.daemon = new LogAgentDaemon(this, 'fluentd', {
      agent: LogAgentKind.FLUENTD,
      namespace: 'logging',
      // The seed's placement replaces the "every node" default.
      tolerateAllTaints: false,
      priorityClass: priority,
      // Non-root: the node's log files must be readable by uid 1000 (e.g. group-readable via an ACL).
      runAsUser: 1000,
      resources: resources(100, 200, 200, 200),
      outputs: [LogOutput.elasticsearch({ host: 'elasticsearch.logging.svc', port: 9200 })],
    });
    this.daemon
      .tolerate({ key: 'app', operator: TolerationOperator.EQUAL, value: 'fluentd-logging', effect: TaintEffect.NO_EXECUTE })
      .requireNodeAffinity(NodeRequirement.labelIn('type', 'platform-tools'))
      .preferNodeAffinity(1, NodeRequirement.labelIn('instance-type', 't2.large'));
  }
}

/** The default log agent: fluent-bit on every Linux node, shipping to Loki. */
export class FluentBitChart extends Chart {
  public readonly daemon: LogAgentDaemon;
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    new plus.Namespace(this, 'namespace', { metadata: { name: 'logging-fluent-bit' } });
    this.daemon = new LogAgentDaemon(this, 'fluent-bit', {
      namespace: 'logging-fluent-bit',
      outputs: [LogOutput.loki({ host: 'loki-gateway.loki.svc' })],
    });
  }
}
