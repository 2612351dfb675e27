/** Every minute: imports complete export files from the watched intake folder (CRMHUB_INTAKE_DIR), when set. */
import { pollIntakeFolders } from '../use-cases/intake/watched-folder.js';
import { intakeFolderJob } from './contracts.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

export function intakeFolderHandler(deps: () => AppDeps): JobDefinition {
  return {
    contract: intakeFolderJob,
    async run() {
      await pollIntakeFolders(deps());
    },
  };
}
