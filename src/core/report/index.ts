/** The report model: build it from a run's predictions, read and validate report files. */
export * from './build-report';
export * from './read-report';
export * from './validate-report';
export * from './number-array';
export * from './write-report';
export * from './run-dir-inputs';
export * from './write-predictions';
