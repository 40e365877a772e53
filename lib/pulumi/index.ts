export * from './zero-trust-realm';
export * from './resource-names';
export { goDuration } from './go-duration-format';
export { ADMIN_EVENTS_EXPIRATION_ATTRIBUTE, EVENTS_LISTENERS, realmArgs, realmEventsArgs } from './realm-settings';
export { audienceMapperName, claimMapperName, clientArgs, clientDescription } from './realm-clients';
export { executionConfigAlias, FlowBindingName, KEYCLOAK_DEFAULT_FLOWS } from './realm-flows';
export { realmUserProfileArgs } from './realm-user-profile';
