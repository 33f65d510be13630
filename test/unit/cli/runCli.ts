/** Runs the built CLI (`node dist/cli.js …`) as users do, building it first when dist/ is missing. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

/** The environment without the caller's locale or colour settings, so every test states the ones it needs. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE', 'NO_COLOR', 'FORCE_COLOR']) delete env[k];
  return { ...env, ...extra };
}

export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    input: opts.input,
    env: cleanEnv(opts.env),
    timeout: 60000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function ensureBuilt(): void {
  const needed = ['cli.js', 'knowledge.json', 'search-index.json'].map((f) => path.join(ROOT, 'dist', f));
  if (needed.every((f) => fs.existsSync(f))) return;
  const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(b.status, 0, `build failed: ${b.stderr}`);
}
