#!/usr/bin/env bash
# Runs gitlab-ci-local (4.73.0: GitLab's own CI schema bundled, plus undefined stages and
# needs) on one pipeline file. gitlab-ci-local needs a git repository with a commit, so the
# file is committed into a throwaway repository first; nothing of the caller's is touched
# (HOME and the state dir point into the temp dir too).
#
# Invocation (from any working directory; gitlab-ci-local comes from .tools/checkers,
# installed by .ci/install-checkers):
#     tools/checkers/check-gitlab-ci-local.sh .gitlab-ci.yml [extra gitlab-ci-local args]
#   default extra args: --list-all
# Output: gitlab-ci-local's job list on success; on failure `FILE: message` lines.
# Exit: 0 clean, 1 findings, 2 the checker could not run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools=${WERKBANK_CHECKERS_DIR:-$here/../../.tools/checkers}
bin=$tools/node_modules/.bin/gitlab-ci-local
if [[ $# -lt 1 ]]; then echo "usage: check-gitlab-ci-local.sh .gitlab-ci.yml [args]" >&2; exit 2; fi
if [[ ! -x $bin ]]; then echo "check-gitlab-ci-local.sh: $bin missing: run .ci/install-checkers" >&2; exit 2; fi
file=$1; shift
[[ $# -gt 0 ]] || set -- --list-all
if [[ ! -r $file ]]; then echo "$file: cannot read"; exit 1; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/repo" "$tmp/home"
cp "$file" "$tmp/repo/.gitlab-ci.yml"
(
    cd "$tmp/repo"
    git init -q -b main
    # In the repo's config (not -c): gitlab-ci-local reads user.name/email itself.
    git config user.name check
    git config user.email check@localhost
    git config commit.gpgsign false
    git add .gitlab-ci.yml
    git commit -qm check
) || { echo "check-gitlab-ci-local.sh: could not make the temp git repository" >&2; exit 2; }

set +e
out=$(cd "$tmp/repo" && HOME=$tmp/home "$bin" --home "$tmp/home" "$@" 2>&1)
rc=$?
set -e
# Its chatter about the missing remote is expected in a throwaway repo: drop it.
out=$(grep -vE "default remote branch|symbolic-ref|not a symbolic ref|fallback git remote|git remote get-url|No such remote|parsing and downloads finished|json schema validated" <<<"$out" || true)
if (( rc != 0 )); then
    while IFS= read -r line; do [[ -n ${line// } ]] && echo "$file: $line"; done <<<"$out"
    exit 1
fi
printf '%s\n' "$out"
