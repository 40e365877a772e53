export * from './alert-rules';
export * from './alerting-rules';
