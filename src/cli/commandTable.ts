/**
 * Every CLI command with its options, one example and its exit codes: the one table that the argument
 * parser, `--help` and the README check are all derived from. A new command adds a row here and a runner in
 * main.ts (the compiler asks for it).
 */
import type { Lang, Localized } from '../core/knowledge/types';
import type { FlagSpec } from './args';

export interface OptionSpec {
  name: string;
  /** Placeholder of the option's value (`N`, `zh|en`); absent for a boolean flag. */
  value?: string;
  help: Localized;
}

export interface CommandSpec {
  name: string;
  /** Positional arguments as shown in the usage line. */
  args: string;
  summary: Localized;
  options: readonly OptionSpec[];
  /** One command line that works on a fresh build, without the program name. */
  example: string;
  exitCodes: ReadonlyArray<readonly [number, Localized]>;
}

const lang: OptionSpec = {
  name: 'lang',
  value: 'zh|en',
  help: {
    en: 'answer language (default: the locale LC_ALL/LC_MESSAGES/LANG, zh* → Chinese, else English)',
    zh: '输出语言（默认按 LC_ALL/LC_MESSAGES/LANG：zh* 为中文，否则英文）',
  },
};
const json: OptionSpec = { name: 'json', help: { en: 'print JSON instead of text', zh: '输出 JSON 而不是文本' } };
const knowledge: OptionSpec = {
  name: 'knowledge',
  value: 'PATH',
  help: { en: 'also load a team knowledge pack (folder or .md file)', zh: '额外加载团队知识包（文件夹或 .md 文件）' },
};

const OK_USAGE: CommandSpec['exitCodes'] = [
  [0, { en: 'success', zh: '成功' }],
  [2, { en: 'bad usage, or the build output (dist/) is missing', zh: '用法错误，或缺少构建产物（dist/）' }],
];

export const COMMANDS = [
  {
    name: 'search',
    args: '"<query>"',
    summary: {
      en: 'Search the knowledge base (Chinese or English, PyTorch names, typos are fine).',
      zh: '搜索知识库（中文、英文、PyTorch API 名称均可，容忍拼写错误）。',
    },
    options: [
      { name: 'limit', value: 'N', help: { en: 'at most N results (1–1000, default 10)', zh: '最多 N 条结果（1–1000，默认 10）' } },
      {
        ...lang,
        help: {
          en: 'answer language (default: the query\'s language; for code names only, the locale)',
          zh: '输出语言（默认与查询语言相同；只有代码名称时按系统语言）',
        },
      },
      { ...json, help: { en: 'print JSON: clean snippets with "highlights": [[start, end], …]', zh: '输出 JSON：纯文本摘要加 "highlights": [[起, 止], …]' } },
      { name: 'stdin', help: { en: 'read one query per line, print one JSON object per line', zh: '每行读取一个查询，每行输出一个 JSON' } },
      knowledge,
    ],
    example: 'search "exploding gradients" --limit 3',
    exitCodes: OK_USAGE,
  },
  {
    name: 'show',
    args: '<entry>[#<item>]',
    summary: { en: 'Print an entry or one of its items.', zh: '显示一条问答或其中一个要点。' },
    options: [lang, json, knowledge],
    example: 'show 9#5 --lang en',
    exitCodes: OK_USAGE,
  },
  {
    name: 'entries',
    args: '',
    summary: {
      en: 'List every entry with items, languages, categories and variants.',
      zh: '列出全部问答（要点、语言、分类、相似问题）。',
    },
    options: [lang, json, knowledge],
    example: 'entries --json',
    exitCodes: OK_USAGE,
  },
  {
    name: 'check',
    args: '<files or folders…>',
    summary: {
      en: 'Analyze PyTorch training scripts and notebooks (.py, .ipynb; folders recursively).',
      zh: '检查 PyTorch 训练脚本和笔记本（.py、.ipynb；文件夹递归）。',
    },
    options: [
      { name: 'format', value: 'text|json|sarif', help: { en: 'output format (default text)', zh: '输出格式（默认 text）' } },
      { name: 'select', value: 'IDS', help: { en: 'only these rules (comma-separated ids)', zh: '只启用这些规则（逗号分隔）' } },
      { name: 'ignore', value: 'IDS', help: { en: 'skip these rules (comma-separated ids)', zh: '跳过这些规则（逗号分隔）' } },
      { name: 'fix', help: { en: 'apply safe fixes in place, then report what is left', zh: '就地应用安全修复，再报告剩余问题' } },
      lang,
    ],
    example: 'check examples --format sarif',
    exitCodes: [
      [0, { en: 'no findings', zh: '没有发现问题' }],
      [1, { en: 'findings or syntax errors', zh: '发现问题或语法错误' }],
      [2, { en: 'bad usage, or a file could not be read or written', zh: '用法错误，或文件无法读写' }],
    ],
  },
  {
    name: 'diagnose',
    args: '<run files or folders…>',
    summary: {
      en: 'Read training runs (trainer_state.json, metrics.csv, TensorBoard, CSV/JSONL, logs) and diagnose them.',
      zh: '读取训练运行记录（trainer_state.json、metrics.csv、TensorBoard、CSV/JSONL、日志）并诊断。',
    },
    options: [
      { name: 'format', value: 'text|json|sarif', help: { en: 'output format (default text)', zh: '输出格式（默认 text）' } },
      { name: 'disable', value: 'IDS', help: { en: 'skip these diagnoses (comma-separated ids)', zh: '跳过这些诊断（逗号分隔）' } },
      lang,
    ],
    example: 'diagnose test/fixtures/runs/synthetic --format json',
    exitCodes: [
      [0, { en: 'no diagnoses', zh: '没有诊断结果' }],
      [1, { en: 'diagnoses found', zh: '发现诊断结果' }],
      [2, { en: 'bad usage, an unreadable path or corrupt input', zh: '用法错误、路径无法读取或输入损坏' }],
    ],
  },
] as const satisfies readonly CommandSpec[];

