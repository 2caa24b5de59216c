import { describe, expect, it } from 'vitest';
import { TextFeaturizer } from '../text-features.js';
import { promoAnchored, promoVetoed } from './anchors.js';

const f = new TextFeaturizer();
const anchored = (t: string) => promoAnchored(f.tokens(t).tokens, t);
const vetoed = (t: string) => promoVetoed(f.tokens(t).tokens, t);

describe('promo signs (written for this test)', () => {
  it('see a dealer broadcast that names no goods: hours, rounds, shop emoji, new number same business', () => {
    for (const t of ['weer online 🟢', 'we rijden tot 2u', 'running till 3 tonight', 'nieuwe nr, zelfde ploeg', 'new phone same guys 📲', 'actief vannacht', 'up late 🌙'])
      expect(anchored(t), t).toBe(true);
    for (const t of ['hey hoe is t', 'ok see u', 'Dit is Sven, sla maar op!']) expect(anchored(t), t).toBe(false);
  });

  it('veto shops, services, notices, phishing and relatives, but not a dealer calling himself a taxi', () => {
    for (const t of ['Pizza Roma: 2+1 gratis vanavond 🍕', 'Uw pakket komt morgen', 'Tap here to claim your prize', 'tante Lies hier, nieuw nummer', 'See www.deals-now.com'])
      expect(vetoed(t), t).toBe(true);
    for (const t of ['De taxi rijdt weer 🚕 bestel via sms', 'tap in 🔌 new menu', 'OPEN 🟢 bestel nu', 'new number same business']) expect(vetoed(t), t).toBe(false);
  });
});
