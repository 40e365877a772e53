"""Binds a Deployment of the given cdk8s-plus module to the README's ``orders`` service, from Python.

usage: python bind_workload.py <outdir> cdk8s_plus_27|cdk8s_plus_34
"""
import importlib
import sys

import cdk8s
import cdk8s_zero_trust as zt
from dict_pitfall import services_from_structs

if __name__ == "__main__":
    outdir, module = sys.argv[1:]
    kplus = importlib.import_module(module)
    app = cdk8s.App(outdir=outdir)
    chart = cdk8s.Chart(app, "platform", disable_resource_name_hashes=True)
    blueprint = zt.ZeroTrustBlueprint(chart, "blueprint", services=services_from_structs())
    orders = blueprint.service("orders")
    deployment = kplus.Deployment(chart, "orders", containers=[kplus.ContainerProps(
        image="registry.example.com/orders:1.4.2",
        # Python checks argument types: the library's port structs become this module's ContainerPort.
        ports=[kplus.ContainerPort(number=p.number, name=p.name, protocol=kplus.Protocol(p.protocol))
               for p in orders.container_ports],
        security_context=kplus.ContainerSecurityContextProps(user=65532, group=65532),
    )])
    orders.bind(deployment)
    app.synth()
