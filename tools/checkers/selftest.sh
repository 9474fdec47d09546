#!/usr/bin/env bash
# Proves each checker accepts its good sample and rejects its bad one with the expected
# findings. A checker that accepted everything would make every test that uses it pass
# vacuously, so test.sh runs this before the C# tests.
#
# Invocation: tools/checkers/selftest.sh   (after .ci/install-checkers)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

failures=0
pass() { echo "selftest: ok   $*"; }
fail() { echo "selftest: FAIL $*"; failures=$((failures + 1)); }

# expect_clean CMD...: exit 0 and no output
expect_clean() {
    local out rc
    out=$("$@" 2>&1); rc=$?
    if [[ $rc -eq 0 && -z $out ]]; then pass "accepts: $*"; else fail "should accept (rc=$rc): $*"; printf '%s\n' "$out" | sed 's/^/    /'; fi
}

# expect_findings 'PATTERN|PATTERN...' CMD...: exit 1 and every pattern in the output
expect_findings() {
    local patterns=$1; shift
    local out rc missing=()
    out=$("$@" 2>&1); rc=$?
    IFS='|' read -ra pats <<<"$patterns"
    for p in "${pats[@]}"; do grep -qF -- "$p" <<<"$out" || missing+=("$p"); done
    if [[ $rc -eq 1 && ${#missing[@]} -eq 0 ]]; then
        pass "rejects: $* ($(grep -c . <<<"$out") findings)"
    else
        fail "should reject with rc=1 (got $rc), missing: ${missing[*]:-none}: $*"; printf '%s\n' "$out" | sed 's/^/    /'
    fi
}

expect_clean    node check-keycloak-realm.mjs samples/keycloak-good.json
expect_findings "samples/keycloak-bad.json: 3:3 enabled: Type 'string' is not assignable|users[0].emailAddress: Object literal may only specify known properties" \
                node check-keycloak-realm.mjs samples/keycloak-bad.json

expect_clean    node check-traefik.mjs samples/traefik-good.yml
expect_findings "samples/traefik-bad.yml: 6:7 http.routers.langfuse.entrypoints|Did you mean to write 'entryPoints'?|'jwtAuth' does not exist" \
                node check-traefik.mjs samples/traefik-bad.yml

expect_clean    node check-gitlab-ci.mjs samples/gitlab-ci-good.yml
expect_findings "3:1 stages:|variables.DEBUG|include[0].locale|'sometimes' is not one of|unknown variable property 'default'" \
                node check-gitlab-ci.mjs samples/gitlab-ci-bad.yml

expect_findings "Didn't understand include" ./check-gitlab-ci-local.sh samples/gitlab-ci-bad.yml
if out=$(./check-gitlab-ci-local.sh samples/gitlab-ci-good.yml 2>&1) && grep -q "render-check" <<<"$out"; then
    pass "accepts: ./check-gitlab-ci-local.sh samples/gitlab-ci-good.yml"
else
    fail "should accept: ./check-gitlab-ci-local.sh samples/gitlab-ci-good.yml"; printf '%s\n' "$out" | sed 's/^/    /'
fi

expect_clean    node check-k8s.mjs samples/k8s-good.yaml
expect_findings "spec.policyTypes: must be array|unknown apiVersion/kind v1/TeamQuota|'Team-QA' is not a DNS-1123 label|not a valid label value" \
                node check-k8s.mjs samples/k8s-bad.yaml

# Not installed must be exit 2 (the checker could not run), never a silent 0.
out=$(WERKBANK_CHECKERS_DIR=/nonexistent node check-traefik.mjs samples/traefik-good.yml 2>&1); rc=$?
if [[ $rc -eq 2 ]]; then pass "exit 2 when not installed"; else fail "exit $rc when not installed: $out"; fi

if (( failures )); then echo "selftest: $failures failure(s)"; exit 1; fi
echo "selftest: all checkers behave"
