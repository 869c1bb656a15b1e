import { Center, Loader } from '@mantine/core';

/** While a page's chunk loads. */
export function PageLoader() {
  return (
    <Center py="xl" mih="50dvh">
      <Loader aria-label="Loading" />
    </Center>
  );
}
