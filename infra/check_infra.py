#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Structural checks of the operations files in infra/ (run by infra/check-infra.sh, which tests/run-all.sh runs).

Parses every YAML and JSON file and checks what a validator we can install here cannot: Compose and Kubernetes
environment keys against the gateway's options classes, ports against the gateway's HTTP port, images pinned,
OpenTelemetry Collector pipelines reference defined components, the Grafana dashboard's queries use metric names
that the Prometheus rules also use (names themselves are checked against a running gateway by
tests/Fleet.Gateway.Tests/ScaleOut/InfraFilesTests.cs), the Bicep template declares what docs/iot-hub-bridge.md
needs, and no file carries a secret. Prints one PASS/FAIL line per check; exits 1 if any failed.
"""
import json
import pathlib
import re
import sys

import yaml

INFRA = pathlib.Path(__file__).resolve().parent
ROOT = INFRA.parent
GATEWAY = ROOT / "gateway" / "Fleet.Gateway"
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}" + ("" if ok else f": {detail}"))


def load_yaml_all(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def option_keys():
    """Every Section__Key[__Sub] the gateway binds: SectionName constants and public settable properties."""
    classes = {}
    for cs in GATEWAY.rglob("*.cs"):
        if "/bin/" in str(cs) or "/obj/" in str(cs):
            continue
        text = cs.read_text(encoding="utf-8")
        for m in re.finditer(r"public sealed class (\w+)\b[^{]*\{(.*?)\n\}", text, re.S):
            props = dict(re.findall(r"public (\w+[\w<>?,\s]*?) (\w+) \{ get; set; \}", m.group(2)))
            props = {name: typ.strip().rstrip("?") for typ, name in
                     re.findall(r"public ([\w<>?,\s]+?) (\w+) \{ get; set; \}", m.group(2))}
            section = re.search(r'const string SectionName = "(\w+)"', m.group(2))
            classes[m.group(1)] = (section.group(1) if section else None, props)
    keys = set()

    def walk(prefix, cls, depth=0):
        for prop, typ in classes[cls][1].items():
            key = f"{prefix}__{prop}"
            if typ in classes and depth < 3:
                walk(key, typ, depth + 1)
            else:
                keys.add(key)

    for cls, (section, _) in classes.items():
        if section:
            walk(section, cls)
    return keys


KEYS = option_keys()
# Keys bound outside an options class (ASP.NET Core, logging, OpenTelemetry's own environment variables).
EXTERNAL = re.compile(r"^(ASPNETCORE_|DOTNET_|OTEL_|Logging__|Kestrel__)")


def check_env(where, env):
    unknown = [k for k in env if not EXTERNAL.match(k) and k not in KEYS]
    check(f"{where}: environment keys are gateway options", not unknown, f"unknown {unknown}")


def secret_like(text):
    """Literal secrets: long hex/base64 runs, private keys, passwords given as literals."""
    hits = re.findall(r"-----BEGIN [A-Z ]*PRIVATE KEY-----", text)
    hits += [m for m in re.findall(r"(?i)(?:password|secret|token|key)\s*[:=]\s*['\"]?([A-Za-z0-9+/=]{16,})", text)
             if not m.startswith("$")]
    return hits


# --- every file parses, none carries a secret ---------------------------------------------------------------------
for path in sorted(INFRA.rglob("*")):
    if not path.is_file() or path.name == "check_infra.py":
        continue
    rel = path.relative_to(ROOT)
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yml", ".yaml"):
        try:
            load_yaml_all(path)
            check(f"{rel} parses as YAML", True)
        except yaml.YAMLError as e:
            check(f"{rel} parses as YAML", False, str(e))
    elif path.suffix == ".json":
        try:
            json.loads(text)
            check(f"{rel} parses as JSON", True)
        except json.JSONDecodeError as e:
            check(f"{rel} parses as JSON", False, str(e))
    check(f"{rel} holds no literal secret", not secret_like(text), str(secret_like(text)))

# --- Compose ------------------------------------------------------------------------------------------------------
compose = load_yaml_all(INFRA / "compose" / "docker-compose.yml")[0]
services = compose["services"]
gw = services["gateway"]
check_env("compose gateway", gw["environment"])
check("compose: every image pinned to a tag", all(":" in s["image"] and not s["image"].endswith(":latest")
                                                   for s in services.values()), "")
check("compose: gateway publishes the HTTP port its image listens on (8080)", "8080:8080" in gw["ports"])
check("compose: gateway reaches Mosquitto on the TLS listener",
      gw["environment"]["Broker__Host"] == "mosquitto" and gw["environment"]["Broker__Port"] == "8883"
      and "8883:8883" in services["mosquitto"]["ports"]
      and "listener 8883" in (INFRA / "mosquitto" / "mosquitto-tls.conf").read_text())
check("compose: gateway and Mosquitto share the password/ACL volume and pid namespace",
      any(v.startswith("mosquitto-auth:") for v in gw["volumes"])
      and any(v.startswith("mosquitto-auth:") for v in services["mosquitto"]["volumes"])
      and gw.get("pid") == services["mosquitto"].get("pid") == "service:mosquitto-pid")
check("compose: secrets come from the environment", all("${" in str(gw["environment"][k]) for k in
      ("Broker__Password", "Storage__ConnectionString", "Api__OperatorKey")))
for name, svc in services.items():
    for vol in svc.get("volumes", []):
        src = vol.split(":")[0]
        if src.startswith(".."):
            check(f"compose {name}: mounted file {src} exists", (INFRA / "compose" / src).resolve().exists(), src)

# --- Kubernetes ---------------------------------------------------------------------------------------------------
docs = []
for f in sorted(p for p in (INFRA / "k8s").glob("*.yaml") if p.name != "kustomization.yaml"):
    docs += [(f.name, d) for d in load_yaml_all(f)]
kinds = {(d["kind"], d["metadata"]["name"]) for _, d in docs if "metadata" in d}
kustom = load_yaml_all(INFRA / "k8s" / "kustomization.yaml")[0]
check("k8s: kustomization lists every manifest",
      sorted(kustom["resources"]) == sorted(f.name for f in (INFRA / "k8s").glob("*.yaml") if f.name != "kustomization.yaml"))
check("k8s: every object has apiVersion, kind, metadata.name",
      all("apiVersion" in d and "kind" in d and d.get("metadata", {}).get("name") for _, d in docs))
by = {(d["kind"], d["metadata"]["name"]): d for _, d in docs if "metadata" in d}
sts = by[("StatefulSet", "fleet-gateway")]
pod = sts["spec"]["template"]["spec"]
container = pod["containers"][0]
cm = by[("ConfigMap", "fleet-gateway")]["data"]
env_names = list(cm) + [e["name"] for e in container["env"]]
check_env("k8s gateway", env_names)
check("k8s: scale-out on External + Postgres", cm["ScaleOut__Enabled"] == "true" and cm["Broker__Mode"] == "External"
      and cm["Storage__Provider"] == "Postgres")
inst = next(e for e in container["env"] if e["name"] == "ScaleOut__InstanceId")
check("k8s: instance id is the pod name (stable across restarts)",
      inst["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name")
check("k8s: instance ids fit ScaleOut:InstanceId (<= 40 of [A-Za-z0-9_-])",
      re.fullmatch(r"[A-Za-z0-9_-]{1,37}", sts["metadata"]["name"]) is not None)
check("k8s: secrets only by reference", all("valueFrom" in e for e in container["env"]
                                            if e["name"] in ("Broker__Password", "Api__OperatorKey", "Storage__ConnectionString"))
      and not any(k in cm for k in ("Broker__Password", "Api__OperatorKey", "Storage__ConnectionString"))
      and not any(d["kind"] == "Secret" for _, d in docs))
check("k8s: container port 8080 named http, probes on /health",
      container["ports"][0]["containerPort"] == 8080 and container["ports"][0]["name"] == "http"
      and container["readinessProbe"]["httpGet"]["path"] == "/health")
check("k8s: selectors match pod labels", all(
    all(d["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in d["spec"]["selector"]["matchLabels"].items())
    for _, d in docs if d["kind"] == "StatefulSet"))
check("k8s: the headless Service Prometheus resolves exists",
      by[("Service", "fleet-gateway-pods")]["spec"]["clusterIP"] == "None"
      and sts["spec"]["serviceName"] == "fleet-gateway-pods"
      and "fleet-gateway-pods.fleet.svc" in (INFRA / "prometheus" / "prometheus.yml").read_text())
mosq = by[("ConfigMap", "mosquitto-config")]["data"]["mosquitto.conf"]
check("k8s: Mosquitto listens where the gateways dial",
      f"listener {cm['Broker__Port']}" in mosq and by[("Service", "mosquitto")]["spec"]["ports"][0]["port"] == int(cm["Broker__Port"]))
check("k8s: every instance sees the model artifacts (shared ReadWriteMany volume)",
      any(v.get("persistentVolumeClaim", {}).get("claimName") == "fleet-models" for v in pod["volumes"])
      and by[("PersistentVolumeClaim", "fleet-models")]["spec"]["accessModes"] == ["ReadWriteMany"]
      and any(m["mountPath"] == "/var/lib/fleet/models" for m in container["volumeMounts"]))
check("k8s: gateways and Mosquitto share the auth volume",
      any(v.get("persistentVolumeClaim", {}).get("claimName") == "mosquitto-auth" for v in pod["volumes"])
      and ("PersistentVolumeClaim", "mosquitto-auth") in kinds)

# --- OpenTelemetry Collector --------------------------------------------------------------------------------------
otel = load_yaml_all(INFRA / "otel" / "otel-collector.yaml")[0]
missing = []
for pname, pipe in otel["service"]["pipelines"].items():
    for section in ("receivers", "processors", "exporters"):
        missing += [f"{pname}.{section}.{c}" for c in pipe.get(section, []) if c not in otel.get(section, {})]
check("otel: pipelines use only defined components", not missing, str(missing))
check("otel: OTLP gRPC on 4317 (the gateway exporter's default)",
      otel["receivers"]["otlp"]["protocols"]["grpc"]["endpoint"].endswith(":4317"))
check("otel: Prometheus scrapes the collector's exporter port",
      otel["exporters"]["prometheus"]["endpoint"].endswith(":8889")
      and "otel-collector:8889" in (INFRA / "prometheus" / "prometheus.yml").read_text())

# --- Grafana ------------------------------------------------------------------------------------------------------
dash = json.loads((INFRA / "grafana" / "fleet-overview.json").read_text())
exprs = [t["expr"] for p in dash["panels"] for t in p["targets"]]
check("grafana: every panel has a query", all(p["targets"] for p in dash["panels"]) and len(exprs) > 0)
check("grafana: queries use only Fleet metric names",
      all(re.findall(r"fleet_gateway_\w+", e) for e in exprs), str(exprs))
ids = [p["id"] for p in dash["panels"]]
check("grafana: panel ids unique", len(ids) == len(set(ids)))

# --- Bicep --------------------------------------------------------------------------------------------------------
bicep = (INFRA / "azure" / "iot-hub.bicep").read_text()
check("bicep: declares an IoT hub", re.search(r"resource \w+ 'Microsoft\.Devices/IotHubs@\d{4}-\d{2}-\d{2}'", bicep) is not None)
for policy, rights in (("device", "DeviceConnect"), ("service", "ServiceConnect")):
    check(f"bicep: '{policy}' policy with {rights} (docs/iot-hub-bridge.md)",
          re.search(rf"keyName: '{policy}'\s*\n\s*rights: '[^']*{rights}", bicep) is not None)
check("bicep: no key in outputs", not re.search(r"output .*(listKeys|primaryKey)", bicep))
check("bicep: TLS 1.2 minimum", "minTlsVersion: '1.2'" in bicep)
check("bicep: braces and brackets balance", bicep.count("{") == bicep.count("}") and bicep.count("[") == bicep.count("]"))

failed = results.count(False)
print(f"infra structure: {len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
