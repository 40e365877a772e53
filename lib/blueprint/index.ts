export * from './blueprint-props';
export * from './flow';
export * from './protocol';
export * from './role';
export * from './service';
export * from './zone';
