import './styles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createQueryClient } from './app/queryClient';
import { startLoading } from './app/routes';

// From here on the app asks for itself; boot.ts, if it has not run yet, asks for nothing.
window.tocsinEarly ??= new Map();
const queryClient = createQueryClient();
startLoading(queryClient, window.location);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);
