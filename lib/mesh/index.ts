export * from './namespace-annotations';
export * from './service-mesh-policy';
export * from './zone-mesh-policy';
export * from './zone-caller-groups';
