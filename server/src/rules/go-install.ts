// Installing tools with the go command: `go install pkg` without a version and `go get` fail outside a module
// (go-install-outside-module); a version resolved when the layer is built (`@latest`, `go get` without a version)
// makes the image depend on the day it was built (go-install-latest). test/gocmd/go-install.gocmd.test.ts checks
// what the go command does.
import { defineRule } from './rule';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { backtick as c } from '../core/text';
import type { Fix } from '../core/types';
import type { GoStep, StageTimeline } from '../goenv/timelineModel';
import type { ShellWord } from '../syntax/dockerfileModel';
import { imageGoVersion } from '../model/image';
import { inModuleMode, outsideAnyModule } from '../model/moduleMode';
import { commandText } from '../model/steps';

/** go's words for `go install pkg` without a version outside a module, by Go version (the wording changed in 1.18). */
const GO_INSTALL_NEEDS_VERSION = {
  install: "go: 'go install' requires a version when current directory is not in a module",
  'install-old': 'go install: version is required when current directory is not in a module',
} as const;

/** The placeholder a pinning fix writes: the user fills in the version. */
const PLACEHOLDER = 'vX.Y.Z';
const MESSAGES = {
  // `goWords`: go's own message, which Go 1.18 changed.
  installNoVersion: {
    en: (cmd: string, goWords: string) =>
      `No go.mod is in the image at this step, and outside a module ${c(cmd)} fails: "${goWords}". Name a version: \`@latest\` as go suggests, or better a fixed one.`,
    'zh-cn': (cmd: string, goWords: string) =>
      `此时镜像里没有 go.mod，在模块之外 ${c(cmd)} 会失败："${goWords}"。请指定版本：按 go 的提示用 \`@latest\`，最好写固定版本。`,
  } satisfies Localized<[string, string]>,
  getOutside: {
    en: (cmd: string) =>
      `No go.mod is in the image at this step, and since Go 1.18 ${c(cmd)} fails outside a module: "'go get' is no longer supported outside a module". To install a tool, use \`go install <path>@<version>\`.`,
    'zh-cn': (cmd: string) =>
      `此时镜像里没有 go.mod，从 Go 1.18 起 ${c(cmd)} 在模块之外会失败："'go get' is no longer supported outside a module"。要安装工具，请用 \`go install <路径>@<版本>\`。`,
  } satisfies Localized<[string]>,
  latest: {
    en: (arg: string, query: string) =>
      `${c(arg)} resolves ${query} through the proxy when the layer is built: the image depends on the day it was built, and a cached layer keeps an old version while a newer one is out. Pin the version (the fix writes @${PLACEHOLDER} for you to fill in).`,
    'zh-cn': (arg: string, query: string) =>
      `${c(arg)} 在构建该层时才通过代理解析${query}：镜像取决于构建的日期，而缓存的层会一直保留旧版本，即使已有新版本。请固定版本（修复会写入 @${PLACEHOLDER}，由你填入）。`,
  } satisfies Localized<[string, string]>,
  latestQuery: { en: (q: string) => `\`@${q}\``, 'zh-cn': (q: string) => ` \`@${q}\` ` } satisfies Localized<[string]>,
  noQuery: { en: () => 'the newest version', 'zh-cn': () => '最新版本' } satisfies Localized,
  addLatest: { en: () => 'Install the latest version (`@latest`)', 'zh-cn': () => '安装最新版本（`@latest`）' } satisfies Localized,
  pin: {
    en: () => `Pin a version (@${PLACEHOLDER}: fill in the version)`,
    'zh-cn': () => `固定版本（@${PLACEHOLDER}：请填入版本）`,
  } satisfies Localized,
};

/** Flags of the build commands that take the next word as their value (`-tags netgo`, `-ldflags '-s -w'`). */
const VALUE_FLAGS = new Set(
  [
    'p',
    'asmflags',
    'buildmode',
    'compiler',
    'gccgoflags',
    'gcflags',
    'installsuffix',
    'ldflags',
    'mod',
    'modfile',
    'overlay',
    'pgo',
    'pkgdir',
    'tags',
    'toolexec',
    'covermode',
    'coverpkg',
    'o',
    'exec',
  ].map((f) => `-${f}`),
);
/** Version queries that float: the version depends on when the command runs. */
const FLOATING = /^(latest|upgrade|patch|master|main|HEAD)$/;

/** The package arguments of a build-like go command (flags and their values left out). */
function packageArgs(step: GoStep): ShellWord[] {
  const out: ShellWord[] = [];
  for (let k = 0; k < step.args.length; k++) {
    const w = step.args[k].text.replace(/^--/, '-');
    if (w === '--') continue;
    if (w.startsWith('-')) {
      if (!w.includes('=') && VALUE_FLAGS.has(w)) k++;
      continue;
    }
    out.push(step.args[k]);
  }
  return out;
}

/** A module or package path go looks up (a dot in its first element); not a standard package, a folder or a pattern. */
function isRemotePath(text: string): boolean {
  return /^[^./@$][^/@$]*\.[^/@$]*(\/|$|@)/.test(text) && !text.includes('...');
}

