#!/usr/bin/env bash
# The "Live against in-process" figure of BENCHMARKS.md in one command: a fresh `serve`
# (auto mode, fake android-sms-gateway out, generic webhook in) and `loadtest --compare` on
# the same dealers, then where the live dealers waited (OUT/waits.json). Run from the repo root
# after `npx tsc -p .`, on a quiet machine.
#   scripts/loadtest/live-vs-in-process.sh DEALERS SEED OUT_DIR [MODEL_DIR] [TIME_SCALE]
#   SERVE_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the serve process; CLOCK_START=ISO moves the bot's start
set -euo pipefail
n=${1:?dealers}; seed=${2:?seed}; out=${3:?out dir}; model=${4:-models/default}; scale=${5:-3000}
# the bot's clock starts here (a Monday, 17:00 local, about the middle of the simulator's promo
# hours), not at the wall time: the quiet hours then fall at the same point of every run
start=${CLOCK_START:-2026-12-07T17:00:00+01:00}
mkdir -p "$out"
token=live-vs-in-process-token
cat > "$out/serve.json" <<JSON
{"mode":"auto","outbound":{"kind":"android-gateway"},
 "androidGateway":{"url":"http://127.0.0.1:8090","username":"u","password":"p","signingKey":"k-live-vs-in-process"},
 "generic":{"token":"$token"},"timeScale":$scale,"clockStart":"$start","rateLimitPerMinute":1000000,
 "caps":{"perNumberPerDay":200,"globalPerDay":10000000}}
JSON
rm -f "$out/serve.db" "$out/serve.db-wal" "$out/serve.db-shm"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/load.txt"
# loadtest runs the in-process dealers first and then waits for serve; serve starts only once the
# fake gateway is up, so its clock (clockStart) begins with the live run, whatever the in-process
# run took
node bin/dealerbot.js loadtest --against http://127.0.0.1:8181 --episodes "$n" --concurrency "$n" \
  --token "$token" --compare "$model" --seed "$seed" --wait-for-serve 60 --json > "$out/result.json" 2> "$out/loadtest.log" &
loadtest=$!
serve=
trap 'kill $loadtest $serve 2>/dev/null || true' EXIT
until grep -q "fake android-sms-gateway on" "$out/loadtest.log" 2>/dev/null; do
  kill -0 $loadtest 2>/dev/null || { cat "$out/loadtest.log" >&2; exit 1; }
  sleep 0.2
done
node ${SERVE_NODE_ARGS:-} bin/dealerbot.js serve --model "$model" --db "$out/serve.db" --port 8181 --config "$out/serve.json" \
  --seed "$seed" > "$out/serve.log" 2>&1 &
serve=$!
wait $loadtest
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
kill $serve 2>/dev/null || true
wait $serve 2>/dev/null || true
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(JSON.stringify(r,null,1).slice(0,3000))' "$out/result.json"
# where the dealers waited, from serve's database (scripts/loadtest/waits.ts)
npx tsx scripts/loadtest/waits.ts "$out/serve.db" --time-scale "$scale" > "$out/waits.json"
echo "waits: $out/waits.json"
