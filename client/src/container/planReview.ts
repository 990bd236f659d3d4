// Lets the user review and edit the plan before anything runs: the image and each Go variable, in a quick
// pick that loops until "Run" (or Escape). Values with credentials are shown redacted; editing such a value
// starts from an empty box so the secret never appears on screen.
import * as vscode from 'vscode';
import { redactCredentials, hasCredentials } from '../../../server/src/core/redact';
import type { ContainerPlan } from '../../../server/src/protocol';
import { PLAN_VARIABLES } from '../../../server/src/goenv/variables';
import { t } from '../l10n';

type Choice = vscode.QuickPickItem & { action: 'run' | 'image' | 'variable'; name?: string };

export async function reviewPlan(plan: ContainerPlan): Promise<ContainerPlan | undefined> {
  let current: ContainerPlan = { ...plan, env: { ...plan.env } };
  for (;;) {
    const items: Choice[] = [
      {
        label: `$(play) ${t('Run go mod download in {0}', redactCredentials(current.image))}`,
        detail: redactCredentials(current.notes.join(' ')),
        action: 'run',
      },
      { label: t('Image'), description: redactCredentials(current.image), action: 'image', kind: vscode.QuickPickItemKind.Default },
      ...PLAN_VARIABLES.map((name): Choice => ({
        label: name,
        description: current.env[name] !== undefined ? redactCredentials(current.env[name]) : t('(image default)'),
        action: 'variable',
        name,
      })),
    ];
    const pick = await vscode.window.showQuickPick(items, {
      title: t('Test Go proxy in container — {0}', current.moduleDir),
      placeHolder: t('Review the plan: pick an entry to change it, or Run'),
      matchOnDescription: true,
    });
    if (!pick) return undefined;
    if (pick.action === 'run') return current;
    if (pick.action === 'image') {
      const image = await vscode.window.showInputBox({
        title: t('Image'),
        value: current.image,
        validateInput: (v) => (/^[\w./:@-]+$/.test(v.trim()) ? undefined : t('Not an image reference')),
      });
      if (image !== undefined) current = { ...current, image: image.trim() };
      continue;
    }
    const name = pick.name!;
    const old = current.env[name] ?? '';
    const value = await vscode.window.showInputBox({
      title: name,
      value: hasCredentials(old) ? '' : old,
      prompt: hasCredentials(old)
        ? t('The current value carries credentials and is not shown; type a new value or leave empty for the image default.')
        : t('Leave empty for the image default.'),
      password: hasCredentials(old),
      validateInput: (v) => (/[\r\n]/.test(v) ? t('One line only') : undefined),
    });
    if (value === undefined) continue;
    const env = { ...current.env };
    if (value.trim() === '') delete env[name];
    else env[name] = value.trim();
    current = { ...current, env };
  }
}
