// What a policy does around meetings in the simulator: how often it moves an agreed meeting
// (DealerSim.moves) and which tactics it plays while a dealer waits at the place. Not a test.
// Run: npx tsx scripts/bench/meeting-play.ts [--episodes 2000] [--seed 7] POLICY...
import { Rng } from '../../lib/random.js';
import { TACTICS } from '../../core/tactics.js';
import { SimConversation } from '../../trainer/sim/conversation.js';
import { defaultPersonaMix } from '../../trainer/sim/persona.js';
import { resolvePolicy } from '../../trainer/sim/run-simulate.js';
import { sampleTactic } from '../../trainer/sim/policies/policy.js';

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  args.splice(i, 2);
  return v;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const episodes = flag(args, '--episodes', 2000);
  const seed = flag(args, '--seed', 7);
  for (const name of args) {
    const policy = await resolvePolicy(name);
    const conv = new SimConversation({ mix: defaultPersonaMix() });
    let moves = 0;
    let twice = 0;
    const whileWaiting: Record<string, number> = {};
    for (let i = 0; i < episodes; i++) {
      conv.reset(`${seed}:${i}`);
      const decide = new Rng(`${seed}:${i}:policy`);
      while (!conv.done) {
        const { tactic } = sampleTactic(policy, { events: conv.events, mask: conv.mask(), lang: conv.persona.lang, sim: conv.sim }, decide);
        if (conv.sim.waiting) whileWaiting[TACTICS[tactic]!] = (whileWaiting[TACTICS[tactic]!] ?? 0) + 1;
        conv.step(tactic);
      }
      moves += conv.sim.moves;
      if (conv.sim.moves >= 2) twice++;
    }
    console.log(JSON.stringify({ policy: name, episodes, seed, moves_per_conversation: moves / episodes, conversations_moved_twice: twice, while_waiting: whileWaiting }));
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
