/**
 * Start and stop real VS Code (code-server 4.100.3) on loopback with a throw-away profile and a
 * copied workspace. Shared by the integration runner, the UI tests and `npm start`, so all three
 * exercise the same start path.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeServerEntry, examplesDir, fixturesDir, installScript } from './paths';

export interface StartOptions {
  /** Folder copied as the workspace (default: examples/; a tiny training script when it does not exist). */
  workspaceSource?: string;
  /** VSIX files installed into the throw-away extensions folder with `--install-extension` before start. */
  vsix?: string | string[];
  /** Extra environment for the server and so for the extension host (and the tests in it). */
  env?: Record<string, string>;
  host?: string;
  /** 0 (default) = any free port; the real one is parsed from the server's output (no race). */
  port?: number;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** host:port, as used in vscode-remote:// URIs. */
  readonly authority: string;
  /** Everything of this run lives here: profile, workspace copy, fixtures copy, server.log. */
  readonly tmp: string;
  readonly workspace: string;
  readonly fixtures: string;
  readonly userData: string;
  readonly serverLog: string;
  /** Workbench URL opening the workspace, optionally with a development extension and a tests module. */
  workbenchUrl(opts?: { extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
  /** Stops the server and every process it started (its process group). */
  stop(): Promise<void>;
  /** Deletes the run's folder unless `keep` (then prints where the logs are). */
  dispose(keep: boolean): void;
}

/** Installs the pinned code-server into .e2e/ unless already there (the script checks the lockfile stamp). */
export function ensureCodeServer(): void {
  const r = spawnSync('bash', [installScript], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`code-server install failed (${installScript} exited ${r.status ?? r.signal})`);
  if (!fs.existsSync(codeServerEntry)) throw new Error(`code-server not found at ${codeServerEntry}`);
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.hover.delay': 100,
  'chat.disableAIFeatures': true,
};

/** Live servers, so an interrupted run (Ctrl-C, CI timeout) leaves nothing behind. */
const live = new Set<ChildProcess>();
let handlersInstalled = false;
let stopping = false;
let interruptHandler: (() => void | Promise<void>) | undefined;

/**
 * Replaces what Ctrl-C / SIGTERM do (default: stop every server, exit 130) — for `npm start`, which
 * stops cleanly and exits 0. (Never remove the process's other signal listeners: tsx's own listener
 * tells its parent the signal was handled; without it the parent SIGKILLs us mid-cleanup.)
 */
export function setInterruptHandler(handler: () => void | Promise<void>): void {
  installExitHandlers();
  interruptHandler = handler;
}

function killGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, sig);
  } catch {
    /* already gone */
  }
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const c of live) killGroup(c, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (stopping) return; // tsx relays the terminal's signal: the same Ctrl-C can arrive twice
      stopping = true;
      if (interruptHandler) return void interruptHandler();
      process.stderr.write(`\n[e2e] ${sig}: stopping code-server…\n`);
      for (const c of live) killGroup(c, 'SIGTERM');
      setTimeout(() => process.exit(130), 1500).unref();
    });
  }
}

/** A small stand-in workspace while examples/ does not exist yet. */
function writeFallbackWorkspace(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'train.py'),
    [
      'import torch',
      'from torch import nn',
      '',
      'model = nn.Linear(10, 1)',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
      'for step in range(100):',
      '    x = torch.randn(32, 10)',
      '    loss = model(x).pow(2).mean()',
      '    loss.backward()',
      '    optimizer.step()',
      '',
    ].join('\n'),
  );
}

/** Prepares the run folder: profile, config, copies of the workspace and fixtures. */
function prepareRun(opts: StartOptions) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'training-advisor-e2e-'));
  const userData = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const configDir = path.join(tmp, 'config');
  for (const d of [path.join(userData, 'User'), extensionsDir, configDir]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...opts.settings }, null, 2),
  );
  const configFile = path.join(configDir, 'config.yaml');
  fs.writeFileSync(configFile, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  // Copies: code actions auto-save their edits, and a run must never touch the repository.
  const workspace = path.join(tmp, 'workspace');
  const source = opts.workspaceSource ?? examplesDir;
  if (fs.existsSync(source)) fs.cpSync(source, workspace, { recursive: true });
  else writeFallbackWorkspace(workspace);
  const fixtures = path.join(tmp, 'fixtures');
  if (fs.existsSync(fixturesDir)) fs.cpSync(fixturesDir, fixtures, { recursive: true });
  else fs.mkdirSync(fixtures);
  return { tmp, userData, extensionsDir, configFile, workspace, fixtures };
}

