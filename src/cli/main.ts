/**
 * `training-advisor` CLI (bundled to dist/cli.js). Loads dist/knowledge.json + dist/search-index.json from
 * its own folder; `check` is dispatched to ./check (the analysis CLI).
 *
 * Exit codes: 0 success, 1 runtime failure (missing build output), 2 bad usage (one-line message).
 */
import path from 'node:path';
import readline from 'node:readline';
import { version } from '../../package.json';
import { parseArgs, parseLang, parseLimit, UsageError } from './args';
import { entriesJson, entriesText, formatResults, searchJson, showJson, showText } from './commands';
import { loadKnowledge, LoadError, type LoadedKnowledge } from './loadKnowledge';

const HELP = `training-advisor ${version} — large-model training advice from the terminal / 命令行查询大模型训练建议

Usage / 用法:
  training-advisor search "<query>" [--limit N] [--lang zh|en] [--json]
      Search the knowledge base (Chinese or English queries, PyTorch names, typos are fine).
      搜索知识库（中文、英文、PyTorch API 名称均可，容忍拼写错误）。
  training-advisor search --stdin [--limit N] [--lang zh|en]
      One query per input line, one JSON object per output line. / 每行一个查询，每行输出一个 JSON。
  training-advisor show 9[#5] [--lang zh|en] [--json]
      Print an entry or one of its items. / 显示一条问答或其中一个要点。
  training-advisor entries [--json] [--lang zh|en]
      List every entry with items, languages, categories and variants. / 列出全部问答。
  training-advisor check <files…>
      Analyze PyTorch training scripts. / 检查 PyTorch 训练脚本。
  training-advisor diagnose <run files or folders…> [--format text|json|sarif] [--lang en|zh]
      Read training runs (trainer_state.json, metrics.csv, TensorBoard, CSV/JSONL, logs) and diagnose them.
      读取训练运行记录并诊断（NaN、过拟合、梯度爆炸……）。

Options / 选项:
  --knowledge PATH   also load a team knowledge pack (folder or .md file) / 额外加载团队知识包
  --help, --version

Exit codes / 退出码: 0 ok, 1 failure, 2 bad usage.`;

const COMMON = { values: ['limit', 'lang', 'knowledge'], booleans: ['json', 'stdin', 'help'] };

function knowledgeFrom(args: { values: Map<string, string> }): LoadedKnowledge {
  const packs = args.values.get('knowledge');
  return loadKnowledge(__dirname, packs ? packs.split(path.delimiter).filter(Boolean) : []);
}

function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

async function runSearch(argv: string[]): Promise<number> {
  const args = parseArgs(argv, COMMON);
  const limit = parseLimit(args.values.get('limit'), 10);
  const lang = parseLang(args.values.get('lang'));
  if (args.booleans.has('stdin')) {
    if (args.positionals.length) throw new UsageError('search --stdin reads queries from standard input; do not also pass a query');
    const { search } = knowledgeFrom(args);
    const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      const query = line.trim();
      if (query === '') continue;
      write(JSON.stringify(searchJson(search, query, limit, lang)));
    }
    return 0;
  }
  const query = args.positionals.join(' ').trim();
  if (query === '') throw new UsageError('search needs a query, e.g. training-advisor search "梯度爆炸"');
  const { kb, search } = knowledgeFrom(args);
  if (args.booleans.has('json')) write(JSON.stringify(searchJson(search, query, limit, lang)));
  else write(formatResults(kb, search.search(query, { limit, lang }), lang, Boolean(process.stdout.isTTY)));
  return 0;
}

function runShow(argv: string[]): number {
  const args = parseArgs(argv, COMMON);
  const lang = parseLang(args.values.get('lang'));
  if (args.positionals.length !== 1) throw new UsageError('show needs one reference, e.g. training-advisor show 9#5');
  const { kb } = knowledgeFrom(args);
  const ref = args.positionals[0];
  write(args.booleans.has('json') ? JSON.stringify(showJson(kb, ref), null, 2) : showText(kb, ref, lang));
  return 0;
}

function runEntries(argv: string[]): number {
  const args = parseArgs(argv, COMMON);
  const lang = parseLang(args.values.get('lang'));
  if (args.positionals.length) throw new UsageError(`entries takes no arguments, got "${args.positionals[0]}"`);
  const { kb } = knowledgeFrom(args);
  write(args.booleans.has('json') ? JSON.stringify(entriesJson(kb), null, 2) : entriesText(kb, lang));
  return 0;
}

async function runCheckCommand(argv: string[]): Promise<number> {
  const { runCheck } = await import('./check');
  return runCheck(argv);
}

async function runDiagnoseCommand(argv: string[]): Promise<number> {
  const { runDiagnose } = await import('./diagnose');
  return runDiagnose(argv);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command: search, show, entries or check (try --help)');
  if (command === '--help' || command === '-h' || command === 'help') {
    write(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    write(version);
    return 0;
  }
  if (rest.includes('--help')) {
    write(HELP);
    return 0;
  }
  switch (command) {
    case 'search':
      return runSearch(rest);
    case 'show':
      return runShow(rest);
    case 'entries':
      return runEntries(rest);
    case 'check':
      return runCheckCommand(rest);
    case 'diagnose':
      return runDiagnoseCommand(rest);
    default:
      throw new UsageError(`unknown command "${command}" (try --help)`);
  }
}

if (require.main === module) {
  // `training-advisor entries --json | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError) {
        process.stderr.write(`training-advisor: ${e.message}\n`);
        process.exitCode = 2;
      } else if (e instanceof LoadError) {
        process.stderr.write(`training-advisor: ${e.message}\n`);
        process.exitCode = 1;
      } else {
        process.stderr.write(`training-advisor: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
