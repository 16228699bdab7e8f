// The thin Electron layer is tested against one fake of the `electron`
// module for the whole suite: the binary cannot run on build machines.
import { vi } from 'vitest';

vi.mock('electron', async () => await import('./fakes/electron'));
