export * from './feature-gates';
export * from './placement-decision';
export * from './placement';
export * from './taint-matching';
export * from './rollout';
export * from './rollout-simulation';
export * from './rollout-risk';
export * from './plan-report';
