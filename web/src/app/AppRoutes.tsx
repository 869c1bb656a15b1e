import { Navigate, Route, Routes } from 'react-router';
import { DeclareIncidentPage } from '../features/incidents/DeclareIncidentPage';
import { IncidentDetailPage } from '../features/incidents/IncidentDetailPage';
import { IncidentListPage } from '../features/incidents/IncidentListPage';
import { SetupPage } from '../features/session/SetupPage';
import { SignInPage } from '../features/session/SignInPage';
import { NotFoundPage } from './NotFoundPage';
import { RequireSession } from './RequireSession';

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/setup" element={<SetupPage />} />
      <Route element={<RequireSession />}>
        <Route index element={<Navigate to="/incidents" replace />} />
        <Route path="/incidents" element={<IncidentListPage />} />
        <Route path="/incidents/new" element={<DeclareIncidentPage />} />
        <Route path="/incidents/:ref" element={<IncidentDetailPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
