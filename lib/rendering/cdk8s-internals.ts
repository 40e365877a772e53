import * as cdk8s from 'cdk8s';
import { ApiObject } from 'cdk8s';

// Read once: cdk8s's index exports its classes through getters, a call on every use (every object rendered).
const { App, ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver } = cdk8s;

/**
 * What an ApiObject's rendering is computed from, as cdk8s keeps it (private fields): its props and its JSON
 * patches. Undefined for a cdk8s that keeps them elsewhere; callers then render the usual way.
 */
export function renderInputs(obj: ApiObject): { readonly props: Record<string, unknown>; readonly patches: readonly unknown[] } | undefined {
  const internals = obj as unknown as { props?: unknown; patches?: unknown };
  if (typeof internals.props !== 'object' || internals.props === null || !Array.isArray(internals.patches)) {
    return undefined;
  }
  return { props: internals.props as Record<string, unknown>, patches: internals.patches };
}

/** Whether `obj`'s app has exactly the resolvers every cdk8s `App` installs, in their order. */
export function hasDefaultResolvers(obj: ApiObject): boolean {
  // From the object's chart, which it keeps: a climb of a level or two instead of the whole path.
  const resolvers = (App.of(obj.chart ?? obj) as Partial<cdk8s.App>).resolvers;
  return resolvers !== undefined && resolvers.length === 3 && resolvers[0] instanceof LazyResolver
    && resolvers[1] instanceof ImplicitTokenResolver && resolvers[2] instanceof NumberStringUnionResolver;
}

/** Whether `obj` carries no JSON patch (false also for a cdk8s that keeps them elsewhere). */
export function isUnpatched(obj: ApiObject): boolean {
  const patches = (obj as unknown as { patches?: unknown }).patches;
  return Array.isArray(patches) && patches.length === 0;
}
