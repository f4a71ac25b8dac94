import { App, AppProps } from 'cdk8s';
import { CadvisorSeedChart, NodeExporterSeedChart } from './src/monitoring';
import { FluentdChart, HdfsNameNodeChart, NginxFastStorageChart, PacedRolloutChart, RedisChart } from './src/seed-daemons';

/**
 * Every example chart, one output file each (`dist/<chart>.k8s.yaml`).
 */
export function buildExamples(props: AppProps = {}): App {
  const app = new App(props);
  new NodeExporterSeedChart(app, 'node-exporter');
  new CadvisorSeedChart(app, 'cadvisor');
  new FluentdChart(app, 'fluentd');
  new RedisChart(app, 'redis');
  new NginxFastStorageChart(app, 'nginx-fast-storage');
  new HdfsNameNodeChart(app, 'hdfs-namenode');
  new PacedRolloutChart(app, 'paced-rollout');
  return app;
}
