/**
 * A Keycloak realm role. Roles form a hierarchy through `includes` (a composite role in Keycloak):
 * `admin` includes `operator`, which includes `viewer`, so an admin holds all three.
 */
export interface RoleProps {
  /**
   * Role name (lowercase letters, digits, '-' and '_', starting with a letter).
   * @pattern ^[a-z][a-z0-9_-]{0,62}$
   */
  readonly name: string;

  /**
   * What the role is for; becomes the Keycloak role description.
   * @default - none
   */
  readonly description?: string;

  /**
   * Roles this role includes (inherits).
   * @default - none
   * @pattern ^[a-z][a-z0-9_-]{0,62}$
   */
  readonly includes?: string[];
}
