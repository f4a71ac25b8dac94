// The typed log pipeline of LogAgentDaemon: inputs, filters and outputs, one file each.
export type { _PipelineContext } from './log-common';
export * from './log-inputs';
export * from './log-filters';
export * from './log-output-options';
export * from './log-outputs';
