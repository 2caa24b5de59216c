import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createEncoder, FEATURE_NAMES, FEATURES_VERSION, FEATURE_SIZE } from '../../../core/features/index.js';
import { Rng } from '../../../lib/random.js';
import { NUM_TACTICS, TACTICS } from '../../../core/tactics.js';
import { initBackend } from '../../../models/backend.js';
import { saveBundle } from '../../../models/bundle.js';
import { buildMlp } from '../../../models/mlp.js';
import { SimConversation } from '../conversation.js';
import { defaultPersonaMix } from '../persona.js';
import { runSimulate } from '../run-simulate.js';
import { encodedPolicy } from './encoded.js';
import { sampleTactic } from './policy.js';

const mix = defaultPersonaMix();
let dir: string | undefined;
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

describe('learned policies in the simulator', () => {
  it('encodes the conversation incrementally exactly as a fresh encoding would, across conversations', () => {
    const seen: Float32Array[] = [];
    const net = {
      probs(obs: Float32Array, mask: Uint8Array) {
        seen.push(obs.slice());
        const p = new Float64Array(NUM_TACTICS);
        for (let i = 0; i < NUM_TACTICS; i++) p[i] = mask[i]!;
        return p;
      },
    };
    const pol = encodedPolicy('toy', net, createEncoder());
    const conv = new SimConversation({ mix });
    const rng = new Rng(1);
    for (let ep = 0; ep < 4; ep++) {
      conv.reset(ep);
      while (!conv.done) {
        const view = { events: conv.events, mask: conv.mask(), lang: conv.persona.lang };
        const { tactic } = sampleTactic(pol, view, rng);
        const fresh = createEncoder();
        for (const e of conv.events) fresh.push(e);
        const want = new Float32Array(FEATURE_SIZE);
        fresh.write(want);
        expect(Array.from(seen[seen.length - 1]!)).toEqual(Array.from(want));
        conv.step(tactic);
      }
    }
    expect(seen.length).toBeGreaterThan(10);
  });

  it('simulate --policy DIR runs a policy bundle and logs its id and propensities', async () => {
    await initBackend({ log: null });
    dir = await mkdtemp(join(tmpdir(), 'simbundle-'));
    const model = buildMlp({ inputSize: FEATURE_SIZE, hidden: [16], outputs: NUM_TACTICS }, new Rng(3));
    const bundle = join(dir, 'bundle');
    await saveBundle(bundle, model, {
      created: '2026-01-01T00:00:00.000Z',
      algo: 'bc',
      features: { version: FEATURES_VERSION, names: [...FEATURE_NAMES], mean: new Array(FEATURE_SIZE).fill(0), std: new Array(FEATURE_SIZE).fill(1) },
      tactics: [...TACTICS],
      output: 'logits',
      temperature: 1,
      epsilon: 0.05,
      training: { data: null, personas: null, seed: 1, steps: 0, metrics: {} },
    } as never);
    let stdout = '';
    const io = { stdout: new Writable({ write: (c, _e, cb) => ((stdout += String(c)), cb()) }), stderr: new Writable({ write: (_c, _e, cb) => cb() }) };
    const s = await runSimulate({ policy: bundle, episodes: 20, seed: 2, json: true }, io);
    expect(s.policy).toMatch(/^bc-[0-9a-f]{12}$/);
    expect(JSON.parse(stdout).episodes).toBe(20);
    expect(s.dealer_minutes.mean).toBeGreaterThan(0);
  });
});
