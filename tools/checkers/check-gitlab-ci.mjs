#!/usr/bin/env node
// Checks a .gitlab-ci.yml against the TypeScript types that @schemastore/gitlab-ci generates
// from SchemaStore's GitLab CI schema. Those types are loose about job contents (a job is
// `{ [k: string]: unknown }` plus `when`), so this mostly catches wrong top-level keys and
// types (stages, variables, include, default, workflow). The stronger check is
// check-gitlab-ci-local.sh (gitlab-ci-local: GitLab's own schema, stages and needs).
//
// The generated types have bugs that would reject valid pipelines, so this script
//  - checks the keywords and each job separately (the `[k: string]: Job` index signature
//    would otherwise also apply to `stages: [a, b]` and reject it as "not a Job");
//  - checks these two itself and hides them from the type check:
//      a job's `when: manual|always|...` (the types accept only "delayed" or an object),
//      top-level `variables: X: { value, description, options, expand }` (types: string|number).
//
// Invocation (from any working directory; dependencies come from .tools/checkers/node_modules,
// installed by .ci/install-checkers):
//     node tools/checkers/check-gitlab-ci.mjs .gitlab-ci.yml [more.yml ...]
// Output: one `FILE: LINE:COL path: message` line per finding.
// Exit: 0 clean, 1 findings, 2 the checker could not run (not installed, bad usage).

import { filesFromArgv, formatPath, positionOf, readStructured, Report } from "./lib/common.mjs";
import { typeCheck } from "./lib/typecheck.mjs";

// Top-level keys that are not jobs (GitLab's reserved keywords).
const KEYWORDS = new Set(["$schema", "image", "services", "before_script", "after_script", "variables", "cache", "default", "stages", "include", "workflow"]);
const WHEN = new Set(["on_success", "on_failure", "always", "manual", "delayed", "never"]);
const VARIABLE_KEYS = { value: "string", description: "string", options: "object", expand: "boolean" };

/** Checks what the types get wrong and rewrites it so the type check sees valid shapes. */
function workAroundTypeBugs(file, doc, lineCounter, pipeline) {
    const at = (keyPath, msg) => report.error(file, `${positionOf(doc, lineCounter, keyPath)} ${formatPath(keyPath)}: ${msg}`);
    for (const [name, job] of Object.entries(pipeline)) {
        if (KEYWORDS.has(name) || job === null || typeof job !== "object" || Array.isArray(job)) continue;
        if (typeof job.when === "string" && job.when !== "delayed") {
            if (!WHEN.has(job.when)) at([name, "when"], `'${job.when}' is not one of ${[...WHEN].join(", ")}`);
            delete job.when;
        }
    }
    const vars = pipeline.variables;
    if (vars && typeof vars === "object" && !Array.isArray(vars)) {
        for (const [name, v] of Object.entries(vars)) {
            if (v === null || typeof v !== "object" || Array.isArray(v)) continue; // left to the types
            for (const [k, x] of Object.entries(v)) {
                if (!(k in VARIABLE_KEYS)) at(["variables", name, k], `unknown variable property '${k}' (allowed: ${Object.keys(VARIABLE_KEYS).join(", ")})`);
                else if (typeof x !== VARIABLE_KEYS[k] || (k === "options" && !(Array.isArray(x) && x.every((o) => typeof o === "string"))))
                    at(["variables", name, k], `'${k}' must be ${k === "options" ? "a list of strings" : `a ${VARIABLE_KEYS[k]}`}`);
            }
            vars[name] = typeof v.value === "string" ? v.value : "";
        }
    }
}

const IMPORT = [
    'import type { GitlabCIConfiguration, Job } from "@schemastore/gitlab-ci";',
    "type Keywords = { [K in keyof GitlabCIConfiguration as string extends K ? never : K]: GitlabCIConfiguration[K] };",
].join("\n");

const files = filesFromArgv("check-gitlab-ci.mjs .gitlab-ci.yml...");
const report = new Report();
const inputs = [];
for (const file of files) {
    const parsed = readStructured(file, report);
    if (!parsed) continue;
    const [{ doc, value }] = parsed.docs;
    if (typeof value !== "object" || Array.isArray(value)) {
        report.error(file, "a pipeline must be a mapping");
        continue;
    }
    workAroundTypeBugs(file, doc, parsed.lineCounter, value);
    // Checked in parts: the keywords against the configuration type without its
    // `[k: string]: Job` index signature (which TypeScript would otherwise also apply to
    // `stages`, `variables`, ...), and every job on its own against `Job`.
    const keywords = Object.fromEntries(Object.entries(value).filter(([k]) => KEYWORDS.has(k)));
    const items = [{ doc, value: keywords, importLine: IMPORT, typeName: "Keywords" }];
    for (const [name, job] of Object.entries(value)) {
        if (!KEYWORDS.has(name)) items.push({ doc, value: job, importLine: IMPORT, typeName: "Job", pathPrefix: [name] });
    }
    inputs.push({ file, lineCounter: parsed.lineCounter, items });
}
if (inputs.length) typeCheck(inputs, report);
report.exit();
