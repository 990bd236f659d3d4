// The plan for "Test Go proxy in container": which module, which image and which Go environment, taken from
// the Dockerfile stage that builds it (as at that stage's first download step), so the run reproduces what
// `docker build` would do (the shape is protocol/'s ContainerPlan).
import * as path from 'node:path';
import type { AnalysisContext } from '../model/context';
import { localize, type Localized } from '../core/localize';
import type { Position } from '../core/text';
import { redactCredentials, stripUserinfo } from '../core/redact';
import { uriToPath } from '../core/uri';
import { imageGoVersion } from '../model/image';
import { stageLabel } from '../model/stages';
import { useDirectives } from '../syntax/gomod';
import { stageFor } from './stageAt';
import type { ContainerPlan, PlanRefusal } from '../protocol';
import { PLAN_VARIABLES } from '../goenv/variables';

const PLAN_NOTES = {
  argDefaults: {
    en: () => 'Build arguments take their ARG defaults: values given with `docker build --build-arg` are not known here.',
    'zh-cn': () => '构建参数取 ARG 的默认值：这里无法得知 `docker build --build-arg` 传入的值。',
  },
  imageFromGoMod: {
    en: (image: string) => `The stage does not start from a golang image: using ${image} from go.mod's go directive.`,
    'zh-cn': (image: string) => `该阶段不是基于 golang 镜像：按 go.mod 的 go 指令使用 ${image}。`,
  } satisfies Localized<[string]>,
  noDockerfile: {
    en: () => 'No Dockerfile in the workspace builds this module: the image defaults apply (GOPROXY=https://proxy.golang.org,direct).',
    'zh-cn': () => '工作区中没有构建此模块的 Dockerfile：使用镜像默认值（GOPROXY=https://proxy.golang.org,direct）。',
  },
  unset: {
    en: (names: string) => `Not set in the Dockerfile, so the image's defaults apply: ${names}.`,
    'zh-cn': (names: string) => `Dockerfile 中未设置，使用镜像默认值：${names}。`,
  } satisfies Localized<[string]>,
  goEnvW: {
    en: () => '`go env -w` values of the Dockerfile are passed as environment variables.',
    'zh-cn': () => 'Dockerfile 中 `go env -w` 写入的值以环境变量传入。',
  },
  imageCredentials: {
    en: () =>
      'The image reference carries user info (`user:token@`), which no image reference may: it is left out. Log in to the registry with `docker login` instead.',
    'zh-cn': () => '镜像引用中带有用户信息（`user:token@`），而镜像引用不允许这样写：已将其去掉。请改用 `docker login` 登录镜像仓库。',
  },
  noModule: { en: () => 'No go.mod or go.work found for this document.', 'zh-cn': () => '没有找到此文档对应的 go.mod 或 go.work。' },
};

function dirOf(uri: string | undefined): string | undefined {
  const p = uri ? uriToPath(uri) : undefined;
  return p ? path.dirname(p) : undefined;
}

export function containerPlanFor(ctx: AnalysisContext, position?: Position): ContainerPlan | PlanRefusal {
  const related = ctx.req.related;
  const work = ctx.req.kind === 'gowork' ? ctx.req.file : related.goWork;
  const mod = ctx.req.kind === 'gomod' ? ctx.req.file : related.goMod;
  const moduleDir = dirOf(work?.uri) ?? dirOf(mod?.uri);
  if (!moduleDir) return { error: localize(ctx.locale, PLAN_NOTES.noModule) };
  const notes: string[] = [];
  const goVersion = ctx.goMod?.go?.version ?? ctx.goWork?.go?.version;
  const fallbackImage = `golang:${goVersion ?? '1.26'}`;
  const choice = stageFor(ctx, position);
  const env: Record<string, string> = {};
  let image = fallbackImage;
  if (choice) {
    const v = imageGoVersion(choice.parsed, choice.stage.stage.index);
    if (v) {
      // The image goes on the runtime's command line and into titles: `FROM user:token@registry/…` must not.
      image = stripUserinfo(v.image, '');
      if (image !== v.image) notes.push(localize(ctx.locale, PLAN_NOTES.imageCredentials));
    } else notes.push(localize(ctx.locale, PLAN_NOTES.imageFromGoMod, fallbackImage));
    const bindings = choice.step?.env ?? choice.stage.envAtEnd;
    const unset: string[] = [];
    for (const name of PLAN_VARIABLES) {
      const b = bindings.get(name);
      if (b && b.value !== '') env[name] = b.value;
      else unset.push(name);
    }
    if ([...bindings.values()].some((b) => b.origin.kind === 'arg')) notes.push(localize(ctx.locale, PLAN_NOTES.argDefaults));
    if ([...bindings.values()].some((b) => b.origin.kind === 'go-env-w' && PLAN_VARIABLES.includes(b.name)))
      notes.push(localize(ctx.locale, PLAN_NOTES.goEnvW));
    if (unset.length) notes.push(localize(ctx.locale, PLAN_NOTES.unset, unset.join(', ')));
  } else notes.push(localize(ctx.locale, PLAN_NOTES.noDockerfile));
  const workFiles = work ? workspaceFiles(work.text) : undefined;
  return {
    moduleDir,
    image: redactCredentials(image),
    env,
    stage: choice ? stageLabel(choice.stage.stage) : undefined,
    dockerfile: choice?.parsed.file.uri,
    notes: notes.map(redactCredentials),
    workFiles,
    modules: ctx.goMod || ctx.workModules.length > 0 ? ctx.requiredModules.map((m) => m.require.path) : undefined,
  };
}

function workspaceFiles(goWork: string): string[] {
  const files = ['go.work'];
  for (const dir of useDirectives(goWork)) {
    const d = dir.replace(/^\.\/?/, '').replace(/\/$/, '');
    files.push(d ? `${d}/go.mod` : 'go.mod', d ? `${d}/go.sum` : 'go.sum');
  }
  return files;
}
