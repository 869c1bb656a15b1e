import type { ApiResponse } from '../../app/api';

// The API's shapes, generated from its OpenAPI document.

/** A person, as GET /users/{id} answers. */
export type User = ApiResponse<'/api/v1/users/{id}', 'get'>;
export type Role = User['role'];

/** GET /me, and the answer to sign-in and setup. */
export type Session = ApiResponse<'/api/v1/me', 'get'>;
