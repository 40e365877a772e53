/**
 * The construct id for a blueprint name (a zone, service or port). The constructs library keeps
 * children in a plain object, so a child called `constructor` collides with the inherited property and
 * is refused; such names get a trailing '-', which no DNS-1123 name ends with, so ids stay unique. The
 * id only names the construct: the Kubernetes objects keep the blueprint's name.
 */
export function constructId(name: string): string {
  return name in Object.prototype ? `${name}-` : name;
}
