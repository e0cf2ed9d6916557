#!/usr/bin/env bash
# `npm start`: loads the bundled demo events into the embedded store and shows what to try next.
set -euo pipefail
cd "$(dirname "$0")/.."
store="${HINDSIGHT_STORE:-sqlite:./data/hindsight.db}"
echo "Loading samples/demo-events.ndjson into $store ..." >&2
bin/hindsight ingest samples/demo-events.ndjson --store "$store"
cat >&2 <<HELP

Ready. Try:
  bin/hindsight events --store $store --type call.summary.completed --workspace acme-fr | head -3
  bin/hindsight events --store $store --from-time 2026-11-01T00:00:00Z | wc -l
  bin/hindsight events --store $store | bin/hindsight ingest - --store sqlite:./data/copy.db
  bin/hindsight --help
HELP
