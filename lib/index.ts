export * from './blueprint';
export * from './service';
export * from './zone';
export * from './zero-trust-blueprint';
export * from './analysis';
export * from './rules';
export * from './plugin';
