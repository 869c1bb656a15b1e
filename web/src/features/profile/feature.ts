import { type Feature, lazyPage } from '../../app/feature';

/** My profile (with API tokens, from features/tokens); reached from the user menu, not the header. */
export const profileFeature: Feature = {
  name: 'profile',
  routes: [{ path: '/profile', page: lazyPage(() => import('./ProfilePage'), 'ProfilePage') }],
};
