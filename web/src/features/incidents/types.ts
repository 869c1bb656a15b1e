import { type ApiQuery, type ApiRequestBody, type ApiResponse, everyOf } from '../../app/api';

// The API's shapes, generated from its OpenAPI document, and the web app's own filter state.

/** An incident as the API sends it (GET /incidents/{id}; every change answers with it too). */
export type Incident = ApiResponse<'/api/v1/incidents/{id}', 'get'>;
export type IncidentPage = ApiResponse<'/api/v1/incidents', 'get'>;
export type IncidentQuery = ApiQuery<'/api/v1/incidents', 'get'>;
/** The whole timeline, oldest first (not paged). */
export type Timeline = ApiResponse<'/api/v1/incidents/{id}/timeline', 'get'>;
export type TimelineEvent = Timeline['items'][number];
export type PersonRef = Incident['services'][number];

export type DeclareInput = ApiRequestBody<'/api/v1/incidents', 'post'>;
/** Impact as the declare and edit forms send it: every part optional. */
export type Impact = NonNullable<DeclareInput['impact']>;
/** The body of PATCH /incidents/{id}: only the fields that changed. */
export type IncidentPatch = ApiRequestBody<'/api/v1/incidents/{id}', 'patch'>;
export type TransitionInput = ApiRequestBody<'/api/v1/incidents/{id}/acknowledge', 'post'>;
export type SeverityInput = ApiRequestBody<'/api/v1/incidents/{id}/severity', 'post'>;
export type RoleInput = ApiRequestBody<'/api/v1/incidents/{id}/roles', 'post'>;
export type NoteInput = ApiRequestBody<'/api/v1/incidents/{id}/notes', 'post'>;

export type Severity = Incident['severity'];
export type IncidentStatus = Incident['status'];
export type DetectionSource = Incident['detection_source'];
export type IncidentRole = RoleInput['role'];

export const SEVERITIES = everyOf<Severity>()(['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4']);
export const STATUSES = everyOf<IncidentStatus>()(['triggered', 'acknowledged', 'mitigated', 'resolved', 'closed']);
export const OPEN_STATUSES: IncidentStatus[] = ['triggered', 'acknowledged', 'mitigated'];
export const DETECTION_SOURCES = everyOf<DetectionSource>()(['monitor', 'integration', 'customer', 'internal']);
