import { describe, expect, it } from 'vitest';
import { isNoShowComplaint } from './no-show.js';

describe('isNoShowComplaint', () => {
  it('hears a dealer who was stood up, in how dealers put it (chat, 15 turns in each language)', () => {
    for (const t of [
      'what happened last night',
      'bro ive been waiting 20 mins',
      'been waiting for ages, where did u go',
      'ewa wat was dat gisteren',
      'allee man ik sta hier al 20 min',
      'wat is er gebeurd? waar bleeft ge',
      'u never showed',
      'ik heb daar 30 min gestaan',
    ])
      expect(isNoShowComplaint(t), t).toBe(true);
  });

  it('not in ordinary talk about a meeting or the day', () => {
    for (const t of ['what happened to the price', 'wat was dat voor iets, die groene?', 'im waiting on my guy, 10 min', 'ik sta klaar om 22u', 'where did u get my number', 'been busy all day'])
      expect(isNoShowComplaint(t), t).toBe(false);
  });
});
