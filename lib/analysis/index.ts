export * from './reachability';
export * from './mesh-authorization';
export * from './workload-query';
