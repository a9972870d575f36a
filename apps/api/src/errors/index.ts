export * from './domain.js';
export * from './database.js';
export { problem, ProblemError, PROBLEM_TITLES } from './problem.js';
export { toProblem, retryAfterOf, HIDDEN_DETAIL, type ProblemOptions } from './to-problem.js';
