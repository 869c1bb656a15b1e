import { useQuery } from '@tanstack/react-query';
import { get, type Page } from '../../app/api';

export interface Service {
  id: string;
  name: string;
  description: string | null;
}

export function useServices() {
  return useQuery({
    queryKey: ['services'],
    queryFn: () => get<Page<Service>>('/services?limit=200'),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}
