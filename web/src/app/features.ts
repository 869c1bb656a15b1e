import { channelsFeature } from '../features/channels/feature';
import { incidentsFeature } from '../features/incidents/feature';
import { monitorsFeature } from '../features/monitors/feature';
import { profileFeature } from '../features/profile/feature';
import { noiseFeature } from '../features/noise/feature';
import { pagingFeature } from '../features/paging/feature';
import { schedulesFeature } from '../features/schedules/feature';
import { escalationFeature } from '../features/escalation/feature';
import { servicesFeature } from '../features/services/feature';
import { sessionFeature } from '../features/session/feature';
import { teamsFeature } from '../features/teams/feature';
import { usersFeature } from '../features/users/feature';
import type { Feature } from './feature';

/** Every feature of the app, in order; a new feature is its folder's `feature.ts` and one line here. */
export const FEATURES: readonly Feature[] = [sessionFeature, incidentsFeature, pagingFeature, monitorsFeature, schedulesFeature, escalationFeature, servicesFeature, teamsFeature, usersFeature, channelsFeature, noiseFeature, profileFeature];
