#!/usr/bin/env bash
# Peer comparison: capsim and a SimPy 3 model replay the same 1,000-host, ~260k-request trace with first fit and
# with spread (SimPy's spread both as Nova does it, weighing every host, and with a heap); prints each whole process's wall and CPU (user + sys) seconds, the minimum over REPEATS runs, the
# SimPy/capsim ratios and both models' placed/rejected counts (they must agree).
# Needs: npm run build; Debian's python3-simpy3 and python3-yaml (apt-get install -y python3-simpy3 python3-yaml).
# Usage: bench/peer/compare.sh [REPEATS]   (from the repository root; default 3)
set -euo pipefail
repeats=${1:-3}
here=bench/peer
trace=results/peer/requests-1000.csv
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python=/usr/bin/python3
[ -f "$trace" ] || { mkdir -p results/peer; "$python" "$here/make_trace.py" "$trace"; }

# min_time CMD...: runs CMD $repeats times; prints "wall cpu" minima; CMD's stdout of the last run goes to $out/last.
min_time() {
  local best_wall=1e9 best_cpu=1e9
  for _ in $(seq "$repeats"); do
    /usr/bin/time -o "$out/time" -f '%e %U %S' "$@" > "$out/last" 2> /dev/null
    read -r wall user sys < "$out/time"
    best_wall=$(awk -v a="$wall" -v b="$best_wall" 'BEGIN { print (a < b) ? a : b }')
    best_cpu=$(awk -v a="$user" -v s="$sys" -v b="$best_cpu" 'BEGIN { c = a + s; print (c < b) ? c : b }')
  done
  echo "$best_wall $best_cpu"
}

printf 'load average at start: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-11s %8s %8s  %s\n' policy model wall_s cpu_s 'placed / rejected'
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
for policy in first-fit spread; do
  read -r cw cc <<< "$(min_time node dist/bundle/cli/main.js run "$here/peer-1000.yaml" --arm "$policy" --workers 1 --quiet --out "$out/capsim")"
  capsim_counts=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i } NR == 2 { print $col["placed"] " / " $col["rejected_no_valid_host"] }' "$out/capsim/peer-1000/summary.csv")
  printf '%-10s %-11s %8.2f %8.2f  %s\n' "$policy" capsim "$cw" "$cc" "$capsim_counts"
  models=(scan)
  [ "$policy" = spread ] && models=(scan heap)
  for model in "${models[@]}"; do
    read -r sw sc <<< "$(min_time "$python" "$here/simpy_replay.py" "$here/peer-1000.yaml" "$trace" --policy "$policy" --spread-model "$model")"
    simpy_counts=$(sed -E 's/.*requests, ([0-9]+) placed, ([0-9]+) rejected/\1 \/ \2/' "$out/last")
    label=simpy; [ "$policy" = spread ] && label="simpy-$model"
    printf '%-10s %-11s %8.2f %8.2f  %s   simpy/capsim: wall %sx, cpu %sx\n' "$policy" "$label" "$sw" "$sc" "$simpy_counts" "$(ratio "$sw" "$cw")" "$(ratio "$sc" "$cc")"
  done
done
