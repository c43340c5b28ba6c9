#!/usr/bin/env bash
# A real Flink 2.2 standalone session cluster on loopback: one JobManager and N TaskManagers as separate
# processes, assembled from Maven Central jars (there is no Flink binary distribution here); no Docker.
#
#   docker/local/flink.sh start             build the classpath (once), start the JobManager and the TaskManagers
#   docker/local/flink.sh stop              stop them (TaskManagers first), and the ZooKeeper server flink.sh started
#   docker/local/flink.sh status            processes, TaskManagers and jobs, from the REST API
#   docker/local/flink.sh run ARGS...       submit a job jar, as `flink run ARGS...` does
#   docker/local/flink.sh cli ARGS...       any `flink` command: list, cancel, stop --savepointPath DIR, savepoint, ...
#   docker/local/flink.sh start-jobmanager  a JobManager again after it was lost; with FLINK_HA=zookeeper it takes
#                                           over the running jobs from their latest checkpoints
#
# Settings (environment): FLINK_TASKMANAGERS (2), FLINK_SLOTS (2 per TaskManager), FLINK_REST_PORT (8081),
# FLINK_RPC_PORT (6123, the JobManager's),
# FLINK_STATE_BACKEND (hashmap, or rocksdb), FLINK_STATE (docker/local/.run/flink: config, logs, checkpoints,
# savepoints, high-availability data). The configuration is docker/local/flink-conf/config.yaml. Needs Java 17, Maven.
# High availability: FLINK_HA (none, or zookeeper); FLINK_ZOOKEEPER_QUORUM (host:port,... of a running ensemble;
# unset, flink.sh runs one ZooKeeper server from Debian's `zookeeper` package on 127.0.0.1:FLINK_ZOOKEEPER_PORT,
# 2181); FLINK_HA_CLUSTER_ID (/incident-detector). See docs/cluster.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TASKMANAGERS="${FLINK_TASKMANAGERS:-2}"
SLOTS="${FLINK_SLOTS:-2}"
REST_PORT="${FLINK_REST_PORT:-8081}"
RPC_PORT="${FLINK_RPC_PORT:-6123}"
STATE_BACKEND="${FLINK_STATE_BACKEND:-hashmap}"
STATE="${FLINK_STATE:-$HERE/.run/flink}"
HA="${FLINK_HA:-none}"
ZOOKEEPER_PORT="${FLINK_ZOOKEEPER_PORT:-2181}"
ZOOKEEPER_QUORUM="${FLINK_ZOOKEEPER_QUORUM:-}"
HA_CLUSTER_ID="${FLINK_HA_CLUSTER_ID:-/incident-detector}"
# Debian's zookeeper.jar names the jars it needs in its manifest; slf4j-simple gives its log a binding.
ZOOKEEPER_CLASSPATH="${FLINK_ZOOKEEPER_CLASSPATH:-/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar}"
CONF="$STATE/conf"
LOGS="$STATE/log"
REST="http://127.0.0.1:$REST_PORT"

# The module flags Flink's distribution passes to every JVM (env.java.default-opts.all in its config.yaml); the
# client needs them on Java 17 to translate a job, the JobManager and TaskManagers to serialise some JDK types.
JAVA_MODULE_OPTS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED \
--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

