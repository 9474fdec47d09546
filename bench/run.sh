#!/usr/bin/env bash
# Whole-process benchmark of Werkbank (issue 8). For each size it generates a synthetic inventory
# (`werkbank synth`) and measures, as the median of RUNS runs:
#   validate; full render into an empty folder; no-op render (nothing changed);
#   render after adding one user; and, in the same run for comparison, `cp -r` of the rendered
#   tree (the floor: what writing the files costs at least).
# Also peak memory (max RSS of a full render), files and bytes written.
#
# Usage: bench/run.sh [SIZES...]   (default: 1000 10000 50000; RUNS=5 by default; BUILD and BENCH_OUT: see below)
# Output: a Markdown table on stdout and in .work/bench/results-<build>.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sizes=("${@:-1000 10000 50000}")
read -r -a sizes <<<"${sizes[*]}"
runs=${RUNS:-5}
work=.work/bench
# Every render and every copy goes into a folder of its own, and trees are deleted only after a size
# is done: ext4 creates files slowly for minutes after many were deleted (its inode allocator reads the
# inode table to skip recently freed inodes), which made a cp -r take 1 s or 15 s depending on what the
# run before had deleted, and the render as well.
# BENCH_OUT=<folder> puts the trees there instead, e.g. on a tmpfs (/dev/shm): the render's computing
# against cp -r without any disk. BENCH_FS=fresh (root only) mounts a new, empty ext4 file system (a
# sparse image under .work/bench, loop-mounted) for each size: the same disk for every run and every build.
trees=${BENCH_OUT:-$work/trees}
suffix=${BENCH_OUT:+-tmp}
[[ ${BENCH_FS:-} == fresh ]] && suffix=-freshfs
results="$work/results-${BUILD:-readytorun}$suffix.md"
mkdir -p "$work" "$trees"

# The tool as it is installed in a CI image: published for linux-x64 with ReadyToRun code (compiled
# ahead of time, so that a run does not spend its first seconds in the JIT). `dotnet run` works the
# same, only slower to start. BUILD=composite publishes it self-contained as one composite ReadyToRun
# image with the .NET runtime (~150 MB, ~3 minutes to publish; code can be inlined across assemblies).
# Both publish with their own --artifacts-path, so that they never mix with generator/obj.
# BUILD=native runs the NativeAOT build (README, Performance; ~8 minutes to publish the first time).
case "${BUILD:-readytorun}" in
  readytorun)
    dotnet publish generator -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      --artifacts-path "$work/artifacts" -o "$work/bin" -v q -nologo >/dev/null
    exe=(dotnet "$PWD/$work/bin/werkbank.dll") ;;
  composite)
    dotnet publish generator -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
      --artifacts-path "$work/artifacts-composite" -o "$work/bin-composite" -v q -nologo >/dev/null
    exe=("$PWD/$work/bin-composite/werkbank") ;;
  native)
    # NativeAOT: machine code for linux-x64 with the runtime linked in, no JIT at all (.ci/publish-native).
    bash .ci/publish-native >/dev/null
    exe=("$PWD/.work/native/bin/werkbank") ;;
  *) echo "BUILD must be readytorun, composite or native" >&2; exit 2 ;;
esac

# seconds (3 decimals) of one command, its output discarded
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

{
echo "| users | validate s | full render s | cp -r s | render/cp | no-op render s | no-op/full | add one user s | peak RSS MiB | files | MiB written |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} | tee "$results"

fresh_fs() {
  umount "$trees" 2>/dev/null || true
  rm -f "$work/fs.img"
  truncate -s "$1" "$work/fs.img"
  mkfs.ext4 -q -F -i 4096 "$work/fs.img" # an inode per 4 KiB: the trees are mostly small files
  mount -o loop "$work/fs.img" "$trees"
}

for n in "${sizes[@]}"; do
  inv="$work/inv-$n"
  rm -rf "$inv" "${trees:?}"/*
  # ~26 KiB and 4 files per user per tree; two trees per run, the first render's and the RSS run's
  [[ ${BENCH_FS:-} == fresh ]] && fresh_fs "$(( n * 26 * (2 * runs + 2) / 1024 + 2048 ))M"
  "${exe[@]}" synth --users "$n" --out "$inv" >/dev/null
  cp -r "$inv" "$inv.pristine"
  # One render first: it writes the allocation ledger, which later runs keep.
  "${exe[@]}" render --inventory "$inv" --out "$trees/first-$n" >/dev/null
  cp "$inv/allocations.lock.yaml" "$work/ledger-$n"

  v=(); f=(); c=(); o=(); a=()
  for ((i = 0; i < runs; i++)); do
    out="$trees/out-$n-$i"
    v+=("$(seconds "${exe[@]}" validate --inventory "$inv")")
    sync
    f+=("$(seconds "${exe[@]}" render --inventory "$inv" --out "$out")")
    sync
    c+=("$(seconds cp -r "$out" "$trees/copy-$n-$i")")
    o+=("$(seconds "${exe[@]}" render --inventory "$inv" --out "$out")")
    # Add one user (a copy of the first user under a new name and email), render, then take the
    # user out again (restoring the ledger) for the next run.
    users=("$inv"/users/*.yaml)
    sed "s/^email: .*/email: newcomer@example.com/" "${users[0]}" > "$inv/users/newcomer.yaml"
    a+=("$(seconds "${exe[@]}" render --inventory "$inv" --out "$out")")
    rm -f "$inv/users/newcomer.yaml"
    cp "$work/ledger-$n" "$inv/allocations.lock.yaml"
    "${exe[@]}" render --inventory "$inv" --out "$out" >/dev/null
  done

  rss=$( { /usr/bin/time -f '%M' "${exe[@]}" render --inventory "$inv" --out "$trees/rss-$n" >/dev/null; } 2>&1 | tail -1)
  files=$(find "$trees/rss-$n" -type f | wc -l)
  bytes=$(du -sb "$trees/rss-$n" | cut -f1)
  mv=$(median "${v[@]}"); mf=$(median "${f[@]}"); mc=$(median "${c[@]}"); mo=$(median "${o[@]}"); ma=$(median "${a[@]}")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %d | %s | %s |\n' \
    "$n" "$mv" "$mf" "$mc" "$(ratio "$mf" "$mc")" "$mo" "$(ratio "$mo" "$mf")" "$ma" \
    "$((rss / 1024))" "$files" "$(ratio "$bytes" 1048576)" | tee -a "$results"
  rm -rf "$inv.pristine" "${trees:?}"/*
done
echo
[[ ${BENCH_FS:-} == fresh ]] && { umount "$trees"; rm -f "$work/fs.img"; }
echo "build: ${BUILD:-readytorun}; trees in: $trees${BENCH_FS:+ (a fresh ext4 per size)}; machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(dotnet --version) SDK; runs per figure: $runs (median)"
