/** The one exception the intake readers throw internally: a file-level refusal, turned into an event at the top. */
import type { FileReject } from '../../core/intake/file-record.js';

export class FileRejectedError extends Error {
  constructor(readonly reject: FileReject) {
    super(`file rejected: ${reject.code}${reject.line === null ? '' : ` at line ${String(reject.line)}`}`);
  }
}
