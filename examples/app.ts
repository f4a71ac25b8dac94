import { App, AppProps } from 'cdk8s';
import { FluentBitChart, FluentdChart } from './src/logging';
import { CadvisorChart, NodeExporterChart } from './src/monitoring';
import { HdfsNameNodeChart, NginxFastStorageChart, PacedRolloutChart, RedisChart } from './src/seed-daemons';

/**
 * Every example chart, one output file each (`dist/<chart>.k8s.yaml`).
 */
export function buildExamples(props: AppProps = {}): App {
  const app = new App(props);
  new NodeExporterChart(app, 'node-exporter');
  new CadvisorChart(app, 'cadvisor');
  new FluentdChart(app, 'fluentd');
  new FluentBitChart(app, 'fluent-bit');
  new RedisChart(app, 'redis');
  new NginxFastStorageChart(app, 'nginx-fast-storage');
  new HdfsNameNodeChart(app, 'hdfs-namenode');
  new PacedRolloutChart(app, 'paced-rollout');
  return app;
}
