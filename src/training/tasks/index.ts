// Every zoo model's VideoTask, by registry name: what the trainer and the CLI use.

import type { VideoTask } from '../task.js';
import { convlstmEncDecTask, convlstmTask } from './convlstm.js';
import { crnnTask } from './crnn.js';
import { iam4vpTask } from './iam4vp.js';
import { ifrnetTasks } from './ifrnet.js';
import { rvdTask } from './rvd.js';
import { vqvaeTask } from './vqvae.js';

const tasks = new Map<string, VideoTask>([convlstmTask, convlstmEncDecTask, crnnTask, rvdTask, iam4vpTask, ...ifrnetTasks, vqvaeTask].map((t) => [t.name, t]));

export function getTask(name: string): VideoTask {
  const task = tasks.get(name);
  if (!task) throw new Error(`unknown model '${name}' (expected one of: ${[...tasks.keys()].join(', ')})`);
  return task;
}

export function taskNames(): string[] {
  return [...tasks.keys()];
}
