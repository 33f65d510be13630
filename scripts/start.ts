/**
 * `npm start`: real VS Code (code-server 4.100.3) on 127.0.0.1 with the freshly built extension loaded as a
 * development extension (or, with --vsix, installed from dist/training-advisor.vsix) and a throw-away copy of
 * examples/ as the workspace. Prints the URL to open; Ctrl-C stops everything. The UI tests start VS Code
 * through the same module (test/e2e/lib/codeServer.ts).
 *   tsx scripts/start.ts [--port N] [--host H] [--vsix] [--workspace DIR]
 */
import path from 'node:path';
import { ensureCodeServer, setInterruptHandler, startCodeServer } from '../test/e2e/lib/codeServer';
import { examplesDir, repoRoot, vsixPath } from '../test/e2e/lib/paths';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const useVsix = process.argv.includes('--vsix');
  ensureCodeServer();
  const server = await startCodeServer({
    host: arg('--host') ?? '127.0.0.1',
    port: Number(arg('--port') ?? process.env.PORT ?? 0),
    workspaceSource: path.resolve(arg('--workspace') ?? examplesDir),
    vsix: useVsix ? vsixPath : undefined,
  });
  const url = server.workbenchUrl(useVsix ? {} : { extensionDevelopmentPath: repoRoot });
  console.log('');
  console.log(`Training Advisor in VS Code ${useVsix ? '(installed VSIX)' : '(development extension from this checkout)'}`);
  console.log(`  workspace: ${server.workspace}  (a copy of ${path.relative(repoRoot, arg('--workspace') ?? examplesDir) || '.'}; edits do not touch the repo)`);
  console.log(`  server log: ${server.serverLog}`);
  console.log('');
  console.log(`  Open: ${url}`);
  console.log('');
  console.log('Ctrl-C stops VS Code.');
  // Ctrl-C: stop the server (and its extension host), delete the run folder, exit 0.
  setInterruptHandler(async () => {
    console.log('\nStopping VS Code…');
    await server.stop();
    server.dispose(false);
    process.exit(0);
  });
  await new Promise(() => undefined); // until Ctrl-C
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
