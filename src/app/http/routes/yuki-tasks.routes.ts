/** The Yuki write mode (Settings) and the "apply in Yuki" task list of the assisted mode. */
import { writeModeSchema, yukiTaskIdParams, yukiTaskListSchema } from '../../../contract/yuki-tasks.contract.js';
import { changeWriteMode, listYukiTasks, markYukiTaskDone, writeMode } from '../../use-cases/sync/yuki-tasks.js';
import { adminOnly, anyUser, currentUser } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { routeGroup } from '../route.js';

import type { YukiTaskGroup } from '../../../contract/yuki-tasks.contract.js';
import type { AppDeps } from '../../deps.js';
import type { YukiTaskListed } from '../../use-cases/sync/yuki-tasks.js';
import type { ZodApp } from '../zod-app.js';

/** `https://` + the domain address from SOAP `Domains` (e.g. `katrien-highpro.yukiworks.be`); null when unknown. */
function yukiUrl(domainUrl: string | null): string | null {
  if (domainUrl === null || domainUrl.trim() === '') return null;
  return /^https?:\/\//i.test(domainUrl) ? domainUrl : `https://${domainUrl}`;
}

function groupTasks(tasks: readonly YukiTaskListed[]): YukiTaskGroup[] {
  const groups = new Map<string, YukiTaskGroup>();
  for (const task of tasks) {
    let group = groups.get(task.administrationId);
    if (group === undefined) {
      group = {
        administrationId: task.administrationId,
        administrationName: task.administrationName,
        domainName: task.domainName,
        yukiUrl: yukiUrl(task.domainUrl),
        tasks: [],
      };
      groups.set(task.administrationId, group);
    }
    group.tasks.push({
      id: task.id,
      changeId: task.changeId,
      field: task.field,
      oldValue: task.oldValue,
      newValue: task.newValue,
      verifiable: task.verifiable,
      state: task.state === 'mismatch' ? 'mismatch' : 'open',
      portalValue: task.state === 'mismatch' ? task.portalValue : null,
      message: task.state === 'mismatch' ? 'yuki_task_mismatch' : task.verifiable ? null : 'yuki_task_unverifiable',
      createdAt: task.createdAt.toISOString(),
    });
  }
  return [...groups.values()];
}

export function registerYukiTasksRoutes(app: ZodApp, deps: AppDeps): void {
  const reviewers = routeGroup(app, { tags: ['review'], access: anyUser });
  reviewers.get('/api/yuki-tasks', {
    summary: 'Open "apply in Yuki" tasks per administration (assisted write mode), and the write mode',
    response: { 200: yukiTaskListSchema },
    handler: async (request) => {
      const user = currentUser(request);
      return { mode: await writeMode(deps, user.portalId), groups: groupTasks(await listYukiTasks(deps, user)) };
    },
  });

  reviewers.post('/api/yuki-tasks/:id/done', {
    summary: 'Mark a task done whose field no documented Yuki read returns (audited)',
    params: yukiTaskIdParams,
    handler: async (request, reply) => {
      unwrap(await markYukiTaskDone(deps, currentUser(request), request.params.id));
      return reply.code(204).send();
    },
  });

  const settings = routeGroup(app, { tags: ['settings'], access: anyUser });
  const settingsAdmin = routeGroup(app, { tags: ['settings'], access: adminOnly });
  settings.get('/api/settings/write-mode', {
    summary: 'How approved changes reach Yuki',
    response: { 200: writeModeSchema },
    handler: async (request) => ({ mode: await writeMode(deps, currentUser(request).portalId) }),
  });

  settingsAdmin.put('/api/settings/write-mode', {
    summary: 'Set the write mode: assisted, or automatic (uses a company-update call Yuki has not published)',
    body: writeModeSchema,
    response: { 200: writeModeSchema },
    handler: async (request) => ({ mode: await changeWriteMode(deps, currentUser(request), request.body.mode) }),
  });
}
