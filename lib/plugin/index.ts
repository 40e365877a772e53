export * from './zero-trust-validation';
