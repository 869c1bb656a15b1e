import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { NotFoundPage } from './NotFoundPage';
import { PageLoader } from './PageLoader';
import { RequireSession } from './RequireSession';
import { HOME, ROUTES } from './routes';

/** The router, from every feature's routes: public ones bare, the rest inside the signed-in frame. */
export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        {ROUTES.filter((r) => r.public).map(({ path, page: Page }) => (
          <Route key={path} path={path} element={<Page />} />
        ))}
        <Route element={<RequireSession />}>
          <Route index element={<Navigate to={HOME} replace />} />
          {ROUTES.filter((r) => !r.public).map(({ path, page: Page }) => (
            <Route key={path} path={path} element={<Page />} />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
