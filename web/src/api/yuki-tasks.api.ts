// Client for the Yuki write mode and the assisted mode's "apply in Yuki" tasks.
import { writeModes, writeModeSchema, yukiTaskListSchema } from '../../../src/contract/yuki-tasks.contract.js';
import { send, sendJson } from '../api.js';

import type {
  WriteMode,
  YukiTaskGroup,
  YukiTaskList,
  YukiTaskView,
} from '../../../src/contract/yuki-tasks.contract.js';

export { writeModes };
export type { WriteMode, YukiTaskGroup, YukiTaskList, YukiTaskView };

export async function getYukiTasks(): Promise<YukiTaskList> {
  return sendJson(yukiTaskListSchema, 'GET', '/api/yuki-tasks');
}

/** Closes a task whose field no documented Yuki read returns (refused for the others: `yuki_task_verified_by_read`). */
export async function markYukiTaskDone(id: string): Promise<void> {
  await send('POST', `/api/yuki-tasks/${encodeURIComponent(id)}/done`);
}

export async function getWriteMode(): Promise<WriteMode> {
  return (await sendJson(writeModeSchema, 'GET', '/api/settings/write-mode')).mode;
}

export async function saveWriteMode(mode: WriteMode): Promise<WriteMode> {
  return (await sendJson(writeModeSchema, 'PUT', '/api/settings/write-mode', { mode })).mode;
}
