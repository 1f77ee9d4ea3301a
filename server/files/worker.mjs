// The entry of a file-reading worker thread. Worker threads start as plain Node, whether the server runs under tsx
// or under Vitest, so the worker registers tsx's loader itself before importing the TypeScript readers.
import { register } from 'tsx/esm/api';

register();
const { runFileTask } = await import('./task.ts');
export default runFileTask;
