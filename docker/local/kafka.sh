#!/usr/bin/env bash
# A real single-node Kafka broker (KRaft, broker and controller in one process) on loopback, from Maven Central
# jars: no Docker, no Kafka download.
#
#   docker/local/kafka.sh start    build the classpath (once), format storage (once), start, create the topics
#   docker/local/kafka.sh stop     stop it cleanly (SIGTERM, waits for a controlled shutdown)
#   docker/local/kafka.sh status   is it running, and where
#   docker/local/kafka.sh topics   create the topics the job configuration names (start does this too)
#   docker/local/kafka.sh reset    stop and delete all data
#
# Settings (environment): KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9095; 9093 is Alertmanager's), KAFKA_HEAP (512m),
# KAFKA_STATE (docker/local/.run/kafka), JOB_CONFIG (local.yaml: the topics to create).
# Needs: Java 17, Maven, and job/target/incident-detector-local.jar for the topics (mvn -B -DskipTests package).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9095}"
HEAP="${KAFKA_HEAP:-512m}"
STATE="${KAFKA_STATE:-$HERE/.run/kafka}"
JOB_CONFIG="${JOB_CONFIG:-local.yaml}"
LOCAL_JAR="$ROOT/job/target/incident-detector-local.jar"
PID_FILE="$STATE/broker.pid"
LOG_FILE="$STATE/broker.log"

die() { echo "kafka.sh: $*" >&2; exit 1; }

# Alive, and really our broker: a stale pid file (after a reboot) may name another process.
running() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null || return 1
  # Read the whole command line first: 'tr | grep -q' under pipefail fails when grep exits before tr has written
  # a long classpath (tr dies of SIGPIPE).
  local cmdline; cmdline="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"kafka.Kafka $STATE/server.properties"* ]]
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Formatted storage keeps the controller's address it was formatted with (the default was 9093 before 9095).
check_formatted_controller_port() {
  [[ -f "$STATE/data/meta.properties" && -f "$STATE/server.properties" ]] || return 0
  local formatted
  formatted="$(sed -n 's/^controller.quorum.bootstrap.servers=.*:\([0-9]*\)$/\1/p' "$STATE/server.properties")"
  [[ -z "$formatted" || "$formatted" == "$CONTROLLER_PORT" ]] && return 0
  die "the storage in $STATE/data was formatted with the controller on port $formatted, not $CONTROLLER_PORT." \
    "Fix: start with KAFKA_CONTROLLER_PORT=$formatted, or run 'kafka.sh reset' (deletes the data) to format anew"
}

classpath() {
  local cp_file="$STATE/classpath.txt"
  if [[ ! -s "$cp_file" || "$HERE/kafka-pom.xml" -nt "$cp_file" ]]; then
    echo "resolving the broker's jars with Maven (first time only)..." >&2
    mkdir -p "$STATE"
    mvn -B -q -f "$HERE/kafka-pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null \
      || die "Maven could not resolve the broker's jars (see above)"
  fi
  cat "$cp_file"
}

write_properties() {
  cat > "$STATE/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$STATE/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
# Flink's Kafka sink stamps records with their event time; replays of old data would be deleted at once by
# time-based retention, so keep everything (this is a development broker).
log.retention.ms=-1
PROPS
}

create_topics() {
  [[ -f "$LOCAL_JAR" ]] || die "$LOCAL_JAR is missing: build it first with mvn -B -DskipTests package"
  java -jar "$LOCAL_JAR" create-topics --config "$JOB_CONFIG" --bootstrap-servers "127.0.0.1:$PORT"
}

start() {
  if running; then echo "already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; return 0; fi
  port_open "$PORT" && die "port $PORT is taken by another process; set KAFKA_PORT"
  check_formatted_controller_port
  mkdir -p "$STATE"
  local cp; cp="$(classpath)"
  write_properties
  if [[ ! -f "$STATE/data/meta.properties" ]]; then
    local cluster_id; cluster_id="$(java -cp "$cp" kafka.tools.StorageTool random-uuid)"
    java -cp "$cp" -Dlog4j2.configurationFile="$HERE/kafka-log4j2.properties" -Dkafka.logs.file="$LOG_FILE" \
      kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$STATE/server.properties" >/dev/null
    echo "formatted storage in $STATE/data (cluster id $cluster_id)"
  fi
  nohup java -Xmx"$HEAP" -Xms"$HEAP" -cp "$cp" \
    -Dlog4j2.configurationFile="$HERE/kafka-log4j2.properties" -Dkafka.logs.file="$LOG_FILE" \
    kafka.Kafka "$STATE/server.properties" >"$STATE/broker.out" 2>&1 &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 120); do
    if port_open "$PORT"; then break; fi
    running || die "the broker exited during start-up; see $STATE/broker.out and $LOG_FILE"
    sleep 0.5
  done
  port_open "$PORT" || die "the broker did not open port $PORT within 60 s; see $LOG_FILE"
  echo "Kafka broker running on 127.0.0.1:$PORT (pid $(cat "$PID_FILE"), logs $LOG_FILE)"
  create_topics
}

stop() {
  if ! running; then echo "not running"; rm -f "$PID_FILE"; return 0; fi
  local pid; pid="$(cat "$PID_FILE")"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; echo "stopped"; return 0; }
    sleep 0.5
  done
  echo "no clean shutdown within 30 s; killing pid $pid" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT, data in $STATE/data"; else echo "not running"; exit 3; fi ;;
  topics) running || die "not running; start it first"; create_topics ;;
  reset) stop; rm -rf "$STATE/data" "$STATE/server.properties"; echo "data deleted" ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
