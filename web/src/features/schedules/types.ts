import type { ApiRequestBody, ApiResponse } from '../../app/api';

// The schedules API's shapes, generated from the OpenAPI document.

export type Schedule = ApiResponse<'/api/v1/schedules/{id}', 'get'>;
export type SchedulePage = ApiResponse<'/api/v1/schedules', 'get'>;
export type NewSchedule = ApiRequestBody<'/api/v1/schedules', 'post'>;
export type CreatedSchedule = ApiResponse<'/api/v1/schedules', 'post'>;
export type Plan = ApiResponse<'/api/v1/schedules/{id}/shifts', 'get'>;
export type Shift = Plan['final'][number];
export type Override = ApiResponse<'/api/v1/schedules/{id}/overrides', 'post'>;
export type NewOverride = ApiRequestBody<'/api/v1/schedules/{id}/overrides', 'post'>;
export type CoverRequest = ApiResponse<'/api/v1/schedules/{id}/cover-requests', 'post'>;
export type NewCoverRequest = ApiRequestBody<'/api/v1/schedules/{id}/cover-requests', 'post'>;
export type Template = NonNullable<NewSchedule['template']>;
export type OnCallReport = ApiResponse<'/api/v1/reports/on-call', 'get'>;
export type HolidayList = ApiResponse<'/api/v1/schedules/{id}/holidays', 'get'>;
export type PayRatesAnswer = ApiResponse<'/api/v1/schedules/{id}/pay-rates', 'get'>;
export type PayRates = ApiRequestBody<'/api/v1/schedules/{id}/pay-rates', 'put'>;