function serverEnv(tmp: string, configDir: string, fixtures: string, extra?: Record<string, string>) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // keep code-server / VS Code out of ~/.config, ~/.local/share, ~/.cache
    XDG_CONFIG_HOME: configDir,
    XDG_DATA_HOME: path.join(tmp, 'data'),
    XDG_CACHE_HOME: path.join(tmp, 'cache'),
    // no marketplace: nothing to reach offline (else it tries open-vsx.org)
    EXTENSIONS_GALLERY: '{}',
    TA_FIXTURES_DIR: fixtures,
    ...extra,
  };
  delete env.VSCODE_IPC_HOOK_CLI; // when started from a VS Code terminal
  return env;
}

function baseArgs(run: ReturnType<typeof prepareRun>): string[] {
  return [codeServerEntry, '--config', run.configFile, '--user-data-dir', run.userData, '--extensions-dir', run.extensionsDir];
}

/** `code-server --install-extension VSIX` into the run's extensions folder. */
function installVsix(run: ReturnType<typeof prepareRun>, env: NodeJS.ProcessEnv, vsix: string, log: fs.WriteStream): void {
  const r = spawnSync(process.execPath, [...baseArgs(run), '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
  log.write(`$ code-server --install-extension ${vsix}\n${r.stdout}${r.stderr}\n`);
  if (r.status !== 0) throw new Error(`--install-extension ${vsix} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
}

export async function startCodeServer(opts: StartOptions = {}): Promise<CodeServer> {
  installExitHandlers();
  const run = prepareRun(opts);
  const env = serverEnv(run.tmp, path.dirname(run.configFile), run.fixtures, opts.env);
  const serverLog = path.join(run.tmp, 'server.log');
  const log = fs.createWriteStream(serverLog);
  for (const vsix of [opts.vsix ?? []].flat()) installVsix(run, env, vsix, log);

  const bind = `${opts.host ?? '127.0.0.1'}:${opts.port ?? 0}`;
  // detached: own process group, so the server, its extension host and pty host stop together.
  const child = spawn(
    process.execPath,
    [
      ...baseArgs(run),
      '--bind-addr', bind, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--disable-proxy',
      run.workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  live.add(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start in 60 s\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      log.write(d);
      const m = /HTTP server listening on (http:\/\/[^/\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (c, s) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (${c ?? s})\n${output}`));
    });
  }).catch(async (e) => {
    killGroup(child, 'SIGKILL');
    live.delete(child);
    throw e;
  });
  const authority = new URL(url).host;
  const remote = (p: string) => `vscode-remote://${authority}${p}`;

  return {
    url,
    authority,
    tmp: run.tmp,
    workspace: run.workspace,
    fixtures: run.fixtures,
    userData: run.userData,
    serverLog,
    workbenchUrl(o = {}) {
      // The web workbench parses payload paths as URIs: they must be vscode-remote:// URIs for the
      // server-side (node) extension host, else the test run silently never starts.
      const payload: [string, string][] = [['skipWelcome', 'true']];
      if (o.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)]);
      if (o.extensionTestsPath) payload.push(['extensionTestsPath', remote(o.extensionTestsPath)]);
      return `${url}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    stop() {
      return new Promise<void>((resolve) => {
        const done = () => {
          killGroup(child, 'SIGKILL'); // stragglers left in the group
          live.delete(child);
          log.end();
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const t = setTimeout(done, 5000);
        child.once('exit', () => {
          clearTimeout(t);
          done();
        });
        killGroup(child, 'SIGTERM');
      });
    },
    dispose(keep) {
      if (keep) console.log(`[e2e] server and workbench logs kept in ${run.tmp}`);
      else fs.rmSync(run.tmp, { recursive: true, force: true });
    },
  };
}
