/**
 * `training-advisor` CLI (bundled to dist/cli.js). Loads dist/knowledge.json + dist/search-index.json from
 * its own folder; `check` is dispatched to ./check (the analysis CLI). Commands, options, help and exit
 * codes come from ./commandTable.
 */
import path from 'node:path';
import readline from 'node:readline';
import { version } from '../../package.json';
import { chooseLang } from '../core/knowledge/language';
import type { Lang } from '../core/knowledge/types';
import { parseArgs, parseLang, parseLimit, UsageError, type ParsedArgs } from './args';
import { COMMANDS, commandHelp, commandSpec, flagSpec, programHelp, type CommandName } from './commandTable';
import { entriesJson, entriesText, formatResults, searchJson, showJson, showText } from './commands';
import { loadKnowledge, LoadError, type LoadedKnowledge } from './loadKnowledge';

function knowledgeFrom(args: ParsedArgs): LoadedKnowledge {
  const packs = args.values.get('knowledge');
  return loadKnowledge(__dirname, packs ? packs.split(path.delimiter).filter(Boolean) : []);
}

function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** The one language rule (src/core/knowledge/language.ts) with this process's flag and locale. */
export function langFor(args: ParsedArgs, text?: string): Lang {
  return chooseLang({ explicit: parseLang(args.values.get('lang')), text, env: process.env });
}

/** Bold highlights only for a person at a terminal that has not asked for no colour (no-color.org). */
function useBold(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

async function runSearch(args: ParsedArgs): Promise<number> {
  const limit = parseLimit(args.values.get('limit'), 10);
  if (args.booleans.has('stdin')) {
    if (args.positionals.length) throw new UsageError('search --stdin reads queries from standard input; do not also pass a query');
    const { search } = knowledgeFrom(args);
    const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      const query = line.trim();
      if (query === '') continue;
      write(JSON.stringify(searchJson(search, query, limit, langFor(args, query))));
    }
    return 0;
  }
  const query = args.positionals.join(' ').trim();
  if (query === '') throw new UsageError('search needs a query, e.g. training-advisor search "梯度爆炸"');
  const lang = langFor(args, query);
  const { kb, search } = knowledgeFrom(args);
  if (args.booleans.has('json')) write(JSON.stringify(searchJson(search, query, limit, lang)));
  else write(formatResults(kb, search.search(query, { limit, lang }), lang, useBold()));
  return 0;
}

async function runShow(args: ParsedArgs): Promise<number> {
  const lang = langFor(args);
  if (args.positionals.length !== 1) throw new UsageError('show needs one reference, e.g. training-advisor show 9#5');
  const { kb } = knowledgeFrom(args);
  const ref = args.positionals[0];
  write(args.booleans.has('json') ? JSON.stringify(showJson(kb, ref), null, 2) : showText(kb, ref, lang));
  return 0;
}

async function runEntries(args: ParsedArgs): Promise<number> {
  const lang = langFor(args);
  if (args.positionals.length) throw new UsageError(`entries takes no arguments, got "${args.positionals[0]}"`);
  const { kb } = knowledgeFrom(args);
  write(args.booleans.has('json') ? JSON.stringify(entriesJson(kb), null, 2) : entriesText(kb, lang));
  return 0;
}

async function runCheckCommand(args: ParsedArgs): Promise<number> {
  const { runCheck } = await import('./check');
  return runCheck(args, langFor(args));
}

async function runDiagnoseCommand(args: ParsedArgs): Promise<number> {
  const { runDiagnose } = await import('./diagnose');
  return runDiagnose(args, langFor(args));
}

const RUNNERS: Record<CommandName, (args: ParsedArgs) => Promise<number>> = {
  search: runSearch,
  show: runShow,
  entries: runEntries,
  check: runCheckCommand,
  diagnose: runDiagnoseCommand,
};

/** The language of help and top-level errors: `--lang` anywhere on the line, else the locale. */
function helpLang(argv: readonly string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = i < 0 ? undefined : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  return chooseLang({ explicit: value === 'zh' || value === 'en' ? value : undefined, env: process.env });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const names = COMMANDS.map((c) => c.name).join(', ');
  if (command === undefined) throw new UsageError(`missing command: ${names} (try --help)`);
  if (command === '--help' || command === '-h' || command === 'help') {
    write(programHelp(version, helpLang(rest)));
    return 0;
  }
  if (command === '--version' || command === '-v') {
    write(version);
    return 0;
  }
  const spec = commandSpec(command);
  if (!spec) throw new UsageError(`unknown command "${command}" (commands: ${names}; try --help)`);
  if (rest.includes('--help') || rest.includes('-h')) {
    write(commandHelp(spec, helpLang(rest)));
    return 0;
  }
  return RUNNERS[spec.name as CommandName](parseArgs(rest, flagSpec(spec)));
}

/** `main` with errors turned into a one-line message on stderr and the exit code the help promises. */
export async function run(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (e) {
    if (e instanceof UsageError || e instanceof LoadError) {
      process.stderr.write(`training-advisor: ${e.message}\n`);
    } else {
      // A bug, not a user error: the stack helps the report; 2 = abnormal termination, as for ruff.
      process.stderr.write(`training-advisor: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    }
    return 2;
  }
}

if (require.main === module) {
  // `training-advisor entries --json | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
