#!/usr/bin/env bash
# A real one-node Slurm (slurmctld + slurmd + munge) for the end-to-end sweep test, without systemd.
#
#   .ci/slurm.sh install       install the Debian packages when missing (idempotent; needs root + apt-get)
#   .ci/slurm.sh start DIR     write DIR/slurm.conf, start munged, slurmctld, slurmd; wait until the node is idle.
#                              Prints `export SLURM_CONF=DIR/slurm.conf`; PIDs go to DIR/*.pid.
#   .ci/slurm.sh stop DIR      stop exactly the daemons `start DIR` started (by PID), whatever state they are in
#
# Everything (config, state, spool, logs, munge key and socket) lives in DIR; /etc is not touched. Ports: the first
# free pair from 6817 upwards, so a leftover daemon elsewhere does not break the run.
set -euo pipefail

PACKAGES=(slurmctld slurmd slurm-client munge)

log() { echo "slurm.sh: $*" >&2; }

have_all() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null &&
    command -v munged >/dev/null && command -v mungekey >/dev/null
}

install_packages() {
  if have_all; then log "packages present"; return 0; fi
  command -v apt-get >/dev/null || { log "Slurm is missing and there is no apt-get"; return 1; }
  [[ $(id -u) == 0 ]] || { log "Slurm is missing and installing it needs root"; return 1; }
  export DEBIAN_FRONTEND=noninteractive
  # Service start at install fails without an init system; harmless (we start the daemons ourselves).
  if ! apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >/dev/null
  fi
  have_all || { log "installed ${PACKAGES[*]} but a command is still missing"; return 1; }
  log "installed ${PACKAGES[*]}"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop() {
  local dir=$1 name pid pids=()
  for name in slurmd slurmctld munged; do
    [[ -f "$dir/$name.pid" ]] || continue
    pid=$(cat "$dir/$name.pid")
    rm -f "$dir/$name.pid"
    [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
  done
  # The daemons take ~2 s each to shut down; they do it in parallel. Whatever is left after 10 s is killed.
  for _ in $(seq 100); do
    local alive=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    pids=("${alive[@]}")
    ((${#pids[@]} == 0)) && return 0
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}

start() {
  local dir=$1
  have_all || { log "Slurm is not installed (run: $0 install)"; return 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chmod 755 "$dir"
  # A start that fails half-way stops what it started.
  trap 'stop "$dir"' ERR
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  install -d -o munge -g munge -m 0711 "$dir/munge"
  [[ -f "$dir/munge/munge.key" ]] || runuser -u munge -- mungekey -c -k "$dir/munge/munge.key"
  local socket="$dir/munge/munge.socket"
  runuser -u munge -- munged --socket="$socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
  for _ in $(seq 50); do [[ -s "$dir/munge/munged.pid" ]] && break; sleep 0.1; done
  cp "$dir/munge/munged.pid" "$dir/munged.pid"

  local ctld_port=6817
  while ! port_free "$ctld_port" || ! port_free $((ctld_port + 1)); do ctld_port=$((ctld_port + 2)); done
  local host node
  host=$(hostname -s)
  node=$(slurmd -C | head -n 1)
  cat > "$dir/slurm.conf" <<CONF
ClusterName=capsim-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$((ctld_port + 1))
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.daemon.pid
SlurmdPidFile=$dir/slurmd.daemon.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0,bf_interval=1
MailProg=/bin/true
ReturnToService=2
MinJobAge=600
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -D -i >"$dir/log/slurmctld.out" 2>&1 &
  echo $! > "$dir/slurmctld.pid"
  slurmd -D >"$dir/log/slurmd.out" 2>&1 &
  echo $! > "$dir/slurmd.pid"
  local state=""
  for _ in $(seq 300); do
    state=$(sinfo -h -o %T 2>/dev/null | head -n 1 || true)
    [[ "$state" == idle ]] && break
    sleep 0.1
  done
  if [[ "$state" != idle ]]; then
    log "the node did not become idle in 30 s (state: ${state:-none}); logs:"
    tail -n 20 "$dir/log/"*.log "$dir/log/"*.out "$dir/munge/munged.log" >&2 || true
    stop "$dir"
    trap - ERR
    return 1
  fi
  trap - ERR
  log "Slurm is up (ports $ctld_port/$((ctld_port + 1)), config $dir/slurm.conf)"
  echo "export SLURM_CONF=$dir/slurm.conf"
}

case "${1:-}" in
  install) install_packages ;;
  start) [[ $# == 2 ]] || { echo "usage: $0 start DIR" >&2; exit 2; }; start "$2" ;;
  stop) [[ $# == 2 ]] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$2" ;;
  *) echo "usage: $0 install | start DIR | stop DIR" >&2; exit 2 ;;
esac
