// Two of the forest's innermost loops, compiled to WebAssembly (build: scripts/build-kernels.sh;
// the binary is embedded in forest-kernels.wasm.ts, so neither users nor CI need a C compiler).
// Each does exactly the arithmetic of the TypeScript it replaced, in the same order (no
// -ffast-math: sums are not reassociated), so trees, leaves and every estimate are bit-identical.
// Why WebAssembly: V8 ran these loops 1.45x (tree walks) and 2.3x (row moves) slower, and they
// were most of the OPE benchmark's time. The split pass stays in TypeScript: clang turns its
// branch-free `left * y` into a select, which V8 compiles to a branch on a coin flip (2x slower).
#include <stdint.h>

typedef int32_t i32;

// to[k*N + t] = from[k*N + order[t]] for t in [lo, hi) and each feature k in features (and the
// targets likewise), noting each feature's min and max there: min at range[k], max at range[m + k].
void move_rows(const float* from, float* to, const double* y_from, double* y_to, i32 N, const i32* features, i32 kv,
               const i32* order, i32 lo, i32 hi, float* range, i32 m) {
  for (i32 f = 0; f < kv; f++) {
    const i32 c = features[f] * N;
    float min = __builtin_inff();
    float max = -__builtin_inff();
    for (i32 t = lo; t < hi; t++) {
      const float v = from[c + order[t]];
      to[c + t] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    range[features[f]] = min;
    range[m + features[f]] = max;
  }
  for (i32 t = lo; t < hi; t++) y_to[t] = y_from[order[t]];
}

// Packed trees (extra-trees.ts PackedTrees): node g holds slots 3g (split feature), 3g + 1
// (threshold, a float) and 3g + 2 (3 x left child; a leaf points below itself). A step is
// branch-free (NaN goes right). Eight rows walk in lockstep: each step is a chain of dependent
// loads, and eight independent chains keep the core busy while each waits (four did 1.4x worse).
#define STEP(g, b) (nodes[(g) + 2] + 3 * !(x[(b) + nodes[g]] <= thresholds[(g) + 1]))
#define ROWS 8

void leaves_of(const i32* nodes, i32 root, const float* x, const i32* starts, i32 n, i32* leaves) {
  const float* thresholds = (const float*)nodes;
  i32 r = 0;
  for (; r + ROWS <= n; r += ROWS) {
    i32 b[ROWS], g[ROWS];
    for (i32 k = 0; k < ROWS; k++) {
      b[k] = starts[r + k];
      g[k] = root;
    }
    for (;;) {
      i32 inner = -1; // stays >= 0 while some row is not on a leaf
      for (i32 k = 0; k < ROWS; k++) inner &= nodes[g[k] + 2] - g[k];
      if (inner < 0) break;
      for (i32 k = 0; k < ROWS; k++) g[k] = STEP(g[k], b[k]);
    }
    for (i32 k = 0; k < ROWS; k++) leaves[r + k] = g[k] / 3;
  }
  for (; r < n; r++) {
    const i32 b = starts[r];
    i32 g = root;
    while (nodes[g + 2] > g) g = STEP(g, b);
    leaves[r] = g / 3;
  }
}
