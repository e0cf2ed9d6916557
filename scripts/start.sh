#!/usr/bin/env bash
# `npm start`: loads the bundled demo events into the embedded store, dated to end an hour ago (contact
# insights look back 6 months from now; idempotent: ids are deduplicated, so a second start adds nothing),
# prints ready-to-paste queries, then runs the server in the foreground (Ctrl-C stops it gracefully).
set -euo pipefail
cd "$(dirname "$0")/.."
store="${HINDSIGHT_STORE:-sqlite:./data/hindsight.db}"
export HINDSIGHT_STORE="$store"
echo "Loading the demo data (samples/demo-events.ndjson, ending an hour ago) into $store ..." >&2
bin/hindsight demo
# Agent tokens of two demo users (user.configured events): signed with HINDSIGHT_JWT_SECRET when set, else
# with serve's development key (created next to the store on first use; it signs agent tokens only).
licensed_token=$(bin/hindsight token --user acme-fr-camille --workspace acme-fr) || licensed_token='(cannot mint: see above)'
unlicensed_token=$(bin/hindsight token --user acme-fr-dominique --workspace acme-fr) || unlicensed_token='(cannot mint: see above)'
cat >&2 <<'HELP'

Try, in another terminal:
  # the voice agent's history (same answer as gRPC hindsight.v1.ConversationHistory/GetHistory)
  bin/hindsight history --workspace acme-fr --inbox support-fr --phone +33612340000
  bin/hindsight history --workspace acme-us --inbox support-us --phone +14155550000
  bin/hindsight history --workspace acme-es --inbox soporte-es --contact acme-es-contact-0
  bin/hindsight history --workspace acme-us --inbox billing-us --phone +14155550000   # history disabled
  # send an event over HTTP (no key configured: ingest takes no token, on loopback only)
  curl -s -XPOST -H 'content-type: application/cloudevents+json' http://127.0.0.1:3000/v1/events -d '{"specversion":"1.0","id":"try-1","source":"urn:try","type":"message.received","time":"2026-11-20T10:00:00Z","data":{"workspaceId":"acme-es","messageId":"try-m1","conversationId":"try-c1","inboxId":"soporte-es","contact":{"phone":"+34612340000"},"channel":"sms","body":"Hola"}}'
  # with a key configured (HINDSIGHT_JWT_SECRET), a producer sends a service token granted events:write
  curl -s -XPOST -H "authorization: Bearer $(bin/hindsight token --user demo-producer --scope events:write --expires 1h)" -H 'content-type: application/cloudevents+json' http://127.0.0.1:3000/v1/events -d '{"specversion":"1.0","id":"try-2","source":"urn:try","type":"message.received","time":"2026-11-20T10:05:00Z","data":{"workspaceId":"acme-es","messageId":"try-m2","conversationId":"try-c1","inboxId":"soporte-es","contact":{"phone":"+34612340000"},"channel":"sms","body":"Gracias"}}'
  # the stored log
  bin/hindsight events --type call.summary.completed --workspace acme-fr | head -3

HELP
desktop_host="${HINDSIGHT_HOST:-127.0.0.1}"
[ "$desktop_host" = "0.0.0.0" ] && desktop_host=127.0.0.1
desktop_port="${HINDSIGHT_HTTP_PORT:-3000}"
cat >&2 <<TOKENS
  # agent tokens for the agent desktop API (12 h): Camille holds the ai_assist_pro licence, Dominique does not
  CAMILLE=$licensed_token
  DOMINIQUE=$unlicensed_token
  # generate insights for the French showcase caller, from one of its conversations (201), then read them
  curl -s -XPOST -H "authorization: Bearer \$CAMILLE" -H 'content-type: application/json' -d '{"conversationId":"acme-fr-conversation-0"}' http://127.0.0.1:3000/v1/workspaces/acme-fr/contacts/%2B33612340000/insights
  curl -s -H "authorization: Bearer \$CAMILLE" http://127.0.0.1:3000/v1/workspaces/acme-fr/contacts/%2B33612340000/insights
  # Dominique may read them, not generate them (403 LICENCE_REQUIRED); the timeline and session cards
  curl -s -XPOST -H "authorization: Bearer \$DOMINIQUE" -H 'content-type: application/json' -d '{"conversationId":"acme-fr-conversation-0"}' http://127.0.0.1:3000/v1/workspaces/acme-fr/contacts/%2B33612340000/insights
  curl -s -H "authorization: Bearer \$CAMILLE" 'http://127.0.0.1:3000/v1/workspaces/acme-fr/contacts/%2B33612340000/timeline?limit=5'
  curl -s -H "authorization: Bearer \$CAMILLE" http://127.0.0.1:3000/v1/workspaces/acme-fr/contacts/%2B33612340000/sessions
  # in English and Spanish: acme-us-camille / +14155550000 / acme-us-conversation-0, acme-es-camille / +34612340000 / acme-es-conversation-0
  # the API's OpenAPI document and UI: http://127.0.0.1:3000/docs-json, http://127.0.0.1:3000/docs

  # the agent desktop (the token rides in the URL fragment: a browser never sends it to the server)
  http://$desktop_host:$desktop_port/#token=$licensed_token
  # what a softphone opens on an incoming call: straight to the caller
  http://$desktop_host:$desktop_port/?contact=%2B33612340000#token=$licensed_token
  # Dominique has no licence: "Generate insights" is disabled, with the reason
  http://$desktop_host:$desktop_port/?contact=%2B33612340000#token=$unlicensed_token

TOKENS
exec bin/hindsight serve
