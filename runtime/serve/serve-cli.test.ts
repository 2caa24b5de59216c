// `dealerbot serve` as an operator meets its refusals: the built CLI (`npm test` builds dist/
// first) exits 1 with one line when it cannot listen or the bundle is wrong, and touches no
// database then. As root, the privileged-port case runs the CLI as `nobody`.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../lib/package-root.js';
import { writeTinyBundle } from '../test-fixtures/tiny-bundle.js';
import { listenError } from './serve.js';

const BIN = packagePath('bin', 'dealerbot.js');
const AS_ROOT = process.getuid?.() === 0;
let root = '';
let bundle = '';

beforeAll(async () => {
  if (!existsSync(packagePath('dist', 'cli.js'))) throw new Error('dist/ is missing: run `npx tsc -p .` (npm test does) before this test');
  root = mkdtempSync(join(tmpdir(), 'dealerbot-serve-cli-'));
  chmodSync(root, 0o755);
  bundle = join(root, 'bundle');
  await writeTinyBundle(bundle);
  chmodSync(bundle, 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function serve(args: string[], o: { asOther?: boolean } = {}) {
  const user = o.asOther && AS_ROOT ? { uid: 65534, gid: 65534 } : {};
  return spawnSync(process.execPath, [BIN, 'serve', '--model', bundle, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000, // a serve that never exits fails here instead of hanging the suite
    env: { PATH: process.env.PATH ?? '' },
    ...user,
  });
}

function expectOneLine(r: ReturnType<typeof serve>, says: RegExp): void {
  expect(r.status, r.stderr).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(says);
  expect(lines[0]).not.toMatch(/internal error|\bat .*:\d+:\d+/);
}

describe('serve: one line and exit 1 when it cannot listen', () => {
  it('a port in use: says so, and leaves the database alone (it is not even created)', async () => {
    const other: Server = createServer();
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as { port: number }).port;
    try {
      const db = join(root, 'inuse.db');
      const r = serve(['--db', db, '--port', String(port)]);
      expectOneLine(r, new RegExp(`^dealerbot: cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use \\(another dealerbot serve\\?\\); stop that program or pick another --port$`));
      expect(existsSync(db)).toBe(false);
    } finally {
      other.close();
    }
  });

  it.skipIf(!AS_ROOT && process.platform !== 'linux')('a privileged port for an ordinary user: permission denied', () => {
    const r = serve(['--db', join(root, 'priv.db'), '--port', '1'], { asOther: true });
    expectOneLine(r, /^dealerbot: cannot listen on 127\.0\.0\.1:1: permission denied \(ports below 1024 need privileges\); pick --port 1024 or higher$/);
  });

  it('names the cause for each listen error', () => {
    const e = (code: string) => Object.assign(new Error(code), { code });
    expect(listenError(e('EADDRNOTAVAIL'), '10.9.9.9', 8080).message).toBe('cannot listen on 10.9.9.9:8080: 10.9.9.9 is not an address of this machine; check --host');
    expect(listenError(e('ENOTFOUND'), 'no-such-host', 8080).message).toMatch(/the host name no-such-host does not resolve/);
    expect(listenError(e('EACCES'), '127.0.0.1', 80).code).toBe('E_LISTEN');
  });
});

describe('serve: a wrong bundle is one line', () => {
  it('without features.std (policy.json carries no hash of itself, so it gets that far)', () => {
    const d = join(root, 'nostd');
    cpSync(bundle, d, { recursive: true });
    const policy = JSON.parse(readFileSync(join(d, 'policy.json'), 'utf8'));
    delete policy.features.std;
    writeFileSync(join(d, 'policy.json'), JSON.stringify(policy));
    const r = spawnSync(process.execPath, [BIN, 'serve', '--model', d, '--db', join(root, 'nostd.db'), '--port', '0'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expectOneLine(r, /^dealerbot: .*policy\.json: features\.std is missing; the bundle needs one mean and one positive std per feature: re-export it with dealerbot train$/);
    expect(existsSync(join(root, 'nostd.db'))).toBe(false);
  });
});
