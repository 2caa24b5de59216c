// `serve --seed`: one number fixes every draw of a run, so the same dealers, writing in the same
// order on a fresh database, get the same run (persona places, tactics, delays, jitter). The
// persona's name and story come from the persona secret, not from the generator: a seeded serve
// on a database without one stores a secret made from the seed instead of a random one. A secret
// the database already holds (or the config's personaSecret) is kept, so seeding a restart never
// changes the persona of a conversation that is under way.
import { createHash } from 'node:crypto';

/** The persona secret a seeded serve stores in a database that has none yet (64 hex, like a random one). */
export function seededPersonaSecret(seed: number): string {
  return createHash('sha256').update(`dealerbot serve --seed ${seed}`).digest('hex');
}
