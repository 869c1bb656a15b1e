import { type Feature, lazyPage } from '../../app/feature';

export const sessionFeature: Feature = {
  name: 'session',
  routes: [
    { path: '/sign-in', page: lazyPage(() => import('./SignInPage'), 'SignInPage'), public: true },
    { path: '/setup', page: lazyPage(() => import('./SetupPage'), 'SetupPage'), public: true },
  ],
};
