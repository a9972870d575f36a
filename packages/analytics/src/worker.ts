// A worker-pool module (e.g. piscina's `filename`): one task in, one outcome out, both plain data.
import { runAnalysisTask } from './task.js';

export default runAnalysisTask;
