import { Notifications } from '@mantine/notifications';

/** Where `notifications.show` toasts appear; loaded after the first screen (see App). */
export function Toasts() {
  return <Notifications position="top-right" />;
}
