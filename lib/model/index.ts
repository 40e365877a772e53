export * from './build-model';
export * from './errors';
export * from './model';
