import { MantineProvider } from '@mantine/core';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { useIdleImport } from '../ui/idle';
import { AppRoutes } from './AppRoutes';
import { cssVariablesResolver, theme } from './theme';

// Toasts (@mantine/notifications) appear only after someone acts; a toast shown before they load
// waits in the store and appears with them.
const loadToasts = () => import('../ui/Toasts');

/** Its own component, so the toasts arriving re-render nothing else. */
function IdleToasts() {
  const Toasts = useIdleImport(loadToasts)?.Toasts;
  return Toasts ? <Toasts /> : null;
}

export function App({ queryClient }: { queryClient: QueryClient }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <IdleToasts />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
