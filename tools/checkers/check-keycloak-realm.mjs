#!/usr/bin/env node
// Checks Keycloak realm exports against Keycloak's own RealmRepresentation TypeScript types
// (@keycloak/keycloak-admin-client): unknown fields and wrong types fail. No Keycloak server
// can run here, so the admin client's types are the closest real consumer.
//
// Invocation (from any working directory; dependencies come from .tools/checkers/node_modules,
// installed by .ci/install-checkers):
//     node tools/checkers/check-keycloak-realm.mjs out/keycloak/realm-NAME.json [more.json ...]
// Output: one `FILE: LINE:COL path: message` line per finding.
// Exit: 0 clean, 1 findings, 2 the checker could not run (not installed, bad usage).

import { filesFromArgv, readStructured, Report } from "./lib/common.mjs";
import { typeCheck } from "./lib/typecheck.mjs";

const files = filesFromArgv("check-keycloak-realm.mjs REALM.json...");
const report = new Report();
const inputs = [];
for (const file of files) {
    const parsed = readStructured(file, report, { json: true });
    if (!parsed) continue;
    const [{ doc, value }] = parsed.docs;
    if (typeof value !== "object" || Array.isArray(value)) {
        report.error(file, "a realm must be a JSON object");
        continue;
    }
    inputs.push({
        file,
        lineCounter: parsed.lineCounter,
        items: [{
            doc,
            value,
            importLine: 'import type RealmRepresentation from "@keycloak/keycloak-admin-client/lib/defs/realmRepresentation.js";',
            typeName: "RealmRepresentation",
        }],
    });
}
if (inputs.length) typeCheck(inputs, report);
report.exit();
