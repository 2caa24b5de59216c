import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{lib,core,transcripts,nlu,dialogue,catalogue,models,trainer,runtime,scripts}/**/*.test.ts', 'cli.test.ts', 'cli-options.test.ts', 'layout.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    // 2-core machines: more workers than cores only adds contention.
    maxWorkers: 2,
  },
});