die() { echo "flink.sh: $*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Alive, and really one of ours: a stale pid file (after a reboot) may name another process.
alive() {
  [[ -f "$1" ]] || return 1
  local pid; pid="$(cat "$1")"
  kill -0 "$pid" 2>/dev/null || return 1
  # Read the whole command line first: 'tr | grep -q' under pipefail fails when grep exits before tr has written
  # a long classpath (tr dies of SIGPIPE).
  local cmdline; cmdline="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"--configDir $CONF"* || "$cmdline" == *"$STATE/zookeeper/zoo.cfg"* ]]
}

classpath() {
  local cp_file="$STATE/classpath.txt"
  if [[ ! -s "$cp_file" || "$HERE/flink-pom.xml" -nt "$cp_file" ]]; then
    echo "resolving Flink's jars with Maven (first time only)..." >&2
    mkdir -p "$STATE"
    mvn -B -q -f "$HERE/flink-pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null \
      || die "Maven could not resolve Flink's jars (see above)"
  fi
  cat "$cp_file"
}

# The ensemble of FLINK_HA=zookeeper: FLINK_ZOOKEEPER_QUORUM, else the one server flink.sh runs.
quorum() { echo "${ZOOKEEPER_QUORUM:-127.0.0.1:$ZOOKEEPER_PORT}"; }

write_config() {
  case "$STATE_BACKEND" in hashmap|rocksdb) ;; *) die "FLINK_STATE_BACKEND must be hashmap or rocksdb, not '$STATE_BACKEND'";; esac
  local ha_type
  case "$HA" in none) ha_type=NONE ;; zookeeper) ha_type=ZOOKEEPER ;; *) die "FLINK_HA must be none or zookeeper, not '$HA'";; esac
  [[ "$HA_CLUSTER_ID" == /* ]] || die "FLINK_HA_CLUSTER_ID must start with '/' (e.g. /incident-detector), not '$HA_CLUSTER_ID'"
  mkdir -p "$CONF" "$LOGS" "$STATE/checkpoints" "$STATE/savepoints" "$STATE/ha"
  sed -e "s|@STATE@|$STATE|g" -e "s|@REST_PORT@|$REST_PORT|g" -e "s|@RPC_PORT@|$RPC_PORT|g" -e "s|@SLOTS@|$SLOTS|g" \
      -e "s|@STATE_BACKEND@|$STATE_BACKEND|g" -e "s|@HA_TYPE@|$ha_type|g" -e "s|@ZOOKEEPER_QUORUM@|$(quorum)|g" \
      -e "s|@HA_CLUSTER_ID@|$HA_CLUSTER_ID|g" "$HERE/flink-conf/config.yaml" > "$CONF/config.yaml"
  cp "$HERE/flink-conf/log4j.properties" "$CONF/log4j.properties"
  cp "$HERE/flink-conf/log4j-cli.properties" "$CONF/log4j-cli.properties"
}

# JVM flags and dynamic properties as Flink's missing bin/ scripts compute them from the memory settings.
resource_params() {
  local cp="$1" kind="$2" out
  out="$(java -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$kind" --configDir "$CONF" 2>/dev/null \
    | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')" || true
  [[ "$(echo "$out" | wc -l)" -ge 2 ]] || die "could not compute the $kind memory settings from $CONF/config.yaml"
  echo "$out"
}

start_process() {
  local name="$1" main="$2" params="$3" cp="$4"
  local jvm dynamic
  jvm="$(echo "$params" | sed -n 1p)"
  dynamic="$(echo "$params" | sed -n 2p)"
  # shellcheck disable=SC2086
  nohup java $jvm $JAVA_MODULE_OPTS -cp "$cp" -Dlog.file="$LOGS/$name.log" -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    "$main" --configDir "$CONF" $dynamic > "$LOGS/$name.out" 2>&1 &
  echo $! > "$STATE/$name.pid"
}

# One ZooKeeper server (standalone mode) from Debian's package, when FLINK_HA=zookeeper names no ensemble.
start_zookeeper() {
  [[ -z "$ZOOKEEPER_QUORUM" ]] || return 0
  alive "$STATE/zookeeper.pid" && return 0
  local jar="${ZOOKEEPER_CLASSPATH%%:*}"
  [[ -f "$jar" ]] || die "FLINK_HA=zookeeper needs a ZooKeeper server, and $jar is missing. Fix: apt-get install" \
    "zookeeper (Debian's package; its service need not run), or set FLINK_ZOOKEEPER_QUORUM to a running ensemble"
  port_open "$ZOOKEEPER_PORT" && die "port $ZOOKEEPER_PORT is taken by another process; set FLINK_ZOOKEEPER_PORT," \
    "or FLINK_ZOOKEEPER_QUORUM=127.0.0.1:$ZOOKEEPER_PORT if that is a ZooKeeper server to use"
  mkdir -p "$STATE/zookeeper/data" "$LOGS"
  printf '%s\n' "tickTime=2000" "dataDir=$STATE/zookeeper/data" "clientPort=$ZOOKEEPER_PORT" \
    "clientPortAddress=127.0.0.1" "admin.enableServer=false" "4lw.commands.whitelist=ruok" > "$STATE/zookeeper/zoo.cfg"
  nohup java -Xmx256m -cp "$ZOOKEEPER_CLASSPATH" org.apache.zookeeper.server.quorum.QuorumPeerMain \
    "$STATE/zookeeper/zoo.cfg" > "$LOGS/zookeeper.log" 2>&1 &
  echo $! > "$STATE/zookeeper.pid"
  for _ in $(seq 1 60); do
    [[ "$(zookeeper_answer ruok)" == imok ]] && return 0
    alive "$STATE/zookeeper.pid" || die "ZooKeeper exited during start-up; see $LOGS/zookeeper.log"
    sleep 0.5
  done
  die "ZooKeeper did not answer on 127.0.0.1:$ZOOKEEPER_PORT within 30 s; see $LOGS/zookeeper.log"
}

# A four-letter command to the local ZooKeeper server, and its answer (empty when it does not answer).
zookeeper_answer() {
  ( exec 3<>"/dev/tcp/127.0.0.1/$ZOOKEEPER_PORT" && printf '%s' "$1" >&3 && timeout 5 cat <&3 ) 2>/dev/null || true
}

start_jobmanager() {
  local cp="$1" jm_params
  jm_params="$(resource_params "$cp" GET_JM_RESOURCE_PARAMS)"
  start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "$jm_params" "$cp"
  for _ in $(seq 1 120); do
    curl -sf "$REST/overview" >/dev/null 2>&1 && return 0
    alive "$STATE/jobmanager.pid" || die "the JobManager exited during start-up; see $LOGS/jobmanager.log"
    sleep 0.5
  done
  die "the JobManager's REST API did not come up within 60 s; see $LOGS/jobmanager.log"
}

registered_taskmanagers() {
  { curl -sf "$REST/taskmanagers" 2>/dev/null || true; } | { grep -o '"id":' || true; } | wc -l
}

start() {
  alive "$STATE/jobmanager.pid" && { echo "already running: $REST"; return 0; }
  for f in "$STATE"/taskmanager-*.pid; do
    [[ -f "$f" ]] || continue
    alive "$f" && die "TaskManager $(basename "$f" .pid) of an earlier start is still running; run flink.sh stop first"
    rm -f "$f"
  done
  port_open "$REST_PORT" && die "port $REST_PORT is taken by another process; set FLINK_REST_PORT"
  port_open "$RPC_PORT" && die "port $RPC_PORT is taken by another process; set FLINK_RPC_PORT"
  command -v curl >/dev/null || die "curl is needed to talk to the REST API"
  local cp; cp="$(classpath)"
  write_config
  if [[ "$HA" == zookeeper ]]; then start_zookeeper; fi
  start_jobmanager "$cp"
  local tm_params; tm_params="$(resource_params "$cp" GET_TM_RESOURCE_PARAMS)"
  for i in $(seq 1 "$TASKMANAGERS"); do
    start_process "taskmanager-$i" org.apache.flink.runtime.taskexecutor.TaskManagerRunner "$tm_params" "$cp"
  done
  for _ in $(seq 1 120); do
    [[ "$(registered_taskmanagers)" -ge "$TASKMANAGERS" ]] && break
    sleep 0.5
  done
  [[ "$(registered_taskmanagers)" -ge "$TASKMANAGERS" ]] \
    || die "only $(registered_taskmanagers) of $TASKMANAGERS TaskManagers registered within 60 s; see $LOGS/"
  echo "Flink cluster running: web UI and REST on $REST, $TASKMANAGERS TaskManagers x $SLOTS slots," \
    "state backend $STATE_BACKEND, $(ha_line), logs in $LOGS"
}

ha_line() {
  case "$HA" in
    zookeeper) echo "high availability with ZooKeeper at $(quorum) ($HA_CLUSTER_ID)" ;;
    *) echo "no high availability" ;;
  esac
}

# After the JobManager was lost (killed, crashed): a new one with the configuration of the last start. With high
# availability the TaskManagers find it through ZooKeeper, and it recovers the jobs from the HA storage.
restart_jobmanager() {
  [[ -f "$CONF/config.yaml" ]] || die "no cluster was started with FLINK_STATE=$STATE; run flink.sh start"
  alive "$STATE/jobmanager.pid" && { echo "already running: $REST"; return 0; }
  # a JobManager killed a moment ago may still hold its port while the kernel tears the process down
  for _ in $(seq 1 20); do port_open "$REST_PORT" || break; sleep 0.5; done
  port_open "$REST_PORT" && die "port $REST_PORT is taken by another process; set FLINK_REST_PORT"
  local cp; cp="$(classpath)"
  if grep -q '^high-availability.type: ZOOKEEPER' "$CONF/config.yaml"; then
    start_zookeeper
  else
    echo "flink.sh: this cluster runs without high availability, so the jobs of the lost JobManager are gone;" \
      "resubmit them from their last checkpoint (flink.sh run -s CHECKPOINT ...), or start with FLINK_HA=zookeeper" >&2
  fi
  start_jobmanager "$cp"
  echo "JobManager running: $REST"
}

stop_pid_file() {
  local file="$1" pid
  alive "$file" || { rm -f "$file"; return 0; }
  pid="$(cat "$file")"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$file"; return 0; }
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$file"
}

stop() {
  local any=0
  for f in "$STATE"/taskmanager-*.pid "$STATE/jobmanager.pid" "$STATE/zookeeper.pid"; do
    [[ -f "$f" ]] || continue
    any=1
    stop_pid_file "$f"
  done
  [[ $any == 1 ]] && echo "stopped" || echo "not running"
}

status() {
  alive "$STATE/jobmanager.pid" || { echo "not running"; exit 3; }
  echo "JobManager pid $(cat "$STATE/jobmanager.pid"), REST $REST"
  alive "$STATE/zookeeper.pid" && echo "ZooKeeper pid $(cat "$STATE/zookeeper.pid"), 127.0.0.1:$ZOOKEEPER_PORT"
  curl -sf "$REST/overview" && echo
  curl -sf "$REST/jobs/overview" && echo
}

cli() {
  alive "$STATE/jobmanager.pid" || die "the cluster is not running; start it first"
  local cp; cp="$(classpath)"
  # shellcheck disable=SC2086
  FLINK_CONF_DIR="$CONF" java $JAVA_MODULE_OPTS -Dlog4j.configurationFile="file:$CONF/log4j-cli.properties" -cp "$cp" \
    org.apache.flink.client.cli.CliFrontend "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  run) shift; cli run "$@" ;;
  cli) shift; cli "$@" ;;
  start-jobmanager) restart_jobmanager ;;
  *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
