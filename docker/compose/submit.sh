#!/usr/bin/env bash
# The compose stack's `submit` service: submits the job to the session cluster once, resuming from the newest
# savepoint or retained checkpoint in the shared state volume. Safe to run again (every `docker compose up` does):
# while a job of the same name runs or is scheduled, it submits nothing.
#
#   submit.sh [JOB ARGS...]   submit if not running; the arguments go to the job (e.g. --config FILE --kafka)
#   submit.sh stop            stop the job with a savepoint (the next submit resumes from it)
#
# Environment: JOBMANAGER (jobmanager:8081), JOB_NAME (incident-detector: job.name of the configuration),
# JOB_JAR (/opt/flink/usrlib/incident-detector.jar), FLINK_STATE (/flink-state: checkpoints/ and savepoints/),
# RESTORE (auto: the newest restore point; none: start without state; or a path to resume from).
# SubmitScriptTest runs it with a fake `flink` command.
set -euo pipefail

JOBMANAGER="${JOBMANAGER:-jobmanager:8081}"
JOB_NAME="${JOB_NAME:-incident-detector}"
JOB_JAR="${JOB_JAR:-/opt/flink/usrlib/incident-detector.jar}"
FLINK_STATE="${FLINK_STATE:-/flink-state}"
RESTORE="${RESTORE:-auto}"

say() { echo "submit: $*"; }
die() { echo "submit: $*" >&2; exit 1; }

# Running and scheduled jobs; `flink list` prints one line per job: "<start> : <job id> : <name> (<state>)".
listed_job_id() {
  local jobs
  jobs="$(flink list -m "$JOBMANAGER")" || die "cannot list the jobs on $JOBMANAGER (is the JobManager up?)"
  grep -F " : $JOB_NAME (" <<<"$jobs" | head -n 1 | awk -F ' : ' '{print $2}' || true
}

# The newest savepoint or retained checkpoint (by the time its metadata was written), or nothing.
newest_restore_point() {
  local dirs=()
  [[ -d "$FLINK_STATE/savepoints" ]] && dirs+=("$FLINK_STATE/savepoints")
  [[ -d "$FLINK_STATE/checkpoints" ]] && dirs+=("$FLINK_STATE/checkpoints")
  (( ${#dirs[@]} )) || return 0
  find "${dirs[@]}" -name _metadata -type f -printf '%T@ %h\n' | sort -n | tail -n 1 | cut -d ' ' -f 2-
}

submit() {
  local running; running="$(listed_job_id)"
  if [[ -n "$running" ]]; then
    say "job '$JOB_NAME' is already on $JOBMANAGER ($running); nothing to submit"
    return 0
  fi
  local from=""
  case "$RESTORE" in
    auto) from="$(newest_restore_point)" ;;
    none) ;;
    *) from="$RESTORE" ;;
  esac
  local restore=()
  if [[ -n "$from" ]]; then
    say "resuming '$JOB_NAME' from $from"
    restore=(-s "$from")
  else
    say "starting '$JOB_NAME' without state"
  fi
  flink run -d -m "$JOBMANAGER" "${restore[@]}" "$JOB_JAR" "$@"
}

stop() {
  local id; id="$(listed_job_id)"
  [[ -n "$id" ]] || die "no job '$JOB_NAME' on $JOBMANAGER to stop"
  flink stop -m "$JOBMANAGER" --savepointPath "file://$FLINK_STATE/savepoints" "$id"
}

if [[ "${1:-}" == "stop" ]]; then
  stop
else
  submit "$@"
fi
