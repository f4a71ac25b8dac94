export * from './static-pod-file';
export * from './static-pod-manifest';
export * from './static-pod-options';
export * from './static-pod-priority';
export * from './static-pod';
export * from './static-pod-writer';
