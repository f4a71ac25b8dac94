export * from './common';
export * from './metrics';
export * from './log-pipeline';
export * from './fluent-bit-config';
export * from './fluentd-config';
export * from './node-exporter';
export * from './log-agent';
export * from './cadvisor';
