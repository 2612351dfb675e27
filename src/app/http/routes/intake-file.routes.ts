/** Intake file import: upload an export, map its columns (saved per source), preview what changes, commit it. */
import {
  intakeFileReportSchema,
  intakeFolderStatusSchema,
  intakeInspectionSchema,
  intakeMappingBody,
  intakeSavedMappingSchema,
  intakeSuggestionQuery,
  intakeUploadParams,
  intakeUploadQuery,
} from '../../../contract/intake-file.contract.js';
import { intakeSourceParams } from '../../../contract/intake.contract.js';
import {
  getIntakeFolderStatus,
  getIntakeMapping,
  inspectIntakeUpload,
  runIntakeUpload,
  saveMapping,
  uploadIntakeFile,
} from '../../use-cases/intake/file-uploads.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { ApiError, unwrap } from '../problem.js';
import { routeGroup } from '../route.js';

import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import type { AppDeps } from '../../deps.js';
import type { RouteGroup } from '../route.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['intake'];
const base = '/api/intake/sources/:id';

/** The body is the file's raw bytes (any content type), streamed to disk: a 200 MB export never sits in memory. */
function registerUploadRoute(app: ZodApp, deps: AppDeps): void {
  void app.register((plain, _options, done) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    // The body is left unread here and streamed from the raw request by the handler (a parsed body would be
    // walked whole by the edge guard).
    scope.addContentTypeParser('*', (_request, _payload, parsed) => {
      parsed(null, undefined);
    });
    routeGroup(scope, { tags, access: adminOnly }).post(`${base}/uploads`, {
      summary: 'Upload a CSV or XLSX export (raw body, ?filename=): its columns and a suggested mapping',
      description:
        'Send the file as the request body (e.g. Content-Type: application/octet-stream). The answer names the ' +
        'upload (kept 2 hours for preview and commit), the header, 5 sample rows, a suggested mapping (from the ' +
        'headers, or the chosen preset) and the source’s saved mapping. Larger than CRMHUB_INTAKE_FILE_LIMIT_BYTES: ' +
        '413 intake_file_too_large; not CSV/XLSX, empty, badly encoded: 422 intake_file_rejected.',
      params: intakeSourceParams,
      querystring: intakeUploadQuery,
      response: { 201: intakeInspectionSchema },
      handler: async (request, reply) => {
        const limit = deps.config.intakeFileLimitBytes;
        if (Number(request.headers['content-length'] ?? 0) > limit) {
          throw new ApiError('intake_file_too_large', `a file may be at most ${String(limit)} bytes`);
        }
        const stream: Readable = request.raw;
        const input = {
          sourceId: request.params.id,
          fileName: request.query.filename,
          body: stream,
          ...(request.query.preset === undefined ? {} : { preset: request.query.preset }),
        };
        return reply.code(201).send(unwrap(await uploadIntakeFile(deps, currentUser(request), input)));
      },
    });
    done();
  });
}

function registerMappingRoutes(admins: RouteGroup, deps: AppDeps): void {
  admins.get(`${base}/uploads/:uploadId`, {
    summary: 'The mapping step of an upload again, optionally with a CRM preset’s suggestion',
    params: intakeUploadParams,
    querystring: intakeSuggestionQuery,
    response: { 200: intakeInspectionSchema },
    handler: async (request) => {
      const { id, uploadId } = request.params;
      const preset = request.query.preset;
      const input = { sourceId: id, uploadId, ...(preset === undefined ? {} : { preset }) };
      return unwrap(await inspectIntakeUpload(deps, currentUser(request), input));
    },
  });
  admins.get(`${base}/mapping`, {
    summary: 'The saved column mapping of an intake source (null before the first one is saved)',
    params: intakeSourceParams,
    response: { 200: intakeSavedMappingSchema.nullable() },
    handler: async (request) => unwrap(await getIntakeMapping(deps, currentUser(request), request.params.id)),
  });
  admins.get(`${base}/folder`, {
    summary: 'The watched folder’s last file for this source (CRMHUB_INTAKE_DIR/<source id>/) and how it went',
    params: intakeSourceParams,
    response: { 200: intakeFolderStatusSchema },
    handler: async (request) => unwrap(await getIntakeFolderStatus(deps, currentUser(request), request.params.id)),
  });
  admins.put(`${base}/mapping`, {
    summary: 'Save the column mapping of an intake source (every later upload and the watched folder use it)',
    params: intakeSourceParams,
    body: intakeMappingBody,
    response: { 200: intakeSavedMappingSchema },
    handler: async (request) => {
      const input = { sourceId: request.params.id, ...request.body };
      return unwrap(await saveMapping(deps, currentUser(request), input));
    },
  });
}

function registerRunRoutes(admins: RouteGroup, deps: AppDeps): void {
  for (const mode of ['preview', 'commit'] as const) {
    admins.post(`${base}/uploads/:uploadId/${mode}`, {
      summary:
        mode === 'preview'
          ? 'What the upload would change per record and field, what is rejected, what is missing; nothing recorded'
          : 'Record the upload (one transaction): its changes go to the review queue as a pulled CRM’s would',
      params: intakeUploadParams,
      response: { 200: intakeFileReportSchema },
      handler: async (request) => {
        const input = { sourceId: request.params.id, uploadId: request.params.uploadId, mode };
        return unwrap(await runIntakeUpload(deps, currentUser(request), input));
      },
    });
  }
}

export function registerIntakeFileRoutes(app: ZodApp, deps: AppDeps): void {
  registerUploadRoute(app, deps);
  const admins = routeGroup(app, { tags, access: adminOnly });
  registerMappingRoutes(admins, deps);
  registerRunRoutes(admins, deps);
}
