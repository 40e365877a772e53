/** The CLI's help text (docs/cli.md describes each command in full). */
export const USAGE = `Usage: cdk8s-zero-trust <command> [options]

Commands:
  synth <blueprint.yaml|json> [-o dist] [--realm-dir dir] [--chart name]
      Write the manifests (<chart>.k8s.yaml, as cdk8s synth does) and the realm file
      (<realm>-realm.json, in <outdir>-keycloak by default). Nothing is written on error.
  check <blueprint> [--format text|json]
      Report every problem with its JSON path and code; exit 1 when there is one.
  explain <blueprint|dist/> [service] [--format text|json]
      Who may reach the service, on which ports and routes, at which layer, and its blast radius:
      what a compromise of its workload reaches, and the Keycloak roles its client can obtain.
  graph <blueprint> [--format mermaid|dot]
      The zones, services and allowed flows as a Mermaid (default) or Graphviz DOT diagram.
  diff <old> <new> [--format text|json]
      Connections, identities and roles the change adds and removes (blueprints or dist/ dirs).

Exit codes: 0 done (a diff is not an error), 1 invalid input, 2 wrong command line, 70 internal error.
`;
