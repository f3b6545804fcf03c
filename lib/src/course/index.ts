export { compareAnswer, type Answer, type CheckOptions, type CheckResult } from "./compare.js";
export { defineExercise, notebookExercises, type AnswerContext, type ContextKind, type ContextOf, type Exercise, type ExerciseSpec } from "./define.js";
export { checkAnswer, assertAnswer, checkLiteralAnswer, WrongAnswerError } from "./exercises.js";
export { courseExercises } from "./registry.js";
export { courseTable, setCourseFileReader, type CourseFileReader } from "./data.js";
export { secondsPerCall, type TimingOptions } from "./timing.js";