export type CommandName = (typeof COMMANDS)[number]['name'];

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** What the argument parser accepts for a command: exactly the options its help lists (plus --help). */
export function flagSpec(command: CommandSpec): FlagSpec {
  return {
    values: command.options.filter((o) => o.value !== undefined).map((o) => o.name),
    booleans: [...command.options.filter((o) => o.value === undefined).map((o) => o.name), 'help'],
  };
}

const PROGRAM = 'training-advisor';

function optionColumn(o: OptionSpec): string {
  return `--${o.name}${o.value ? ` ${o.value}` : ''}`;
}

function table(rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`);
}

const HEAD = {
  usage: { en: 'Usage', zh: '用法' },
  options: { en: 'Options', zh: '选项' },
  example: { en: 'Example', zh: '示例' },
  exit: { en: 'Exit codes', zh: '退出码' },
  commands: { en: 'Commands', zh: '命令' },
  more: { en: `Run \`${PROGRAM} <command> --help\` for a command's options.`, zh: `运行 \`${PROGRAM} <命令> --help\` 查看命令的选项。` },
};

export function exitCodeLines(command: CommandSpec, l: Lang): string[] {
  return command.exitCodes.map(([code, what]) => `  ${code}  ${what[l]}`);
}

export function commandHelp(command: CommandSpec, l: Lang): string {
  const rows: Array<[string, string]> = [
    ...command.options.map((o): [string, string] => [optionColumn(o), o.help[l]]),
    ['--help', l === 'zh' ? '显示此帮助' : 'show this help'],
  ];
  return [
    `${HEAD.usage[l]}: ${PROGRAM} ${command.name}${command.args ? ` ${command.args}` : ''} [options]`,
    '',
    command.summary[l],
    '',
    `${HEAD.options[l]}:`,
    ...table(rows),
    '',
    `${HEAD.example[l]}:`,
    `  ${PROGRAM} ${command.example}`,
    '',
    `${HEAD.exit[l]}:`,
    ...exitCodeLines(command, l),
  ].join('\n');
}

export function programHelp(version: string, l: Lang): string {
  return [
    `${PROGRAM} ${version} — ${l === 'zh' ? '命令行查询大模型训练建议、检查训练脚本' : 'large-model training advice and script checks from the terminal'}`,
    '',
    `${HEAD.usage[l]}: ${PROGRAM} <command> [options]`,
    '',
    `${HEAD.commands[l]}:`,
    ...table(COMMANDS.map((c): [string, string] => [c.name, c.summary[l]])),
    '',
    ...table([
      ['--help', l === 'zh' ? '显示此帮助' : 'show this help'],
      ['--version', l === 'zh' ? '显示版本' : 'show the version'],
    ]),
    '',
    HEAD.more[l],
  ].join('\n');
}
