export * from './keycloak-server';
export * from './realm-import';
