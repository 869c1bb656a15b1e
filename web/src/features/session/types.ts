export type Role = 'owner' | 'admin' | 'responder' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
  time_zone: string;
  role: Role;
  created_at: string;
  updated_at: string;
  deactivated_at: string | null;
}

export interface Session {
  user: User;
  csrf_token: string | null;
}
