export * from './reachability';
