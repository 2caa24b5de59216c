// One dense layer, y = x K + b (then relu if asked), compiled to WebAssembly for MlpForward
// (build: scripts/build-kernels.sh; the binary is embedded in dense-kernel.wasm.ts). It does the
// arithmetic of the TypeScript loop it replaced, rounding for rounding: each product and sum in
// double, y rounded to float after every addition (y was a Float32Array), zero inputs skipped.
// So outputs, and the seeded training runs that act through them, stay bit-identical, while a
// models/default decision costs ~9 us instead of ~19 (scripts/bench/policy-forward.ts): V8
// checked bounds and converted between float and double around each multiply-add.
#include <stdint.h>
#include <wasm_simd128.h>

typedef int32_t i32;

// Four outputs at a time, kept in a register across the inputs: each lane does the scalar
// arithmetic (float promoted to double, multiply, add, round back to float), two lanes of
// doubles per instruction; the same sequence of roundings per output as the scalar loop.
static inline v128_t step4(v128_t y, v128_t k, v128_t xi) {
  const v128_t lo = wasm_f64x2_add(wasm_f64x2_promote_low_f32x4(y), wasm_f64x2_mul(xi, wasm_f64x2_promote_low_f32x4(k)));
  const v128_t y_hi = wasm_i32x4_shuffle(y, y, 2, 3, 0, 1);
  const v128_t k_hi = wasm_i32x4_shuffle(k, k, 2, 3, 0, 1);
  const v128_t hi = wasm_f64x2_add(wasm_f64x2_promote_low_f32x4(y_hi), wasm_f64x2_mul(xi, wasm_f64x2_promote_low_f32x4(k_hi)));
  return wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5);
}

// x: in floats; kernel: row-major [in, out] (as tfjs stores it); y: out floats; nonzero: room for
// in ints (the inputs that are not zero, found once: a zero test per output block would be a
// branch on sparse features the predictor cannot learn).
void dense(const float* x, i32 in, i32 out, const float* kernel, const float* bias, i32 relu, float* y, i32* nonzero) {
  i32 n = 0;
  for (i32 i = 0; i < in; i++) {
    nonzero[n] = i;
    n += x[i] != 0;
  }
  i32 j = 0;
  // sixteen outputs a pass: four independent chains of promote-add-round (one alone waits on its
  // own latency at every input)
  for (; j + 16 <= out; j += 16) {
    v128_t a0 = wasm_v128_load(bias + j), a1 = wasm_v128_load(bias + j + 4);
    v128_t a2 = wasm_v128_load(bias + j + 8), a3 = wasm_v128_load(bias + j + 12);
    for (i32 t = 0; t < n; t++) {
      const i32 i = nonzero[t];
      const float* k = kernel + i * out + j;
      const v128_t xi = wasm_f64x2_splat((double)x[i]);
      a0 = step4(a0, wasm_v128_load(k), xi);
      a1 = step4(a1, wasm_v128_load(k + 4), xi);
      a2 = step4(a2, wasm_v128_load(k + 8), xi);
      a3 = step4(a3, wasm_v128_load(k + 12), xi);
    }
    if (relu) {
      const v128_t zero = wasm_f32x4_splat(0);
      a0 = wasm_f32x4_pmax(zero, a0), a1 = wasm_f32x4_pmax(zero, a1);
      a2 = wasm_f32x4_pmax(zero, a2), a3 = wasm_f32x4_pmax(zero, a3);
    }
    wasm_v128_store(y + j, a0), wasm_v128_store(y + j + 4, a1);
    wasm_v128_store(y + j + 8, a2), wasm_v128_store(y + j + 12, a3);
  }
  for (; j + 4 <= out; j += 4) {
    v128_t acc = wasm_v128_load(bias + j);
    for (i32 t = 0; t < n; t++) {
      const i32 i = nonzero[t];
      acc = step4(acc, wasm_v128_load(kernel + i * out + j), wasm_f64x2_splat((double)x[i]));
    }
    // relu as `y > 0 ? y : 0`: pmax(0, y) is `0 < y ? y : 0`, NaN and -0 included
    if (relu) acc = wasm_f32x4_pmax(wasm_f32x4_splat(0), acc);
    wasm_v128_store(y + j, acc);
  }
  for (; j < out; j++) {
    float acc = bias[j];
    for (i32 t = 0; t < n; t++) {
      const i32 i = nonzero[t];
      acc = (float)((double)acc + (double)x[i] * (double)kernel[i * out + j]);
    }
    y[j] = relu ? (acc > 0 ? acc : 0) : acc;
  }
}
