// go.mod / go.work syntax errors, worded as the go command reports them.
import { defineRule } from '../core/rule';

export const gomodSyntax = defineRule({
  id: 'gomod-syntax',
  family: 'gomod',
  severity: 'error',
  title: { en: 'go.mod / go.work syntax error', 'zh-cn': 'go.mod / go.work 语法错误' },
  appliesTo: ['gomod', 'gowork'],
  check(ctx, report) {
    const file = ctx.req.kind === 'gowork' ? ctx.goWork : ctx.goMod;
    for (const e of file?.errors ?? []) report({ range: e.range, message: e.message });
  },
});
