// Turns go.mod / go.work statements into the file model, checking each directive as the go command does
// (golang.org/x/mod/modfile's strict parse, then cmd/go's checks when it loads the module).
import type { Range } from '../core/types';
import type { GoModFile, GoModReplace, ModError } from './gomod';
import type { ModToken } from './gomodLexer';
import type { ModBlock, ModLine, ModSyntaxVisitor } from './gomodParser';
import { directivePrefix, readInterval, readVersion, unquoteArg, type VersionCheck } from './gomodArgs';
import { goFields, goQuote, goTrimSpace } from '../core/goStrings';
import { GO_DIRECTIVE_VERSION, TOOLCHAIN_NAME } from './modVersions';
import { checkPathMajor, isDirectoryPath, splitPathVersion } from './modPaths';
import { moduleLoadErrors, workspaceLoadErrors } from './gomodLoad';

/** More errors than this help nobody (and a 10 MB garbage file would otherwise produce millions). */
export const MAX_MOD_ERRORS = 1000;

const DIRECTIVES = {
  gomod: new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']),
  gowork: new Set(['go', 'toolchain', 'godebug', 'use', 'replace']),
};
const BLOCK_DIRECTIVES = {
  gomod: new Set(['module', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']),
  gowork: new Set(['godebug', 'use', 'replace']),
};

const DEPRECATED = /(?:^|\n\n)Deprecated: *([\s\S]*?)(?:$|\n\n)/;

/** The text of the comments above and after a directive (or, when it has none, around its block). */
function directiveComment(line: ModLine, block: ModBlock | undefined): string {
  let comments = [...line.before, line.suffix];
  if (block && line.before.length === 0 && !line.suffix) comments = block.before;
  return comments
    .filter((c) => c !== undefined && c.text.startsWith('//'))
    .map((c) => goTrimSpace(c!.text.slice(2)))
    .join('\n');
}

function isIndirect(line: ModLine): boolean {
  if (!line.suffix) return false;
  const f = goFields(line.suffix.text.slice(2));
  return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
}

interface PendingRetract {
  versionTokens: ModToken[];
  range: Range;
  damaged: boolean;
}

export class ModFileReader implements ModSyntaxVisitor {
  private syntax?: ModError;
  private readonly parseErrors: ModError[] = [];
  private readonly retractErrors: ModError[] = [];
  private readonly loadErrors: ModError[] = [];
  private errorCount = 0;
  /** Errors of the lines of the open block: dropped if the file ends inside it (the block error says it all). */
  private blockErrors?: ModError[];
  private skippedBlock?: ModBlock;
  private lineDamaged = false;
  private moduleSeen = false;
  private readonly retracts: PendingRetract[] = [];

  constructor(
    private readonly file: GoModFile,
    /** The go.work file's directory, to resolve `use` paths (undefined when unknown). */
    private readonly workDir: string | undefined,
  ) {}

  syntaxError(range: Range, message: string): void {
    this.syntax ??= { range, message };
  }

  errors(): ModError[] {
    const all = [...(this.syntax ? [this.syntax] : []), ...this.parseErrors, ...this.retractErrors, ...this.loadErrors];
    return all.slice(0, MAX_MOD_ERRORS);
  }

  private push(list: ModError[], range: Range, message: string): void {
    if (this.errorCount >= MAX_MOD_ERRORS) return;
    this.errorCount++;
    list.push({ range, message });
  }

  private error(range: Range, message: string): void {
    if (!this.lineDamaged) this.push(this.blockErrors ?? this.parseErrors, range, message);
  }

  blockStart(block: ModBlock): void {
    this.blockErrors = [];
    const verb = block.header[0].text;
    if (block.headerCount > 1 || !BLOCK_DIRECTIVES[this.file.kind].has(verb)) {
      this.lineDamaged = false; // (left over from the line before)
      this.error(block.headerRange, `unknown block type: ${block.header.map((t) => t.text).join(' ')}`);
      this.skippedBlock = block;
    }
  }

  blockEnd(block: ModBlock, terminated: boolean): void {
    if (terminated) this.parseErrors.push(...(this.blockErrors ?? []));
    else this.errorCount -= this.blockErrors?.length ?? 0;
    this.blockErrors = undefined;
    if (this.skippedBlock === block) this.skippedBlock = undefined;
  }

  line(line: ModLine, block: ModBlock | undefined): void {
    if (block && block === this.skippedBlock) return;
    this.lineDamaged = line.damaged;
    const verbToken = block ? block.header[0] : line.tokens[0];
    const args = block ? line.tokens : line.tokens.slice(1);
    const argCount = block ? line.tokenCount : line.tokenCount - 1;
    const kind = this.file.kind;
    if (!DIRECTIVES[kind].has(verbToken.text)) return this.error(verbToken.range, `unknown directive: ${verbToken.text}`);
    switch (verbToken.text) {
      case 'module':
        return this.module(line, block, args, argCount);
      case 'go':
        return this.goDirective(line, args, argCount);
      case 'toolchain':
        return this.toolchain(line, args, argCount);
      case 'godebug':
        return this.godebug(line, args, argCount);
      case 'require':
      case 'exclude':
        return this.requireOrExclude(verbToken.text, line, args, argCount);
      case 'replace':
        return this.replace(line, args, argCount);
      case 'retract':
        return this.retract(line, block, args, argCount);
      case 'tool':
      case 'ignore':
      case 'use':
        return this.pathDirective(verbToken.text, line, args, argCount);
    }
  }

  private module(line: ModLine, block: ModBlock | undefined, args: ModToken[], argCount: number): void {
    if (this.moduleSeen) return this.error(line.range, 'repeated module statement');
    this.moduleSeen = true;
    if (argCount !== 1) return this.error(line.range, 'usage: module module/path');
    const p = unquoteArg(args[0].text);
    if ('error' in p) return this.error(args[0].range, `invalid quoted string: ${p.error}`);
    const deprecated = DEPRECATED.exec(directiveComment(line, block))?.[1];
    this.file.module = { path: p.value, pathRange: args[0].range, range: line.range, ...(deprecated ? { deprecated } : {}) };
  }

  private goDirective(line: ModLine, args: ModToken[], argCount: number): void {
    if (this.file.go) return this.error(line.range, 'repeated go statement');
    if (argCount !== 1) return this.error(line.range, 'go directive expects exactly one argument');
    if (!GO_DIRECTIVE_VERSION.test(args[0].text)) return this.error(args[0].range, `invalid go version '${args[0].text}': must match format 1.23.0`);
    this.file.go = { version: args[0].text, versionRange: args[0].range, range: line.range };
  }

  private toolchain(line: ModLine, args: ModToken[], argCount: number): void {
    if (this.file.toolchain) return this.error(line.range, 'repeated toolchain statement');
    if (argCount !== 1) return this.error(line.range, 'toolchain directive expects exactly one argument');
    if (!TOOLCHAIN_NAME.test(args[0].text)) {
      return this.error(args[0].range, `invalid toolchain version '${args[0].text}': must match format go1.23.0 or default`);
    }
    this.file.toolchain = { name: args[0].text, nameRange: args[0].range, range: line.range };
  }

  private godebug(line: ModLine, args: ModToken[], argCount: number): void {
    const setting = args[0]?.text ?? '';
    const eq = setting.indexOf('=');
    if (argCount !== 1 || /["`',]/.test(setting) || eq < 0) return this.error(line.range, 'usage: godebug key=value');
    this.file.godebugs.push({ key: setting.slice(0, eq), value: setting.slice(eq + 1), range: line.range });
  }

  /** The version check for module versions: go.mod as builds read it; go.work is read without version lookups. */
  private get versionCheck(): VersionCheck {
    return this.file.kind === 'gomod' ? 'resolve' : 'canonical';
  }

  private requireOrExclude(verb: string, line: ModLine, args: ModToken[], argCount: number): void {
    if (argCount !== 2) return this.error(line.range, `usage: ${verb} module/path v1.2.3`);
    const p = unquoteArg(args[0].text);
    if ('error' in p) return this.error(args[0].range, `invalid quoted string: ${p.error}`);
    const v = readVersion(verb, p.value, args[1], this.versionCheck);
    if ('error' in v) return this.error(v.blamesPath ? args[0].range : args[1].range, v.error);
    if (!v.majorChecked) {
      const split = splitPathVersion(p.value);
      if (!split.ok) return this.error(args[0].range, 'invalid module path');
      const mismatch = checkPathMajor(v.value, split.pathMajor);
      if (mismatch) return this.error(args[1].range, directivePrefix(verb, p.value) + mismatch);
    }
    if (verb === 'require') {
      this.file.requires.push({
        path: p.value,
        version: v.value,
        indirect: isIndirect(line),
        pathRange: args[0].range,
        versionRange: args[1].range,
        range: line.range,
      });
    } else this.file.excludes.push({ path: p.value, version: v.value, pathRange: args[0].range, versionRange: args[1].range, range: line.range });
  }

  private replace(line: ModLine, args: ModToken[], argCount: number): void {
    const arrow = argCount >= 2 && args[1].text === '=>' ? 1 : 2;
    if (argCount < arrow + 2 || argCount > arrow + 3 || args[arrow].text !== '=>') {
      return this.error(line.range, 'usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory');
    }
    const oldTok = args[0];
    const old = unquoteArg(oldTok.text);
    if ('error' in old) return this.error(oldTok.range, `invalid quoted string: ${old.error}`);
    const split = splitPathVersion(old.value);
    if (!split.ok) return this.error(oldTok.range, `replace ${old.value}: invalid module path`);
    const replace: GoModReplace = {
      oldPath: old.value,
      oldPathRange: oldTok.range,
      newPath: '',
      newPathRange: oldTok.range,
      isLocal: false,
      range: line.range,
    };
    if (arrow === 2) {
      const v = readVersion('replace', old.value, args[1], this.versionCheck);
      if ('error' in v) return this.error(args[1].range, v.error);
      const mismatch = checkPathMajor(v.value, split.pathMajor);
      if (mismatch) return this.error(args[1].range, `replace ${old.value}: ${mismatch}`);
      replace.oldVersion = v.value;
      replace.oldVersionRange = args[1].range;
    }
    const newTok = args[arrow + 1];
    const nw = unquoteArg(newTok.text);
    if ('error' in nw) return this.error(newTok.range, `invalid quoted string: ${nw.error}`);
    replace.newPath = nw.value;
    replace.newPathRange = newTok.range;
    replace.isLocal = isDirectoryPath(nw.value);
    if (argCount === arrow + 2) {
      if (!replace.isLocal) {
        if (nw.value.includes('@')) return this.error(newTok.range, "replacement module must match format 'path version', not 'path@version'");
        return this.error(newTok.range, 'replacement module without version must be directory path (rooted or starting with . or ..)');
      }
      // Docker builds run on Linux, where a backslash is no separator.
      if (nw.value.includes('\\')) return this.error(newTok.range, 'replacement directory appears to be Windows path (on a non-windows system)');
    } else {
      const versionTok = args[arrow + 2];
      const v = readVersion('replace', nw.value, versionTok, this.versionCheck);
      if ('error' in v) return this.error(v.blamesPath ? newTok.range : versionTok.range, v.error);
      if (replace.isLocal) return this.error(versionTok.range, `replacement module directory path ${goQuote(nw.value)} cannot have version`);
      replace.newVersion = v.value;
      replace.newVersionRange = versionTok.range;
    }
    this.file.replaces.push(replace);
  }

  private retract(line: ModLine, block: ModBlock | undefined, args: ModToken[], argCount: number): void {
    const rationale = directiveComment(line, block);
    const interval = readInterval('retract', '', args, 'unquote');
    if ('error' in interval) return this.error(line.range, interval.error);
    const { low, high, versionTokens, used } = interval.value;
    if (argCount > used) return this.error(args[used].range, `unexpected token after version: ${goQuote(args[used].text)}`);
    this.file.retracts.push({ low, high, ...(rationale ? { rationale } : {}), range: line.range });
    this.retracts.push({ versionTokens, range: line.range, damaged: this.lineDamaged });
  }

  private pathDirective(verb: 'tool' | 'ignore' | 'use', line: ModLine, args: ModToken[], argCount: number): void {
    if (argCount !== 1) return this.error(line.range, verb === 'use' ? 'usage: use local/dir' : `${verb} directive expects exactly one argument`);
    const p = unquoteArg(args[0].text);
    if ('error' in p) return this.error(args[0].range, `invalid quoted string: ${p.error}`);
    const entry = { path: p.value, pathRange: args[0].range, range: line.range };
    (verb === 'tool' ? this.file.tools : verb === 'ignore' ? this.file.ignores : this.file.uses).push(entry);
  }

  /** The checks that follow a successful parse: retract versions against the module path, then cmd/go's loading checks. */
  finish(): void {
    if (this.file.kind === 'gomod') this.checkRetracts();
    const load =
      this.file.kind === 'gomod' ? moduleLoadErrors(this.file, this.moduleSeen, this.syntax !== undefined) : workspaceLoadErrors(this.file, this.workDir);
    for (const e of load) this.push(this.loadErrors, e.range, e.message);
  }

  private checkRetracts(): void {
    const modPath = this.file.module?.path ?? '';
    for (const r of this.retracts) {
      if (r.damaged) continue;
      if (modPath === '') {
        this.push(this.retractErrors, r.range, 'no module directive found, so retract cannot be used');
        return; // the go command reports this once
      }
      for (const tok of r.versionTokens) {
        const v = readVersion('retract', modPath, tok, 'resolveRetract');
        if ('error' in v) {
          this.push(this.retractErrors, tok.range, v.error);
          break;
        }
      }
    }
  }
}
