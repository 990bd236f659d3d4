// go.mod / go.work syntax errors, worded as the go command reports them.
import type { Rule } from '../core/rule';

export const gomodSyntax: Rule = {
  id: 'gomod-syntax',
  defaultSeverity: 'error',
  appliesTo: ['gomod', 'gowork'],
  check(ctx, report) {
    const file = ctx.req.kind === 'gowork' ? ctx.goWork : ctx.goMod;
    for (const e of file?.errors ?? []) report({ range: e.range, message: e.message });
  },
};
