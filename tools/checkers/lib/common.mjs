// Shared helpers for the checker scripts in tools/checkers/.
//
// The scripts live in tools/checkers/ (committed) but their npm dependencies are
// installed by .ci/install-checkers into .tools/checkers/node_modules (git-ignored).
// Node would only look for node_modules next to the script, so every dependency is
// loaded through `requireTool`, a require() anchored in .tools/checkers/. That makes
// the scripts work from any working directory, without NODE_PATH.
//
// Override the install folder with WERKBANK_CHECKERS_DIR=/abs/path (it must contain
// node_modules/).

import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Repository root: tools/checkers/lib/ -> ../../.. */
export const repoRoot = path.resolve(here, "..", "..", "..");

/** Where .ci/install-checkers put package.json + node_modules. */
export const toolsDir = path.resolve(process.env.WERKBANK_CHECKERS_DIR || path.join(repoRoot, ".tools", "checkers"));

// createRequire needs a file name; only its folder matters for resolution.
const toolRequire = createRequire(path.join(toolsDir, "package.json"));

/** Exit codes: 0 clean, 1 the input has errors, 2 the checker itself could not run. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_SETUP = 2;

/** Prints a setup problem (not a finding about the input) and exits 2. */
export function die(message) {
    process.stderr.write(`${path.basename(process.argv[1] ?? "checker")}: ${message}\n`);
    process.exit(EXIT_SETUP);
}

/** require() a package installed in .tools/checkers/node_modules, with a helpful failure. */
export function requireTool(name) {
    if (!existsSync(path.join(toolsDir, "node_modules"))) {
        die(`${toolsDir}/node_modules is missing: run .ci/install-checkers first`);
    }
    try {
        return toolRequire(name);
    } catch (e) {
        die(`cannot load ${name} from ${toolsDir}/node_modules (${e.code ?? e.message}): run .ci/install-checkers`);
    }
}

/** Like requireTool, but returns null when the module does not exist (used to look up k8s kinds). */
export function tryRequireTool(name) {
    try {
        return toolRequire(name);
    } catch (e) {
        if (e.code === "MODULE_NOT_FOUND" || e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") return null;
        throw e;
    }
}

/** Command-line files, or a usage message and exit 2. */
export function filesFromArgv(usage) {
    const files = process.argv.slice(2);
    if (files.length === 0 || files.some((f) => f === "-h" || f === "--help")) {
        process.stderr.write(`usage: ${usage}\n`);
        process.exit(EXIT_SETUP);
    }
    return files;
}

/** Collects `FILE: message` findings and turns them into the exit code. */
export class Report {
    constructor() {
        this.count = 0;
    }
    error(file, message) {
        this.count++;
        // One finding per line: a multi-line message would break `FILE: message` parsing.
        process.stdout.write(`${file}: ${String(message).replace(/\s*\n\s*/g, " ")}\n`);
    }
    exit() {
        process.exit(this.count ? EXIT_INVALID : EXIT_OK);
    }
}

/**
 * Reads a YAML (or JSON, which is YAML) file into documents that keep their source
 * positions, so that a finding about a value can name its line:column.
 *
 * Returns { docs: [{ value, doc }], lineCounter } or null after reporting parse errors.
 * options.json: the file must also be strict JSON (JSON.parse), one document.
 * options.multi: allow several `---` documents (k8s); otherwise exactly one.
 */
export function readStructured(file, report, options = {}) {
    const YAML = requireTool("yaml");
    let text;
    try {
        text = readFileSync(file, "utf8");
    } catch (e) {
        report.error(file, `cannot read: ${e.message}`);
        return null;
    }
    if (options.json) {
        try {
            JSON.parse(text);
        } catch (e) {
            report.error(file, `not valid JSON: ${e.message}`);
            return null;
        }
    }
    const lineCounter = new YAML.LineCounter();
    const customTags = [
        // GitLab CI's `!reference [job, key]`: keep the sequence so the types still see an array.
        { tag: "!reference", collection: "seq", resolve: (seq) => seq },
    ];
    const parsed = YAML.parseAllDocuments(text, {
        lineCounter,
        uniqueKeys: true, // a duplicate key is silently "last wins" in most consumers: flag it
        merge: true, // `<<: *anchor`, common in .gitlab-ci.yml
        customTags,
        prettyErrors: false,
    });
    const docs = Array.isArray(parsed) ? parsed : [parsed];
    let ok = true;
    for (const doc of docs) {
        for (const err of doc.errors) {
            const pos = lineCounter.linePos(err.pos[0]);
            report.error(file, `${pos.line}:${pos.col} YAML: ${err.message.split("\n")[0]}`);
            ok = false;
        }
    }
    if (!ok) return null;
    const values = docs
        .map((doc) => ({ doc, value: doc.toJS({ maxAliasCount: 1000 }) }))
        // An empty document (e.g. after a trailing `---`) is not an object to check.
        .filter((d) => d.value !== null && d.value !== undefined);
    if (!options.multi && values.length !== 1) {
        report.error(file, `expected exactly one document, found ${values.length}`);
        return null;
    }
    return { docs: values, lineCounter };
}

/**
 * The source position of the value at `keyPath` (array of keys/indexes) inside a parsed
 * YAML document: the key's position for a map entry, else the node's. Falls back to the
 * deepest ancestor found (values that came from a `<<` merge have no own node).
 */
export function positionOf(doc, lineCounter, keyPath) {
    const YAML = requireTool("yaml");
    let node = doc.contents;
    let offset = node?.range?.[0] ?? 0;
    for (const seg of keyPath) {
        if (YAML.isAlias(node)) node = node.resolve(doc);
        if (YAML.isMap(node)) {
            const pair = node.items.find((p) => String(YAML.isScalar(p.key) ? p.key.value : p.key) === String(seg));
            if (!pair) break;
            offset = pair.key?.range?.[0] ?? offset;
            node = pair.value;
        } else if (YAML.isSeq(node) && typeof seg === "number" && node.items[seg]) {
            node = node.items[seg];
            offset = node?.range?.[0] ?? offset;
        } else {
            break;
        }
    }
    const { line, col } = lineCounter.linePos(offset);
    return `${line}:${col}`;
}

/** `a.b[2].c` for messages; keys that are not identifiers are quoted. */
export function formatPath(keyPath) {
    if (keyPath.length === 0) return "(root)";
    let s = "";
    for (const seg of keyPath) {
        if (typeof seg === "number") s += `[${seg}]`;
        else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) s += (s ? "." : "") + seg;
        else s += `[${JSON.stringify(seg)}]`;
    }
    return s;
}
