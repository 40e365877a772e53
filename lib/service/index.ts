export * from './blueprint-service';
