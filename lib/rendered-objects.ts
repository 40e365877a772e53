import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The API objects below `scope` (in construct order), optionally only those of one `kind`: what the typed
 * handles of the public constructs return, so users can patch an object without knowing its path.
 */
export function renderedObjects(scope: IConstruct | undefined, kind?: string): ApiObject[] {
  if (!scope) {
    return [];
  }
  return scope.node.findAll().filter(ApiObject.isApiObject).filter((o) => kind === undefined || o.kind === kind);
}

/** The API object that is `scope`'s child `id` (or that child's default child); undefined when absent. */
export function renderedChild(scope: IConstruct, ...ids: string[]): ApiObject | undefined {
  let current: IConstruct | undefined = scope;
  for (const id of ids) {
    current = current?.node.tryFindChild(id);
  }
  if (current === undefined) {
    return undefined;
  }
  const found = ApiObject.isApiObject(current) ? current : current.node.defaultChild;
  return found !== undefined && ApiObject.isApiObject(found) ? found : undefined;
}
