// Where "Test Go proxy in container" is offered: above each stage that downloads modules, and above the
// `module` line of a go.mod (the command then picks the Dockerfile stage that builds it).
import type { AnalysisContext } from '../model/context';
import { localize, type Localized } from '../core/localize';
import type { Range } from '../core/types';

export const TEST_IN_CONTAINER_COMMAND = 'goProxyDoctor.testInContainer';

const TITLE: Localized = { en: () => '$(beaker) Test Go proxy in container', 'zh-cn': () => '$(beaker) 在容器中测试 Go 代理' };

export interface Lens {
  range: Range;
  title: string;
  command: string;
  /** `{ uri, position }`: the document and the stage (or module line) to test. */
  argument: { uri: string; position: Range['start'] };
}

export function lensesFor(ctx: AnalysisContext): Lens[] {
  const title = localize(ctx.locale, TITLE);
  const lens = (range: Range): Lens => ({ range, title, command: TEST_IN_CONTAINER_COMMAND, argument: { uri: ctx.uri, position: range.start } });
  if (ctx.req.kind === 'dockerfile') {
    const parsed = ctx.dockerfile;
    if (!parsed) return [];
    return parsed.timeline.stages.filter((st) => st.goSteps.some((s) => s.downloads)).map((st) => lens(st.stage.from.keywordRange));
  }
  const mod = ctx.req.kind === 'gomod' ? ctx.goMod?.module : undefined;
  return mod ? [lens(mod.range)] : [];
}
