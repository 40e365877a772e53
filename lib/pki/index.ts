export * from './pki';
