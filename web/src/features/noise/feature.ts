import { IconChartBar } from '@tabler/icons-react';
import { type Feature, lazyPage } from '../../app/feature';

export const noiseFeature: Feature = {
  name: 'noise',
  routes: [{ path: '/reports/noise', page: lazyPage(() => import('./NoisePage'), 'NoisePage') }],
  nav: { to: '/reports/noise', label: 'Noise', icon: IconChartBar, order: 35, minRole: 'viewer' },
  // An alert opening or resolving changes the counts.
  live: [{ topic: 'alert', queryKeys: [['noise-report']] }],
};
