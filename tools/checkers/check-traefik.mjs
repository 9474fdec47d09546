#!/usr/bin/env node
// Checks Traefik v3 dynamic configuration (file provider) against the TypeScript types that
// @schemastore/traefik-v3-file-provider generates from SchemaStore's strict traefik-v3 schema:
// misspelt keys (entrypoints vs entryPoints) and wrong types fail. No Traefik binary here.
//
// Invocation (from any working directory; dependencies come from .tools/checkers/node_modules,
// installed by .ci/install-checkers):
//     node tools/checkers/check-traefik.mjs out/traefik/dynamic.yml [more.yml ...]
// Output: one `FILE: LINE:COL path: message` line per finding.
// Exit: 0 clean, 1 findings, 2 the checker could not run (not installed, bad usage).

import { filesFromArgv, readStructured, Report } from "./lib/common.mjs";
import { typeCheck } from "./lib/typecheck.mjs";

const files = filesFromArgv("check-traefik.mjs dynamic.yml...");
const report = new Report();
const inputs = [];
for (const file of files) {
    const parsed = readStructured(file, report);
    if (!parsed) continue;
    const [{ doc, value }] = parsed.docs;
    if (typeof value !== "object" || Array.isArray(value)) {
        report.error(file, "the dynamic configuration must be a mapping");
        continue;
    }
    inputs.push({
        file,
        lineCounter: parsed.lineCounter,
        items: [{
            doc,
            value,
            importLine: 'import type { HttpsJsonSchemastoreOrgTraefikV3FileProviderJson } from "@schemastore/traefik-v3-file-provider";',
            typeName: "HttpsJsonSchemastoreOrgTraefikV3FileProviderJson",
        }],
    });
}
if (inputs.length) typeCheck(inputs, report);
report.exit();
