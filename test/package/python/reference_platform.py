"""The reference platform from Python: examples/reference-platform/main.ts and workloads.ts, line for line.

usage: python reference_platform.py <outdir> <blueprint.yaml> [<blueprint module>]
With a blueprint module (a file defining ``blueprint(scope, id)``, which builds the ``ZeroTrustBlueprint``
from struct classes), the blueprint comes from it; without, from ``ZeroTrustBlueprint.from_file``.
"""
import importlib.util
import sys

import cdk8s
import cdk8s_plus_27 as kplus
from cdk8s_zero_trust import ZeroTrustBlueprint

IMAGES = {
    "gateway": "registry.example.com/platform/gateway:1.0.0",
    "static-assets": "registry.example.com/platform/static-assets:1.0.0",
    "auth-service": "registry.example.com/platform/auth-service:1.0.0",
    "business-api": "registry.example.com/platform/business-api:1.0.0",
    "worker": "registry.example.com/platform/worker:1.0.0",
    "ml-service": "registry.example.com/platform/ml-service:1.0.0",
    "keycloak": "registry.example.com/platform/keycloak:26.0.0",
    "postgresql": "registry.example.com/platform/postgresql:16.4",
    "redis": "registry.example.com/platform/redis:7.4",
    "minio": "registry.example.com/platform/minio:2024.10",
    "prometheus": "registry.example.com/platform/prometheus:2.54.1",
    "grafana": "registry.example.com/platform/grafana:11.2.0",
    "loki": "registry.example.com/platform/loki:3.2.0",
    "log-shipper": "registry.example.com/platform/alloy:1.4.0",
}

EXEC_PROBES = {
    "postgresql": ["pg_isready", "-h", "127.0.0.1", "-p", "5432"],
    "redis": ["redis-cli", "-h", "127.0.0.1", "ping"],
}


def container_ports(service):
    """A service's ports as cdk8s-plus structs: Python checks argument types, so the library's own
    ``ServiceContainerPort`` structs are converted (TypeScript accepts them as they are)."""
    return [kplus.ContainerPort(number=p.number, name=p.name, protocol=kplus.Protocol(p.protocol))
            for p in service.container_ports]


def add_workloads(scope, blueprint):
    for name in blueprint.service_names:
        service = blueprint.service(name)
        if service.managed_by_operator:
            continue  # Keycloak: the operator runs it from the Keycloak CR
        probes = {}
        if name in EXEC_PROBES:
            probes = {"liveness": kplus.Probe.from_command(EXEC_PROBES[name]),
                      "readiness": kplus.Probe.from_command(EXEC_PROBES[name])}
        deployment = kplus.Deployment(
            scope, f"{name}-workload",
            metadata=cdk8s.ApiObjectMetadata(name=name, namespace=service.namespace),
            replicas=1,
            containers=[kplus.ContainerProps(
                name=name,
                image=IMAGES.get(name, f"registry.example.com/platform/{name}:1.0.0"),
                ports=container_ports(service),
                security_context=kplus.ContainerSecurityContextProps(user=65532, group=65532),
                **probes,
            )],
        )
        service.bind(deployment)


def load_module(path):
    spec = importlib.util.spec_from_file_location("blueprint_structs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(outdir, blueprint_file, blueprint_module=None):
    app = cdk8s.App(outdir=outdir)
    chart = cdk8s.Chart(app, "reference-platform", disable_resource_name_hashes=True)
    if blueprint_module:
        blueprint = load_module(blueprint_module).blueprint(chart, "blueprint")
    else:
        blueprint = ZeroTrustBlueprint.from_file(chart, "blueprint", blueprint_file)
    add_workloads(chart, blueprint)
    app.synth()
    blueprint.write_realm_file(f"{outdir}-keycloak")


if __name__ == "__main__":
    main(*sys.argv[1:])
