#!/usr/bin/env bash
# The one command that runs all tests, on a developer machine or in CI (.ci/run):
#   1. installs the real checkers the tests run against (idempotent, seconds when present);
#   2. proves the checker scripts reject bad input (tools/checkers/selftest.sh);
#   3. publishes the native build (.ci/publish-native) and builds the benchmark project
#      (bench/Werkbank.Benchmarks; not run);
#   4. dotnet test, TRX results in .work/test-results/ (results.trx when one test project);
#   5. prints `N passed, N failed[, N skipped]` from the TRX files as the last line:
#      `dotnet test` itself prints no closing line that CI reads as a count.
# Exits non-zero when anything failed or when no test ran at all.
#
# Usage: ./test.sh [extra dotnet test args], e.g. ./test.sh --filter "FullyQualifiedName~Keycloak"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash .ci/install-checkers
bash tools/checkers/selftest.sh
# The native build that NativeBuildTests compares with this one (~8 minutes on a fresh clone, as in CI;
# seconds afterwards while its sources and tools do not change).
bash .ci/publish-native

# The benchmark project is no test project: build it here, so that a broken one fails CI (the
# benchmarks themselves are run by hand: README.md, "Performance").
dotnet build bench/Werkbank.Benchmarks -c Release -nologo -v q

results=.work/test-results
# Old TRX files would be counted as this run's results.
rm -rf "$results"
mkdir -p "$results"

# The solution file: Generator.sln (dotnet new on .NET 10 makes .slnx; accept that too).
solution=Generator.sln
[[ -f $solution || ! -f Generator.slnx ]] || solution=Generator.slnx

# global.json picks the runner, and the two take different arguments:
#  - Microsoft.Testing.Platform (this repo; xunit.v3 4.x refuses VSTest on the .NET 10 SDK):
#    `--solution`, xunit's own TRX report (one uniquely named file per test project);
#  - VSTest: the TRX logger without a fixed LogFileName, because with a fixed name every test
#    project writes the same file and only the last survives ("Overwriting results file").
# A single TRX file is renamed to results.trx afterwards, for a predictable path.
runner=$(python3 -c 'import json,sys
try: print(json.load(open("global.json")).get("test",{}).get("runner","VSTest"))
except FileNotFoundError: print("VSTest")')
if [[ $runner == Microsoft.Testing.Platform ]]; then
    # --ignore-exit-code 8: a test project that ran zero tests (a --filter aimed at another
    # project) is not a failure by itself; the count below fails the run when none ran at all.
    test_cmd=(dotnet test --solution "$solution" -c Release --results-directory "$results" --report-xunit-trx --ignore-exit-code 8)
else
    test_cmd=(dotnet test "$solution" -c Release --logger trx --results-directory "$results")
fi

set +e
"${test_cmd[@]}" "$@"
rc=$?
set -e
shopt -s nullglob
trx=("$results"/*.trx)
if (( ${#trx[@]} == 1 )) && [[ ${trx[0]} != "$results/results.trx" ]]; then mv "${trx[0]}" "$results/results.trx"; fi

# Count from the TRX files rather than dotnet's console output (which varies by version and
# verbosity). Only direct children of <Results> count: MSTest data rows nest InnerResults.
python3 - "$results" "$rc" <<'PY'
import sys, pathlib, xml.etree.ElementTree as ET

results_dir, rc = pathlib.Path(sys.argv[1]), int(sys.argv[2])
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
trx_files = sorted(results_dir.rglob("*.trx"))
for trx in trx_files:
    try:
        root = ET.parse(trx).getroot()
    except ET.ParseError as e:
        print(f"test.sh: cannot parse {trx}: {e}", file=sys.stderr)
        failed += 1
        continue
    for r in root.findall("t:Results/t:UnitTestResult", ns):
        outcome = r.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("NotExecuted", "Inconclusive", "Pending"):
            skipped += 1  # xunit's Skip shows up as NotExecuted
        else:
            failed += 1  # Failed, Error, Timeout, Aborted, ...

if not trx_files:
    print(f"test.sh: no TRX file under {results_dir} (dotnet test exit code {rc})", file=sys.stderr)
elif passed + failed == 0:
    print("test.sh: no test ran", file=sys.stderr)
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
ok = rc == 0 and failed == 0 and passed > 0
sys.exit(0 if ok else 1)
PY
