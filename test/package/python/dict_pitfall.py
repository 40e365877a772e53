"""The README's three-service blueprint from Python, written three ways (docs/python.md, "Dicts").

usage: python dict_pitfall.py <outdir> structs|camel-dicts|snake-dicts
Struct classes check every keyword. A dict in a LIST of structs is passed to the library as it is, so
its keys must be the TypeScript (camelCase) names: a snake_case key is silently dropped.
"""
import sys

import cdk8s
import cdk8s_zero_trust as zt


def services_from_structs():
    return [
        zt.ServiceProps(name="gateway", zone="dmz",
                        ports=[zt.ServicePortProps(name="https", port=443, target_port=8443, app_protocol=zt.AppProtocol.TCP)],
                        allow_from=[zt.FlowSourceProps(internet=True)]),
        zt.ServiceProps(name="orders", zone="app", ports=[zt.ServicePortProps(name="http", port=8080)],
                        allow_from=[zt.FlowSourceProps(service="gateway")]),
        zt.ServiceProps(name="postgresql", zone="data",
                        ports=[zt.ServicePortProps(name="postgresql", port=5432, app_protocol=zt.AppProtocol.OPAQUE)],
                        allow_from=[zt.FlowSourceProps(service="orders")]),
    ]


def services_from_dicts(allow_from, target_port, app_protocol):
    return [
        {"name": "gateway", "zone": "dmz",
         "ports": [{"name": "https", "port": 443, target_port: 8443, app_protocol: zt.AppProtocol.TCP}],
         allow_from: [{"internet": True}]},
        {"name": "orders", "zone": "app", "ports": [{"name": "http", "port": 8080}],
         allow_from: [{"service": "gateway"}]},
        {"name": "postgresql", "zone": "data",
         "ports": [{"name": "postgresql", "port": 5432, app_protocol: zt.AppProtocol.OPAQUE}],
         allow_from: [{"service": "orders"}]},
    ]


SERVICES = {
    "structs": services_from_structs,
    "camel-dicts": lambda: services_from_dicts("allowFrom", "targetPort", "appProtocol"),
    "snake-dicts": lambda: services_from_dicts("allow_from", "target_port", "app_protocol"),
}

if __name__ == "__main__":
    outdir, mode = sys.argv[1:]
    app = cdk8s.App(outdir=outdir)
    chart = cdk8s.Chart(app, "platform", disable_resource_name_hashes=True)
    zt.ZeroTrustBlueprint(chart, "blueprint", services=SERVICES[mode]())
    app.synth()
