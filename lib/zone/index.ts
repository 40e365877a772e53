export * from './blueprint-zone';
