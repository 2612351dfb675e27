/** The intake file library's I/O side: read or inspect an export file, and watch a folder for complete files. */
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, inspectIntakeFile, readIntakeFile } from './read.js';
export type { FileFormat, IntakeInspection, ReadLimits } from './read.js';
export { createUploadStore } from './uploads.js';
export type { StoredUpload, UploadStore } from './uploads.js';
export { createWatchedFolder } from './watched-folder.js';
