// The container plan's module list: what the server reads from the go.mod files with its parser, which the
// client counts as the modules the run downloads (the client reads no go.mod itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisContext } from '../../server/src/model/context';
import { DEFAULT_SETTINGS, type SourceFile } from '../../server/src/core/types';
import { containerPlanFor } from '../../server/src/services/containerPlan';
import type { ContainerPlan, PlanRefusal } from '../../server/src/protocol';

const GOMOD_URI = 'file:///ws/go.mod';

function planOfGoMod(goMod: string): ContainerPlan {
  const ctx = new AnalysisContext({ file: { uri: GOMOD_URI, text: goMod }, kind: 'gomod', related: {}, settings: DEFAULT_SETTINGS, locale: 'en' });
  return asPlan(containerPlanFor(ctx));
}

function planOfGoWork(workModules: SourceFile[]): ContainerPlan {
  const goWork = ['go 1.22', '', ...workModules.map((m) => `use ./${m.uri.split('/').at(-2)}`), ''].join('\n');
  const ctx = new AnalysisContext({
    file: { uri: 'file:///ws/go.work', text: goWork },
    kind: 'gowork',
    related: { workModules },
    settings: DEFAULT_SETTINGS,
    locale: 'en',
  });
  return asPlan(containerPlanFor(ctx));
}

function asPlan(r: ContainerPlan | PlanRefusal): ContainerPlan {
  assert.ok(!('error' in r), JSON.stringify(r));
  return r;
}

test('modules: the requirements of the go.mod, commented-out lines ignored, indirect ones included', () => {
  const plan = planOfGoMod(
    'module m\n\ngo 1.22\n\nrequire a.example/x v1.0.0\n\nrequire (\n\tb.example/y v0.1.0 // indirect\n\t// c.example/z v1.0.0\n\tgithub.com/Acme/Upper v0.1.0\n)\n',
  );
  assert.equal(plan.moduleDir, '/ws');
  assert.deepEqual(plan.modules, ['a.example/x', 'b.example/y', 'github.com/Acme/Upper']);
});

test('modules: a requirement replaced by a directory is never downloaded; one replaced by a module is, as that module', () => {
  const goMod = (target: string) => `module m\n\ngo 1.22\n\nrequire (\n\ta.example/x v1.0.0\n\tb.example/y v0.1.0\n)\n\nreplace a.example/x => ${target}\n`;
  assert.deepEqual(planOfGoMod(goMod('../x')).modules, ['b.example/y']);
  assert.deepEqual(planOfGoMod(goMod('fork.example/x v1.0.1')).modules, ['fork.example/x', 'b.example/y']);
});

test("modules: absent when no go.mod was read (the run then shows no total); a go.work lists its modules' requirements", () => {
  assert.equal(planOfGoWork([]).modules, undefined);
  const svc = { uri: 'file:///ws/svc/go.mod', text: 'module example.com/svc\n\ngo 1.22\n\nrequire a.example/x v1.0.0\n' };
  assert.deepEqual(planOfGoWork([svc]).modules, ['a.example/x']);
});
