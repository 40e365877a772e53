export * from './authorization-rules';
export * from './edge';
export * from './edge-gateway';
export * from './edge-http-route';
export * from './edge-jwks-backend';
export * from './edge-security-policy';
export * from './token-contract';
