#!/usr/bin/env node
// Checks Kubernetes manifests (multi-document YAML) without a cluster (kubectl --dry-run
// needs a server). For every object:
//  1. apiVersion/kind must name a class in kubernetes-models (4.5.1, the Kubernetes OpenAPI
//     schemas); an unknown apiVersion/kind is an error;
//  2. the class's validate() (JSON schema: types, required fields, enums);
//  3. the TypeScript trick against the same package's interface (e.g. INetworkPolicy), which
//     adds what validate() lacks: unknown or misspelt fields;
//  4. what the API server itself would reject and neither of the above sees: a missing
//     metadata.name, invalid object names and label values, the same object twice in a file.
//
// Invocation (from any working directory; dependencies come from .tools/checkers/node_modules,
// installed by .ci/install-checkers):
//     node tools/checkers/check-k8s.mjs out/k8s/team-qa.yaml [more.yaml ...]
// Output: one `FILE: LINE:COL Kind/name path: message` line per finding.
// Exit: 0 clean, 1 findings, 2 the checker could not run (not installed, bad usage).

import { filesFromArgv, formatPath, positionOf, readStructured, Report, requireTool, tryRequireTool } from "./lib/common.mjs";
import { typeCheck } from "./lib/typecheck.mjs";

// apiserver name rules (k8s.io/apimachinery/pkg/util/validation).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/; // max 63
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/; // max 253
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/; // max 63
const LABEL_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
// Kinds whose names must be DNS-1123 labels; RBAC names are only path segments; the rest subdomains.
const LABEL_NAMED = new Set(["Namespace", "Service"]);
const PATH_SEGMENT_NAMED = new Set(["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"]);

const files = filesFromArgv("check-k8s.mjs FILE.yaml...");
const report = new Report();
const inputs = [];
requireTool("kubernetes-models"); // fail early with exit 2 when not installed

for (const file of files) {
    const parsed = readStructured(file, report, { multi: true });
    if (!parsed) continue;
    const { lineCounter } = parsed;
    const items = [];
    const seen = new Map();
    parsed.docs.forEach(({ doc, value }, index) => {
        const at = (keyPath, label, msg) => report.error(file, `${positionOf(doc, lineCounter, keyPath)} ${label} ${formatPath(keyPath)}: ${msg}`);
        if (typeof value !== "object" || Array.isArray(value)) {
            report.error(file, `document ${index + 1}: not a Kubernetes object (a mapping with apiVersion and kind)`);
            return;
        }
        const { apiVersion, kind } = value;
        const name = value.metadata?.name;
        const label = `${kind ?? "?"}/${name ?? "?"}`;
        if (typeof apiVersion !== "string" || typeof kind !== "string") {
            at([], label, "apiVersion and kind must be strings");
            return;
        }
        // Only well-formed names reach the module lookup (no path tricks).
        const modulePath = /^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion) && /^[A-Z][A-Za-z0-9]*$/.test(kind)
            ? `kubernetes-models/${apiVersion}/${kind}`
            : null;
        const Model = modulePath && tryRequireTool(modulePath)?.[kind];
        if (typeof Model !== "function") {
            at(["kind"], label, `unknown apiVersion/kind ${apiVersion}/${kind} (not in the Kubernetes API schemas of kubernetes-models 4.5.1)`);
            return;
        }

        // 2. JSON schema validation.
        try {
            new Model(value).validate();
        } catch (e) {
            if (!Array.isArray(e.errors)) throw e;
            for (const err of e.errors) {
                const keyPath = err.instancePath.split("/").slice(1)
                    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
                    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
                const extra = err.params?.allowedValues ? ` (${err.params.allowedValues.join(", ")})` : "";
                at(keyPath, label, `${err.message}${extra}`);
            }
        }

        // 4. What the API server checks beyond the schema.
        if (typeof name !== "string" || name === "") {
            at(["metadata"], label, "metadata.name is required");
        } else if (LABEL_NAMED.has(kind) ? !(DNS1123_LABEL.test(name) && name.length <= 63)
            : PATH_SEGMENT_NAMED.has(kind) ? /[/%]/.test(name) || name === "." || name === ".."
            : !(DNS1123_SUBDOMAIN.test(name) && name.length <= 253)) {
            const rule = LABEL_NAMED.has(kind) ? "a DNS-1123 label (a-z, 0-9, '-', at most 63)"
                : PATH_SEGMENT_NAMED.has(kind) ? "a path segment (no '/' or '%')"
                : "a DNS-1123 subdomain (a-z, 0-9, '-', '.', at most 253)";
            at(["metadata", "name"], label, `'${name}' is not ${rule}`);
        }
        for (const [k, v] of Object.entries(value.metadata?.labels ?? {})) {
            if (!LABEL_NAME.test(k) || k.split("/").pop().length > 63) at(["metadata", "labels", k], label, `'${k}' is not a valid label key`);
            if (typeof v === "string" && (!LABEL_VALUE.test(v) || v.length > 63)) at(["metadata", "labels", k], label, `'${v}' is not a valid label value (alphanumerics, '-', '_', '.', at most 63)`);
        }
        const id = `${apiVersion.split("/")[0].includes(".") ? apiVersion.split("/")[0] : ""}/${kind}/${value.metadata?.namespace ?? ""}/${name}`;
        if (seen.has(id)) at([], label, `the same object again (first in document ${seen.get(id)})`);
        else seen.set(id, index + 1);

        // 3. Unknown fields, via the interface of the same model (typeCheck drops `null` fields,
        // which the API server reads as absent, e.g. `creationTimestamp: null` from serializers).
        const alias = `I_${apiVersion.replace(/[^A-Za-z0-9]/g, "_")}_${kind}`;
        items.push({
            doc,
            value,
            importLine: `import type { I${kind} as ${alias} } from "${modulePath}";`,
            typeName: alias,
            label,
        });
    });
    if (items.length) inputs.push({ file, lineCounter, items });
}
if (inputs.length) typeCheck(inputs, report);
report.exit();
