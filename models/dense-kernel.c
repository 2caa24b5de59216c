// One dense layer, y = x K + b (then relu if asked), compiled to WebAssembly for MlpForward
// (build: scripts/build-kernels.sh; the binary is embedded in dense-kernel.wasm.ts). It does the
// arithmetic of the TypeScript loop it replaced, rounding for rounding: each product and sum in
// double, y rounded to float after every addition (y was a Float32Array), zero inputs skipped.
// So outputs, and the seeded training runs that act through them, stay bit-identical, while a
// policy decision costs ~2.5x less (V8 checks bounds and converts float<->double around each
// of the 11,000 multiply-adds of a 94-64-64-16 network).
#include <stdint.h>

typedef int32_t i32;

// x: in floats; kernel: row-major [in, out] (as tfjs stores it); y: out floats.
void dense(const float* x, i32 in, i32 out, const float* kernel, const float* bias, i32 relu, float* y) {
  for (i32 j = 0; j < out; j++) y[j] = bias[j];
  for (i32 i = 0; i < in; i++) {
    const double xi = x[i];
    if (xi == 0) continue;
    const float* row = kernel + i * out;
    for (i32 j = 0; j < out; j++) y[j] = (float)((double)y[j] + xi * (double)row[j]);
  }
  if (relu)
    for (i32 j = 0; j < out; j++) y[j] = y[j] > 0 ? y[j] : 0;
}
