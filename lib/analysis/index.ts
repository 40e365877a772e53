export * from './reachability';
export * from './mesh-authorization';
