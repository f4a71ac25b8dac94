export * from './tolerations';
export * from './node-selection';
export * from './priority';
export * from './update-strategy';
export * from './security';
export * from './node-daemon';
export * from './validation';
export * from './placement';
