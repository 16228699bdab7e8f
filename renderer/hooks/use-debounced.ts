/** The value, once it has stopped changing for `ms`: search boxes query per pause, not per key. */
import { useEffect, useState } from 'react';

export function useDebounced<T>(value: T, ms = 200): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
