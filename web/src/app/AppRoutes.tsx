import { Navigate, Route, Routes } from 'react-router';
import { DeclareIncidentPage } from '../features/incidents/DeclareIncidentPage';
import { IncidentDetailPage } from '../features/incidents/IncidentDetailPage';
import { IncidentListPage } from '../features/incidents/IncidentListPage';
import { ProfilePage } from '../features/profile/ProfilePage';
import { ServiceDetailPage } from '../features/services/ServiceDetailPage';
import { ServiceListPage } from '../features/services/ServiceListPage';
import { TeamListPage } from '../features/teams/TeamListPage';
import { PeoplePage } from '../features/users/PeoplePage';
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
        <Route path="/services" element={<ServiceListPage />} />
        <Route path="/services/:id" element={<ServiceDetailPage />} />
        <Route path="/teams" element={<TeamListPage />} />
        <Route path="/people" element={<PeoplePage />} />
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
