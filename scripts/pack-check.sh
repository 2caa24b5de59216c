#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, install the tarball into an empty folder, and run
# the installed CLI. Catches a `files` list that leaves out dist/ or a bundled data file, which
# the tests (run from the source tree) cannot see. Needs the npm registry for the dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# a step that fails says which (npm pack --silent used to hide a failed prepack build)
trap 'echo "pack-check: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
# prepack empties dist/ and builds it again, so no file of a deleted source is shipped
npm pack --pack-destination "$work" >&2
tgz=$(cd "$work" && ls -- *.tgz)
mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
# npm 11 runs no install scripts unless allowed; better-sqlite3 compiles its binding in one
node -e 'const f="package.json",p=JSON.parse(require("fs").readFileSync(f));p.allowScripts={"better-sqlite3":true};require("fs").writeFileSync(f,JSON.stringify(p))'
# --omit=optional: tfjs-node downloads a native library at install time, which fails offline
npm install --no-audit --no-fund --omit=optional --prefer-offline "$work/$tgz" >/dev/null
bin=node_modules/.bin/dealerbot
files=$(tar -tzf "$work/$tgz" | wc -l)
tests=$(tar -tzf "$work/$tgz" | grep -c '\.test\.' || true)
[ "$tests" = 0 ] || { echo "pack-check: the tarball holds $tests test files" >&2; exit 1; }
"$bin" --help >/dev/null
"$bin" simulate --policy heuristic --episodes 10 --json >sim.json
node -e 'const r=JSON.parse(require("fs").readFileSync("sim.json","utf8")); if(!(r.episodes===10 && r.dealer_minutes.mean>0)) process.exit(1)'
"$bin" simulate --policy node_modules/dealerbot/models/default --episodes 10 --json >/dev/null
echo "wrong number, stop texting me" | "$bin" classify >cls.jsonl
grep -q '"safety":"stop"' cls.jsonl
DEALERBOT_KEY=pack-check "$bin" data import node_modules/dealerbot/data/corpus/sms-backup.xml --out t.jsonl --json >/dev/null
# a zipped chat: the zip reader (yauzl) must have come with the package
DEALERBOT_KEY=pack-check "$bin" data import node_modules/dealerbot/data/corpus/whatsapp-ios-en.zip --me Sam --out w.jsonl --json >/dev/null
# the runtime's store: the native binding must have been built
node -e 'new (require("better-sqlite3"))(":memory:").prepare("select 1").get()'
echo "pack-check: $tgz ($files files) installs and runs: --help, simulate (heuristic, models/default), classify, data import (XML, a zipped WhatsApp chat), SQLite binding"
