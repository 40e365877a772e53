// The blueprint error type, published as `cdk8s-zero-trust/errors`. It stays out of the jsii API
// because jsii refuses a class that extends `Error`; TypeScript and JavaScript users import it here.
export { BlueprintError, BlueprintIssue, MAX_LISTED_ISSUES, isBlueprintError } from '../model/errors';
export { MAX_FLOW_DEPTH, MAX_YAML_ALIASES } from '../validation/blueprint-file';