/** Module mode as go decides it for a Go ≥ 1.16 image without a go.mod: the default, or GO111MODULE=on. */
function moduleModeSet(step: GoStep): boolean {
  const v = (step.env.get('GO111MODULE')?.value ?? '').toLowerCase();
  return v === '' || v === 'on';
}

function appendVersion(ctx: AnalysisContext, words: ShellWord[], version: string, title: string, preferred: boolean): Fix {
  return {
    title,
    preferred,
    edits: [{ uri: ctx.uri, edits: words.map((w) => ({ range: w.subRange(w.text.length, w.text.length), newText: `@${version}` })) }],
  };
}

/** Where go-install-outside-module reports: a `go install` without a version, or any `go get`, outside a module. */
function failsOutsideModule(parsed: ParsedDockerfile, stage: StageTimeline, step: GoStep): 'install' | 'install-old' | 'get' | undefined {
  if (step.subcommand !== 'install' && step.subcommand !== 'get') return undefined;
  const v = imageGoVersion(parsed, stage.stage.index);
  if (!v || (v.major === 1 && v.minor < 16) || !moduleModeSet(step) || !outsideAnyModule(parsed, stage, step)) return undefined;
  if (step.subcommand === 'get') return v.major > 1 || v.minor >= 18 ? 'get' : undefined;
  const args = packageArgs(step);
  // With a version anywhere, go installs outside the module; a folder, a pattern or only standard packages fail
  // otherwise or not at all.
  if (args.length === 0 || args.some((a) => a.text.includes('@') || a.text.startsWith('.') || a.text.startsWith('/') || a.text.includes('$'))) return undefined;
  if (!args.some((a) => isRemotePath(a.text)) || args.some((a) => a.text.includes('...'))) return undefined;
  return v.major === 1 && v.minor < 18 ? 'install-old' : 'install';
}

export const goInstallOutsideModule = defineRule({
  id: 'go-install-outside-module',
  family: 'go-install',
  severity: 'error',
  title: { en: '`go install` without a version, or `go get`, outside a module', 'zh-cn': '在模块之外执行不带版本的 `go install` 或 `go get`' },
  check(parsed, ctx, report) {
    // Loops, not a generator of pairs: these run over every go step of every stage on every keystroke.
    for (const stage of parsed.timeline.stages)
      for (const step of stage.goSteps) {
        const kind = failsOutsideModule(parsed, stage, step);
        if (!kind) continue;
        const args = packageArgs(step);
        const cmd = [commandText(parsed, step), ...args.map((a) => a.text)].join(' ');
        // A version is added only where every argument is a path to look up (a standard package takes none).
        const remote = args.every((a) => isRemotePath(a.text)) ? args : [];
        const message =
          kind === 'get'
            ? localize(ctx.locale, MESSAGES.getOutside, cmd)
            : localize(ctx.locale, MESSAGES.installNoVersion, cmd, GO_INSTALL_NEEDS_VERSION[kind]);
        report({
          range: step.range,
          message,
          // `go get` outside a module: which of its arguments are commands to install is not in the files.
          fixes: () =>
            kind === 'get' || remote.length === 0
              ? []
              : [
                  appendVersion(ctx, remote, 'latest', localize(ctx.locale, MESSAGES.addLatest), true),
                  appendVersion(ctx, remote, PLACEHOLDER, localize(ctx.locale, MESSAGES.pin), false),
                ],
        });
      }
  },
});

export const goInstallLatest = defineRule({
  id: 'go-install-latest',
  family: 'go-install',
  severity: 'information',
  title: { en: 'A tool version resolved when the layer is built (`@latest`)', 'zh-cn': '工具版本在构建该层时才解析（`@latest`）' },
  check(parsed, ctx, report) {
    for (const stage of parsed.timeline.stages)
      for (const step of stage.goSteps) {
        if (step.subcommand !== 'install' && step.subcommand !== 'run' && step.subcommand !== 'get') continue;
        if ((step.env.get('GO111MODULE')?.value ?? '').toLowerCase() === 'off' || failsOutsideModule(parsed, stage, step)) continue;
        const args = step.subcommand === 'run' ? packageArgs(step).slice(0, 1) : packageArgs(step);
        for (const a of args) {
          if (!isRemotePath(a.text)) continue;
          const at = a.text.indexOf('@');
          const query = at >= 0 ? a.text.slice(at + 1) : undefined;
          // `go get pkg` without a version asks for the newest one; `go install pkg` in a module builds the required one.
          if (query === undefined ? step.subcommand !== 'get' || !inModuleMode(parsed, stage, step) : !FLOATING.test(query)) continue;
          const what = query === undefined ? localize(ctx.locale, MESSAGES.noQuery) : localize(ctx.locale, MESSAGES.latestQuery, query);
          report({
            range: a.range,
            message: localize(ctx.locale, MESSAGES.latest, a.text, what),
            fixes: () => [
              {
                title: localize(ctx.locale, MESSAGES.pin),
                edits: [{ uri: ctx.uri, edits: [{ range: a.subRange(at >= 0 ? at : a.text.length, a.text.length), newText: `@${PLACEHOLDER}` }] }],
              },
            ],
          });
        }
      }
  },
});
