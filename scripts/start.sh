#!/usr/bin/env bash
# `npm start`: loads the bundled demo events into the embedded store (idempotent: ids are deduplicated),
# prints ready-to-paste queries, then runs the server in the foreground (Ctrl-C stops it gracefully).
set -euo pipefail
cd "$(dirname "$0")/.."
store="${HINDSIGHT_STORE:-sqlite:./data/hindsight.db}"
export HINDSIGHT_STORE="$store"
echo "Loading samples/demo-events.ndjson into $store ..." >&2
bin/hindsight ingest samples/demo-events.ndjson
cat >&2 <<'HELP'

Try, in another terminal:
  # the voice agent's history (same answer as gRPC hindsight.v1.ConversationHistory/GetHistory)
  bin/hindsight history --workspace acme-fr --inbox support-fr --phone +33612340000 --at 2026-11-20T18:00:00Z
  bin/hindsight history --workspace acme-us --inbox support-us --phone +14155550000 --at 2026-11-20T18:00:00Z
  bin/hindsight history --workspace acme-es --inbox soporte-es --contact acme-es-contact-0 --at 2026-11-20T18:00:00Z
  bin/hindsight history --workspace acme-us --inbox billing-us --phone +14155550000   # history disabled
  # send an event over HTTP
  curl -s -XPOST -H 'content-type: application/cloudevents+json' http://127.0.0.1:3000/v1/events -d '{"specversion":"1.0","id":"try-1","source":"urn:try","type":"message.received","time":"2026-11-20T10:00:00Z","data":{"workspaceId":"acme-es","messageId":"try-m1","conversationId":"try-c1","inboxId":"soporte-es","contact":{"phone":"+34612340000"},"channel":"sms","body":"Hola"}}'
  # the stored log
  bin/hindsight events --type call.summary.completed --workspace acme-fr | head -3

HELP
exec bin/hindsight serve
