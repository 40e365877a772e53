export * from './zone-namespace';
