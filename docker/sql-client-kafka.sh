#!/usr/bin/env bash
# The SQL client session over Kafka from sql/README.md ("A Kafka topic, STREAMING mode"), in the
# image: sql/ in /opt/sendmail, the UDF jar already in lib/, the Kafka SQL connector in opt/.
# Extra arguments go to sql-client.sh (e.g. -f statements.sql).
set -euo pipefail
cd /opt/sendmail
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
export KAFKA_TOPIC="${KAFKA_TOPIC:-sendmail-lines}" KAFKA_GROUP_ID="${KAFKA_GROUP_ID:-sendmail-sql}"
init="$(mktemp /tmp/sendmail-init-XXXXXX.sql)"
# the image's conf/config.yaml points at localhost: send the session's jobs to the JobManager
{ printf "SET 'execution.target' = 'remote';\nSET 'rest.address' = '%s';\nSET 'rest.port' = '%s';\n" \
    "${FLINK_REST_ADDRESS:-jobmanager}" "${FLINK_REST_PORT:-8081}"
  printf "SET 'execution.runtime-mode' = 'streaming';\nSET 'table.local-time-zone' = 'UTC';\n"
  cat sql/01_functions.sql sql/02_source_kafka.sql sql/03_events.sql sql/04_event_views.sql \
      sql/05_buckets_streaming.sql sql/06_overview.sql sql/07_activity.sql sql/08_delivery_status.sql \
      sql/09_rule_rejection.sql sql/10_authentication.sql sql/11_processing_statistics.sql
} | envsubst '${KAFKA_BOOTSTRAP_SERVERS} ${KAFKA_TOPIC} ${KAFKA_GROUP_ID}' > "$init"
exec /opt/flink/bin/sql-client.sh -j /opt/flink/opt/flink-sql-connector-kafka-5.0.0-2.2.jar -i "$init" "$@"
