# Node options of every Hindsight process (sourced by bin/hindsight and bin/bench, so that benchmarks
# run what production runs).
#
# --max-semi-space-size=4: V8 sizes the young generation from the machine's memory (semi-spaces of
# up to 32 MiB here). Its scavenges then paused the event loop 5-12 ms with both cores busy, and every
# gRPC call in flight waited them out. Measured on the 2-core machine, three runs each: GetHistory p99
# at 1,000 calls/s 14-32 ms -> 5-11 ms, at 32 in flight 21-30 -> 17-25 ms (bare node:http2: 11-15 ->
# 5-7 ms); projection and Kafka throughput within noise; peak RSS about -20%.
HINDSIGHT_NODE_OPTIONS=(--enable-source-maps --max-semi-space-size=4)

# The project's pinned Node 24 (system Node may be older), else whatever `node` is on the PATH.
hindsight_node() {
  local root="$1"
  if [ -x "$root/node_modules/node/bin/node" ]; then echo "$root/node_modules/node/bin/node"; else echo node; fi
}
