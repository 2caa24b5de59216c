// The JS-Adam experiment must be Adam (else its benchmark figure would compare something else).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../models/backend.js';
import { JsAdam } from './js-adam.js';

describe('JsAdam', () => {
  it('takes the same steps as tf.train.adam and resumes from getWeights/setWeights', async () => {
    await useBackend('cpu');
    const init = [tf.tensor2d([[0.5, -1], [2, 0.1]]), tf.tensor1d([0.3, -0.2])];
    const mk = () => init.map((t) => tf.variable(t.clone()));
    const [ref, ours, resumed] = [mk(), mk(), mk()];
    const tfAdam = tf.train.adam(0.05);
    const jsAdam = new JsAdam(0.05, ours);
    const loss = (vs: tf.Variable[]) => () => vs[0]!.sum().square().add(vs[1]!.mul(tf.tensor1d([3, -1])).exp().sum()) as tf.Scalar;
    for (let i = 0; i < 5; i++) {
      tfAdam.minimize(loss(ref), false, ref);
      jsAdam.minimize(loss(ours), false, ours);
    }
    for (let k = 0; k < 2; k++) expect(Math.max(...Array.from(ours[k]!.dataSync(), (x, i) => Math.abs(x - ref[k]!.dataSync()[i]!)))).toBeLessThan(1e-5);
    expect(Math.abs(ours[0]!.dataSync()[0]! - 0.5)).toBeGreaterThan(0.1); // it really moved

    // a fresh optimizer restored from the first one's weights continues identically
    resumed.forEach((v, k) => v.assign(ours[k]!));
    const again = new JsAdam(0.05, resumed);
    await again.setWeights(await jsAdam.getWeights());
    jsAdam.minimize(loss(ours), false, ours);
    again.minimize(loss(resumed), false, resumed);
    for (let k = 0; k < 2; k++) expect(Array.from(resumed[k]!.dataSync())).toEqual(Array.from(ours[k]!.dataSync()));
  });
});
