#!/usr/bin/env bash
# A real Flink 2.2 standalone session cluster on loopback: one JobManager and N TaskManagers as separate
# processes, assembled from Maven Central jars (there is no Flink binary distribution here); no Docker.
#
#   docker/local/flink.sh start          build the classpath (once), start the JobManager and the TaskManagers
#   docker/local/flink.sh stop           stop them (TaskManagers first)
#   docker/local/flink.sh status         processes, TaskManagers and jobs, from the REST API
#   docker/local/flink.sh run ARGS...    submit a job jar, as `flink run ARGS...` does
#   docker/local/flink.sh cli ARGS...    any `flink` command: list, cancel, stop --savepointPath DIR, savepoint, ...
#
# Settings (environment): FLINK_TASKMANAGERS (2), FLINK_SLOTS (2 per TaskManager), FLINK_REST_PORT (8081),
# FLINK_RPC_PORT (6123, the JobManager's),
# FLINK_STATE_BACKEND (hashmap, or rocksdb), FLINK_STATE (docker/local/.run/flink: config, logs, checkpoints,
# savepoints). The configuration is docker/local/flink-conf/config.yaml. Needs Java 17 and Maven.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TASKMANAGERS="${FLINK_TASKMANAGERS:-2}"
SLOTS="${FLINK_SLOTS:-2}"
REST_PORT="${FLINK_REST_PORT:-8081}"
RPC_PORT="${FLINK_RPC_PORT:-6123}"
STATE_BACKEND="${FLINK_STATE_BACKEND:-hashmap}"
STATE="${FLINK_STATE:-$HERE/.run/flink}"
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
  [[ "$cmdline" == *"--configDir $CONF"* ]]
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

write_config() {
  case "$STATE_BACKEND" in hashmap|rocksdb) ;; *) die "FLINK_STATE_BACKEND must be hashmap or rocksdb, not '$STATE_BACKEND'";; esac
  mkdir -p "$CONF" "$LOGS" "$STATE/checkpoints" "$STATE/savepoints"
  sed -e "s|@STATE@|$STATE|g" -e "s|@REST_PORT@|$REST_PORT|g" -e "s|@RPC_PORT@|$RPC_PORT|g" -e "s|@SLOTS@|$SLOTS|g" \
      -e "s|@STATE_BACKEND@|$STATE_BACKEND|g" "$HERE/flink-conf/config.yaml" > "$CONF/config.yaml"
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
  local jm_params; jm_params="$(resource_params "$cp" GET_JM_RESOURCE_PARAMS)"
  start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "$jm_params" "$cp"
  for _ in $(seq 1 120); do
    curl -sf "$REST/overview" >/dev/null 2>&1 && break
    alive "$STATE/jobmanager.pid" || die "the JobManager exited during start-up; see $LOGS/jobmanager.log"
    sleep 0.5
  done
  curl -sf "$REST/overview" >/dev/null || die "the JobManager's REST API did not come up within 60 s; see $LOGS/jobmanager.log"
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
    "state backend $STATE_BACKEND, logs in $LOGS"
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
  for f in "$STATE"/taskmanager-*.pid "$STATE/jobmanager.pid"; do
    [[ -f "$f" ]] || continue
    any=1
    stop_pid_file "$f"
  done
  [[ $any == 1 ]] && echo "stopped" || echo "not running"
}

status() {
  alive "$STATE/jobmanager.pid" || { echo "not running"; exit 3; }
  echo "JobManager pid $(cat "$STATE/jobmanager.pid"), REST $REST"
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
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
