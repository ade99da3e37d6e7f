#!/usr/bin/env python3
"""Validates a Kubernetes manifest against the object schemas of the official `kubernetes`
Python client (its models mirror the API's OpenAPI schema): every field must exist in the model
of its kind, with the right type. NetworkAttachmentDefinition (a Multus CRD, not in the client)
is checked against its CRD shape. Prints one line per object; exits 1 on the first error.

Usage: validate-k8s-manifest.py FILE..."""
import re
import sys

import yaml
from kubernetes import client

KINDS = {
    ("v1", "Namespace"): "V1Namespace",
    ("v1", "ConfigMap"): "V1ConfigMap",
    ("v1", "Secret"): "V1Secret",
    ("v1", "Service"): "V1Service",
    ("v1", "Pod"): "V1Pod",
    ("v1", "Endpoints"): "V1Endpoints",
    ("apps/v1", "Deployment"): "V1Deployment",
    ("apps/v1", "ReplicaSet"): "V1ReplicaSet",
    ("autoscaling/v2", "HorizontalPodAutoscaler"): "V2HorizontalPodAutoscaler",
}

PRIMITIVES = {"str": str, "int": int, "bool": bool, "float": (int, float), "object": object, "datetime": str}


def check(value, type_name, path):
    if value is None:
        return
    # Client versions spell containers list[X] / dict(str, X) or List[X] / Dict[str, X].
    list_match = re.fullmatch(r"[lL]ist\[(.+)\]", type_name)
    dict_match = re.fullmatch(r"dict\(str, (.+)\)", type_name) or re.fullmatch(r"Dict\[str, (.+)\]", type_name)
    if list_match:
        if not isinstance(value, list):
            raise ValueError(f"{path}: expected a list")
        for index, item in enumerate(value):
            check(item, list_match.group(1), f"{path}[{index}]")
    elif dict_match:
        if not isinstance(value, dict):
            raise ValueError(f"{path}: expected a map")
        for key, item in value.items():
            check(item, dict_match.group(1), f"{path}.{key}")
    elif type_name in PRIMITIVES:
        expected = PRIMITIVES[type_name]
        # IntOrString fields are typed "object" in the client: anything scalar goes.
        if type_name == "str" and isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ValueError(f"{path}: expected a string, got the number {value}")
        if not isinstance(value, expected):
            raise ValueError(f"{path}: expected {type_name}, got {type(value).__name__}")
    else:
        model = getattr(client, type_name)
        if not isinstance(value, dict):
            raise ValueError(f"{path}: expected an object ({type_name})")
        by_json = {json_name: attribute for attribute, json_name in model.attribute_map.items()}
        for key, item in value.items():
            if key not in by_json:
                raise ValueError(f"{path}.{key}: unknown field (not in {type_name})" if path else f"{key}: unknown field")
            check(item, model.openapi_types[by_json[key]], f"{path}.{key}" if path else key)


def check_network_attachment_definition(document):
    allowed = {"apiVersion", "kind", "metadata", "spec"}
    for key in document:
        if key not in allowed:
            raise ValueError(f"{key}: unknown field")
    check(document.get("metadata"), "V1ObjectMeta", "metadata")
    spec = document.get("spec") or {}
    for key, value in spec.items():
        if key != "config":
            raise ValueError(f"spec.{key}: unknown field")
        if not isinstance(value, str):
            raise ValueError("spec.config: expected a string (CNI JSON)")


def main(paths):
    for path in paths:
        with open(path) as handle:
            for number, document in enumerate(yaml.safe_load_all(handle), start=1):
                if document is None:
                    continue
                api_version, kind = document.get("apiVersion"), document.get("kind")
                name = (document.get("metadata") or {}).get("name", "?")
                try:
                    if (api_version, kind) == ("k8s.cni.cncf.io/v1", "NetworkAttachmentDefinition"):
                        check_network_attachment_definition(document)
                    elif (api_version, kind) in KINDS:
                        check(document, KINDS[(api_version, kind)], "")
                    else:
                        raise ValueError(f"kind {api_version} {kind} is not validated by this script")
                except ValueError as error:
                    print(f"{path} document {number} ({kind} {name}): {error}")
                    return 1
                print(f"{path} document {number}: {kind} {name} valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
