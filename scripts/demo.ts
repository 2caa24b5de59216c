// `npm run demo`: the researcher's path end to end on bundled data, in a few minutes on 2 cores.
// import the sample corpus → log the heuristic with exploration in the simulator → train a policy
// on a short budget → evaluate it offline (OPE, logged policy beside it) and in the simulator →
// (the bundle is the exported policy) → a report with every chart. Progress goes to stderr, the
// summary to stdout.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { processIo, type Io } from '../lib/console.js';
import { runImport } from '../transcripts/import/run.js';
import { packagePath } from '../lib/package-root.js';
import { runStats } from '../transcripts/stats.js';
import type { ReportData } from '../trainer/report/report-data.js';

export interface DemoOptions {
  dir?: string;
  /** PPO rollouts for the demo policy (the shipped default uses 150) */
  steps?: number;
  /** logged conversations of the ε-greedy heuristic (the OPE data) */
  logged?: number;
  seed?: number;
  /** simulated dealers sent through the live runtime's webhook (default 40) */
  liveDealers?: number;
  /** conversations per policy in the simulator comparisons (default 1000) */
  simEpisodes?: number;
  io?: Io;
}

export async function runDemo(o: DemoOptions = {}) {
  const io = o.io ?? processIo;
  const dir = resolve(o.dir ?? join('runs', 'demo'));
  const seed = o.seed ?? 1;
  const started = Date.now();
  const STEPS = 6;
  const step = (n: number, what: string) => io.stderr.write(`\n[demo ${n}/${STEPS}] ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  await mkdir(dir, { recursive: true });

  step(1, 'import the bundled sample corpus (synthetic SMS backup, call log, Twilio CSV)');
  const corpus = ['sms-backup.xml', 'calls.xml', 'twilio-messages.csv'].map((f) => packagePath('data', 'corpus', f));
  const transcript = join(dir, 'transcript.jsonl');
  // a demo key, so the run needs no set-up; real data gets its own key (--key-file / DEALERBOT_KEY)
  await writeFile(join(dir, 'demo.key'), 'dealerbot-demo-key-not-for-real-data\n');
  const imported = await runImport({ files: corpus, out: transcript, keyFile: join(dir, 'demo.key') }, { stdout: io.stderr, stderr: io.stderr });
  const stats = await runStats(transcript);

  step(2, 'log the heuristic policy with ε = 0.3 exploration in the simulator (propensities on every decision)');
  const { runSimulate } = await import('../trainer/sim/run-simulate.js');
  const logs = join(dir, 'logged-heuristic.jsonl');
  const logged = await runSimulate({ policy: 'heuristic', epsilon: 0.3, episodes: o.logged ?? 1000, seed: 21, log: logs, json: false }, { stdout: io.stderr, stderr: io.stderr });

  step(3, 'train a policy with PPO in the simulator (short budget), compare it with random, loop and heuristic');
  const { runTrain } = await import('../trainer/train/run-train.js');
  const policyDir = join(dir, 'policy');
  const trained = await runTrain(
    {
      algo: 'ppo',
      steps: o.steps ?? 60,
      seed,
      out: policyDir,
      runsDir: dir,
      id: 'train',
      config: { rewardScale: 0.1 },
      evalEpisodes: Math.min(200, o.simEpisodes ?? 200),
      evalEvery: 15,
      reportEpisodes: o.simEpisodes ?? 1000,
      progress: process.stderr.isTTY,
    },
    (l) => io.stderr.write(l + '\n'),
  );

  step(4, 'evaluate the trained bundle offline on the logged conversations (OPE) and in the simulator');
  const { runEvaluate } = await import('../trainer/ope/run-evaluate.js');
  const ope = await runEvaluate({ model: policyDir, data: logs, sim: true, episodes: o.simEpisodes ?? 1000, seed, resamples: 50 }, { stdout: io.stderr, stderr: io.stderr });

  step(5, 'start the runtime on 127.0.0.1 with the exported bundle and drive simulated dealers through its webhook');
  const live = await runLive(policyDir, dir, o.liveDealers ?? 40, seed);

  step(6, 'write the report');
  const runDir = trained.run_dir;
  const dataFile = join(runDir, 'report-data.json');
  const data = JSON.parse(await readFile(dataFile, 'utf8')) as ReportData;
  data.title = 'dealerbot demo';
  data.ope = [
    ...Object.entries(ope.estimators).map(([k, e]) => ({ estimator: k.toUpperCase(), value: e.value, lo: e.ci95[0], hi: e.ci95[1], kind: 'estimate' as const })),
    { estimator: 'logged heuristic (ε 0.3)', value: ope.behaviour.value, lo: ope.behaviour.ci95[0], hi: ope.behaviour.ci95[1], kind: 'logged' as const },
    ...(ope.sim ? [{ estimator: 'simulator truth', value: ope.sim.dealer_minutes.mean, lo: ope.sim.dealer_minutes.ci95[0], hi: ope.sim.dealer_minutes.ci95[1], kind: 'truth' as const }] : []),
  ];
  data.summary = {
    ...data.summary,
    'sample corpus': `${stats.conversations} conversations, ${stats.messages} messages, ${stats.dealer_minutes.mean.toFixed(1)} dealer-minutes each`,
    'OPE (WDR) of the trained policy': fmt(ope.estimators.wdr.value, ope.estimators.wdr.ci95),
    'OPE (FQE) of the trained policy': fmt(ope.estimators.fqe.value, ope.estimators.fqe.ci95),
    'OPE support in these logs': ope.support.level + (ope.support.reason ? `: ${ope.support.reason}` : ''),
  };
  await writeFile(dataFile, JSON.stringify(data, null, 1));
  const { writeRunReport } = await import('../trainer/report/report.js');
  const report = await writeRunReport(runDir);

  const d = trained.sim.dealer_minutes;
  const b = trained.baselines;
  const summary = [
    '',
    'dealerbot demo — summary',
    `  sample corpus: ${imported.summary.conversations} conversations, ${imported.summary.messages} messages imported (${transcript})`,
    `  logged heuristic (ε 0.3): ${logged.episodes} simulated conversations, ${fmt(logged.dealer_minutes.mean, logged.dealer_minutes.ci95)} dealer-minutes (${logs})`,
    `  trained PPO policy (${trained.steps} rollouts, ${trained.seconds.toFixed(0)} s, seed ${seed}) in the simulator, ${trained.sim.episodes} conversations:`,
    `    trained    ${fmt(d.mean, d.ci95)}`,
    `    heuristic  ${fmt(b.heuristic.dealer_minutes.mean, b.heuristic.dealer_minutes.ci95)}`,
    `    loop       ${fmt(b.loop.dealer_minutes.mean, b.loop.dealer_minutes.ci95)}`,
    `    random     ${fmt(b.random.dealer_minutes.mean, b.random.dealer_minutes.ci95)}`,
    `  off-policy estimate from the logs: WDR ${fmt(ope.estimators.wdr.value, ope.estimators.wdr.ci95)}, FQE ${fmt(ope.estimators.fqe.value, ope.estimators.fqe.ci95)}` +
      (ope.sim ? ` vs simulator truth ${fmt(ope.sim.dealer_minutes.mean, ope.sim.dealer_minutes.ci95)}` : '') +
      `; support ${ope.support.level}${ope.support.reason ? ` (${ope.support.reason})` : ''}`,
    `  live runtime on loopback: ${live.episodes} simulated dealers through the webhook and the outbound gateway, ` +
      `${live.transport.requests} webhooks (${live.transport.errors} errors, p99 ${live.transport.latency_ms.p99.toFixed(0)} ms), ` +
      `${live.transport.replies} replies, ${fmt(live.dealer_minutes.mean, live.dealer_minutes.ci95)} dealer-minutes, ` +
      `${(100 * live.unanswered_rate).toFixed(0)}% never answered (first message not read as a promo)`,
    `  exported bundle: ${policyDir}   (try: node bin/dealerbot.js chat --model ${policyDir} --explain)`,
    `  report: ${report.file}`,
    `  total ${((Date.now() - started) / 1000).toFixed(0)} s`,
    '',
  ];
  io.stdout.write(summary.join('\n'));
  return { report: report.file, policy: policyDir, trained, ope, seconds: (Date.now() - started) / 1000 };
}

/** serve (in-process, loopback, auto mode, outbound to a fake Android gateway) + loadtest --against. */
async function runLive(bundle: string, dir: string, dealers: number, seed: number) {
  const [{ parseConfig }, { loadBrain }, { startServer }, { FakeGateway }, { runAgainstServe }, { defaultPersonaMix }] = await Promise.all([
    import('../runtime/config.js'),
    import('../runtime/engine/load-brain.js'),
    import('../runtime/serve/serve.js'),
    import('./loadtest/fake-gateway.js'),
    import('./loadtest/loadtest.js'),
    import('../trainer/sim/persona.js'),
  ]);
  const token = 'demo-token-not-a-secret';
  const gateway = new FakeGateway();
  const gatewayUrl = await gateway.listen(0);
  const db = join(dir, 'live.db');
  await rm(db, { force: true });
  const server = await startServer({
    config: parseConfig({
      mode: 'auto',
      outbound: { kind: 'android-gateway' },
      androidGateway: { url: gatewayUrl, username: 'demo', password: 'demo-password', signingKey: 'demo-signing-key' },
      generic: { token },
      timeScale: 20_000,
      rateLimitPerMinute: 100_000,
      // the lowest bar the runtime accepts: simulated promos are short and the NLU is careful
      promoThreshold: 0.5,
    }),
    db,
    brain: await loadBrain(bundle),
    port: 0,
    seed,
    log: () => {},
  });
  try {
    return await runAgainstServe({
      url: server.url,
      inbound: { kind: 'generic', token },
      gateway,
      episodes: dealers,
      concurrency: Math.min(20, dealers),
      mix: defaultPersonaMix(),
      seed,
      config: { maxDecisions: 10 },
      minSilenceWallMs: 300,
      runId: 'demo',
    });
  } finally {
    await server.stop();
    await gateway.close();
  }
}

function fmt(mean: number, ci: [number, number]): string {
  return `${mean.toFixed(1)} [${ci[0].toFixed(1)}, ${ci[1].toFixed(1)}]`;
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  runDemo().catch((e: unknown) => {
    process.stderr.write(`demo: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
