// The "TypeScript as a schema checker" trick (shared spec validators.md):
// a JSON/YAML document is written as an object literal into a TypeScript file,
//
//     import type RealmRepresentation from "@keycloak/keycloak-admin-client/lib/defs/realmRepresentation.js";
//     const doc0: RealmRepresentation = { ... };
//
// and type-checked like `tsc --noEmit --strict --module nodenext --moduleResolution nodenext
// --skipLibCheck`. Object literals get TypeScript's excess-property check, so an unknown or
// misspelt key fails ("did you mean ...?"), and so does a value of the wrong type.
//
// We call the compiler API instead of the tsc binary so that
//  - the .mts files are virtual (nothing written to disk: parallel test runs cannot collide),
//  - each diagnostic maps back to the input file, its line:column and key path.
// The virtual files pretend to live in .tools/checkers/, so the type packages resolve
// from .tools/checkers/node_modules like a real file there would.

import path from "node:path";
import { EXIT_SETUP, formatPath, positionOf, requireTool, toolsDir } from "./common.mjs";

// Bare identifiers where possible: TypeScript then names the key as 'entrypoints'
// rather than '"entrypoints"' in its messages.
const propertyName = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));

/**
 * Serializes a JSON value as a TypeScript expression, one property or element per line
 * (trailing commas are legal in TS), and records for every emitted line the key path it
 * belongs to, so a diagnostic's line tells which value it is about.
 */
function serialize(value, firstLinePrefix, lines, linePaths) {
    const rec = (v, keyPath, indent, prefix, suffix) => {
        if (Array.isArray(v) || (v !== null && typeof v === "object")) {
            const isArray = Array.isArray(v);
            // A `null` field is left out: every consumer here (Go's JSON/YAML decoding in Traefik
            // and Kubernetes, Jackson in Keycloak) reads it as absent, while the generated types
            // have no null (`creationTimestamp: null` would be "null is not a string").
            const entries = isArray ? v.map((x, i) => [i, x]) : Object.entries(v).filter(([, x]) => x !== null);
            const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
            if (entries.length === 0) {
                lines.push(`${prefix}${open}${close}${suffix}`);
                linePaths.push(keyPath);
                return;
            }
            lines.push(`${prefix}${open}`);
            linePaths.push(keyPath);
            for (const [k, x] of entries) {
                const childPrefix = isArray ? `${indent}  ` : `${indent}  ${propertyName(k)}: `;
                rec(x, [...keyPath, k], `${indent}  `, childPrefix, ",");
            }
            lines.push(`${indent}${close}${suffix}`);
            linePaths.push(keyPath);
            return;
        }
        let lit;
        if (typeof v === "number" && !Number.isFinite(v)) lit = Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
        else if (v === undefined) lit = "undefined";
        else lit = JSON.stringify(v); // strings, finite numbers, booleans, null
        lines.push(`${prefix}${lit}${suffix}`);
        linePaths.push(keyPath);
    };
    rec(value, [], "", firstLinePrefix, ";");
}

/**
 * Type-checks documents against TypeScript types.
 *
 * inputs: [{ file, lineCounter, items: [{ doc, value, importLine, typeName, label? }] }]
 *   file:        the input file as it should appear in messages
 *   importLine:  e.g. `import type { X } from "pkg";` (deduplicated per file; may hold
 *                several lines, e.g. a helper type alias after the import)
 *   typeName:    the type the value must satisfy
 *   pathPrefix:  optional key path of `value` inside `doc` (when a document is checked in parts)
 *   label:       optional prefix for messages about this item (e.g. "Namespace/team-qa")
 * report: a Report from common.mjs. Findings go there; setup failures exit 2.
 */
export function typeCheck(inputs, report) {
    const ts = requireTool("typescript");
    const options = {
        noEmit: true,
        strict: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        lib: ["lib.es2022.d.ts"], // no DOM: nothing checked here needs it, and it halves the start-up
        types: [], // don't pull in every @types/* that happens to be installed
        noErrorTruncation: false,
    };

    const virtualDir = path.join(toolsDir, "__werkbank_check__");
    const virtual = new Map(); // fileName -> { text, input, lineMap: [{ item, keyPath }] }
    inputs.forEach((input, i) => {
        const lines = [];
        const lineMap = [];
        for (const imp of new Set(input.items.map((it) => it.importLine))) {
            for (const l of imp.split("\n")) {
                lines.push(l);
                lineMap.push(null); // a diagnostic here is a setup problem, not the input's
            }
        }
        input.items.forEach((item, j) => {
            const linePaths = [];
            const start = lines.length;
            serialize(item.value, `const doc${j}: ${item.typeName} = `, lines, linePaths);
            const prefix = item.pathPrefix ?? [];
            for (let k = start; k < lines.length; k++) lineMap.push({ item, keyPath: [...prefix, ...linePaths[k - start]] });
        });
        lines.push("export {};", "");
        // .mts: always an ES module, whatever package.json says.
        virtual.set(path.join(virtualDir, `input${i}.mts`), { text: lines.join("\n"), input, lineMap });
    });

    const host = ts.createCompilerHost(options, true);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
        const v = virtual.get(path.resolve(fileName));
        if (v) return ts.createSourceFile(fileName, v.text, languageVersion, true);
        return getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
    };
    host.fileExists = (fileName) => virtual.has(path.resolve(fileName)) || fileExists.call(host, fileName);
    host.readFile = (fileName) => virtual.get(path.resolve(fileName))?.text ?? readFile.call(host, fileName);

    const program = ts.createProgram([...virtual.keys()], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program);

    for (const d of diagnostics) {
        const v = d.file && virtual.get(path.resolve(d.file.fileName));
        const text = describe(ts, d);
        if (!v) {
            // A problem in the type packages or the options: the checker is broken, not the input.
            process.stderr.write(`typecheck setup error: ${text}\n`);
            process.exit(EXIT_SETUP);
        }
        const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
        const where = v.lineMap[line];
        if (!where) {
            process.stderr.write(`typecheck setup error in the generated import: ${text}\n`);
            process.exit(EXIT_SETUP);
        }
        const pos = positionOf(where.item.doc, v.input.lineCounter, where.keyPath);
        const label = where.item.label ? `${where.item.label} ` : "";
        report.error(v.input.file, `${pos} ${label}${formatPath(where.keyPath)}: ${text}`);
    }
}

/**
 * One line per diagnostic. TypeScript's message chains go from general ("Type X is not
 * assignable to type Y") to specific ("'entrypoints' does not exist ... Did you mean
 * 'entryPoints'?"); keep the first and the most specific one.
 */
function describe(ts, d) {
    const chain = [];
    const walk = (m, depth) => {
        if (typeof m === "string") {
            chain.push(m);
            return;
        }
        chain.push(m.messageText);
        if (m.next && m.next.length) walk(m.next[0], depth + 1);
    };
    walk(d.messageText, 0);
    const msg = chain.length > 1 ? `${chain[0]} ... ${chain[chain.length - 1]}` : chain[0];
    return `${msg} (TS${d.code})`;
}
