// Prints dealer scripts (data/dialogue/scripts/) played against the real engine, as the scripted
// suite plays them, with the properties that fail: npx tsx scripts/scripted.ts [ids…] [--safety real]
// Without ids: the pass share and the failures of all of them.
import { PROPERTIES, formatRun, readScripts, runScript } from '../runtime/test-fixtures/scripted.js';

const args = process.argv.slice(2);
const safety = args.includes('--safety') && args[args.indexOf('--safety') + 1] === 'real' ? 'real' : 'off';
const ids = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--safety');
const scripts = readScripts().filter((s) => !ids.length || ids.includes(s.id));
let pass = 0;
let replies = 0;
const byProperty = Object.fromEntries(PROPERTIES.map((p) => [p, 0]));
const states: Record<string, number> = {};
for (const s of scripts) {
  const r = await runScript(s, { safety });
  if (!r.failures.length) pass++;
  replies += r.lines.filter((l) => l.who === 'bot').length;
  states[r.numberState] = (states[r.numberState] ?? 0) + 1;
  for (const f of r.failures) byProperty[f.property]!++;
  for (const b of r.blocked) console.log(`  BLOCKED ${s.id}: ${b}`);
  if (ids.length) console.log(`== ${s.id} (${s.lang}, ${s.kind})\n${formatRun(r)}`);
  for (const f of r.failures) console.log(`  FAIL ${f.script} ${f.property}: "${f.reply}" (${f.detail})`);
}
console.log(`${pass}/${scripts.length} scripts pass every property; ${replies} replies; safety ${safety}; numbers at the end: ${JSON.stringify(states)}; failures: ${JSON.stringify(byProperty)}`);
