import { type Feature, lazyPage } from '../../app/feature';

export const channelsFeature: Feature = {
  name: 'channels',
  routes: [{ path: '/channels', page: lazyPage(() => import('./ChannelsPage'), 'ChannelsPage') }],
  // No header entry (the header is full): admins reach it from the People page.
};
